package policy

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed presets/*.yaml presets/catalog/*.yaml
var presetFS embed.FS

// DefaultPreset is the preset used when no policy is given.
const DefaultPreset = "baseline"

// PresetInfo describes an embedded preset.
type PresetInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Default     bool   `json:"default,omitempty"`
}

func presetData(name string) ([]byte, error) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, fmt.Errorf("policy: no preset %q", name)
	}
	data, err := presetFS.ReadFile("presets/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("policy: no preset %q (presets: %s)", name, strings.Join(presetNames(), ", "))
	}
	return data, nil
}

func presetNames() []string {
	ents, _ := presetFS.ReadDir("presets")
	var names []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// PresetSource returns the YAML text of an embedded preset, for
// `fwprov policy show`.
func PresetSource(name string) ([]byte, error) { return presetData(name) }

// Preset loads an embedded preset by name ("baseline", "eu-5g-toolbox",
// "strict"). Its Source is "preset:NAME".
func Preset(name string) (*Policy, error) {
	data, err := presetData(name)
	if err != nil {
		return nil, err
	}
	return Parse("preset:"+name, data, LoadOptions{})
}

// Presets lists the embedded presets, sorted by name.
func Presets() []PresetInfo {
	var out []PresetInfo
	for _, n := range presetNames() {
		info := PresetInfo{Name: n, Default: n == DefaultPreset}
		// The description alone, without loading the preset and the
		// catalog it includes; a preset without one inherits its base's.
		var head struct {
			Description string `yaml:"description"`
		}
		if data, err := presetData(n); err == nil && yaml.Unmarshal(data, &head) == nil && head.Description != "" {
			info.Description = head.Description
		} else if p, err := Preset(n); err == nil {
			info.Description = p.Description
		}
		out = append(out, info)
	}
	return out
}
