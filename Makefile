# The two set-up commands (see README.md): `make doctor` and `make test`.
SWIFT ?= swift
## `make doctor PORT=N` judges port N; without it the doctor reads the port as every command does (option >
## OPENCLAW_GATEWAY_PORT > gateway.port of openclaw.json > 18789: docs/configuration.md).
PORT ?=

.PHONY: deps build doctor test fuzz bench triage-eval package clean

deps:
	@scripts/install-deps

## One executable, two names: `openclaw-doctor` is a link to `openclaw` (argv[0] picks the tool).
build: deps
	$(SWIFT) build
	ln -sfn openclaw .build/debug/openclaw-doctor

## Runs the environment report on this machine. Exit 1 (the report found warnings or failures) is the
## report's answer, not a failed make; exit 2 (the doctor could not run) fails.
doctor: build
	@.build/debug/openclaw-doctor $(if $(PORT),--port $(PORT)); status=$$?; [ $$status -le 1 ]

## Builds and runs every test (tests needing root skip when not root; under CI=true they must run), then the fuzz
## harnesses, which run even when the build or a test failed (a red test never hides a fuzz crash). Prints both
## results and fails if either failed. As root it first builds the Debian package (scripts/package, alone, so its
## release build does not load the machine under timing-sensitive tests); the package tests read it (OPENCLAW_DEB).
test: deps
	@tests=0; fuzz=0; deb=""; \
	if [ "$$(id -u)" -eq 0 ] || [ "$${CI:-}" = true ]; then \
	  deb=$$(scripts/package) || deb=/nonexistent/scripts-package-failed.deb; \
	fi; \
	$(SWIFT) build --build-tests && OPENCLAW_DEB="$$deb" PATH="$$PATH:/usr/sbin:/sbin" $(SWIFT) test --skip-build || tests=$$?; \
	$(MAKE) fuzz || fuzz=$$?; \
	echo "make test: tests $$( [ $$tests -eq 0 ] && echo passed || echo "FAILED (exit $$tests)" ), fuzz $$( [ $$fuzz -eq 0 ] && echo passed || echo "FAILED (exit $$fuzz)" )"; \
	[ $$tests -eq 0 ] && [ $$fuzz -eq 0 ]

## Bounded libFuzzer run of every parser harness (fuzz/run; docs/reliability.md "Fuzzing"). Fails on any crash.
FUZZ_SECONDS ?= 15
FUZZ_OPT ?= -Onone
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_OPT=$(FUZZ_OPT) fuzz/run

## Builds release binaries into .build-bench/ (static Swift runtime, symbols stripped), runs every benchmark
## (the gateway against the Node peer in bench/node-peer/), prints every figure and target with its ratio, writes
## bench/out/latest.json. Needs hyperfine, nodejs, node-ws and valgrind (scripts/install-deps --bench).
## `make bench BENCH_FLAGS=--quick` for a smoke run.
bench:
	@scripts/install-deps --bench
	PATH="$$PATH:/usr/sbin:/sbin" python3 bench/run.py $(BENCH_FLAGS)

## The Debian package (docs/packaging.md) in .build-package/out/: a release build with the Swift runtime linked
## statically, stripped; man pages, completions, the user unit template, the docs; Depends: from dpkg-shlibdeps;
## lintian without errors. Prints the package's path, size and Depends:.
## Runs `openclaw-doctor triage` over the public reports of bench/triage-eval/reports/ (no test reads them) and
## counts verdicts decided, Windows/journal/listener blocks used and CLI statements; text outputs in
## bench/out/triage-eval/ (docs/triage-eval.md: what was found untrue, before and after).
triage-eval: build
	python3 bench/triage-eval/run.py

package: deps
	@scripts/package

clean:
	rm -rf .build
