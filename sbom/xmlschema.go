package sbom

import (
	"encoding/xml"
	"reflect"
	"strings"
	"sync"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// The XML counterpart of the duplicate-key rule. encoding/xml keeps the
// last of two elements that fill one single-valued field (<supplier> twice
// in a <component>: the second wins) and the last of two equal attributes,
// while other readers keep the first or refuse the document. fwprov refuses
// both, at any level, with the position.
//
// Which elements are single-valued is derived from the cyclonedx-go model
// by reflection: a field that is not a slice is single-valued, a slice is
// repeated, and a path tag ("components>component") makes a single-valued
// wrapper holding repeated elements. The types that decode themselves
// (an UnmarshalXML method) are described by shadow types that mirror what
// their methods read (xmlShadows; a test checks the list is complete).
// Elements the model does not read (extensions in other namespaces, newer
// elements) are not checked: nothing reads them.

// xmlNode is what a model type reads from an element's children.
type xmlNode struct {
	kids map[string]*xmlKid
}

// xmlKid is one child element a node reads.
type xmlKid struct {
	node   *xmlNode // what the child reads (nil: text only, or not tracked)
	repeat bool     // the child may appear more than once
	bit    int      // index for seen-tracking
	name   string
}

func (n *xmlNode) kid(name string, repeat bool) *xmlKid {
	if k, ok := n.kids[name]; ok {
		if repeat {
			k.repeat = true
		}
		return k
	}
	k := &xmlKid{repeat: repeat, bit: len(n.kids), name: name}
	n.kids[name] = k
	return k
}

// xmlShadows mirror, for each model type with its own UnmarshalXML method,
// the child elements that method reads (see cyclonedx-go's
// cyclonedx_xml.go). nil marks a type read as text or attributes only.
var xmlShadows = map[reflect.Type]reflect.Type{
	reflect.TypeFor[cdx.BOMReference]():         nil,
	reflect.TypeFor[cdx.Copyright]():            nil,
	reflect.TypeFor[cdx.SpecVersion]():          nil,
	reflect.TypeFor[cdx.Dependency]():           reflect.TypeFor[xmlDependency](),
	reflect.TypeFor[cdx.EnvironmentVariables](): reflect.TypeFor[xmlEnvironmentVariables](),
	reflect.TypeFor[cdx.Licenses]():             reflect.TypeFor[xmlLicenses](),
	reflect.TypeFor[cdx.MLDatasetChoice]():      reflect.TypeFor[xmlMLDatasetChoice](),
	reflect.TypeFor[cdx.CertificateState]():     reflect.TypeFor[xmlCertificateState](),
	reflect.TypeFor[cdx.CertificateExtension](): reflect.TypeFor[xmlCertificateExtension](),
	reflect.TypeFor[cdx.AsserterChoice]():       reflect.TypeFor[xmlAsserterChoice](),
	reflect.TypeFor[cdx.IKEv2Auth]():            reflect.TypeFor[xmlIKEv2](),
	reflect.TypeFor[cdx.IKEv2Enc]():             reflect.TypeFor[xmlIKEv2Enc](),
	reflect.TypeFor[cdx.IKEv2Integ]():           reflect.TypeFor[xmlIKEv2](),
	reflect.TypeFor[cdx.IKEv2Ke]():              reflect.TypeFor[xmlIKEv2Ke](),
	reflect.TypeFor[cdx.IKEv2Prf]():             reflect.TypeFor[xmlIKEv2](),
	reflect.TypeFor[cdx.ToolsChoice]():          reflect.TypeFor[xmlToolsChoice](),
	reflect.TypeFor[cdx.Evidence]():             reflect.TypeFor[xmlEvidence](),
	reflect.TypeFor[cdx.DataClassification]():   reflect.TypeFor[xmlDataClassification](),
	reflect.TypeFor[cdx.Definitions]():          reflect.TypeFor[xmlDefinitions](),
}

type xmlDependency struct {
	Dependencies []xmlDependency `xml:"dependency"`
	Provides     []xmlDependency `xml:"provides"`
}

type xmlEnvironmentVariables struct {
	Values []string       `xml:"value"`
	Vars   []cdx.Property `xml:"environmentVar"`
}

type xmlLicenses struct {
	License    []cdx.License                `xml:"license"`
	Expression []string                     `xml:"expression"`
	Detailed   []xmlLicenseExpressionDetail `xml:"expression-detailed"`
}

type xmlLicenseExpressionDetail struct {
	Details []struct {
		Text *cdx.AttachedText `xml:"text"`
		URL  string            `xml:"url"`
	} `xml:"details"`
}

type xmlMLDatasetChoice struct {
	Ref string `xml:"ref"`
	cdx.ComponentData
}

type xmlCertificateState struct {
	State       string `xml:"state"`
	Name        string `xml:"name"`
	Description string `xml:"description"`
	Reason      string `xml:"reason"`
}

type xmlCertificateExtension struct {
	CommonName  string `xml:"commonExtensionName"`
	CommonValue string `xml:"commonExtensionValue"`
	CustomName  string `xml:"customExtensionName"`
	CustomValue string `xml:"customExtensionValue"`
}

type xmlAsserterChoice struct {
	Organization *cdx.OrganizationalEntity  `xml:"organization"`
	Individual   *cdx.OrganizationalContact `xml:"contact"`
	BOMRef       *cdx.BOMReference          `xml:"ref"`
}

type xmlIKEv2 struct {
	Name      string `xml:"name"`
	Algorithm string `xml:"algorithm"`
}

type xmlIKEv2Enc struct {
	Name      string `xml:"name"`
	KeyLength string `xml:"keyLength"`
	Algorithm string `xml:"algorithm"`
}

type xmlIKEv2Ke struct {
	Group     string `xml:"group"`
	Algorithm string `xml:"algorithm"`
}

type xmlToolsChoice struct {
	//lint:ignore SA1019 the legacy tools are still valid input
	Tools      []cdx.Tool `xml:"tool"`
	Components *struct {
		Components []cdx.Component `xml:"component"`
	} `xml:"components"`
	Services *struct {
		Services []cdx.Service `xml:"service"`
	} `xml:"services"`
}

type xmlEvidence struct {
	Identity    []cdx.EvidenceIdentity   `xml:"identity"`
	Occurrences []cdx.EvidenceOccurrence `xml:"occurrences>occurrence"`
	Callstack   *cdx.Callstack           `xml:"callstack"`
	Licenses    *cdx.Licenses            `xml:"licenses"`
	Copyright   []cdx.Copyright          `xml:"copyright>text"`
}

type xmlDataClassification struct {
	Classification string              `xml:"classification"`
	Governance     *cdx.DataGovernance `xml:"governance"`
	Source         []string            `xml:"source>url"`
	Destination    []string            `xml:"destination>url"`
}

type xmlDefinitions struct {
	Standards []cdx.StandardDefinition `xml:"standards>standard"`
	Patents   *struct {
		Patent       []cdx.Patent       `xml:"patent"`
		PatentFamily []cdx.PatentFamily `xml:"patentFamily"`
	} `xml:"patents"`
}

var xmlUnmarshaler = reflect.TypeFor[xml.Unmarshaler]()

// xmlSchema builds (once) the node of every model type reachable from
// cdx.BOM.
var xmlSchema = sync.OnceValue(func() *xmlNode {
	b := xmlBuilder{nodes: map[reflect.Type]*xmlNode{}}
	return b.node(reflect.TypeFor[cdx.BOM]())
})

type xmlBuilder struct {
	nodes map[reflect.Type]*xmlNode
}

// node returns the node of a type (nil for a type read as text).
func (b *xmlBuilder) node(t reflect.Type) *xmlNode {
	if n, ok := b.nodes[t]; ok {
		return n
	}
	if reflect.PointerTo(t).Implements(xmlUnmarshaler) {
		shadow, known := xmlShadows[t]
		if !known || shadow == nil {
			b.nodes[t] = nil
			return nil
		}
		n := &xmlNode{kids: map[string]*xmlKid{}}
		b.nodes[t] = n
		b.fields(n, shadow)
		return n
	}
	if t.Kind() != reflect.Struct {
		b.nodes[t] = nil
		return nil
	}
	n := &xmlNode{kids: map[string]*xmlKid{}}
	b.nodes[t] = n // before the fields: types are recursive
	b.fields(n, t)
	return n
}

// fields adds the child elements the struct t reads to n, following
// encoding/xml's rules for field tags.
func (b *xmlBuilder) fields(n *xmlNode, t reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.PkgPath != "" && !f.Anonymous || f.Name == "XMLName" {
			continue
		}
		tag := f.Tag.Get("xml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if opts != "" {
			skip := false
			for _, o := range strings.Split(opts, ",") {
				switch o {
				case "attr", "chardata", "cdata", "innerxml", "comment", "any":
					skip = true
				}
			}
			if skip {
				continue
			}
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct && !reflect.PointerTo(ft).Implements(xmlUnmarshaler) {
			b.fields(n, ft) // promoted fields
			continue
		}
		if name == "" {
			name = f.Name
		}
		if i := strings.LastIndexByte(name, ' '); i >= 0 {
			name = name[i+1:] // "namespace local": encoding/xml matches the local name
		}
		repeat := false
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Uint8 && !reflect.PointerTo(ft).Implements(xmlUnmarshaler) {
			repeat = true
			ft = ft.Elem()
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
		}
		path := strings.Split(name, ">")
		at := n
		for j, p := range path {
			last := j == len(path)-1
			k := at.kid(p, last && repeat)
			if last {
				if child := b.node(ft); child != nil {
					k.node = child
				}
				break
			}
			if k.node == nil {
				k.node = &xmlNode{kids: map[string]*xmlKid{}}
			}
			at = k.node
		}
	}
}

// xmlChecker is the token stream between encoding/xml's reader and the
// model decoder: it refuses a repeated single-valued element and a repeated
// attribute, and passes every other token on unchanged.
type xmlChecker struct {
	dec   *xml.Decoder
	stack []xmlFrame
	err   error // the refusal, with the offset it happened at
	off   int64
}

type xmlFrame struct {
	node *xmlNode
	name string
	seen uint64
	more map[int]bool // seen bits past 63
}

func (c *xmlChecker) Token() (xml.Token, error) {
	if c.err != nil {
		return nil, c.err
	}
	tok, err := c.dec.RawToken()
	if err != nil {
		return tok, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		off := c.dec.InputOffset()
		// encoding/xml matches attributes by local name (the model's tags
		// have no namespace): two with one local name, whatever their
		// prefixes, fill one field. Namespace declarations are not fields.
		for i := 1; i < len(t.Attr); i++ {
			if isNamespaceDecl(t.Attr[i].Name) {
				continue
			}
			for j := 0; j < i; j++ {
				if t.Attr[i].Name.Local == t.Attr[j].Name.Local && !isNamespaceDecl(t.Attr[j].Name) {
					c.err = errorf(ErrDuplicateKey, "attribute %q repeated on <%s>: an attribute may appear only once", clip(attrName(t.Attr[i].Name), 60), clip(t.Name.Local, 60))
					c.off = off
					return nil, c.err
				}
			}
		}
		var node *xmlNode
		if len(c.stack) == 0 {
			node = xmlSchema()
		} else if top := &c.stack[len(c.stack)-1]; top.node != nil {
			if k, ok := top.node.kids[t.Name.Local]; ok {
				if !k.repeat && top.mark(k.bit) {
					c.err = errorf(ErrDuplicateKey, "element <%s> repeated in <%s>: it may appear only once there (readers disagree on which one counts)", clip(t.Name.Local, 60), clip(top.name, 60))
					c.off = off
					return nil, c.err
				}
				node = k.node
			}
		}
		c.stack = append(c.stack, xmlFrame{node: node, name: t.Name.Local})
	case xml.EndElement:
		if len(c.stack) > 0 {
			c.stack = c.stack[:len(c.stack)-1]
		}
	}
	return tok, nil
}

// mark records that child bit was seen and reports whether it was already.
func (f *xmlFrame) mark(bit int) bool {
	if bit < 64 {
		was := f.seen&(1<<bit) != 0
		f.seen |= 1 << bit
		return was
	}
	if f.more == nil {
		f.more = map[int]bool{}
	}
	was := f.more[bit]
	f.more[bit] = true
	return was
}

func attrName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func isNamespaceDecl(n xml.Name) bool {
	return n.Space == "xmlns" || n.Space == "" && n.Local == "xmlns"
}
