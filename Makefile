# fwprov — build, test and measure. `make test` is what CI runs (.ci/run).
GO        ?= go
PKGS      := ./...
BIN       := bin/fwprov
# A VCS stamp where there is one; GOFLAGS=-buildvcs=false builds otherwise lack it.
COMMIT    := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS   := -X github.com/fwprov/fwprov/cmd/fwprov/internal/cli.commit=$(COMMIT)
FUZZTIME  ?= 5m
CIFUZZTIME ?= 3s
LARGE     := testdata/large

.PHONY: all build test unit vet staticcheck lint fuzz fuzz-short bench testdata-large demo report-screenshot interop clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/fwprov

## test: everything CI checks — vet, staticcheck, the race-enabled test suite, a short fuzz pass.
test: vet staticcheck unit fuzz-short

unit:
	$(GO) test -race -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(GO) tool staticcheck $(PKGS)

lint: vet staticcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }

# Every fuzz target (found by name: func FuzzX in a _test.go file), run for
# FUZZTIME each, one after the other. Go runs one fuzz target per invocation.
define run-fuzz
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  dir=./$$(dirname $$f); \
	  for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
	    echo "fuzz $$dir $$t ($(1))"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(1) $$dir; \
	  done; \
	done
endef

fuzz:
	$(call run-fuzz,$(FUZZTIME))

# What CI runs: each fuzz target for a few seconds.
fuzz-short:
	$(call run-fuzz,$(CIFUZZTIME))

# Generated large SBOMs for benchmarks; never committed (git-ignored).
testdata-large:
	@mkdir -p $(LARGE)
	$(GO) run ./cmd/sbomgen -n 1000 -seed 1 -o $(LARGE)/du-1k.cdx.json
	$(GO) run ./cmd/sbomgen -n 10000 -seed 1 -o $(LARGE)/du-10k.cdx.json
	$(GO) run ./cmd/sbomgen -n 100000 -seed 1 -o $(LARGE)/du-100k.cdx.json -firmware-image $(LARGE)/du-100k.img
	$(GO) run ./cmd/sbomgen -n 100000 -seed 1 -release $(LARGE)/du-100k-release

# Benchmarks (go test -bench, -benchmem) and the CLI on the 100k file under
# /usr/bin/time -v, side by side with sha256sum; benchreport prints the table.
bench: build testdata-large
	$(GO) test -run '^$$' -bench . -benchmem -count 1 -timeout 60m ./sbom/... ./policy/... ./verify/... ./cmd/sbomgen/ | tee $(LARGE)/bench.txt
	$(GO) run ./cmd/benchreport -bench $(LARGE)/bench.txt -repeat 3 -baseline sha256sum -- \
		"sha256sum=sha256sum $(LARGE)/du-100k.cdx.json" \
		"check-10k=$(BIN) check $(LARGE)/du-10k.cdx.json --policy baseline --quiet" \
		"check-100k=$(BIN) check $(LARGE)/du-100k.cdx.json --policy baseline --quiet" \
		"gate-100k=$(BIN) gate $(LARGE)/du-100k-release --policy $(LARGE)/du-100k-release/policy.yaml --quiet"

# The README's main job on the bundled example releases: one allow, two denies.
demo: build
	./$(BIN) gate testdata/releases/du-allowed --policy testdata/releases/policy.yaml
	-./$(BIN) gate testdata/releases/ru-denied-origin --policy testdata/releases/policy.yaml --format markdown
	-./$(BIN) gate testdata/releases/du-tampered --policy testdata/releases/policy.yaml

# Render the scan HTML report of testdata/scan in headless Chromium and save
# a screenshot (needs Debian's chromium: apt-get install chromium).
report-screenshot:
	mkdir -p bin && FWPROV_SCREENSHOT=$(CURDIR)/bin/scan-report.png $(GO) test ./cmd/fwprov -run TestScanHTMLScreenshot -count=1 -v

# cosign and fwprov against each other, in both directions, offline (keys,
# bundles, detached signatures, attestations, tampered inputs, cosign's flag
# list), and every SARIF and JUnit report the tests write validated: by the
# Go tests (SARIF 2.1.0 JSON schema, junit-10.xsd), then by the SARIF
# Multitool from npm when it installs. A cosign $(COSIGN_VERSION) already on
# PATH is used; otherwise it is built into $(INTEROP) (a few minutes, once).
COSIGN_VERSION ?= v3.1.3
SARIF_MULTITOOL ?= @microsoft/sarif-multitool@5.7.0
INTEROP   := bin/interop

interop:
	@mkdir -p $(INTEROP) && rm -rf $(INTEROP)/reports
	@if command -v cosign >/dev/null 2>&1 && cosign version 2>/dev/null | grep -q 'GitVersion: *$(COSIGN_VERSION)$$'; then \
	  echo "interop: using $$(command -v cosign)"; ln -sf "$$(command -v cosign)" $(INTEROP)/cosign; \
	elif [ ! -x $(INTEROP)/cosign ]; then \
	  echo "interop: building cosign $(COSIGN_VERSION) into $(INTEROP) (a few minutes)"; \
	  GOBIN=$(CURDIR)/$(INTEROP) $(GO) install github.com/sigstore/cosign/v3/cmd/cosign@$(COSIGN_VERSION); \
	fi
	PATH="$(CURDIR)/$(INTEROP):$$PATH" FWPROV_REPORTS_DIR=$(CURDIR)/$(INTEROP)/reports \
	  $(GO) test -count=1 -v -run 'Interop|CosignFlagList|SARIFValidates|JUnitValidates' ./cmd/fwprov/ ./cmd/fwprov/internal/cli/
	@if npm install --prefix $(INTEROP) --no-save --no-audit --no-fund $(SARIF_MULTITOOL) >/dev/null 2>&1; then \
	  chmod u+x $(INTEROP)/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null; \
	  $(INTEROP)/node_modules/.bin/sarif-multitool validate $(INTEROP)/reports/*.sarif -o $(INTEROP)/multitool.sarif --log ForceOverwrite >/dev/null || exit 1; \
	  if grep -q '"level": "error"' $(INTEROP)/multitool.sarif; then echo "interop: the SARIF Multitool finds errors: see $(INTEROP)/multitool.sarif"; exit 1; fi; \
	  echo "interop: the SARIF Multitool validates all $$(ls $(INTEROP)/reports/*.sarif | wc -l) SARIF reports (no errors)"; \
	else echo "interop: npm could not install $(SARIF_MULTITOOL): the SARIF Multitool step is skipped"; fi

clean:
	rm -rf bin $(LARGE)
