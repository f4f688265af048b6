package identity_test

import (
	"fmt"

	"github.com/fwprov/fwprov/policy/identity"
)

// Fold look-alike names and resolve evidence against a small catalog.
func Example() {
	fmt.Println(identity.Normalize("HUAWEI TECHNOLOGIES CO.,LTD"))
	fmt.Println(identity.Normalize("Huаwеі Technologies Co., Ltd.")) // Cyrillic а, е, і
	fmt.Println(identity.Normalize("ＺＴＥ Corporation"))               // fullwidth

	cat, err := identity.NewCatalog([]identity.Entry{
		{ID: "zte", Names: []string{"ZTE Corporation"}, Domains: []string{"zte.com.cn"}, PURLs: []string{"pkg:maven/com.zte"}, Parent: -1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range []struct {
		kind  identity.Kind
		value string
	}{
		{identity.KindName, "Z.T.E. Corp"},
		{identity.KindName, "Aztec Networks Ltd."},
		{identity.KindDomain, "https://support.zte.com.cn/fw"},
		{identity.KindDomain, "support.zte.com.cn.mirror.example"},
		{identity.KindPURL, "pkg:maven/com.zte.ums/agent@1.0"},
	} {
		m := cat.Lookup(q.kind, q.value)
		fmt.Printf("%s %q → %q entries=%v\n", q.kind, q.value, m.Normalized, m.Entries)
	}
	// Output:
	// huawei technologies
	// huawei technologies
	// zte
	// name "Z.T.E. Corp" → "z t e" entries=[0]
	// name "Aztec Networks Ltd." → "aztec networks" entries=[]
	// domain "https://support.zte.com.cn/fw" → "zte.com.cn" entries=[0]
	// domain "support.zte.com.cn.mirror.example" → "mirror.example" entries=[]
	// purl "pkg:maven/com.zte.ums/agent@1.0" → "maven/com.zte.ums" entries=[0]
}

// Names match the way a reader sees them: run together with corporate
// words, beside a trade mark, in another letter form, with invisible
// fillers inside — and only at the word boundaries a reader sees.
func ExampleCatalog_Lookup() {
	cat, err := identity.NewCatalog([]identity.Entry{{ID: "zte", Names: []string{"ZTE Corporation"}, Parent: -1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range []string{
		"ZTEsoft",         // CamelCase: ZTE and soft
		"ztetelecom",      // one word: the name and a compound word
		"ＺＴＥ™",            // fullwidth letters, a trade mark sign
		"ᴢᴛᴇ Corp.",       // small capitals
		"Z\u3164T\u3164E", // Hangul fillers (default-ignorable) between the letters
		"ZTE2",            // a digit beside the name
		"Aztec Networks",  // the letters inside another word
		"Zteam",           // the name before a word that is no compound word
	} {
		m := cat.Lookup(identity.KindName, v)
		fmt.Printf("%-16s %v\n", m.Normalized, m.Entries)
	}
	// Output:
	// ztesoft          [0]
	// ztetelecom       [0]
	// zte              [0]
	// zte              [0]
	// zte              [0]
	// zte2             [0]
	// aztec networks   []
	// zteam            []
}
