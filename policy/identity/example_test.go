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
