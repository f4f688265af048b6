#!/usr/bin/env bash
# Content-audit conformance: download a Debian arm64 kernel package and a
# firmware package with apt (arm64 package lists are fetched into a private
# directory; the machine's apt configuration is not changed), then run
# TestConformanceDebian on them. Usage: audit-conformance.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
state="$(mktemp -d)"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
apt_arm64=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64
	-o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache")
apt-get "${apt_arm64[@]}" update -qq
# The newest arm64 kernel image the arm64 metapackage points at.
kernel="$(apt-cache "${apt_arm64[@]}" depends linux-image-arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
test -n "$kernel" || { echo "no linux-image-*-arm64 package found" >&2; exit 2; }
(cd "$dir" && apt-get "${apt_arm64[@]}" download "$kernel" firmware-linux-free)
chmod -R a+rX "$dir"
echo "audit conformance on $(ls "$dir")"
FWPROV_AUDIT_CONFORMANCE_DIR="$dir" go test -count=1 -timeout 30m -run TestConformanceDebian -v ./verify/content
