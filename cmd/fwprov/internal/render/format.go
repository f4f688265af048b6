package render

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

// trimFloat formats a percentage without trailing zeros ("35", "12.5").
func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
