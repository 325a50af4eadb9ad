#!/usr/bin/env bash
# `make image`: the container image the Containerfile describes, built here without a container engine or a
# registry, from Debian packages, then smoke-tested and exported. Run as root (debootstrap, chroot, and buildah
# with the vfs storage driver and chroot isolation need it); `make test` runs it too.
#
#   0. make build: the release binary (Swift runtime and Foundation static), which make install and make deb ship
#   1. a Debian root from Debian packages: debootstrap's minbase plus packaging/image/runtime-packages (the
#      libraries the binary links, CA certificates), cached by scripts/debian-root.sh as test-package.sh's is
#   2. buildah from scratch (storage driver vfs, its storage in .build-image/, nothing in /var/lib/containers):
#      that root copied in, the host files debootstrap copied (resolv.conf, hostname) emptied, the stripped release
#      binary and the copyright file added where the Containerfile puts them, then packaging/image/finish-root.sh
#      run inside it, as the Containerfile runs it: slim, and the account kubecapwatch (65532)
#   3. the Containerfile's own ENV, USER, WORKDIR, EXPOSE, ENTRYPOINT, CMD and LABEL lines applied by buildah config;
#      committed as localhost/kubecapwatch:VERSION
#   4. smoke tests with `buildah run --isolation chroot`, as the image's user: uid 65532; --version; every library
#      the binary links comes from a listed package; check-config with a kubeconfig; scan --snapshot and run --once
#      on the demo cluster (run --once keeps its state in the image's state folder); and scan as a pod would, with
#      a service-account token and CA mounted where Kubernetes mounts them, against the HTTPS test API server
#      serving the demo cluster: the same node figures as the host's scan of the snapshot
#   5. the Containerfile itself, built by buildah with its build stage replaced by the binary above (no Swift image
#      here) and the Debian root of step 1 as its base image: its runtime stage installs the listed packages with
#      apt-get and runs finish-root.sh, and gives an image with the same settings, account, files and probe
#      results as make image's
#   6. exported as a docker-archive (docker load, podman load, kind load image-archive, ctr images import) to
#      dist/kubecapwatch-image.tar; its sizes printed
#
# Usage: scripts/build-image.sh BINARY   (where `make build` puts the release binary; make image passes it)
# Settings (environment):
#   IMAGE_ARCHIVE    where the image is exported, default dist/kubecapwatch-image.tar
#   IMAGE_OPTIONAL=1 skip with a message, instead of failing, when the image cannot be built here (not root, no
#                    buildah, no Debian root): make test sets it, so CI without buildah still passes, saying so
#   SKIP_IMAGE=1     skip (with IMAGE_OPTIONAL=1)
#   DEBROOT_CACHE, MIRROR   as scripts/debian-root.sh says
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: build-image.sh BINARY}
MAKE=${MAKE:-make}
IMAGE_ARCHIVE=${IMAGE_ARCHIVE:-dist/kubecapwatch-image.tar}
STORE=$PWD/.build-image
source scripts/debian-root.sh

step() { echo "build-image: $*"; }
fail() { echo "build-image: FAILED: $*" >&2; exit 1; }
cannot() {
    if [ "${IMAGE_OPTIONAL:-0}" = 1 ]; then echo "build-image: SKIPPED the container image: $1" >&2; exit 0; fi
    fail "$1"
}
[ "${SKIP_IMAGE:-0}" = 1 ] && [ "${IMAGE_OPTIONAL:-0}" = 1 ] && cannot "SKIP_IMAGE=1"
[ "$(id -u)" = 0 ] || cannot "needs root for debootstrap, chroot and buildah's vfs storage (run: sudo make image)"
command -v buildah > /dev/null || cannot "buildah is not installed (make image installs it: apt-get install buildah)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kubecapwatch-build-image.XXXXXX")
ctr="" api_pid=""
cleanup() {
    [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null
    [ -n "$ctr" ] && bh rm "$ctr" > /dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
# buildah on its own storage under the source tree, with a signature policy of its own (it pulls nothing).
echo '{"default": [{"type": "insecureAcceptAnything"}]}' > "$tmp/policy.json"
bh() { buildah --root "$STORE/storage" --runroot "$STORE/run" --storage-driver vfs "$@"; }

step "make build"
"$MAKE" --no-print-directory build > "$tmp/make-build.log" 2>&1 \
    || { tail -n 40 "$tmp/make-build.log" >&2; fail "make build"; }
[ -x "$binary" ] || fail "make build made no binary at $binary"
version=$("$binary" --version)
image=localhost/kubecapwatch:$version
packages=$(sed 's/#.*//' packaging/image/runtime-packages | xargs)

# ------------------------------------------------------------------------------------------ 1. the Debian root

debian_root build-image "$(echo "$packages" | tr ' ' ',')" "$tmp/debootstrap.log" || cannot "$DEBIAN_ROOT_PROBLEM"

# ------------------------------------------------------------------------------------------ 2. the root filesystem

# Only this image in the private storage: earlier builds' containers and images go first (vfs copies every layer).
bh rm --all > /dev/null
bh rmi --all --force > /dev/null 2>&1 || true
ctr=$(bh from --pull-never --signature-policy "$tmp/policy.json" scratch)
mnt=$(bh mount "$ctr")
step "root filesystem: minbase + $packages"
cp -a "$DEBIAN_ROOT/." "$mnt/"
rm -f "$mnt/.complete"
# debootstrap copies the host's; a container runtime provides its own.
: > "$mnt/etc/resolv.conf"
: > "$mnt/etc/hostname"
install -D -s -m 0755 "$binary" "$mnt/usr/bin/kubecapwatch"
install -D -m 0644 packaging/copyright "$mnt/usr/share/doc/kubecapwatch/copyright"
mkdir -p "$mnt/tmp/image" && cp packaging/image/* "$mnt/tmp/image/"
chroot "$mnt" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin sh /tmp/image/finish-root.sh \
    || fail "packaging/image/finish-root.sh in the image's root"
rm -rf "$mnt/tmp/image"
root_bytes=$(du -sb "$mnt" | cut -f1)
bh umount "$ctr" > /dev/null

# ------------------------------------------------------------------------------------------ 3. the image's settings

# The Containerfile's final stage, line by line, as buildah config options.
config=()
while IFS= read -r line; do
    instruction=${line%% *} value=${line#* }
    case "$instruction" in
        ENV) config+=(--env "$value") ;;
        USER) config+=(--user "$value") ;;
        WORKDIR) config+=(--workingdir "$value") ;;
        EXPOSE) config+=(--port "$value") ;;
        ENTRYPOINT) config+=(--entrypoint "$value") ;;
        CMD) config+=(--cmd "$value") ;;
        LABEL) config+=(--label "$(sed -E 's/^([^=]+)="(.*)"$/\1=\2/' <<< "$value")") ;;
    esac
done < <(awk '/^FROM /{ stage = "" } { stage = stage $0 "\n" } END { printf "%s", stage }' Containerfile \
    | grep -E '^(ENV|USER|WORKDIR|EXPOSE|ENTRYPOINT|CMD|LABEL) ')
[ "${#config[@]}" -ge 12 ] || fail "could not read the Containerfile's settings: ${config[*]}"
bh config "${config[@]}" --os linux --arch "$(dpkg --print-architecture)" --created-by "scripts/build-image.sh" "$ctr"
bh commit --quiet --rm --format oci "$ctr" "$image" > /dev/null
ctr=""
step "committed $image ($((root_bytes / 1000000)) MB unpacked)"

inspect() { bh inspect --type image --format "$1" "$image"; }
[ "$(inspect '{{.OCIv1.Config.User}}')" = 65532:65532 ] \
    || fail "the image's user is $(inspect '{{.OCIv1.Config.User}}')"
[ "$(inspect '{{.OCIv1.Config.Entrypoint}}')" = '[/usr/bin/kubecapwatch]' ] \
    || fail "entrypoint $(inspect '{{.OCIv1.Config.Entrypoint}}')"
[ "$(inspect '{{.OCIv1.Config.Cmd}}')" = '[run --config /etc/kubecapwatch/config.ini]' ] \
    || fail "cmd $(inspect '{{.OCIv1.Config.Cmd}}')"
label_version=$(inspect '{{index .OCIv1.Config.Labels "org.opencontainers.image.version"}}')
[ "$label_version" = "$version" ] || fail "the Containerfile labels version $label_version; the binary is $version"

# ------------------------------------------------------------------------------------------ 4. smoke tests

ctr=$(bh from --pull-never --signature-policy "$tmp/policy.json" "$image")
# in_image [buildah run options] -- COMMAND…: COMMAND in the image, as its user, without a network namespace of
# its own (the test API server listens on the host's loopback).
in_image() { bh run --isolation chroot "$@"; }
out=$tmp/out && mkdir -p "$out"

[ "$(in_image "$ctr" -- readlink /var/run)" = /run ] || fail "/var/run in the image is not a link to /run"
# probe CONTAINER: what makes the image the image, for comparing make image's with the Containerfile's.
probe() {
    in_image "$1" -- sh -c 'id; kubecapwatch --version
        stat -c "%n %U %G %a" /var/lib/kubecapwatch /usr/bin/kubecapwatch /usr/share/doc/kubecapwatch/copyright \
            /etc/dpkg/dpkg.cfg.d/slim /etc/ssl/certs/ca-certificates.crt
        echo "documentation, manuals, translations, package lists: $(find /usr/share/man /usr/share/locale \
            /usr/share/info /var/lib/apt/lists -mindepth 1 -not -name partial -not -name lock | wc -l) files"'
}
settings() {
    bh inspect --type image --format '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.Cmd}}
{{.OCIv1.Config.Env}} {{.OCIv1.Config.ExposedPorts}} {{.OCIv1.Config.WorkingDir}} {{.OCIv1.Config.Labels}}' "$1"
}
probe "$ctr" > "$out/probe-image.txt" || fail "probing the image"
grep -q '^documentation, manuals, translations, package lists: 0 files$' "$out/probe-image.txt" \
    || fail "the image is not slim: $(tail -n 1 "$out/probe-image.txt")"
[ "$(in_image "$ctr" -- id -u)" = 65532 ] || fail "the image does not run as uid 65532"
[ "$(in_image "$ctr" -- /usr/bin/kubecapwatch --version)" = "$version" ] || fail "--version in the image"
step "  runs as uid 65532; --version $version"

# Every library the binary links directly belongs to a package of runtime-packages, so the Containerfile's
# debian:bookworm-slim gets them too (this root has more: minbase).
ldd_out=$(in_image "$ctr" -- ldd /usr/bin/kubecapwatch) || fail "ldd in the image"
if grep -q "not found" <<< "$ldd_out"; then fail "a library is missing in the image: $ldd_out"; fi
while read -r needed; do
    path=$(awk -v n="$needed" '$1 == n && $2 == "=>" { print $3 } $1 ~ "/" n "$" { print $1 }' <<< "$ldd_out")
    owner=""
    for candidate in "$path" "/usr$path" "${path#/usr}"; do
        owner=$(in_image "$ctr" -- dpkg-query -S "$candidate" 2>/dev/null | cut -d: -f1) && [ -n "$owner" ] && break
    done
    case " $packages " in
        *" $owner "*) ;;
        *) fail "the binary links $needed, from ${owner:-no package}, which packaging/image/runtime-packages lacks" ;;
    esac
done < <(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
step "  every library the binary links comes from runtime-packages"

# check-config and the demo cluster, with their files mounted read-only as a ConfigMap would be.
mkdir -p "$tmp/etc" "$tmp/srv"
cp examples/demo-cluster.json "$tmp/srv/"
cp Tests/Fixtures/offline-kubeconfig.yaml "$tmp/etc/kubeconfig"
printf '[general]\nnotifiers = console\n[kubernetes]\nkubeconfig = /etc/kubecapwatch/kubeconfig\n' \
    > "$tmp/etc/config.ini"
sed -e 's|^snapshot = .*|snapshot = /srv/demo-cluster.json|' -e '/^\[state\]/,/^$/d' examples/demo.ini \
    > "$tmp/etc/demo.ini"
chmod -R a+rX "$tmp/etc" "$tmp/srv"
mounts=(--volume "$tmp/etc:/etc/kubecapwatch:ro" --volume "$tmp/srv:/srv:ro")
in_image "${mounts[@]}" "$ctr" -- /usr/bin/kubecapwatch check-config --config /etc/kubecapwatch/config.ini \
    > "$out/check-config.txt" 2> "$out/check-config.err" || { cat "$out/check-config.err" >&2; fail "check-config"; }
grep -q '^\[general\]' "$out/check-config.txt" || fail "check-config printed no configuration"
in_image "${mounts[@]}" "$ctr" -- /usr/bin/kubecapwatch scan --snapshot /srv/demo-cluster.json --output json \
    > "$out/scan-snapshot.json" || fail "scan --snapshot in the image"
"$binary" scan --snapshot examples/demo-cluster.json --output json > "$out/scan-host.json"
in_image "${mounts[@]}" "$ctr" -- /usr/bin/kubecapwatch run --once --config /etc/kubecapwatch/demo.ini \
    > "$out/run.txt" 2> "$out/run.err" || { cat "$out/run.err" >&2; fail "run --once in the image"; }
grep -q '^FIRING node/node-a cpu_limits ' "$out/run.txt" || fail "run --once fired nothing: $(cat "$out/run.txt")"
step "  check-config, scan --snapshot, run --once on the demo cluster ($(grep -c '^FIRING' "$out/run.txt") FIRING)"

# As a pod: the service account's files where Kubernetes mounts them, the API server in the environment.
state=$tmp/api
python3 Tests/Servers/testapi/server.py --snapshot examples/demo-cluster.json --port 0 --state-dir "$state" \
    --exit-with-parent > "$tmp/api.log" 2>&1 &
api_pid=$!
timeout 60 sh -c 'until [ -s "$1/ready.json" ] || ! kill -0 "$2" 2>/dev/null; do sleep 0.1; done' \
    _ "$state" "$api_pid" \
    && [ -s "$state/ready.json" ] || { cat "$tmp/api.log" >&2; fail "the test API server did not start"; }
port=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' "$state/ready.json")
sa=$tmp/serviceaccount && mkdir -p "$sa"
cp "$state/ca.crt" "$sa/ca.crt" && cp "$state/token" "$sa/token" && echo kubecapwatch > "$sa/namespace"
chmod -R a+rX "$sa"
# Kubernetes mounts them at /var/run/secrets/…, which is /run/secrets/… in a Debian root (/var/run links to /run).
# Mounted at the link's target: buildah 1.28's chroot isolation resolves a mount point through a link on the
# host, not in the image.
in_image --env KUBERNETES_SERVICE_HOST=127.0.0.1 --env "KUBERNETES_SERVICE_PORT=$port" \
    --volume "$sa:/run/secrets/kubernetes.io/serviceaccount:ro" "$ctr" -- \
    /usr/bin/kubecapwatch scan --config /dev/null --output json > "$out/scan-in-cluster.json" 2> "$out/scan.err" \
    || { cat "$out/scan.err" >&2; fail "scan as a pod, against the test API server"; }
python3 - "$out/scan-host.json" "$out/scan-snapshot.json" "$out/scan-in-cluster.json" <<'EOF' || fail "scan figures"
import json, sys
host, snapshot, pod = (json.load(open(p)) for p in sys.argv[1:])
assert sorted(n["name"] for n in host["nodes"]) == ["gpu-1", "node-a", "node-b", "node-c"], host["nodes"]
assert snapshot["nodes"] == host["nodes"], "scan --snapshot in the image differs from the host's"
assert pod["nodes"] == host["nodes"], "the in-cluster scan differs from the host's scan of the same cluster"
assert pod["cluster"] == "in-cluster", pod["cluster"]
EOF
kill "$api_pid" && api_pid=""
step "  scan as a pod (service-account token and CA, HTTPS to 127.0.0.1:$port): the host's figures"
bh rm "$ctr" > /dev/null && ctr=""

# ------------------------------------------------------------------------------------------ 5. the Containerfile

ctr=$(bh from --pull-never --signature-policy "$tmp/policy.json" scratch)
cp -a "$DEBIAN_ROOT/." "$(bh mount "$ctr")/" && bh umount "$ctr" > /dev/null
bh config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$ctr"
bh commit --quiet --rm "$ctr" localhost/kubecapwatch-test-debian > /dev/null
ctr=$(bh from --pull-never --signature-policy "$tmp/policy.json" scratch)
install -D -s -m 0755 "$binary" "$(bh mount "$ctr")/out/usr/bin/kubecapwatch" && bh umount "$ctr" > /dev/null
bh commit --quiet --rm "$ctr" localhost/kubecapwatch-test-build > /dev/null
ctr=""
# The build stage's body (the Swift build) left out: its FROM alone gives the binary where the stage put it.
awk '/^FROM \$\{SWIFT_IMAGE\} AS build$/ { print; skip = 1; next } /^FROM / { skip = 0 } !skip' Containerfile \
    > "$tmp/Containerfile"
[ "$(grep -c '^FROM ' "$tmp/Containerfile")" = 2 ] && ! grep -q 'swift build' "$tmp/Containerfile" \
    || fail "could not separate the Containerfile's build stage"
step "the Containerfile's runtime stage (buildah build; apt-get from the Debian mirror)"
bh build --quiet --isolation chroot --pull-never --signature-policy "$tmp/policy.json" \
    --build-arg SWIFT_IMAGE=localhost/kubecapwatch-test-build \
    --build-arg RUNTIME_IMAGE=localhost/kubecapwatch-test-debian \
    -f "$tmp/Containerfile" -t localhost/kubecapwatch-containerfile . > "$tmp/containerfile.log" 2>&1 \
    || { tail -n 30 "$tmp/containerfile.log" >&2; fail "buildah build -f Containerfile"; }
[ "$(settings localhost/kubecapwatch-containerfile)" = "$(settings "$image")" ] \
    || fail "the Containerfile's image settings differ: $(settings localhost/kubecapwatch-containerfile)"
ctr=$(bh from --pull-never --signature-policy "$tmp/policy.json" localhost/kubecapwatch-containerfile)
probe "$ctr" > "$out/probe-containerfile.txt" || fail "probing the Containerfile's image"
diff "$out/probe-image.txt" "$out/probe-containerfile.txt" >&2 \
    || fail "the Containerfile's image differs from make image's"
bh rm "$ctr" > /dev/null && ctr=""
bh rmi --force localhost/kubecapwatch-containerfile localhost/kubecapwatch-test-build \
    localhost/kubecapwatch-test-debian > /dev/null
step "  the same settings, account, files and figures as make image's"

# ------------------------------------------------------------------------------------------ 6. export

mkdir -p "$(dirname "$IMAGE_ARCHIVE")"
rm -f "$IMAGE_ARCHIVE"
bh push --quiet --signature-policy "$tmp/policy.json" "$image" "docker-archive:$IMAGE_ARCHIVE:$image" \
    || fail "buildah push to $IMAGE_ARCHIVE"
archive_bytes=$(stat -c %s "$IMAGE_ARCHIVE")
gzip_bytes=$(gzip -1 -c "$IMAGE_ARCHIVE" | wc -c)
step "exported $IMAGE_ARCHIVE: $((archive_bytes / 1000000)) MB ($((gzip_bytes / 1000000)) MB gzip-compressed, as a" \
     "registry stores it); the binary $(($(stat -c %s "$binary") / 1000000)) MB before stripping"
echo "build-image: OK $image"
