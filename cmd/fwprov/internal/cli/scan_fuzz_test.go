package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
)

// FuzzMergeShard feeds arbitrary JSON Lines to scan --merge: it must
// either refuse the shard with an error or produce records every format
// renders, never panic.
func FuzzMergeShard(f *testing.F) {
	f.Add([]byte(`{"schemaVersion":"fwprov.scan.result/v1","path":"a.cdx.json","decision":"allow","policy":{"name":"p","source":"preset:p"},"checks":"gate","components":3,"counts":{}}` + "\n"))
	f.Add([]byte(`{"schemaVersion":"fwprov.scan.result/v1","path":"b","decision":"deny","policy":{"name":"p","source":"s"},"counts":{"fail":1},"findings":[{"rule":"r","severity":"fail","component":{"name":"x","index":1,"label":"x"},"containmentPath":["fw","x"],"origin":"resolved","entity":{"id":"e","name":"E","sources":[{"title":"t","date":"2024-01-02"}]},"evidence":[{"field":"supplier.name","kind":"name","raw":"<E>"}],"expiredException":{"reason":"r","expires":"2020-01-01"},"message":"m"}],"suppliers":[{"name":"","components":3}]}` + "\n"))
	f.Add([]byte(`{"schemaVersion":"fwprov.scan.result/v1","path":"c","decision":"error","error":"sbom: parse c:1:1: x"}` + "\n\n"))
	f.Add([]byte("{\"schemaVersion\":1}\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "shard.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		results, pol, err := mergeShards([]string{p})
		if err != nil {
			return
		}
		rep := render.NewScanReport("merge", pol, results)
		for _, format := range []string{"text", "json", "jsonl", "markdown", "html"} {
			pr, err := render.ScanPresenter(format, rep)
			if err != nil {
				t.Fatal(err)
			}
			if err := pr.Present(io.Discard); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}
