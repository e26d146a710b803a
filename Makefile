# DeepMouse: `make run` runs the daemon on the shipped default model, `make test` runs the tests,
# `make demo` shows it deciding on an emulated touchpad (no hardware needed).
# All three install the Debian packages they need first (tools/install-deps).

SWIFT ?= swift
MODEL ?= firmware-models/touchpad.dmm
# The Swift 6.3 driver leaves a TemporaryDirectory.XXXXXX (holding .keep-directory) in $TMPDIR
# for every compiler invocation (swift test compiles the manifest and plugins: 5 of them), thousands
# a day in /tmp: builds and tests run with TMPDIR in .build, emptied afterwards (tools/ that run
# swiftc use a private TMPDIR of their own).
BUILD_TMP = $(CURDIR)/.build/tmp
IN_BUILD_TMP = mkdir -p $(BUILD_TMP) && TMPDIR=$(BUILD_TMP)

.PHONY: deps build run device-hint demo test clean man install install-built uninstall format format-check core-embedded-check embedded-daemon embedded-daemon-aarch64 firmware embedded-test deps-embedded deps-embedded-aarch64

deps:
	@tools/install-deps

build: deps
	$(IN_BUILD_TMP) $(SWIFT) build -c release
	rm -rf $(BUILD_TMP)

# With no usable pointing device the daemon waits for one (hotplug); `make demo` needs none. Builds
# and installs only what the daemon needs (libevdev, libudev), as a board would.
run:
	@tools/install-deps --run
	$(IN_BUILD_TMP) $(SWIFT) build -c release --product deepmoused
	rm -rf $(BUILD_TMP)
	@$(MAKE) --no-print-directory device-hint
	.build/release/deepmoused --model $(MODEL)

# What `make run` says when DAEMON --list-devices finds no device it would use.
DAEMON ?= .build/release/deepmoused
device-hint:
	@$(DAEMON) --list-devices 2>/dev/null | grep -q '"used":true' || \
		echo "make run: no touchpad, mouse or pointing stick found (deepmoused --list-devices says why);" \
			"waiting for one. To see hand decisions without one: make demo" >&2

# deepmoused live on an emulated touchpad (umockdev) playing DEMO_EVENTS in real time: hand lines
# within seconds, exits once the recording has played (tools/demo/run-demo). Builds only deepmoused.
DEMO_EVENTS ?= tools/demo/demo.events
demo:
	@tools/install-deps --demo
	$(IN_BUILD_TMP) $(SWIFT) build -c release --product deepmoused
	rm -rf $(BUILD_TMP)
	tools/demo/run-demo --events $(DEMO_EVENTS) --model $(MODEL)

test: deps
	$(IN_BUILD_TMP) $(SWIFT) build --build-tests
	$(IN_BUILD_TMP) $(SWIFT) test --skip-build
	rm -rf $(BUILD_TMP)

clean:
	rm -rf .build

# make install PREFIX=DIR [DESTDIR=STAGE]: the release build in the conventional layout (docs/install.md):
#   bin/deepmoused bin/deepmouse bin/deepmouse-follow, share/deepmouse/models/ (the shipped .dmm files and their model cards,
#   where deepmoused looks for touchpad.dmm without --model), share/man/man1/deepmoused.1 deepmouse.1
#   (generated from the help texts by tools/make-man-page), lib/systemd/system/deepmoused.service (its
#   paths rewritten to PREFIX). DESTDIR stages the files for a package: paths inside them stay PREFIX.
# install-built installs what BUILT holds without building (the tests use it on their debug build).
PREFIX ?= /usr/local
BUILT ?= .build/release
INSTALL_ROOT = $(DESTDIR)$(PREFIX)
MAN_OUT = $(BUILT)/man
install: build
	$(MAKE) install-built BUILT=.build/release PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"

man:
	mkdir -p "$(MAN_OUT)"
	tools/make-man-page --subcommands "record stats devices" $(BUILT)/deepmoused > "$(MAN_OUT)/deepmoused.1"
	tools/make-man-page $(BUILT)/deepmouse > "$(MAN_OUT)/deepmouse.1"

install-built: man
	install -d "$(INSTALL_ROOT)/bin" "$(INSTALL_ROOT)/share/deepmouse/models" \
		"$(INSTALL_ROOT)/share/man/man1" "$(INSTALL_ROOT)/lib/systemd/system"
	install -m 0755 $(BUILT)/deepmoused $(BUILT)/deepmouse $(BUILT)/deepmouse-follow "$(INSTALL_ROOT)/bin/"
	install -m 0644 firmware-models/*.dmm firmware-models/*.md "$(INSTALL_ROOT)/share/deepmouse/models/"
	install -m 0644 "$(MAN_OUT)/deepmoused.1" "$(MAN_OUT)/deepmouse.1" "$(INSTALL_ROOT)/share/man/man1/"
	sed 's|/usr/local/|$(PREFIX)/|g' tools/systemd/deepmoused.service > "$(INSTALL_ROOT)/lib/systemd/system/deepmoused.service"
	chmod 0644 "$(INSTALL_ROOT)/lib/systemd/system/deepmoused.service"
	@case "$(DESTDIR)$(PREFIX)" in \
	/usr|/usr/local) echo "installed into $(INSTALL_ROOT); the service:" \
		"systemctl daemon-reload && systemctl enable --now deepmoused" ;; \
	/home/*|/root/*) echo "installed into $(INSTALL_ROOT) (the unit there is for reference: a service" \
		"cannot run programs from a home folder, ProtectHome=yes; install into /usr/local for one)" ;; \
	*) echo "installed into $(INSTALL_ROOT) (systemd does not look for units there:" \
		"copy lib/systemd/system/deepmoused.service to /etc/systemd/system to run it as a service)" ;; \
	esac

# Removes what install put there (and the folders it made, when empty).
uninstall:
	rm -f "$(INSTALL_ROOT)/bin/deepmoused" "$(INSTALL_ROOT)/bin/deepmouse" "$(INSTALL_ROOT)/bin/deepmouse-follow" \
		"$(INSTALL_ROOT)/share/man/man1/deepmoused.1" "$(INSTALL_ROOT)/share/man/man1/deepmouse.1" \
		"$(INSTALL_ROOT)/lib/systemd/system/deepmoused.service"
	for f in firmware-models/*.dmm firmware-models/*.md; do rm -f "$(INSTALL_ROOT)/share/deepmouse/models/$${f##*/}"; done
	-rmdir "$(INSTALL_ROOT)/share/deepmouse/models" "$(INSTALL_ROOT)/share/deepmouse" 2>/dev/null

# swift format (in the toolchain), configured by .swift-format: 4 spaces, 120 columns.
FORMATTED = Sources Tests tools Firmware Package.swift
format:
	$(SWIFT) format -i -r $(FORMATTED)

# What CI checks: the tree is as `make format` leaves it.
format-check:
	$(SWIFT) format lint --strict -r $(FORMATTED)

# The core (kernels, model reader, streaming classifier) as Embedded Swift, -no-allocations,
# for the Cortex-M4 and x86_64 Linux: run before landing changes to Sources/DeepMouseCore.
core-embedded-check:
	tools/core-embedded-check

# deepmoused as Embedded Swift for Linux (same sources; libc, libevdev and libudev only,
# about 300 KB stripped): .build/embedded/x86_64-unknown-linux-gnu/deepmoused. The SwiftPM build stays
# the development build.
EMBEDDED_ARCH ?= x86_64
embedded-daemon: deps
	tools/embedded-daemon --target $(EMBEDDED_ARCH)

# The same for aarch64 Linux (cross-built; runs under qemu-aarch64 -L /), after installing the
# arm64 multiarch libraries; make embedded-test then also compares its replays.
embedded-daemon-aarch64: deps-embedded-aarch64
	tools/embedded-daemon --target aarch64

# The fixed-point engine and model reader on a Cortex-M4 (Firmware/README.md): the firmware image
# with MODEL embedded, run under qemu-system-arm -M mps2-an386 (golden self-test only; the
# embedded-test target also streams real windows through it).
firmware: deps-embedded
	tools/embedded-firmware --model $(MODEL) --run

# Both embedded builds checked against the normal build: the daemon's end-to-end tests and
# byte-identical replays with the embedded daemon, the M4 firmware's decisions bit for bit
# against the x86 engine (tools/embedded-test says what runs). CI runs it after `make test`.
embedded-test: deps deps-embedded
	tools/embedded-test

deps-embedded:
	@tools/install-deps --embedded

deps-embedded-aarch64:
	@tools/install-deps --embedded-aarch64
