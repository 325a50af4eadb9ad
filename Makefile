# kubecapwatch: build, test, demo and install.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      := $(PREFIX)/bin
UNITDIR     ?= /etc/systemd/system
SYSUSERSDIR ?= /usr/lib/sysusers.d
CONFDIR     ?= /etc/kubecapwatch
DOCDIR      := $(PREFIX)/share/doc/kubecapwatch
SWIFT       ?= swift
CONFIG      ?= release
BIN          = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path)/kubecapwatch
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APT_PACKAGES := libcurl4-openssl-dev libyaml-dev libinih-dev libsimdjson-dev
TEST_APT_PACKAGES := python3 python3-pip openssl graphviz systemd

.PHONY: all deps test-deps build demo test install uninstall docs verify-unit bench clean

all: build

## deps: the three C libraries from Debian
deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); fi

## test-deps: what the tests start (Python test servers, Graphviz, systemd-analyze)
test-deps: deps
	@if ! dpkg -s $(TEST_APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_APT_PACKAGES); fi
	python3 -m pip install -q --disable-pip-version-check -r Tests/Servers/requirements.txt

build: deps
	$(SWIFT) build -c $(CONFIG)

## demo: build and run the watcher once against the bundled demo cluster snapshot (a debug build: quicker)
demo: deps
	$(SWIFT) build
	@bin="$$($(SWIFT) build --show-bin-path)/kubecapwatch"; set -e; \
	echo "== kubecapwatch check-config --config examples/demo.ini"; "$$bin" check-config --config examples/demo.ini >/dev/null; \
	echo "== kubecapwatch scan --config examples/demo.ini"; "$$bin" scan --config examples/demo.ini; \
	echo "== kubecapwatch run --config examples/demo.ini --once"; "$$bin" run --config examples/demo.ini --once; \
	echo "== kubecapwatch graph --config examples/demo.ini --format svg --output demo-graph.svg"; \
	"$$bin" graph --config examples/demo.ini --format svg --output demo-graph.svg

## test: the whole test suite (unit, real test servers, end-to-end runs of the built binary)
# Serial: the end-to-end tests wait on real processes and servers, and on a 2-core machine running them side by
# side starves Swift's cooperative thread pool, turning deadlines in unrelated tests into flaky failures.
test: test-deps
	$(SWIFT) build
	$(SWIFT) test --no-parallel

## docs: regenerate the configuration reference in README.md and config.ini.example from the code
docs:
	$(SWIFT) build
	scripts/update-docs.sh "$$($(SWIFT) build --show-bin-path)/kubecapwatch"

## verify-unit: systemd-analyze verify on the unit, pointed at the built binary
verify-unit: deps
	$(SWIFT) build
	scripts/verify-unit.sh "$$($(SWIFT) build --show-bin-path)/kubecapwatch"

## install: binary, systemd unit, sysusers entry, example config (never overwrites an existing config.ini)
install: build
	install -D -m 0755 "$(BIN)" "$(DESTDIR)$(BINDIR)/kubecapwatch"
	install -D -m 0644 systemd/kubecapwatch.service "$(DESTDIR)$(UNITDIR)/kubecapwatch.service"
	sed -i 's|/usr/local/bin/kubecapwatch|$(BINDIR)/kubecapwatch|g' "$(DESTDIR)$(UNITDIR)/kubecapwatch.service"
	install -D -m 0644 systemd/kubecapwatch.sysusers "$(DESTDIR)$(SYSUSERSDIR)/kubecapwatch.conf"
	install -D -m 0644 config.ini.example "$(DESTDIR)$(CONFDIR)/config.ini.example"
	install -D -m 0644 README.md "$(DESTDIR)$(DOCDIR)/README.md"
	@if [ -e "$(DESTDIR)$(CONFDIR)/config.ini" ]; then \
		echo "kept existing $(DESTDIR)$(CONFDIR)/config.ini"; \
	else \
		install -m 0640 config.ini.example "$(DESTDIR)$(CONFDIR)/config.ini"; \
		echo "installed $(DESTDIR)$(CONFDIR)/config.ini"; \
	fi
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
		systemd-sysusers "$(SYSUSERSDIR)/kubecapwatch.conf" && chgrp kubecapwatch "$(CONFDIR)/config.ini" || true; \
		systemctl daemon-reload 2>/dev/null || true; fi

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/kubecapwatch" "$(DESTDIR)$(UNITDIR)/kubecapwatch.service" \
		"$(DESTDIR)$(SYSUSERSDIR)/kubecapwatch.conf" "$(DESTDIR)$(CONFDIR)/config.ini.example"
	rm -rf "$(DESTDIR)$(DOCDIR)"

## bench: the scan benchmark against kubectl (see docs/benchmark.md)
bench:
	scripts/bench.sh

clean:
	rm -rf .build
