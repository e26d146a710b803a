# DeepMouse: `make run` runs the daemon on the shipped default model, `make test` runs the tests.
# Both install the Debian packages they need first (tools/install-deps).

SWIFT ?= swift
MODEL ?= firmware-models/touchpad.dmm

.PHONY: deps build run test clean core-embedded-check

deps:
	@tools/install-deps

build: deps
	$(SWIFT) build -c release

run: build
	.build/release/deepmoused --model $(MODEL)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build

# The core (kernels, model reader, streaming classifier) as Embedded Swift, -no-allocations,
# for the Cortex-M4 and x86_64 Linux: run before landing changes to Sources/DeepMouseCore.
core-embedded-check:
	tools/core-embedded-check
