#!/usr/bin/env bash
# The scan benchmark (docs/benchmark.md): for each cluster size, one test API server over HTTPS and, side by side
# in one run, the wall time, CPU time and peak memory of
#   kubecapwatch scan --output json          (the release build as shipped; also with --scope node, no pod rows)
#   kubectl describe nodes                   (computes the same figures)
#   kubectl get nodes -o json + kubectl get pods -A -o json
#   the raw transfer of the scan's pod pages (the floor: nothing decoded)
#   kubecapwatch scan --snapshot on the same pages saved to files (no transfer)
# and, when the fastdecode-bench product exists, the in-memory decode throughput of the pod pages (decode only).
#
#   make bench                                  # NODES="100 1000 5000"
#   NODES="100 1000" scripts/bench.sh
#
# Settings (environment):
#   NODES                   cluster sizes, default "100 1000 5000"
#   PODS_PER_NODE           default 30
#   SEED                    generator seed, default 1
#   SKIP_KUBECTL_GET_ABOVE  skip `kubectl get … -o json` above this many nodes (it holds every pod in memory:
#                           about 4.7 GB at 1,000 nodes), default 1000
#   SKIP_DESCRIBE_ABOVE     skip `kubectl describe nodes` above this many nodes, default: never
#   DECODE_BENCH_MAX        run fastdecode-bench (decode only, in memory) up to this many nodes, default 1000
#                           (it reads the whole cluster file into memory); 0 turns it off
#   BENCH_OUT               where clusters, outputs and results go, default bench-out/ (git-ignored)
#   KEEP_CLUSTERS           1 (default): reuse a generated cluster file of the same size and seed
#   SCRATCH                 SwiftPM scratch path of the release build, default .build-bench
#   KUBECTL, PYTHON         default kubectl, python3
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
NODES=${NODES:-"100 1000 5000"}
PODS_PER_NODE=${PODS_PER_NODE:-30}
SEED=${SEED:-1}
SKIP_KUBECTL_GET_ABOVE=${SKIP_KUBECTL_GET_ABOVE:-1000}
SKIP_DESCRIBE_ABOVE=${SKIP_DESCRIBE_ABOVE:-}
DECODE_BENCH_MAX=${DECODE_BENCH_MAX:-1000}
OUT=${BENCH_OUT:-$ROOT/bench-out}
KEEP_CLUSTERS=${KEEP_CLUSTERS:-1}
SCRATCH=${SCRATCH:-.build-bench}
KUBECTL=${KUBECTL:-kubectl}
PYTHON=${PYTHON:-python3}
# The pods the scan asks for (Sources/Watcher/CapacityScanner.swift): the floor fetches exactly the same pages.
POD_SELECTOR='spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed'
PAGE_LIMIT=500

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$OUT"

# ---------------------------------------------------------------------------------------------- tools

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package \"time\") for /usr/bin/time"
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get install -y -qq time >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time; }
fi
command -v "$KUBECTL" >/dev/null || die "kubectl not found"

# The binary that make install and make deb ship: the Swift runtime and Foundation linked statically.
RELEASE_FLAGS=(-c release --static-swift-stdlib --disable-local-rpath --scratch-path "$SCRATCH")
log "building the release binary (swift build ${RELEASE_FLAGS[*]})"
swift build "${RELEASE_FLAGS[@]}" --product kubecapwatch >&2
BIN="$(swift build "${RELEASE_FLAGS[@]}" --show-bin-path)/kubecapwatch"
[ -x "$BIN" ] || die "no release binary at $BIN"
# The decoder benchmark of Sources/fastdecode-bench, when the package has it: the decode stage alone.
DECODE_BENCH=""
if [ "$DECODE_BENCH_MAX" -gt 0 ] && grep -q '"fastdecode-bench"' Package.swift; then
    swift build "${RELEASE_FLAGS[@]}" --product fastdecode-bench >&2 \
        && DECODE_BENCH="$(dirname "$BIN")/fastdecode-bench"
fi

# Which pod-page decoder the scan uses (the scan prints nothing about it): the FastDecode (simdjson) decoder once
# the scan's code imports it (Sources/Watcher/ClusterConnection.swift is where it is expected), else JSONDecoder.
if grep -rqsE '^import FastDecode|FastPodListDecoder' Sources/Watcher Sources/kubecapwatch Sources/KubeClient; then
    DECODER="FastDecode (simdjson)"
else
    DECODER="Foundation JSONDecoder"
fi
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain -- Sources Package.swift 2>/dev/null | grep -q . && echo "+uncommitted" || true)
CONFIG="$OUT/bench.ini"
printf '[general]\n' > "$CONFIG"

# ---------------------------------------------------------------------------------------------- measuring

RESULTS="$OUT/results.tsv"
rm -f "$OUT"/decode-*.txt
: > "$RESULTS"
: > "$OUT/sizes.tsv"
LOAD_START=$(cut -d" " -f1-3 /proc/loadavg)
SERVER_PID=""

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT INT TERM

# CPU seconds (user+sys) the test API server has used so far: it shares the two cores with what is measured.
server_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}

# measure N LABEL OUTFILE CMD...: one timed run; appends N, label, wall, user, sys, peak KB, server CPU, status.
measure() {
    local n=$1 label=$2 outfile=$3; shift 3
    local timefile="$OUT/.time" errfile="$OUT/$label-$n.err" before after status=0
    log "N=$n: $label"
    before=$(server_cpu)
    /usr/bin/time -f "%e %U %S %M" -o "$timefile" "$@" > "$outfile" 2> "$errfile" || status=$?
    after=$(server_cpu)
    read -r wall user sys rss < <(tail -n 1 "$timefile")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$label" "$wall" "$user" "$sys" "$rss" \
        "$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')" "$status" >> "$RESULTS"
    if [ "$status" != 0 ]; then log "  $label exited $status: $(tail -n 3 "$errfile" | tr '\n' ' ')"; fi
}

skipped() { printf '%s\t%s\t-\t-\t-\t-\t-\tskipped: %s\n' "$1" "$2" "$3" >> "$RESULTS"; }

# ---------------------------------------------------------------------------------------------- the runs

for N in $NODES; do
    CLUSTER="$OUT/cluster-$N-p$PODS_PER_NODE-s$SEED.json"
    if [ "$KEEP_CLUSTERS" = 1 ] && [ -s "$CLUSTER" ]; then
        log "N=$N: reusing $CLUSTER"
    else
        log "N=$N: generating $N nodes x $PODS_PER_NODE pods"
        "$PYTHON" Tests/Servers/testapi/gencluster.py --nodes "$N" --pods-per-node "$PODS_PER_NODE" \
            --seed "$SEED" --out "$CLUSTER.tmp" && mv "$CLUSTER.tmp" "$CLUSTER"
    fi
    STATE="$OUT/server-$N"
    rm -rf "$STATE" && mkdir -p "$STATE"
    log "N=$N: starting the test API server ($(du -m "$CLUSTER" | cut -f1) MB)"
    "$PYTHON" Tests/Servers/testapi/server.py --snapshot "$CLUSTER" --port 0 --state-dir "$STATE" \
        > "$STATE/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 1200); do
        [ -s "$STATE/ready.json" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || die "server exited: $(tail -n 5 "$STATE/server.log")"
        sleep 0.5
    done
    [ -s "$STATE/ready.json" ] || die "server not ready after 10 minutes"
    KUBECONFIG_FILE="$STATE/kubeconfig"
    KCACHE="$STATE/kube-cache"
    # kubectl's discovery cache is warmed first: a user's is warm, and the scan does no discovery.
    "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$KCACHE" api-resources > /dev/null

    # (d) the floor: the scan's pod pages, nothing decoded.
    measure "$N" raw-transfer "$OUT/raw-$N.txt" "$PYTHON" scripts/bench/rawpages.py --state-dir "$STATE" \
        --limit "$PAGE_LIMIT" --field-selector "$POD_SELECTOR"
    # (a) the scan, over HTTPS.
    measure "$N" scan "$OUT/scan-$N.json" "$BIN" scan --config "$CONFIG" --kubeconfig "$KUBECONFIG_FILE" \
        --output json
    # (a') the same scan without per-pod rows (`--scope node`): what the pod rows and their JSON cost.
    measure "$N" scan-scope-node "$OUT/scan-node-$N.json" "$BIN" scan --config "$CONFIG" \
        --kubeconfig "$KUBECONFIG_FILE" --output json --scope node
    # (e) the same pages from files: decoding and aggregation without the transfer.
    PAGES="$OUT/pages-$N"
    rm -rf "$PAGES"
    "$PYTHON" scripts/bench/rawpages.py --state-dir "$STATE" --path /api/v1/nodes --limit "$PAGE_LIMIT" \
        --save-dir "$PAGES/nodes" > /dev/null
    "$PYTHON" scripts/bench/rawpages.py --state-dir "$STATE" --limit "$PAGE_LIMIT" \
        --field-selector "$POD_SELECTOR" --save-dir "$PAGES/pods" > /dev/null
    SNAPSHOT_ARGS=()
    for f in "$PAGES"/nodes/*.json "$PAGES"/pods/*.json; do SNAPSHOT_ARGS+=(--snapshot "$f"); done
    measure "$N" scan-snapshot "$OUT/scan-snapshot-$N.json" "$BIN" scan --config "$CONFIG" --output json \
        "${SNAPSHOT_ARGS[@]}"
    rm -rf "$PAGES"
    # (b) kubectl describe nodes.
    if [ -n "$SKIP_DESCRIBE_ABOVE" ] && [ "$N" -gt "$SKIP_DESCRIBE_ABOVE" ]; then
        skipped "$N" kubectl-describe "N > SKIP_DESCRIBE_ABOVE=$SKIP_DESCRIBE_ABOVE"
    else
        measure "$N" kubectl-describe /dev/null "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$KCACHE" \
            describe nodes
    fi
    # (c) kubectl get nodes -o json + kubectl get pods -A -o json.
    if [ "$N" -gt "$SKIP_KUBECTL_GET_ABOVE" ]; then
        skipped "$N" kubectl-get-nodes "N > SKIP_KUBECTL_GET_ABOVE=$SKIP_KUBECTL_GET_ABOVE"
        skipped "$N" kubectl-get-pods "N > SKIP_KUBECTL_GET_ABOVE=$SKIP_KUBECTL_GET_ABOVE"
    else
        measure "$N" kubectl-get-nodes /dev/null "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$KCACHE" \
            get nodes -o json
        measure "$N" kubectl-get-pods /dev/null "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$KCACHE" \
            get pods -A -o json
    fi
    stop_server

    # The decode stage alone: the same pods cut into pages of 500, decoded in memory (no transfer, no aggregation).
    if [ -n "$DECODE_BENCH" ] && [ "$N" -le "$DECODE_BENCH_MAX" ]; then
        log "N=$N: decode only (fastdecode-bench)"
        "$DECODE_BENCH" "$CLUSTER" --rounds 1 > "$OUT/decode-$N.txt" 2>&1 || log "  fastdecode-bench failed"
    fi

    # Sanity: the scans saw every node and the same pods, else their timings mean nothing.
    "$PYTHON" - "$OUT/scan-$N.json" "$OUT/scan-snapshot-$N.json" "$N" <<'EOF' || die "N=$N: scan output check failed"
import json, sys
api, snap, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
for name, r in (("scan", api), ("scan-snapshot", snap)):
    if len(r["nodes"]) != n:
        sys.exit(f"{name}: {len(r['nodes'])} nodes, expected {n}")
if api["totals"] != snap["totals"]:
    sys.exit("scan and scan-snapshot totals differ")
EOF
    "$PYTHON" - "$OUT/raw-$N.txt" "$CLUSTER" "$N" >> "$OUT/sizes.tsv" <<'EOF'
import os, sys
raw = dict(kv.split("=") for kv in open(sys.argv[1]).read().split())
print(f"{sys.argv[3]}\t{os.path.getsize(sys.argv[2])}\t{raw['bytes']}\t{raw['pages']}\t{raw['seconds']}")
EOF
done

# ---------------------------------------------------------------------------------------------- the table

TABLE="$OUT/bench-latest.md"
"$PYTHON" scripts/bench/table.py --results "$RESULTS" --sizes "$OUT/sizes.tsv" --pods-per-node "$PODS_PER_NODE" \
    --decode-files "$OUT"/decode-*.txt \
    --decoder "$DECODER" --commit "$COMMIT$DIRTY" --load-start "$LOAD_START" > "$TABLE"
rm -f "$OUT/sizes.tsv"
cat "$TABLE"
log "table written to $TABLE"
