# The two set-up commands (see README.md): `make doctor` and `make test`.
SWIFT ?= swift
PORT ?= 18789

.PHONY: deps build doctor test bench clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

## Runs the environment report on this machine. Exit 1 (the report found warnings or failures) is the
## report's answer, not a failed make; exit 2 (the doctor could not run) fails.
doctor: build
	@.build/debug/openclaw-doctor --port $(PORT); status=$$?; [ $$status -le 1 ]

## Builds and runs every test (tests needing root skip when not root; under CI=true they must run).
test: deps
	$(SWIFT) build --build-tests
	PATH="$$PATH:/usr/sbin:/sbin" $(SWIFT) test --skip-build

clean:
	rm -rf .build
