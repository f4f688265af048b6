package cli

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/sbom"
)

func newInspectCmd(g *globals) *cobra.Command {
	var format *formatFlag
	c := &cobra.Command{
		Use:   "inspect SBOM",
		Short: "Show what is in a firmware SBOM: identity, counts, suppliers, unknown origins",
		Long: `inspect reads an SBOM — CycloneDX (JSON or XML, spec 1.0-1.7) or SPDX 2.x (JSON, YAML or
tag-value), optionally gzip-compressed; "-" reads stdin — and prints the firmware's identity
and hashes, component counts by type, suppliers ranked by component count with their
countries, the components that carry no origin evidence, and the document's structural
problems (duplicate or dangling bom-refs, dependency cycles). It applies no policy: see
'fwprov check'.

The JSON output (schema "fwprov.inspect/v1") is documented in the README.`,
		Example: `  fwprov inspect testdata/sboms/du-5g.cdx.json
  fwprov inspect --format json testdata/sboms/cu-5g.cdx.xml -o cu-inventory.json
  fwprov inspect testdata/sboms/du-5g.spdx.json
  gzip -c testdata/sboms/du-5g.cdx.json | fwprov inspect -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := loadSBOM(cmd, g, args[0])
			if err != nil {
				return err
			}
			p, err := render.InspectPresenter(format.value, render.NewInspect(doc))
			if err != nil {
				return err
			}
			return present(g, p)
		},
	}
	format = addFormatFlag(c, "text", "json", "markdown")
	return c
}

// loadSBOM reads and parses one SBOM with the limits the flags ask for.
func loadSBOM(cmd *cobra.Command, g *globals, name string) (*sbom.Document, error) {
	data, err := readInput(g, name)
	if err != nil {
		return nil, err
	}
	return parseSBOM(cmd, g, name, data)
}

// parseSBOM parses bytes already read (and perhaps verified).
func parseSBOM(cmd *cobra.Command, g *globals, name string, data []byte) (*sbom.Document, error) {
	return sbom.Parse(cmd.Context(), name, data, sbom.Options{Limits: g.limits()})
}

// readInput reads a file (or stdin for "-") once, within the size limit.
// Every later step (verification, parsing) works on these bytes: a file is
// never opened twice.
func readInput(g *globals, name string) ([]byte, error) {
	max := g.limits().MaxBytes
	if name != "-" {
		return sbom.ReadInput(name, max)
	}
	data, err := io.ReadAll(io.LimitReader(g.streams.In, max+1))
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("read standard input: %w: more than %d bytes", sbom.ErrTooLarge, max)
	}
	return data, nil
}

// present renders the whole report into memory first, so a rendering
// failure never leaves half a report on stdout or in --output.
func present(g *globals, p render.Presenter) error {
	var buf bytes.Buffer
	if err := p.Present(&buf); err != nil {
		return err
	}
	return writeOutput(g.streams.Out, g.output, buf.Bytes())
}
