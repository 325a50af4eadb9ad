# kubecapwatch: build, test, demo, install and package.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      := $(PREFIX)/bin
DATADIR     := $(PREFIX)/share
MANDIR      := $(DATADIR)/man
DOCDIR      := $(DATADIR)/doc/kubecapwatch
# Units that come with the system (PREFIX=/usr, the package) belong under /usr/lib; a local install's under /etc.
UNITDIR     ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/systemd/system,/etc/systemd/system)
SYSUSERSDIR ?= /usr/lib/sysusers.d
CONFDIR     ?= /etc/kubecapwatch
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# Debian's zsh reads packages' completions from vendor-completions and local ones from site-functions.
ZSHCOMPDIR  ?= $(if $(filter /usr,$(PREFIX)),$(DATADIR)/zsh/vendor-completions,$(DATADIR)/zsh/site-functions)
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
# no: leave /etc/kubecapwatch/config.ini to the package's postinst (make deb).
INSTALL_CONFIG ?= yes
SWIFT       ?= swift
CONFIG      ?= release
# The installed binary carries the Swift runtime and Foundation (static) and no $ORIGIN runpath, so it runs on a
# Debian host without the Swift toolchain; ldd lists Debian's libraries only.
RELEASE_FLAGS = -c $(CONFIG) --static-swift-stdlib --disable-local-rpath
BIN          = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/kubecapwatch
# Generated here: the man page, the shell completions, the package's staging tree (git-ignored).
GEN         := .build-pkg
DIST        ?= dist
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APT_PACKAGES := libcurl4-openssl-dev libyaml-dev libinih-dev libsimdjson-dev
DEMO_APT_PACKAGES := graphviz
PKG_APT_PACKAGES := dpkg-dev binutils
# make image: a Debian root from Debian packages, and buildah to make it an image without a container engine.
IMAGE_APT_PACKAGES := debootstrap buildah
TEST_APT_PACKAGES := python3 python3-pip openssl graphviz systemd $(PKG_APT_PACKAGES) $(IMAGE_APT_PACKAGES)

# apt_install PACKAGES: installs those of the Debian packages that are not installed yet.
apt_install = if ! dpkg -s $(1) >/dev/null 2>&1; then \
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); fi

.PHONY: all deps test-deps build demo test install uninstall docs verify-unit bench clean man completions deb \
	test-package test-deploy image

all: build

## deps: the C libraries from Debian
deps:
	@$(call apt_install,$(APT_PACKAGES))

## test-deps: what the tests start (Python test servers, Graphviz, systemd-analyze, the package's and the
## image's tools, the manifests' validator)
test-deps: deps
	@$(call apt_install,$(TEST_APT_PACKAGES))
	python3 -m pip install -q --disable-pip-version-check -r Tests/Servers/requirements.txt \
		-r scripts/requirements-test.txt

## build: the release binary that make install and make deb ship
build: deps
	$(SWIFT) build $(RELEASE_FLAGS)

## demo: build and run the watcher once against the bundled demo cluster snapshot (a debug build: quicker),
## from fresh alert state every time
demo: deps
	@$(call apt_install,$(DEMO_APT_PACKAGES))
	$(SWIFT) build
	scripts/demo.sh "$$($(SWIFT) build --show-bin-path)/kubecapwatch"

## test: the whole test suite (unit, real test servers, end-to-end runs of the built binary), then make demo twice,
## the Kubernetes manifests (scripts/test-deploy.py), the package (scripts/test-package.sh) and make image
## (skipped with a message where it cannot be built: not root, no buildah)
# Serial: the end-to-end tests wait on real processes and servers, and on a 2-core machine running them side by
# side starves Swift's cooperative thread pool, turning deadlines in unrelated tests into flaky failures.
test: test-deps
	$(SWIFT) build
	$(SWIFT) test --no-parallel
	scripts/test-demo.sh
	scripts/test-deploy.py "$$($(SWIFT) build --show-bin-path)/kubecapwatch"
	scripts/test-package.sh
	IMAGE_OPTIONAL=1 $(MAKE) --no-print-directory image

## test-package: only the package's checks (builds the release binary and the .deb)
test-package: test-deps
	scripts/test-package.sh

## test-deploy: only the Kubernetes manifests' checks (deploy/kubernetes)
test-deploy: test-deps
	$(SWIFT) build
	scripts/test-deploy.py "$$($(SWIFT) build --show-bin-path)/kubecapwatch"

## image: the container image of the Containerfile, built from Debian packages with buildah (no container engine,
## no registry; as root), smoke-tested, exported to $(DIST)/kubecapwatch-image.tar (see scripts/build-image.sh)
image: deps
	@$(call apt_install,$(IMAGE_APT_PACKAGES))
	MAKE="$(MAKE)" IMAGE_ARCHIVE="$(DIST)/kubecapwatch-image.tar" scripts/build-image.sh "$(BIN)"

## docs: regenerate the configuration reference in README.md and config.ini.example from the code
docs:
	$(SWIFT) build
	scripts/update-docs.sh "$$($(SWIFT) build --show-bin-path)/kubecapwatch"

## verify-unit: systemd-analyze verify on both units, pointed at the built binary, with the man page they name
verify-unit: deps man
	$(SWIFT) build
	scripts/verify-unit.sh "$$($(SWIFT) build --show-bin-path)/kubecapwatch" $(GEN)/man

## man: the man page (swift-argument-parser's generate-manual plugin), in $(GEN)/man
man: deps
	scripts/generate-manual.sh $(GEN)/man

## completions: bash, zsh and fish completions from the release binary, in $(GEN)/completions
completions: build
	mkdir -p $(GEN)/completions
	"$(BIN)" --generate-completion-script bash > $(GEN)/completions/kubecapwatch.bash
	"$(BIN)" --generate-completion-script zsh > $(GEN)/completions/_kubecapwatch
	"$(BIN)" --generate-completion-script fish > $(GEN)/completions/kubecapwatch.fish

## install: binary, both systemd units, sysusers entry, man page, completions, docs, example config (never
## overwrites an existing config.ini)
install: build man completions
	install -D -s -m 0755 "$(BIN)" "$(DESTDIR)$(BINDIR)/kubecapwatch"
	for unit in kubecapwatch.service kubecapwatch@.service; do \
		install -D -m 0644 "systemd/$$unit" "$(DESTDIR)$(UNITDIR)/$$unit" && \
		sed -i 's|/usr/local/|$(PREFIX)/|g' "$(DESTDIR)$(UNITDIR)/$$unit" || exit 1; done
	install -D -m 0644 systemd/kubecapwatch.sysusers "$(DESTDIR)$(SYSUSERSDIR)/kubecapwatch.conf"
	install -D -m 0644 $(GEN)/man/man1/kubecapwatch.1.gz "$(DESTDIR)$(MANDIR)/man1/kubecapwatch.1.gz"
	install -D -m 0644 $(GEN)/completions/kubecapwatch.bash "$(DESTDIR)$(BASHCOMPDIR)/kubecapwatch"
	install -D -m 0644 $(GEN)/completions/_kubecapwatch "$(DESTDIR)$(ZSHCOMPDIR)/_kubecapwatch"
	install -D -m 0644 $(GEN)/completions/kubecapwatch.fish "$(DESTDIR)$(FISHCOMPDIR)/kubecapwatch.fish"
	install -D -m 0644 config.ini.example "$(DESTDIR)$(CONFDIR)/config.ini.example"
	install -D -m 0644 README.md "$(DESTDIR)$(DOCDIR)/README.md"
	install -D -m 0644 packaging/copyright "$(DESTDIR)$(DOCDIR)/copyright"
	install -D -m 0644 -t "$(DESTDIR)$(DOCDIR)/docs" docs/*.md
	@if [ "$(INSTALL_CONFIG)" != yes ]; then :; \
	elif [ -e "$(DESTDIR)$(CONFDIR)/config.ini" ]; then \
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
		"$(DESTDIR)$(UNITDIR)/kubecapwatch@.service" "$(DESTDIR)$(SYSUSERSDIR)/kubecapwatch.conf" \
		"$(DESTDIR)$(CONFDIR)/config.ini.example" "$(DESTDIR)$(MANDIR)/man1/kubecapwatch.1.gz" \
		"$(DESTDIR)$(BASHCOMPDIR)/kubecapwatch" "$(DESTDIR)$(ZSHCOMPDIR)/_kubecapwatch" \
		"$(DESTDIR)$(FISHCOMPDIR)/kubecapwatch.fish"
	rm -rf "$(DESTDIR)$(DOCDIR)"

## deb: the Debian package, $(DIST)/kubecapwatch_VERSION_ARCH.deb (PREFIX=/usr; see scripts/build-deb.sh)
deb: deps
	@$(call apt_install,$(PKG_APT_PACKAGES))
	rm -rf $(GEN)/deb
	$(MAKE) --no-print-directory install DESTDIR="$(CURDIR)/$(GEN)/deb/debian/kubecapwatch" PREFIX=/usr \
		INSTALL_CONFIG=no
	scripts/build-deb.sh $(GEN)/deb $(DIST)

## bench: the scan benchmark against kubectl (see docs/benchmark.md)
bench:
	scripts/bench.sh

clean:
	rm -rf .build $(GEN) $(DIST) .build-debroot .build-image
