package sbomgen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/go-json-experiment/json/jsontext"
)

func generate(t testing.TB, o Options) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Generate(context.Background(), &buf, o)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	if st.Bytes != int64(buf.Len()) {
		t.Fatalf("Stats.Bytes = %d, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes(), st
}

func decode(t testing.TB, data []byte) *cdx.BOM {
	t.Helper()
	// Strict syntax first: jsontext rejects duplicate object names and
	// invalid UTF-8, which encoding/json lets through.
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.ReadToken(); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("strict JSON check: %v", err)
		}
	}
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		t.Fatalf("cyclonedx-go decode: %v", err)
	}
	return &bom
}

type flat struct {
	c     *cdx.Component
	depth int
}

func flatten(cs *[]cdx.Component, depth int, out []flat) []flat {
	if cs == nil {
		return out
	}
	for i := range *cs {
		c := &(*cs)[i]
		out = append(out, flat{c, depth})
		out = flatten(c.Components, depth+1, out)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	o := Options{Components: 500, Seed: 7, HighRiskShare: 0.1}
	a, _ := generate(t, o)
	b, _ := generate(t, o)
	if sha256.Sum256(a) != sha256.Sum256(b) {
		t.Fatal("same options gave different bytes")
	}
	o.Seed = 8
	c, _ := generate(t, o)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same bytes")
	}
}

func TestGenerateStructure(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{"du default", Options{Components: 1000, Seed: 1}},
		{"cu deep", Options{Components: 2000, Seed: 2, Kind: KindCU, NestingDepth: 6, FanOut: 3}},
		{"ru shallow", Options{Components: 300, Seed: 3, Kind: KindRU, NestingDepth: 2}},
		{"flat", Options{Components: 200, Seed: 4, NestingDepth: 1}},
		{"tree deps indented", Options{Components: 400, Seed: 5, Dependencies: DependenciesTree, Indent: true}},
		{"no deps", Options{Components: 100, Seed: 6, Dependencies: DependenciesNone, NestingDepth: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, st := generate(t, tt.o)
			bom := decode(t, data)
			o, _ := tt.o.withDefaults()
			if bom.SpecVersion != cdx.SpecVersion1_6 || bom.BOMFormat != "CycloneDX" {
				t.Errorf("spec %v format %q", bom.SpecVersion, bom.BOMFormat)
			}
			root := bom.Metadata.Component
			if root == nil || root.Type != cdx.ComponentTypeFirmware || root.BOMRef != st.RootRef {
				t.Fatalf("root component = %+v", root)
			}
			all := flatten(bom.Components, 1, nil)
			if len(all) != o.Components || st.Components != o.Components {
				t.Errorf("components = %d (stats %d), want %d", len(all), st.Components, o.Components)
			}
			refs := map[string]*cdx.Component{root.BOMRef: root}
			maxDepth, assemblies := 0, 0
			for _, f := range all {
				if f.c.BOMRef == "" {
					t.Fatalf("component %q without bom-ref", f.c.Name)
				}
				if _, dup := refs[f.c.BOMRef]; dup {
					t.Fatalf("duplicate bom-ref %q", f.c.BOMRef)
				}
				refs[f.c.BOMRef] = f.c
				maxDepth = max(maxDepth, f.depth)
				if f.c.Components != nil {
					assemblies++
				}
				if f.c.PackageURL == "" || f.c.Version == "" || f.c.Hashes == nil || f.c.Properties == nil {
					t.Fatalf("component %q lacks purl/version/hashes/properties", f.c.BOMRef)
				}
				fn := ""
				for _, p := range *f.c.Properties {
					if p.Name == "ran:function" {
						fn = p.Value
					}
				}
				switch fn {
				case "core", "oam", "security", "access":
				default:
					t.Fatalf("component %q: ran:function %q", f.c.BOMRef, fn)
				}
			}
			if maxDepth != o.NestingDepth || st.MaxDepth != o.NestingDepth {
				t.Errorf("depth = %d (stats %d), want %d", maxDepth, st.MaxDepth, o.NestingDepth)
			}
			if assemblies != st.Assemblies || st.Assemblies+st.Parts != o.Components {
				t.Errorf("assemblies = %d, stats %+v", assemblies, st)
			}
			if o.NestingDepth > 1 && assemblies*10 > o.Components {
				t.Errorf("%d assemblies in %d components: more than a tenth", assemblies, o.Components)
			}

			// Dependencies: all refs resolve, the graph is acyclic, and
			// everything is reachable from the root through it.
			if o.Dependencies == DependenciesNone {
				if bom.Dependencies != nil {
					t.Fatal("dependencies written with DependenciesNone")
				}
				return
			}
			graph := map[string][]string{}
			edges := 0
			for _, d := range *bom.Dependencies {
				if refs[d.Ref] == nil {
					t.Fatalf("dependency ref %q does not resolve", d.Ref)
				}
				if _, dup := graph[d.Ref]; dup {
					t.Fatalf("dependency entry %q twice", d.Ref)
				}
				var on []string
				if d.Dependencies != nil {
					on = *d.Dependencies
				}
				for _, x := range on {
					if refs[x] == nil {
						t.Fatalf("%q depends on unknown %q", d.Ref, x)
					}
				}
				graph[d.Ref] = on
				edges += len(on)
			}
			if len(graph) != o.Components+1 || edges != st.DependencyEdges || len(graph) != st.DependencyEntries {
				t.Errorf("dependency entries %d edges %d, stats %+v", len(graph), edges, st)
			}
			if o.Dependencies == DependenciesFull && edges < 2*o.Components {
				t.Errorf("full graph has only %d edges for %d components", edges, o.Components)
			}
			state := map[string]int{} // 1 visiting, 2 done
			var visit func(string)
			visit = func(r string) {
				switch state[r] {
				case 1:
					t.Fatalf("dependency cycle through %q", r)
				case 2:
					return
				}
				state[r] = 1
				for _, x := range graph[r] {
					visit(x)
				}
				state[r] = 2
			}
			visit(root.BOMRef)
			if len(state) != len(refs) {
				t.Errorf("%d of %d components reachable from the root", len(state), len(refs))
			}
		})
	}
}

// fold is a deliberately independent, simple identity folding for the
// test: lower case, the homoglyphs the generator uses mapped to Latin,
// dots, commas and apostrophes dropped, then whole tokens.
func fold(s string) []string {
	s = strings.NewReplacer("а", "a", "і", "i", "Т", "t", ".", "", ",", "", "'", "", "\u200b", "", "\u00a0", " ").Replace(s)
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == '-' || r == '/'
	})
}

var listedTokens = map[string]bool{"huawei": true, "hisilicon": true, "zte": true, "sanechips": true}
var listedScripts = []string{"华为", "海思", "中兴"}
var listedDomains = []string{"huawei.com", "hisilicon.com", "zte.com.cn", "sanechips.com.cn"}
var listedNS = map[string]bool{"huawei": true, "com.huawei": true, "com.huawei.oam": true, "hisilicon": true, "zte": true, "com.zte": true, "sanechips": true}

func listedName(s string) bool {
	for _, w := range listedScripts {
		if strings.Contains(s, w) {
			return true
		}
	}
	for _, tok := range fold(s) {
		if listedTokens[tok] {
			return true
		}
	}
	return false
}

func listedHost(u string) bool {
	if i := strings.LastIndexByte(u, '@'); i >= 0 {
		u = u[i+1:]
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	for _, d := range listedDomains {
		if u == d || strings.HasSuffix(u, "."+d) {
			return true
		}
	}
	return false
}

// listed reports whether c carries any evidence naming a listed vendor,
// and which kind of evidence.
func listed(c *cdx.Component) (bool, string) {
	for _, oe := range []*cdx.OrganizationalEntity{c.Supplier, c.Manufacturer} {
		if oe == nil {
			continue
		}
		if listedName(oe.Name) {
			return true, "name"
		}
		if oe.URL != nil {
			for _, u := range *oe.URL {
				if listedHost(u) {
					return true, "url"
				}
			}
		}
	}
	if c.Authors != nil {
		for _, a := range *c.Authors {
			if listedHost(a.Email) {
				return true, "email"
			}
		}
	}
	if rest, ok := strings.CutPrefix(c.PackageURL, "pkg:"); ok {
		if f := strings.Split(rest, "/"); len(f) > 2 && listedNS[f[1]] {
			return true, "purl"
		}
	}
	if f := strings.Split(c.CPE, ":"); len(f) > 4 && listedTokens[f[3]] {
		return true, "cpe"
	}
	if c.ExternalReferences != nil {
		for _, r := range *c.ExternalReferences {
			if listedHost(r.URL) {
				return true, "externalReference"
			}
		}
	}
	return false, ""
}

func TestHighRiskShare(t *testing.T) {
	tests := []struct {
		share    float64
		min, max float64
	}{
		{-1, 0, 0},
		{0, 0.01, 0.03}, // the default 0.02
		{0.05, 0.035, 0.065},
		{0.5, 0.45, 0.55},
	}
	for _, tt := range tests {
		data, st := generate(t, Options{Components: 2000, Seed: 11, HighRiskShare: tt.share})
		bom := decode(t, data)
		n, kinds, names := 0, map[string]int{}, map[string]bool{}
		for _, f := range flatten(bom.Components, 1, nil) {
			ok, how := listed(f.c)
			if !ok {
				continue
			}
			n++
			kinds[how]++
			for _, oe := range []*cdx.OrganizationalEntity{f.c.Supplier, f.c.Manufacturer} {
				if oe != nil {
					names[oe.Name] = true
				}
			}
		}
		if n != st.HighRisk {
			t.Errorf("share %g: found %d listed-vendor parts, Stats.HighRisk = %d", tt.share, n, st.HighRisk)
		}
		got := float64(n) / float64(st.Parts)
		if got < tt.min || got > tt.max {
			t.Errorf("share %g: got %.4f, want %g…%g", tt.share, got, tt.min, tt.max)
		}
		if tt.share == 0.5 {
			for _, k := range []string{"name", "email", "purl", "cpe", "externalReference"} {
				if kinds[k] == 0 {
					t.Errorf("no listed vendor written through %s evidence: %v", k, kinds)
				}
			}
			var cjk, cyr, invisible, aztec bool
			for nm := range names {
				cjk = cjk || strings.ContainsAny(nm, "华海中")
				cyr = cyr || strings.ContainsAny(nm, "аіТ")
				invisible = invisible || strings.ContainsAny(nm, "\u200b\u00a0")
			}
			aztec = bytes.Contains(data, []byte("Aztec Networks Ltd"))
			if !cjk || !cyr || !invisible || !aztec {
				t.Errorf("variants missing: Chinese %v, Cyrillic homoglyph %v, invisible/no-break space %v, Aztec decoy %v", cjk, cyr, invisible, aztec)
			}
		}
	}
}

func TestFirmwareDigests(t *testing.T) {
	var img bytes.Buffer
	fw, err := WriteImage(context.Background(), &img, 42, 3<<20+17)
	if err != nil {
		t.Fatal(err)
	}
	s256, s512 := sha256.Sum256(img.Bytes()), sha512.Sum512(img.Bytes())
	if fw.Size != int64(img.Len()) || fw.SHA256 != hex.EncodeToString(s256[:]) || fw.SHA512 != hex.EncodeToString(s512[:]) {
		t.Fatalf("WriteImage digests %+v do not match the bytes written", fw)
	}
	again, _ := WriteImage(context.Background(), io.Discard, 42, 3<<20+17)
	other, _ := WriteImage(context.Background(), io.Discard, 43, 3<<20+17)
	if again != fw || other.SHA256 == fw.SHA256 {
		t.Fatal("image not determined by its seed")
	}
	for _, o := range []Options{{Components: 100, Firmware: &fw}, {Components: 100, Seed: 42, ImageSize: 3<<20 + 17}} {
		data, st := generate(t, o)
		root := decode(t, data).Metadata.Component
		want := map[cdx.HashAlgorithm]string{cdx.HashAlgoSHA256: fw.SHA256, cdx.HashAlgoSHA512: fw.SHA512}
		if root.Hashes == nil || len(*root.Hashes) != 2 || st.Firmware != fw {
			t.Fatalf("root hashes %v, stats %+v", root.Hashes, st.Firmware)
		}
		for _, h := range *root.Hashes {
			if want[h.Algorithm] != h.Value {
				t.Errorf("root %s = %s, want %s", h.Algorithm, h.Value, want[h.Algorithm])
			}
		}
	}
}

func TestOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{"too few", Options{Components: 99}},
		{"too many", Options{Components: MaxComponents + 1}},
		{"share above one", Options{HighRiskShare: 1.5}},
		{"depth", Options{NestingDepth: MaxNestingDepth + 1}},
		{"negative depth", Options{NestingDepth: -1}},
		{"fan-out", Options{FanOut: 65}},
		{"kind", Options{Kind: "core"}},
		{"deps mode", Options{Dependencies: 9}},
		{"bad digest", Options{Firmware: &Firmware{SHA256: "xyz", SHA512: strings.Repeat("a", 128)}}},
		{"depth too deep for size", Options{Components: 100, NestingDepth: 20}},
		{"image name with a path", Options{ImageName: "../fw.img"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := Generate(context.Background(), &buf, tt.o); err == nil {
				t.Fatalf("Generate(%+v) succeeded", tt.o)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, io.Discard, Options{Components: 20000, Firmware: &Firmware{SHA256: strings.Repeat("a", 64), SHA512: strings.Repeat("b", 128)}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	_, err := Generate(context.Background(), &failWriter{n: 1 << 20}, Options{Components: 2000})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's error", err)
	}
}

func TestJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`quo"te back\slash`, `quo"te back\slash`},
		{"tab\tnl\ncr\rnul\x00bell\x07", "tab\tnl\ncr\rnul\x00bell\x07"},
		{"华为技术有限公司 Huаwei", "华为技术有限公司 Huаwei"},
		{"bad \xff utf8", "bad \ufffd utf8"},
		{"", ""},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		e := &jw{w: bufioWriter(&buf), first: true}
		e.str(tt.in)
		e.w.Flush()
		var got string
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("str(%q) = %s: %v", tt.in, buf.Bytes(), err)
		}
		if got != tt.want {
			t.Errorf("str(%q) round-trips to %q, want %q", tt.in, got, tt.want)
		}
	}
}
