package sbomgen_test

import (
	"context"
	"fmt"
	"io"

	"github.com/fwprov/fwprov/sbom/sbomgen"
)

// Generate a 10 000-component distributed-unit SBOM, bound to a firmware
// image, and report what was written.
func Example() {
	ctx := context.Background()
	fw, err := sbomgen.WriteImage(ctx, io.Discard, 1, 1<<20) // or an *os.File
	if err != nil {
		fmt.Println(err)
		return
	}
	st, err := sbomgen.Generate(ctx, io.Discard, sbomgen.Options{
		Components:    10000,
		Seed:          1,
		Kind:          sbomgen.KindDU,
		HighRiskShare: 0.02,
		Firmware:      &fw,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Components, st.Assemblies+st.Parts, st.MaxDepth, st.Firmware.SHA256 == fw.SHA256)
	// Output: 10000 10000 4 true
}
