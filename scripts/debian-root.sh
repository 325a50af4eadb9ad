# Sourced (not run) by scripts/test-package.sh and scripts/build-image.sh: a Debian root made by debootstrap from
# Debian packages, cached between runs because making one takes minutes.
#
#   debian_root PREFIX INCLUDE LOG
#       Sets DEBIAN_ROOT to a root of this host's Debian release: debootstrap's minbase (the essential and
#       required packages) plus the comma-separated packages INCLUDE. It is made on first use (debootstrap's
#       output goes to LOG; PREFIX starts the progress line) and kept in DEBROOT_CACHE, keyed by release, mirror
#       and INCLUDE. The cached root is shared: callers overlay or copy it, never change it.
#       Returns 1 with DEBIAN_ROOT_PROBLEM set when no root can be had (no debootstrap, a release without a
#       codename, the mirror failing), for the caller to skip or fail with that reason.
#
# Settings (environment):
#   DEBROOT_CACHE   where roots are kept, default .build-debroot in the source tree (git-ignored; make clean)
#   MIRROR          Debian mirror for debootstrap, default http://deb.debian.org/debian
DEBROOT_CACHE=${DEBROOT_CACHE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build-debroot}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

debian_root() {
    local prefix=$1 include=$2 log=$3 suite key lock
    DEBIAN_ROOT="" DEBIAN_ROOT_PROBLEM=""
    if ! command -v debootstrap > /dev/null; then
        DEBIAN_ROOT_PROBLEM="debootstrap is not installed (make test-deps installs it)"; return 1
    fi
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    if [ -z "$suite" ]; then DEBIAN_ROOT_PROBLEM="this host's Debian release has no codename"; return 1; fi
    key=$(printf '%s %s %s' "$suite" "$MIRROR" "$include" | sha256sum | cut -c1-16)
    DEBIAN_ROOT="$DEBROOT_CACHE/$suite-minbase-$key"
    mkdir -p "$DEBROOT_CACHE"
    # One maker at a time: a second caller waits, then finds the root complete.
    exec {lock}> "$DEBROOT_CACHE/.lock"
    flock "$lock"
    if [ -f "$DEBIAN_ROOT/.complete" ]; then
        echo "$prefix: Debian root from the cache: $DEBIAN_ROOT"
    else
        echo "$prefix: debootstrap --variant=minbase --include=$include $suite (cached in $DEBIAN_ROOT)"
        rm -rf "$DEBIAN_ROOT"
        if ! timeout 900 debootstrap --variant=minbase --include="$include" "$suite" "$DEBIAN_ROOT" "$MIRROR" \
                > "$log" 2>&1; then
            tail -n 5 "$log" >&2
            rm -rf "$DEBIAN_ROOT"
            DEBIAN_ROOT="" DEBIAN_ROOT_PROBLEM="debootstrap from $MIRROR failed"
        else
            touch "$DEBIAN_ROOT/.complete"
        fi
    fi
    flock -u "$lock"
    exec {lock}>&-
    [ -n "$DEBIAN_ROOT" ]
}
