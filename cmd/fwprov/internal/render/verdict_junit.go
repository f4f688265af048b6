package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
)

// JUnit XML for CI systems: one test suite per verdict, one test case per
// policy rule (and per limit). A rule with an unwaived fail finding is a
// failed test case; warn and info findings are listed in system-out.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type verdictJUnit struct{ in *VerdictInput }

func (p verdictJUnit) Present(w io.Writer) error {
	v := p.in.Verdict
	suite := junitSuite{Name: "fwprov " + p.in.Command + ": " + v.Document.Source, Timestamp: v.EvaluatedAt.UTC().Format("2006-01-02T15:04:05")}
	class := "fwprov." + p.in.Command
	suite.Cases = append(suite.Cases, junitProvenanceCases(v, class)...)
	// One case per rule that the policy declares and that produced findings;
	// rules without findings pass.
	type acc struct {
		fail, other []string
	}
	rules := map[string]*acc{}
	var order []string
	for _, r := range p.in.Rules {
		if _, ok := rules[r]; !ok {
			rules[r] = &acc{}
			order = append(order, r)
		}
	}
	for i := range v.Findings {
		f := &v.Findings[i]
		a, ok := rules[f.Rule]
		if !ok {
			a = &acc{}
			rules[f.Rule] = a
			order = append(order, f.Rule)
		}
		line := fmt.Sprintf("%s: %s", f.Severity, f.Message)
		if f.Severity == policy.SeverityFail && !f.Waived() {
			a.fail = append(a.fail, line)
		} else {
			if f.Waived() {
				line += " (waived: " + f.Exception.Reason + ")"
			}
			a.other = append(a.other, line)
		}
	}
	for _, id := range order {
		a := rules[id]
		c := junitCase{Name: "rule " + id, ClassName: class + ".rules"}
		if len(a.fail) > 0 {
			c.Failure = &junitFailure{Type: "fail", Message: fmt.Sprintf("%s %s rule %s", Count(len(a.fail), "component"), map[bool]string{true: "fails", false: "fail"}[len(a.fail) == 1], id), Text: strings.Join(a.fail, "\n")}
		}
		if len(a.other) > 0 {
			c.SystemOut = strings.Join(a.other, "\n")
		}
		suite.Cases = append(suite.Cases, c)
	}
	for _, l := range v.Limits {
		c := junitCase{Name: "limit " + l.ID, ClassName: class + ".limits"}
		msg := fmt.Sprintf("%d of %s (%.1f%%)%s", l.Count, Count(l.Total, "component"), 100*l.Share, limitMax(l))
		if l.Exceeded && l.Severity == policy.SeverityFail {
			c.Failure = &junitFailure{Type: "fail", Message: "limit exceeded: " + msg, Text: msg}
		} else {
			c.SystemOut = msg
		}
		suite.Cases = append(suite.Cases, c)
	}
	for _, c := range suite.Cases {
		suite.Tests++
		if c.Failure != nil {
			suite.Failures++
		}
		if c.Skipped != nil {
			suite.Skipped++
		}
	}
	doc := junitSuites{Name: "fwprov", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
