# localoffer: the two commands a new user needs are `make run` and `make test`.
.PHONY: deps build run test test-e2e test-browser fuzz bench format clean package

PORT ?= 8080
DATA ?= data

deps:
	@scripts/setup.sh

build: deps
	@scripts/build.sh

# Builds, loads the demo Local Offer into $(DATA) (safe to repeat) and serves it.
run: build
	build/localoffer demo load --data $(DATA)
	build/localoffer serve --data $(DATA) --port $(PORT)

test: build
	@scripts/test.sh

test-e2e: build
	LOCALOFFER_BIN=$(CURDIR)/build/localoffer node --test tests/e2e/

# A long, seeded fuzz run (tests/e2e/fuzz.test.mjs; make test runs a short one). Replay a run
# with the seed it printed: make fuzz FUZZ_SEED=N. docs/reliability.md has the figures.
FUZZ_ITERATIONS ?= 5000
FUZZ_SEED ?= 20261207
fuzz: build
	FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) FUZZ_SEED=$(FUZZ_SEED) LOCALOFFER_BIN=$(CURDIR)/build/localoffer \
		node --test --test-concurrency=1 tests/e2e/fuzz.test.mjs

# Only the browser tests (chromium + axe-core); screenshots go to test-results/screenshots/.
test-browser: build
	LOCALOFFER_BIN=$(CURDIR)/build/localoffer node --test --test-concurrency=1 tests/browser/

# Speed (bench/run.sh), then relevance on judged queries (bench/relevance/run.sh).
bench: build
	@if [ -x bench/run.sh ]; then bench/run.sh; else echo "No benchmarks yet: see bench/README.md"; fi
	@bench/relevance/run.sh

# A Debian package (CPack): build/localoffer_<version>_amd64.deb; docs/deploy.md installs it.
package: build
	cd build && cpack -G DEB

format:
	@scripts/format.sh

clean:
	rm -rf build build-asan
