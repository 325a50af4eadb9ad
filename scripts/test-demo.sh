#!/usr/bin/env bash
# `make demo` twice in a row: both runs must show the demo's FIRING alerts (each run starts from fresh state) and
# draw the graph. Run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "test-demo: FAILED: $*" >&2; exit 1; }

for run in 1 2; do
    rm -f demo-graph.svg demo-graph.dot
    "$MAKE" --no-print-directory demo > "$out/demo-$run.log" 2>&1 \
        || { tail -n 30 "$out/demo-$run.log" >&2; fail "make demo (run $run) exited non-zero"; }
    grep '^FIRING ' "$out/demo-$run.log" | sort > "$out/firing-$run.txt" || true
    # The demo cluster breaches the CPU limits of node-a and node-c (README, Examples).
    grep -q '^FIRING node/node-a cpu_limits' "$out/firing-$run.txt" \
        && grep -q '^FIRING node/node-c cpu_limits' "$out/firing-$run.txt" \
        || { cat "$out/demo-$run.log" >&2; fail "make demo (run $run) showed no FIRING alerts for node-a and node-c"; }
    if [ -s demo-graph.svg ]; then
        grep -q '<svg' demo-graph.svg || fail "demo-graph.svg (run $run) is not an SVG"
    else
        grep -q 'digraph' demo-graph.dot 2>/dev/null || fail "make demo (run $run) wrote neither demo-graph.svg nor demo-graph.dot"
    fi
    echo "test-demo: run $run: $(wc -l < "$out/firing-$run.txt") FIRING lines"
done
cmp -s "$out/firing-1.txt" "$out/firing-2.txt" || fail "the two runs fired different alerts"
echo "test-demo: OK (make demo twice, FIRING both times)"
