#!/usr/bin/env python3
"""Writes the SPDX 2.3 JSON twin of a CycloneDX JSON SBOM (used to make
du-5g-hr.spdx.json from ../du-5g-hr.cdx.json). What SPDX 2.3 cannot say is
dropped: supplier/manufacturer addresses (countries), contact names and any
e-mail after the first, authors when a manufacturer is also given (SPDX has
one originator), licence acknowledgements. The first supplier (else
manufacturer) URL becomes the homepage, further ones OTHER website references;
other external references keep their CycloneDX type as OTHER references.

usage: cdx2spdx.py IN.cdx.json OUT.spdx.json
"""
import json, re, sys

src, dst = sys.argv[1], sys.argv[2]
bom = json.load(open(src))
md = bom.get("metadata", {})

ids = {}
def spdxid(ref):
    if ref not in ids:
        base = "SPDXRef-" + re.sub(r"[^A-Za-z0-9.-]", "-", ref)
        i, cand = 1, base
        while cand in ids.values():
            i += 1
            cand = f"{base}-{i}"
        ids[ref] = cand
    return ids[ref]

def party(kind, ent):
    name = ent.get("name", "")
    email = next((c["email"] for c in ent.get("contact", []) if c.get("email")), "")
    return f"{kind}: {name} ({email})" if email else f"{kind}: {name}"

PURPOSE = {"firmware": "FIRMWARE", "library": "LIBRARY", "application": "APPLICATION", "framework": "FRAMEWORK",
           "operating-system": "OPERATING-SYSTEM", "container": "CONTAINER", "device": "DEVICE",
           "file": "FILE", "data": "FILE", "device-driver": "LIBRARY"}
ALG = {"SHA-1": "SHA1", "SHA-256": "SHA256", "SHA-384": "SHA384", "SHA-512": "SHA512", "MD5": "MD5",
       "SHA3-256": "SHA3-256", "SHA3-384": "SHA3-384", "SHA3-512": "SHA3-512"}

packages, rels = [], []
created = md.get("timestamp", "NOASSERTION")
tool = "Tool: cdx2spdx.py-1.0"

def licence(c):
    out = []
    for l in c.get("licenses", []):
        if "expression" in l:
            out.append(l["expression"])
        elif "id" in l.get("license", {}):
            out.append(l["license"]["id"])
        elif "name" in l.get("license", {}):
            out.append("LicenseRef-" + re.sub(r"[^A-Za-z0-9.-]", "-", l["license"]["name"]))
    return " AND ".join(out) if out else "NOASSERTION"

def package(c, parent):
    sid = spdxid(c["bom-ref"])
    p = {"name": c["name"], "SPDXID": sid}
    if c.get("version"):
        p["versionInfo"] = c["version"]
    sup = c.get("supplier")
    p["supplier"] = party("Organization", sup) if sup else "NOASSERTION"
    if c.get("manufacturer"):
        p["originator"] = party("Organization", c["manufacturer"])
    elif c.get("authors"):
        a = c["authors"][0]
        p["originator"] = f"Person: {a.get('name', '')}" + (f" ({a['email']})" if a.get("email") else "")
    refs, homepage, download = [], None, "NOASSERTION"
    urls = (sup or {}).get("url", []) + (c.get("manufacturer") or {}).get("url", [])
    if urls:
        homepage = urls[0]
        refs += [{"referenceCategory": "OTHER", "referenceType": "website", "referenceLocator": u} for u in urls[1:]]
    for e in c.get("externalReferences", []):
        if e["type"] == "distribution" and download == "NOASSERTION":
            download = e["url"]
        elif e["type"] == "website" and homepage is None:
            homepage = e["url"]
        else:
            refs.append({"referenceCategory": "OTHER", "referenceType": e["type"], "referenceLocator": e["url"]})
    p["downloadLocation"] = download
    p["filesAnalyzed"] = False
    if homepage:
        p["homepage"] = homepage
    if c.get("hashes"):
        p["checksums"] = [{"algorithm": ALG[h["alg"]], "checksumValue": h["content"]} for h in c["hashes"] if h["alg"] in ALG]
    p["licenseConcluded"] = licence(c)
    p["copyrightText"] = c.get("copyright", "NOASSERTION")
    if c.get("description"):
        p["description"] = c["description"]
    pre = []
    if c.get("purl"):
        pre.append({"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": c["purl"]})
    if c.get("cpe"):
        pre.append({"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": c["cpe"]})
    if pre + refs:
        p["externalRefs"] = pre + refs
    p["primaryPackagePurpose"] = PURPOSE.get(c.get("type"), "OTHER")
    if c.get("properties"):
        p["annotations"] = [{"annotationDate": created, "annotationType": "OTHER", "annotator": tool,
                             "comment": f"{x['name']}={x['value']}"} for x in c["properties"]]
    packages.append(p)
    if parent:
        rels.append({"spdxElementId": spdxid(parent), "relationshipType": "CONTAINS", "relatedSpdxElement": sid})
    for k in c.get("components", []):
        package(k, c["bom-ref"])

root = md["component"]
rels.append({"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": spdxid(root["bom-ref"])})
package(root, None)
for c in bom.get("components", []):
    package(c, root["bom-ref"])
for d in bom.get("dependencies", []):
    for t in d.get("dependsOn", []):
        rels.append({"spdxElementId": spdxid(d["ref"]), "relationshipType": "DEPENDS_ON", "relatedSpdxElement": spdxid(t)})

creators = []
for ent in (md.get("manufacturer"), md.get("supplier")):
    if ent and party("Organization", ent) not in creators:
        creators.append(party("Organization", ent))
for a in md.get("authors", []):
    creators.append(f"Person: {a.get('name', '')}" + (f" ({a['email']})" if a.get("email") else ""))
creators.append(tool)

doc = {
    "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
    "name": f"{root['name']} {root.get('version', '')}".strip(),
    "documentNamespace": "https://sbom.acme-ran.example/spdx/" + (bom.get("serialNumber") or root["bom-ref"]).replace("urn:uuid:", ""),
    "creationInfo": {"created": created, "creators": creators,
                     "comment": f"SPDX 2.3 twin of {src.split('/')[-1]}, written by cdx2spdx.py."},
    "packages": packages, "relationships": rels,
}
json.dump(doc, open(dst, "w"), indent=2, ensure_ascii=False)
open(dst, "a").write("\n")
