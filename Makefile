# The two set-up commands (see README.md): `make doctor` and `make test`.
SWIFT ?= swift
PORT ?= 18789

.PHONY: deps build doctor test bench clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

## Runs the environment report on this machine.
doctor: build
	.build/debug/openclaw-doctor --port $(PORT)

## Builds and runs every test (tests needing root skip when not root; under CI=true they must run).
test: deps
	$(SWIFT) build --build-tests
	PATH="$$PATH:/usr/sbin:/sbin" $(SWIFT) test --skip-build

## Builds release binaries (static Swift runtime), runs every benchmark, prints a table, writes bench/out/latest.json.
## Needs hyperfine (scripts/install-deps --bench). `make bench BENCH_FLAGS=--quick` for a smoke run.
bench:
	@scripts/install-deps --bench
	PATH="$$PATH:/usr/sbin:/sbin" python3 bench/run.py $(BENCH_FLAGS)

clean:
	rm -rf .build
