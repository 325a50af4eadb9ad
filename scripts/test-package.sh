#!/usr/bin/env bash
# The installed artefact, checked the way a Debian host without Swift sees it. Run by `make test` (as root, as CI
# is; skipped with a message otherwise); `make test-package` runs it alone.
#
#   1. make deb: the release binary (Swift runtime and Foundation linked statically) and the .deb
#   2. the packaged binary has no RPATH/RUNPATH; ldd resolves every library under /lib or /usr/lib to a Debian
#      package, and the package of every library it links directly is in Depends
#   3. with the toolchain hidden (unshare --mount, an empty folder mounted over it) it runs --version,
#      check-config on the example config and scan --snapshot on the demo cluster; a binary that needs the
#      toolchain's runtime fails there (the hiding is checked, not assumed)
#   4. dpkg-deb --info/--contents: the fields, Depends, conffiles and files; the units point at /usr; and
#      make install into a DESTDIR (PREFIX=/usr/local): units under /etc naming /usr/local, config.ini kept
#   5. dpkg --root into an empty root (maintainer scripts chrootless, DPKG_ROOT): the account, config.ini made with
#      mode 0640 and group kubecapwatch, an existing config.ini left as it was through install and reinstall,
#      remove keeps it, purge removes it and keeps the administrator's instance configs
#   6. in a debootstrapped Debian root (minbase plus the Depends, nothing else; cached in DEBROOT_CACHE): dpkg -i
#      (dpkg checks Depends), the postinst's account made without systemd (useradd), the binary run there as the
#      kubecapwatch user, the main unit's check-config, and two template instances (kubecapwatch@prod and @staging,
#      their ExecStart and StateDirectory= taken from the installed unit) keeping separate state
#
# Settings (environment):
#   SKIP_DEBOOTSTRAP=1     leave out step 6 (steps 2-3 still prove the binary runs without the toolchain)
#   REQUIRE_DEBOOTSTRAP=1  fail, instead of skipping step 6 with a message, when the Debian root cannot be made
#   DEBROOT_CACHE          where debootstrapped roots are kept, default .build-debroot (git-ignored)
#   MIRROR                 Debian mirror for debootstrap, default http://deb.debian.org/debian
#   DEB                    test this .deb instead of building one with `make deb`
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR=$PWD
MAKE=${MAKE:-make}
# debian_root: the cached debootstrapped root of step 6 (DEBROOT_CACHE, MIRROR).
source scripts/debian-root.sh

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kubecapwatch-test-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
step() { echo "test-package: $*"; }
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }
# A kubeconfig that parses and names a cluster; nothing here contacts it.
KUBECONFIG_FIXTURE=$ROOT_DIR/Tests/Fixtures/offline-kubeconfig.yaml
if [ "$(id -u)" != 0 ]; then
    # unshare --mount, dpkg --root and chroot need root; CI runs as root, so there every check runs.
    echo "test-package: SKIPPED: needs root (run: sudo make test-package)" >&2
    exit 0
fi

# ------------------------------------------------------------------------------------------ 1. the package

if [ -z "${DEB:-}" ]; then
    step "make deb"
    "$MAKE" --no-print-directory deb > "$tmp/make-deb.log" 2>&1 || { tail -n 40 "$tmp/make-deb.log" >&2; fail "make deb"; }
    DEB=$(tail -n 1 "$tmp/make-deb.log")
fi
[ -f "$DEB" ] || fail "no package at $DEB"
step "package $DEB ($(du -h "$DEB" | cut -f1))"
pkgroot="$tmp/extracted"
dpkg-deb -x "$DEB" "$pkgroot"
bin="$pkgroot/usr/bin/kubecapwatch"
[ -x "$bin" ] || fail "the package has no executable /usr/bin/kubecapwatch"
step "binary $(du -h "$bin" | cut -f1) (stripped; Swift runtime, Foundation and ICU data inside)"
field() { dpkg-deb --field "$DEB" "$1"; }
depends=$(field Depends)

# ------------------------------------------------------------------------------------------ 2. what it links

step "readelf: no RPATH or RUNPATH"
dynamic=$(readelf -d "$bin") || fail "readelf -d"
if grep -E '\((RPATH|RUNPATH)\)' <<< "$dynamic"; then fail "the binary has a library search path"; fi

# owner_package FILE: the Debian package that ships FILE (as given, resolved, or its twin across the /usr merge).
owner_package() {
    local p c out
    for p in "$1" "$(readlink -f "$1")"; do
        for c in "$p" "/usr$p" "${p#/usr}"; do
            out=$(dpkg-query -S "$c" 2>/dev/null) && [ -n "$out" ] && { echo "${out%%:*}"; return 0; }
        done
    done
    return 1
}

step "ldd: every library under /lib or /usr/lib, from a Debian package"
ldd "$bin" > "$tmp/ldd.txt" || fail "ldd failed"
if grep -q "not found" "$tmp/ldd.txt"; then cat "$tmp/ldd.txt" >&2; fail "a library is not found"; fi
count=0
while read -r lib; do
    case "$lib" in
        /lib/*|/lib64/*|/usr/lib/*|/usr/lib64/*) ;;
        *) fail "ldd resolves a library outside /lib and /usr/lib: $lib" ;;
    esac
    owner_package "$lib" > /dev/null || fail "no Debian package ships $lib"
    count=$((count + 1))
done < <(awk '$2 == "=>" { print $3; next } $1 ~ /^\// { print $1 }' "$tmp/ldd.txt")
[ "$count" -gt 0 ] || fail "ldd listed no libraries"
step "  $count libraries, all from Debian packages"

step "Depends names the package of every library the binary links directly"
depends_names=" $(echo "$depends" | tr ',|' '\n\n' | awk '{ print $1 }' | tr '\n' ' ') "
while read -r needed; do
    path=$(awk -v n="$needed" '$1 == n && $2 == "=>" { print $3 }' "$tmp/ldd.txt")
    [ -n "$path" ] || path=$(awk -v n="$needed" '$1 ~ "/" n "$" { print $1 }' "$tmp/ldd.txt")
    pkg=$(owner_package "$path") || fail "no Debian package ships $needed ($path)"
    case "$depends_names" in
        *" $pkg "*) step "  $needed: $pkg" ;;
        *) fail "$needed comes from $pkg, which is not in Depends: $depends" ;;
    esac
done < <(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' <<< "$dynamic")
for runtime in libswiftCore libFoundation libdispatch libicu; do
    if grep -q "$runtime" "$tmp/ldd.txt"; then fail "the binary links $runtime dynamically"; fi
done

# ------------------------------------------------------------------------------------------ 3. without the toolchain

swift_bin=$(command -v swift || true)
if [ -n "$swift_bin" ]; then
    toolchain=$(dirname "$(dirname "$(readlink -f "$swift_bin")")")   # …/usr
else
    toolchain=/opt/swift/usr
fi
# A toolchain installed into /usr itself cannot be hidden whole: hide its runtime folder.
[ "$toolchain" = /usr ] && hide=/usr/lib/swift || hide=$toolchain
runtime_lib=$(find "$toolchain/lib/swift" -name 'libswiftCore.so' -print -quit 2>/dev/null || true)
step "hiding $hide (the toolchain; its runtime: ${runtime_lib:-none found})"
mkdir -p "$tmp/empty"
cp examples/demo-cluster.json "$tmp/demo-cluster.json"
# The debug build links the toolchain's runtime dynamically: inside, it must fail to start.
control=""
if [ -x .build/debug/kubecapwatch ] && [[ "$(ldd .build/debug/kubecapwatch)" == *libswiftCore* ]]; then
    control=$(readlink -f .build/debug/kubecapwatch)
fi
cat > "$tmp/hidden.sh" <<'EOF'
set -eu
hide=$1 bin=$2 example=$3 snapshot=$4 runtime_lib=$5 control=$6 out=$7
mount --bind "$(dirname "$out")/empty" "$hide"
unset LD_LIBRARY_PATH
if [ -n "$runtime_lib" ] && [ -e "$runtime_lib" ]; then echo "still visible: $runtime_lib" >&2; exit 2; fi
if [ -n "$control" ] && "$control" --version >/dev/null 2>&1; then echo "a binary needing the toolchain's runtime ran" >&2; exit 3; fi
"$bin" --version > "$out/version.txt"
# The example config names no cluster: check-config (like run) needs a usable kubeconfig, read but not contacted.
KUBECONFIG="$(dirname "$out")/kubeconfig" "$bin" check-config --config "$example" > "$out/check-config.txt"
"$bin" scan --config "$example" --snapshot "$snapshot" --scope node --output json > "$out/scan.json"
EOF
mkdir -p "$tmp/out"
cp "$KUBECONFIG_FIXTURE" "$tmp/kubeconfig"
unshare --mount --propagation private sh "$tmp/hidden.sh" "$hide" "$bin" "$pkgroot/etc/kubecapwatch/config.ini.example" \
    "$tmp/demo-cluster.json" "$runtime_lib" "$control" "$tmp/out" \
    || fail "the packaged binary did not run with the toolchain hidden (exit $?)"
grep -qx "$(field Version)" "$tmp/out/version.txt" || fail "--version printed $(cat "$tmp/out/version.txt")"
grep -q '^\[general\]' "$tmp/out/check-config.txt" || fail "check-config printed no effective configuration"
python3 - "$tmp/out/scan.json" <<'EOF' || fail "scan --snapshot output"
import json, sys
report = json.load(open(sys.argv[1]))
names = sorted(n["name"] for n in report["nodes"])
assert names == ["gpu-1", "node-a", "node-b", "node-c"], names
EOF
step "  --version, check-config and scan --snapshot ran${control:+; the debug build could not start}"

# ------------------------------------------------------------------------------------------ 4. the package's parts

step "dpkg-deb --info and --contents"
[ "$(field Package)" = kubecapwatch ] || fail "Package: $(field Package)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
for dep in libc6 libcurl4 libyaml-0-2 libinih1 passwd; do
    case "$depends_names" in *" $dep "*) ;; *) fail "Depends lacks $dep: $depends" ;; esac
done
dpkg-deb --info "$DEB" > "$tmp/info.txt"
for part in conffiles postinst prerm postrm md5sums; do
    grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines( +\*)? +$part" "$tmp/info.txt" || fail "no $part in the control archive"
done
dpkg-deb -e "$DEB" "$tmp/control"
[ "$(cat "$tmp/control/conffiles")" = /etc/kubecapwatch/config.ini.example ] \
    || fail "conffiles: $(tr '\n' ' ' < "$tmp/control/conffiles")"
dpkg-deb --contents "$DEB" | awk '{ print $NF }' | sed 's|^\./|/|' > "$tmp/contents.txt"
for f in /usr/bin/kubecapwatch /usr/lib/systemd/system/kubecapwatch.service \
        /usr/lib/systemd/system/kubecapwatch@.service /usr/lib/sysusers.d/kubecapwatch.conf \
        /etc/kubecapwatch/config.ini.example /usr/share/man/man1/kubecapwatch.1.gz \
        /usr/share/bash-completion/completions/kubecapwatch /usr/share/zsh/vendor-completions/_kubecapwatch \
        /usr/share/fish/vendor_completions.d/kubecapwatch.fish /usr/share/doc/kubecapwatch/README.md \
        /usr/share/doc/kubecapwatch/copyright; do
    grep -qx "$f" "$tmp/contents.txt" || fail "the package lacks $f"
done
if grep -qx /etc/kubecapwatch/config.ini "$tmp/contents.txt"; then fail "the package ships config.ini itself"; fi
for unit in kubecapwatch.service kubecapwatch@.service; do
    u="$pkgroot/usr/lib/systemd/system/$unit"
    grep -q '^ExecStart=/usr/bin/kubecapwatch run ' "$u" || fail "$unit: ExecStart is not /usr/bin/kubecapwatch"
    grep -q '^Documentation=man:kubecapwatch(1) file:///usr/share/doc/kubecapwatch/README.md$' "$u" \
        || fail "$unit: Documentation= does not follow PREFIX=/usr"
    if grep -q /usr/local "$u"; then fail "$unit still names /usr/local"; fi
done
zcat "$pkgroot/usr/share/man/man1/kubecapwatch.1.gz" > "$tmp/kubecapwatch.1" || fail "the man page is not gzip"
grep -q '^\.Nm kubecapwatch' "$tmp/kubecapwatch.1" || fail "the man page has no NAME"
for sub in run scan graph check-config notify-test; do
    grep -q "^\.It Em $sub$" "$tmp/kubecapwatch.1" || fail "the man page lacks $sub"
done
bash -c 'source "$1"; complete -p kubecapwatch' _ "$pkgroot/usr/share/bash-completion/completions/kubecapwatch" \
    > /dev/null || fail "the bash completion registers nothing for kubecapwatch"
grep -q '^#compdef kubecapwatch' "$pkgroot/usr/share/zsh/vendor-completions/_kubecapwatch" || fail "zsh completion"
grep -q "^complete -c 'kubecapwatch' " "$pkgroot/usr/share/fish/vendor_completions.d/kubecapwatch.fish" || fail "fish completion"

step "make install DESTDIR=… (PREFIX=/usr/local): units under /etc naming /usr/local, config.ini made once"
local_root="$tmp/local-install"
"$MAKE" --no-print-directory install DESTDIR="$local_root" > "$tmp/install.log" 2>&1 \
    || { tail -n 30 "$tmp/install.log" >&2; fail "make install DESTDIR=$local_root"; }
for unit in kubecapwatch.service kubecapwatch@.service; do
    u="$local_root/etc/systemd/system/$unit"
    [ -f "$u" ] || fail "make install put no $unit in /etc/systemd/system"
    grep -q '^ExecStart=/usr/local/bin/kubecapwatch run ' "$u" || fail "$unit (PREFIX=/usr/local): ExecStart"
    grep -q '^Documentation=man:kubecapwatch(1) file:///usr/local/share/doc/kubecapwatch/README.md$' "$u" \
        || fail "$unit (PREFIX=/usr/local): Documentation="
done
for f in usr/local/bin/kubecapwatch usr/local/share/man/man1/kubecapwatch.1.gz usr/lib/sysusers.d/kubecapwatch.conf \
        usr/local/share/bash-completion/completions/kubecapwatch usr/local/share/zsh/site-functions/_kubecapwatch \
        usr/local/share/fish/vendor_completions.d/kubecapwatch.fish usr/local/share/doc/kubecapwatch/README.md; do
    [ -s "$local_root/$f" ] || fail "make install did not install /$f"
done
[ "$(stat -c %a "$local_root/etc/kubecapwatch/config.ini")" = 640 ] || fail "make install: config.ini is not mode 640"
echo '; edited' >> "$local_root/etc/kubecapwatch/config.ini"
cp "$local_root/etc/kubecapwatch/config.ini" "$tmp/local-config.edited"
"$MAKE" --no-print-directory install DESTDIR="$local_root" > "$tmp/install.log" 2>&1 || fail "make install, again"
cmp -s "$local_root/etc/kubecapwatch/config.ini" "$tmp/local-config.edited" || fail "make install overwrote config.ini"

# ------------------------------------------------------------------------------------------ 5. dpkg --root

# new_root DIR: an empty dpkg root with only root in its account files.
new_root() {
    mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates" "$1/etc"
    touch "$1/var/lib/dpkg/status" "$1/var/lib/dpkg/available"
    echo 'root:x:0:0:root:/root:/bin/sh' > "$1/etc/passwd"
    echo 'root:x:0:' > "$1/etc/group"
}
# The maintainer scripts run here, on this host, with DPKG_ROOT (no chroot: the root has no shell); Depends are
# forced because the root has no packages (step 6 checks them).
dpkg_root() { dpkg --root="$R" --force-script-chrootless --force-depends --log=/dev/null "$@" > "$tmp/dpkg.log" 2>&1 \
    || { cat "$tmp/dpkg.log" >&2; fail "dpkg --root $*"; }; }
mode_group() { stat -c '%a %g' "$1"; }
account_gid() { awk -F: '$1 == "kubecapwatch" { print $3 }' "$R/etc/group"; }

step "dpkg --root: a first install makes the account and config.ini (0640, group kubecapwatch)"
R="$tmp/root-fresh"; new_root "$R"
dpkg_root -i "$DEB"
grep -q '^kubecapwatch:x:[0-9]*:[0-9]*:.*:/var/lib/kubecapwatch:/usr/sbin/nologin$' "$R/etc/passwd" \
    || fail "no kubecapwatch account in the root's /etc/passwd"
[ -n "$(account_gid)" ] || fail "no kubecapwatch group in the root's /etc/group"
[ "$(mode_group "$R/etc/kubecapwatch/config.ini")" = "640 $(account_gid)" ] \
    || fail "config.ini is $(mode_group "$R/etc/kubecapwatch/config.ini"), expected 640 and group $(account_gid)"
cmp -s "$R/etc/kubecapwatch/config.ini" "$pkgroot/etc/kubecapwatch/config.ini.example" || fail "config.ini is not the example"
dpkg --root="$R" --verify kubecapwatch || fail "dpkg --verify"

step "dpkg --root: an existing config.ini is kept through install, reinstall and remove; purge removes it"
R="$tmp/root-existing"; new_root "$R"
mkdir -p "$R/etc/kubecapwatch"
printf '[general]\ninterval = 5m\n' > "$R/etc/kubecapwatch/config.ini"
chmod 0600 "$R/etc/kubecapwatch/config.ini"
cp -p "$R/etc/kubecapwatch/config.ini" "$tmp/config.before"
printf '[kubernetes]\ncluster_name = prod\n' > "$R/etc/kubecapwatch/prod.ini"
dpkg_root -i "$DEB"
cmp -s "$R/etc/kubecapwatch/config.ini" "$tmp/config.before" || fail "install changed an existing config.ini"
[ "$(mode_group "$R/etc/kubecapwatch/config.ini")" = "600 0" ] || fail "install changed an existing config.ini's mode or group"
echo 'log_level = debug' >> "$R/etc/kubecapwatch/config.ini"
cp -p "$R/etc/kubecapwatch/config.ini" "$tmp/config.edited"
dpkg_root -i "$DEB"
cmp -s "$R/etc/kubecapwatch/config.ini" "$tmp/config.edited" || fail "a reinstall changed the edited config.ini"
mkdir -p "$R/var/lib/kubecapwatch/prod" && echo '{}' > "$R/var/lib/kubecapwatch/prod/state.json"
dpkg_root --remove kubecapwatch
[ ! -e "$R/usr/bin/kubecapwatch" ] || fail "remove left the binary"
cmp -s "$R/etc/kubecapwatch/config.ini" "$tmp/config.edited" || fail "remove changed config.ini"
dpkg_root --purge kubecapwatch
[ ! -e "$R/etc/kubecapwatch/config.ini" ] || fail "purge left config.ini"
[ ! -e "$R/etc/kubecapwatch/config.ini.example" ] || fail "purge left the example (a conffile)"
[ ! -e "$R/var/lib/kubecapwatch" ] || fail "purge left the state in /var/lib/kubecapwatch"
[ -f "$R/etc/kubecapwatch/prod.ini" ] || fail "purge removed the administrator's prod.ini"

# ------------------------------------------------------------------------------------------ 6. a Debian root

skip_debootstrap() {
    if [ "${REQUIRE_DEBOOTSTRAP:-0}" = 1 ]; then fail "$1"; fi
    echo "test-package: SKIPPED the install into a debootstrapped Debian root: $1" >&2
    echo "test-package: (steps 2-3 still checked that the binary runs without the toolchain)" >&2
    echo "test-package: OK"
    exit 0
}
[ "${SKIP_DEBOOTSTRAP:-0}" = 1 ] && skip_debootstrap "SKIP_DEBOOTSTRAP=1"
# Minbase (essential and required packages) plus exactly the packages Depends names.
include=$(echo "$depends_names" | tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd, -)
debian_root test-package "$include" "$tmp/debootstrap.log" || skip_debootstrap "$DEBIAN_ROOT_PROBLEM"
base=$DEBIAN_ROOT

# The checks inside, as root in the chroot; ExecStart and StateDirectory= come from the installed units.
cat > "$tmp/inside.sh" <<'EOF'
set -eu
fail() { echo "inside the Debian root: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin
dpkg -i /tmp/kubecapwatch.deb > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log >&2; fail "dpkg -i"; }
[ ! -e /usr/bin/systemd-sysusers ] || fail "the root has systemd: the useradd path is not exercised"
getent passwd kubecapwatch > /dev/null || fail "the postinst made no kubecapwatch account"
[ "$(stat -c '%a %G' /etc/kubecapwatch/config.ini)" = "640 kubecapwatch" ] || fail "config.ini: $(stat -c '%a %G' /etc/kubecapwatch/config.ini)"
kubecapwatch --version > /dev/null || fail "kubecapwatch --version"
as_service() { setpriv --reuid=kubecapwatch --regid=kubecapwatch --clear-groups "$@"; }
# unit_value UNIT KEY INSTANCE: KEY's value in the installed unit, %i replaced by the instance name.
unit_value() { sed -n "s/^$2=//p" "/usr/lib/systemd/system/$1" | sed "s/%i/$3/g"; }
# The main unit's ExecStartPre, as the service user: config.ini must be readable through the group. Like an
# operator, first give it the cluster (check-config reads the kubeconfig, as run does, without contacting it).
cp /tmp/kubeconfig /etc/kubecapwatch/kubeconfig   # Tests/Fixtures/offline-kubeconfig.yaml, copied in
chgrp kubecapwatch /etc/kubecapwatch/kubeconfig && chmod 0640 /etc/kubecapwatch/kubeconfig
sed -i -e 's|^;\[kubernetes\]$|[kubernetes]|' -e 's|^;kubeconfig = *$|kubeconfig = /etc/kubecapwatch/kubeconfig|' \
    /etc/kubecapwatch/config.ini
as_service $(unit_value kubecapwatch.service ExecStartPre "") > /dev/null || fail "kubecapwatch.service's check-config as kubecapwatch"
for instance in prod staging; do
    cat > "/etc/kubecapwatch/$instance.ini" <<INI
[general]
scope = node
cpu_limit_threshold = 100
[kubernetes]
snapshot = /srv/demo-cluster.json
cluster_name = $instance
INI
    chgrp kubecapwatch "/etc/kubecapwatch/$instance.ini" && chmod 0640 "/etc/kubecapwatch/$instance.ini"
done
# run_instance NAME: one scan of kubecapwatch@NAME as systemd would run it (--once added), in its StateDirectory=.
run_instance() {
    state=/var/lib/$(unit_value kubecapwatch@.service StateDirectory "$1")
    mkdir -p "$state" && chown kubecapwatch:kubecapwatch "$state" && chmod 0700 "$state"
    as_service $(unit_value kubecapwatch@.service ExecStartPre "$1") > /dev/null || fail "kubecapwatch@$1: check-config"
    STATE_DIRECTORY=$state as_service $(unit_value kubecapwatch@.service ExecStart "$1") --once 2> "/tmp/$1.err" \
        || { cat "/tmp/$1.err" >&2; fail "kubecapwatch@$1: run --once"; }
}
run_instance prod > /tmp/prod-1.txt
run_instance prod > /tmp/prod-2.txt
run_instance staging > /tmp/staging-1.txt
grep -q '^FIRING node/node-a cpu_limits .* cluster=prod ' /tmp/prod-1.txt || fail "kubecapwatch@prod fired nothing: $(cat /tmp/prod-1.txt)"
if grep -q FIRING /tmp/prod-2.txt; then fail "kubecapwatch@prod's second scan fired again: its state was not kept"; fi
grep -q '^FIRING node/node-a cpu_limits .* cluster=staging ' /tmp/staging-1.txt \
    || fail "kubecapwatch@staging fired nothing after prod's alerts: the instances share state"
[ -s /var/lib/kubecapwatch/prod/state.json ] && [ -s /var/lib/kubecapwatch/staging/state.json ] \
    || fail "no state.json under /var/lib/kubecapwatch/prod and /staging"
echo "FIRING lines: prod $(grep -c FIRING /tmp/prod-1.txt), prod again 0, staging $(grep -c FIRING /tmp/staging-1.txt)"
EOF
# A fresh writable root on every run: an overlay on the cached one, else a copy.
cat > "$tmp/chroot.sh" <<'EOF'
set -eu
base=$1 work=$2 deb=$3 snapshot=$4 inside=$5 kubeconfig=$6
root=$work/merged
mkdir -p "$work/upper" "$work/work" "$root"
if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/work" "$root" 2>/dev/null; then
    cp -a "$base/." "$root/"
fi
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
cp "$deb" "$root/tmp/kubecapwatch.deb"
mkdir -p "$root/srv" && cp "$snapshot" "$root/srv/demo-cluster.json"
cp "$inside" "$root/tmp/inside.sh"
cp "$kubeconfig" "$root/tmp/kubeconfig"
chroot "$root" /bin/sh /tmp/inside.sh
EOF
step "Debian root: dpkg -i, the account without systemd, the binary as kubecapwatch, kubecapwatch@prod and @staging"
unshare --mount --propagation private sh "$tmp/chroot.sh" "$base" "$tmp/debroot" "$(readlink -f "$DEB")" \
    "$tmp/demo-cluster.json" "$tmp/inside.sh" "$KUBECONFIG_FIXTURE" > "$tmp/inside.log" 2>&1 \
    || { cat "$tmp/inside.log" >&2; fail "the install into the Debian root"; }
step "  $(tail -n 1 "$tmp/inside.log")"
echo "test-package: OK"
