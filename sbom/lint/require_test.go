package lint

import (
	"context"
	"strings"
	"testing"
)

func TestRequirementValidate(t *testing.T) {
	tests := []struct {
		req Requirement
		err string // "" = valid
	}{
		{Requirement{Profile: ProfileNTIA, Pass: true}, ""},
		{Requirement{Profile: ProfileFwprov, Elements: []string{"origin", "country"}}, ""},
		{Requirement{Profile: ProfileBSI, MinScore: 80, Elements: []string{"sbom-uri"}}, ""},
		{Requirement{Profile: "iso"}, "unknown completeness profile"},
		{Requirement{Profile: ProfileNTIA}, "requires nothing"},
		{Requirement{Profile: ProfileNTIA, MinScore: 101}, "outside 0–100"},
		{Requirement{Profile: ProfileNTIA, MinScore: -1}, "outside 0–100"},
		{Requirement{Profile: ProfileNTIA, Elements: []string{"origin"}}, `ntia has no element "origin"`},
	}
	for _, tt := range tests {
		err := tt.req.Validate()
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%+v: %v, want %q", tt.req, err, tt.err)
		}
	}
	if s := (Requirement{Profile: ProfileNTIA, Pass: true, MinScore: 95.5, Elements: []string{"supplier", "version"}}).String(); s != "ntia: pass, score >= 95.5, elements supplier, version" {
		t.Errorf("String = %q", s)
	}
}

func TestEvaluate(t *testing.T) {
	// openssl loses its supplier and version.
	data := strings.Replace(completeBOM, `"supplier": {"name": "OpenSSL Foundation", "contact": [{"email": "x@openssl.org"}], "address": {"country": "US"}},`, ``, 1)
	data = strings.Replace(data, `"name": "openssl", "version": "3.0.13",`, `"name": "openssl",`, 1)
	doc := parse(t, "r.cdx.json", data)
	reqs := []Requirement{
		{Profile: ProfileFwprov, Elements: []string{"identifier", "firmware-hash"}}, // met
		{Profile: ProfileFwprov, Elements: []string{"origin"}},                      // not met
		{Profile: ProfileNTIA, Pass: true},                                          // not met
		{Profile: ProfileNTIA, MinScore: 80},                                        // met: 12 checks, 10 met
		{Profile: ProfileNTIA, MinScore: 90},                                        // not met
		{Profile: ProfileBSI, Elements: []string{"format", "sbom-creator"}},         // met
	}
	out, rep, err := Evaluate(context.Background(), doc, reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Profiles) != 3 || rep.Profiles[0].Profile != ProfileFwprov || rep.Profiles[1].Profile != ProfileNTIA {
		t.Errorf("profiles run: %+v", rep.Profiles)
	}
	want := []struct {
		met    bool
		reason string
	}{
		{true, ""},
		{false, "fwprov origin (Supplier or manufacturer) missing on 1 of 2 components (openssl)"},
		{false, "ntia does not pass: required elements not met: supplier, version"},
		{true, ""},
		{false, "ntia score 83.3 is below the required 90"},
		{true, ""},
	}
	for i, o := range out {
		if o.Met != want[i].met || o.Met != (len(o.Reasons) == 0) {
			t.Errorf("%s: met %v reasons %v", o.Requirement, o.Met, o.Reasons)
			continue
		}
		if want[i].reason != "" && (len(o.Reasons) != 1 || o.Reasons[0] != want[i].reason) {
			t.Errorf("%s: reasons %q, want %q", o.Requirement, o.Reasons, want[i].reason)
		}
	}
	// A document element names its detail.
	out, _, err = Evaluate(context.Background(), parse(t, "d.cdx.json", strings.Replace(completeBOM, `"specVersion": "1.6"`, `"specVersion": "1.4"`, 1)),
		[]Requirement{{Profile: ProfileBSI, Elements: []string{"format"}}})
	if err != nil || out[0].Met || !strings.Contains(out[0].Reasons[0], "CycloneDX 1.4: the TR requires CycloneDX 1.6 or later") {
		t.Errorf("format: %+v %v", out, err)
	}
	// Fail closed: invalid requirements and missing profiles are errors.
	if _, _, err := Evaluate(context.Background(), doc, []Requirement{{Profile: ProfileNTIA}}); err == nil {
		t.Error("a requirement that requires nothing was accepted")
	}
	if _, err := rep.Evaluate([]Requirement{{Profile: ProfileFwprov, Pass: true}}); err != nil {
		t.Error(err)
	}
	small, _ := Check(context.Background(), doc, Options{Profiles: []Profile{ProfileNTIA}})
	if _, err := small.Evaluate([]Requirement{{Profile: ProfileBSI, Pass: true}}); err == nil {
		t.Error("a report without the profile was evaluated")
	}
}
