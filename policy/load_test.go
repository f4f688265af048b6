package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const validHead = `apiVersion: fwprov/v1
kind: Policy
name: t
entities:
  - id: acme
    name: Acme Radio AB
    tags: [vendor]
  - id: acme-chips
    name: Acme Chips
    parent: acme
rules:
  - id: r1
    severity: warn
    when: {entity: {ids: [acme]}}
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{"unknown top-level field", validHead + "colour: red\n", 15, `unknown field "colour"`},
		{"unknown nested field", strings.Replace(validHead, "    tags: [vendor]", "    tags: [vendor]\n    homepage: x", 1), 8, `unknown field "homepage"`},
		{"bad severity", strings.Replace(validHead, "severity: warn", "severity: fatal", 1), 13, `unknown severity "fatal"`},
		{"bad date", validHead + "exceptions:\n  - rule: r1\n    match: {name: x}\n    expires: 2026-13-40\n    reason: r\n", 18, `bad date "2026-13-40"`},
		{"missing entity in rule", strings.Replace(validHead, "ids: [acme]", "ids: [acme, nokia]", 1), 14, `entity "nokia" is not in the catalog`},
		{"unknown tag", strings.Replace(validHead, "ids: [acme]", "tags: [high-risk]", 1), 14, `no entity carries tag "high-risk"`},
		{"missing parent", strings.Replace(validHead, "parent: acme", "parent: globex", 1), 10, `parent "globex" is not an entity`},
		{"parent cycle", strings.Replace(validHead, "    tags: [vendor]", "    tags: [vendor]\n    parent: acme-chips", 1), 8, "parent cycle"},
		{"bad CEL", validHead + "  - id: r2\n    severity: info\n    expr: 'component.name =='\n", 17, "bad expression"},
		{"CEL not bool", validHead + "  - id: r2\n    severity: info\n    expr: 'size(evidence)'\n", 17, "want bool"},
		{"duplicate rule id", validHead + "  - id: r1\n    severity: info\n    when: {origin: unknown}\n", 15, `duplicate rule id "r1"`},
		{"duplicate entity id", strings.Replace(validHead, "id: acme-chips", "id: acme", 1), 8, `duplicate entity id "acme"`},
		{"duplicate alias across entities", strings.Replace(validHead, "name: Acme Chips", "name: ACME RADIO", 1), 9, `also names entity "acme"`},
		{"bad origin", validHead + "  - id: r2\n    severity: info\n    when: {origin: maybe}\n", 17, `unknown origin outcome "maybe"`},
		{"rule without condition", validHead + "  - id: r2\n    severity: info\n", 15, "has no condition"},
		{"bad country", validHead + "  - id: r2\n    severity: info\n    when: {country: [China]}\n", 17, `country "China"`},
		{"exception for missing rule", validHead + "exceptions:\n  - rule: nope\n    match: {name: x}\n    expires: 2026-01-01\n    reason: r\n", 16, `rule "nope"`},
		{"exception without reason", validHead + "exceptions:\n  - rule: r1\n    match: {name: x}\n    expires: 2026-01-01\n", 16, "no reason"},
		{"limit with both maxima", validHead + "limits:\n  - id: l1\n    entity: {ids: [acme]}\n    maxShare: 0.5\n    maxCount: 3\n", 16, "exactly one of maxShare and maxCount"},
		{"limit share out of range", validHead + "limits:\n  - id: l1\n    entity: {ids: [acme]}\n    maxShare: 35\n", 18, "not between 0 and 1"},
		{"wrong apiVersion", strings.Replace(validHead, "fwprov/v1", "fwprov/v2", 1), 1, "not supported"},
		{"wrong kind", strings.Replace(validHead, "kind: Policy", "kind: Pol", 1), 2, "want Policy"},
		{"yaml syntax", validHead + "  - id: [\n", 15, ""},
		{"signer with missing entity", validHead + "trust:\n  signers:\n    - {id: s1, entity: globex, key: k.pub}\n", 17, `entity "globex"`},
		{"signer with key and keyless", validHead + "trust:\n  signers:\n    - id: s1\n      entity: acme\n      key: k.pub\n      keyless: {issuer: https://i.example, identity: a@acme.example}\n", 17, "exactly one of keyless and key"},
		{"keyless bad regexp", validHead + "trust:\n  signers:\n    - id: s1\n      entity: acme\n      keyless: {issuer: https://i.example, identityRegexp: '(['}\n", 19, "identityRegexp"},
		{"unknown completeness profile", validHead + "trust:\n  require:\n    completeness:\n      - {profile: ntia, pass: true}\n      - {profile: iso, pass: true}\n", 19, `unknown completeness profile "iso"`},
		{"short alias", strings.Replace(validHead, "name: Acme Chips", "name: Acme Chips\n    aliases: [A]", 1), 10, "too short"},
		{"bad domain", strings.Replace(validHead, "name: Acme Chips", "name: Acme Chips\n    domains: [localhost]", 1), 10, "not a domain"},
		{"unknown preset", strings.Replace(validHead, "name: t\n", "name: t\nextends: nosuch\n", 1), 4, "no preset of that name"},
		{"extends redefines entity", strings.Replace(validHead, "name: t\n", "name: t\nextends: baseline\n", 1) + "", 0, ""},
		{"property in and notIn", validHead + "  - id: r2\n    severity: info\n    when: {component: {property: {name: x, in: [a], notIn: [b]}}}\n", 17, "at most one of in, equals and notIn"},
		{"overlong alias", strings.Replace(validHead, "name: Acme Chips", "name: Acme Chips\n    aliases: ["+strings.Repeat("x", 600)+"]", 1), 10, "longer than 512 bytes"},
		{"empty", "", 0, "empty policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.src), LoadOptions{})
			if tt.name == "extends redefines entity" {
				if err != nil {
					t.Fatalf("extending baseline with new entities: %v", err)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *policy.Error", err, err)
			}
			if pe.File != "p.yaml" || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.want) {
				t.Errorf("err = %q, want p.yaml:%d: ...%s...", err, tt.line, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "policy: p.yaml:") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line naming the file: %q", err)
			}
		})
	}
}

func TestLoadResolvesPathsAndExtends(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "policies")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	base := validHead + "trust:\n  trustedRoot: roots/trusted_root.json\n  signers:\n    - {id: s1, entity: acme, key: keys/acme.pub}\n  require: {signature: true}\n"
	if err := os.WriteFile(filepath.Join(sub, "base.yaml"), []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	top := "apiVersion: fwprov/v1\nkind: Policy\nname: top\nextends: policies/base.yaml\nrules:\n  - id: r1\n    severity: fail\n    when: {entity: {ids: [acme-chips]}}\n"
	if err := os.WriteFile(filepath.Join(dir, "top.yaml"), []byte(top), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(filepath.Join(dir, "top.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "top" || len(p.Entities) != 2 || len(p.Rules) != 1 || p.Rules[0].Severity != SeverityFail {
		t.Errorf("merge: name %q entities %d rules %+v", p.Name, len(p.Entities), p.Rules)
	}
	if want := filepath.Join(sub, "roots", "trusted_root.json"); p.Trust == nil || p.Trust.TrustedRoot != want {
		t.Errorf("trustedRoot = %+v, want %s", p.Trust, want)
	}
	if want := filepath.Join(sub, "keys", "acme.pub"); p.Trust.Signers[0].Key != want {
		t.Errorf("key = %s, want %s", p.Trust.Signers[0].Key, want)
	}
	// An error in the extended file names that file.
	if err := os.WriteFile(filepath.Join(sub, "base.yaml"), []byte(base+"bogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(filepath.Join(dir, "top.yaml"))
	if err == nil || !strings.Contains(err.Error(), "base.yaml:") || !strings.Contains(err.Error(), `unknown field "bogus"`) {
		t.Errorf("error in extended file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

func TestPresets(t *testing.T) {
	infos := Presets()
	var names []string
	for _, in := range infos {
		names = append(names, in.Name)
		if in.Description == "" {
			t.Errorf("preset %s has no description", in.Name)
		}
	}
	if strings.Join(names, ",") != "baseline,catalog,eu-5g-toolbox,strict" {
		t.Fatalf("presets %v", names)
	}
	for _, n := range names {
		p := mustPreset(t, n)
		if p.Source != "preset:"+n || p.Name != n {
			t.Errorf("preset %s: source %q name %q", n, p.Source, p.Name)
		}
		for _, e := range p.Entities {
			if len(e.Sources) == 0 {
				t.Errorf("preset %s: entity %s cites no source", n, e.ID)
			}
			for _, s := range e.Sources {
				if s.Title == "" || !strings.HasPrefix(s.URL, "http") || s.Date.IsZero() && s.Accessed.IsZero() {
					t.Errorf("preset %s: entity %s: source %+v needs title, URL and a date or access date", n, e.ID, s)
				}
			}
		}
	}
	if _, err := Preset("nope"); err == nil {
		t.Error("unknown preset loaded")
	}
	if _, err := Preset("../x"); err == nil {
		t.Error("path as preset name loaded")
	}
	if src, err := PresetSource("baseline"); err != nil || !strings.Contains(string(src), "apiVersion: fwprov/v1") {
		t.Errorf("PresetSource: %v", err)
	}
}

func TestExampleOperatorPolicyLoads(t *testing.T) {
	p, err := Load(filepath.Join("..", "testdata", "policies", "operator-ran.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Trust == nil || len(p.Trust.Signers) == 0 || len(p.Exceptions) == 0 || len(p.Limits) == 0 {
		t.Errorf("the example policy should show every section: %+v", p)
	}
}

// A loaded policy (extends merged) marshals to YAML that loads as the same
// policy: what "fwprov policy show" can print.
func TestPolicyYAMLRoundTrip(t *testing.T) {
	for _, n := range presetNames() {
		p := mustPreset(t, n)
		data, err := yaml.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse(n+"-roundtrip.yaml", data, LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v\n%s", n, err, data)
		}
		if len(q.Entities) != len(p.Entities) || len(q.Rules) != len(p.Rules) || len(q.Limits) != len(p.Limits) {
			t.Errorf("%s: round trip changed the policy", n)
		}
		for i := range p.Entities {
			if q.Entities[i].ID != p.Entities[i].ID || q.Entities[i].Sources[0].Date != p.Entities[i].Sources[0].Date {
				t.Errorf("%s: entity %d differs", n, i)
			}
		}
	}
	if p := mustPreset(t, "strict"); len(p.ExtendedFrom) != 1 || p.ExtendedFrom[0] != "preset:baseline" || p.Extends != "" {
		t.Errorf("strict: extends %q extendedFrom %q", p.Extends, p.ExtendedFrom)
	}
}
