// Package identity turns origin evidence (organisation names, domains,
// package URLs, CPE vendors) into comparable keys and resolves them against
// an entity catalog.
//
// Names are compared the way a reader sees them. An SBOM's author may want
// a listed vendor to pass unnoticed: spell it so that a person reads
// "Huawei" while the bytes say something else. Every transformation below
// closes one such class, and every table behind them is derived from
// Unicode data, not written by hand.
//
// # Folding a name
//
// Lookup, Normalize and NewCatalog (for catalog names) apply, in this
// order:
//
//  0. Display order. A name holding a right-to-left override (U+202E) is
//     looked up as stored and as displayed: "\u202eiewauH" is shown as
//     "Huawei".
//  1. Invalid UTF-8 becomes U+FFFD.
//  2. Default-ignorable code points are removed: the Unicode property
//     Default_Ignorable_Code_Point (Other_Default_Ignorable_Code_Point,
//     format characters Cf and variation selectors, from the standard
//     library's Unicode tables) and every other format character. Hangul
//     fillers, variation selectors, the combining grapheme joiner, tag
//     characters, zero-width and bidi controls, soft hyphens: invisible,
//     so a reader sees the letters around them as one word.
//  3. Signs become spaces: a symbol whose compatibility decomposition
//     spells two or more Latin letters (™ ℠ ℡ ℻ № ㏂ 🅪 🅬 ...); ® © ℗ are
//     symbols already. NFKC alone would turn "Huawei™" into the word
//     "huaweitm", which names nobody.
//  4. Units, as written. Before anything changes case or form, the word
//     boundaries a reader sees inside a token are marked: a small letter
//     followed by a capital ("myHuawei"), the last capital of a run of
//     capitals followed by a small letter ("ZTECorp" is ZTE Corp), letters
//     against digits ("Huawei5G"), a change of presentation style (plain,
//     𝐛𝐨𝐥𝐝, 𝔣𝔯𝔞𝔨𝔱𝔲𝔯, fullwidth, Ⓒⓘⓡⓒⓛⓔⓓ, 🅽🅴🅶🅰🆃🅸🆅🅴, ᴴᴵᴳᴴ, ₗₒw, ꜱᴍᴀʟʟ ᴄᴀᴘꜱ,
//     regional indicators, ...: "HuaweiⓇ" is Huawei and Ⓡ) or of script
//     (Latin, Greek, Cyrillic, Armenian, Cherokee, Coptic, other), and any
//     separator. Units only ever add places a name may start or end; a
//     name still matches across them ("Hua wei").
//  5. The UTS #39 confusables skeleton as written: each character whose
//     skeleton, taken before case folding and compatibility
//     decomposition, is one ASCII letter or digit becomes it
//     (written_table.go, generated from the confusables data). Greek Η
//     and Cyrillic Н are H (case folded first they would be η and н,
//     which look like nothing Latin), Cyrillic З is 3, Greek Ι is l, Greek
//     ϲ is c (its compatibility decomposition ς would be an o).
//  6. NFKD, then the as-written table again for the letters the
//     decomposition exposed (𝚮 is Greek Η is H), and the letter forms of
//     form_table.go (generated from the normalization data, the skeleton
//     and the Unicode character names): Latin letters a reader takes for
//     their base letter that neither decomposition nor the confusables
//     data map — small capitals (ᴛ ᴇ ᴀ ʜ), letters with a stroke, hook,
//     tail or bar (ƶ ɀ ꝁ ɗ), dotless letters (ȷ), enclosed letters without
//     a decomposition (🅗 🅷 🆥) and regional indicators (🇭).
//  7. Case folding, the skeleton, case folding again, removal of combining
//     marks, NFKC — repeated until the text no longer changes. Fold is
//     steps 1–3 and 5–7.
//  8. Words: maximal runs of letters and digits; each Han, kana, Hangul,
//     Thai, Lao, Khmer or Myanmar character is a word of its own, so that
//     华为 matches inside 华为技术有限公司. Trailing legal-form suffixes
//     (LegalSuffixes: Co., Ltd., Inc., GmbH, AB, Oy, 有限公司, ...; never
//     descriptive words such as Technologies) are removed, never the last
//     word. Tokens and Normalize end here: the words, folded, readable.
//  9. The comparison key. Letters a reader confuses across case and with
//     digits are one letter in keys: i and l (so that capital I, small l,
//     digit 1, |, Ι, І and ǀ all meet — "HUAWEl" is HUAWEI), o and 0 (the
//     skeleton's own), s and 5, and "m" is "rn". These are the digits that
//     pass for letters in the typefaces reports are read in, and the
//     skeleton or its case partners already pair them (Ƽ is 5, its small
//     form s). Leetspeak digits (2 Z, 3 E, 4 A, 6 G, 7 T, 8 B, 9 g) are
//     not folded: they read as digits, and folding them would merge real
//     names that carry digits (3Com, F5, 8x8, 7-Zip, A10).
//  10. Matching. A catalog name matches any run of whole units,
//     concatenated: "Hua wei", "HuaweiTechnologies" and "Huawei Device"
//     all name Huawei, "Aztec Networks" does not name ZTE. A name of three
//     letters or more also matches run together with other words in one
//     unit, the way a reader splits a compound: followed by words of
//     CompoundSuffixes and legal suffixes of three letters or more
//     ("huaweicloud", "ZTEsoft", "hikvisiondigitaltechnology",
//     "HUAWEITM"), and preceded by words of CompoundPrefixes ("libhuawei",
//     "MyHuawei"). What is left over must be such words, up to a unit
//     boundary: "Dahuang", "Zteam", "Aztech" and "hikvisionary" name
//     nobody. A name is never found as a bare substring.
//
// Author fields, which hold people as often as organisations, use
// LookupWholeName: the whole key must be a catalog name ("Zhang Dahua" is
// not Dahua).
//
// Domains compare by registrable domain (public suffix list), so
// "vendor.com.other.example" belongs to other.example, not to vendor.com.
// Package URLs compare by type and namespace prefix, CPEs by vendor. Their
// labels and segments are folded (Fold) and keyed (step 9) like names, the
// separators kept.
//
// # Cost
//
// Everything is precompiled by NewCatalog: names into a byte trie of keys.
// A lookup folds the name once and scans it once; each start walks the
// trie only while the text can still become a name, so a lookup is linear
// in the length of the name with a small constant however long and hostile
// the name (benchmarks: BenchmarkLookupLongName, BenchmarkLookupLongCompound,
// BenchmarkLookupLongMixed). Callers cache results per distinct evidence
// value.
//
// # Unicode data
//
// The default-ignorable set is the standard library's (Unicode 15.0 at Go
// 1.26); written_table.go comes from the UTS #39 confusables data of
// github.com/mtibben/confusables (Unicode 13.0); form_table.go from
// golang.org/x/text's normalization data and character names (Unicode
// 15.0). Tests regenerate both tables and fail when the committed files
// differ: go test ./policy/identity -run 'Test(Written|Form)Table' -update
// rewrites them (the written table first).
package identity
