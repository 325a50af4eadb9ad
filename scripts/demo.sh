#!/usr/bin/env bash
# `make demo`: check-config, scan, one watcher run and the relationship graph of the bundled demo cluster.
#
# Every run starts from fresh alert state, so it shows the FIRING alerts every time: the watcher runs on a copy of
# examples/demo.ini whose [state] points into a new temporary folder (examples/demo.ini itself keeps its state in
# /tmp/kubecapwatch-demo, for running it by hand and seeing the second run stay quiet).
set -euo pipefail
bin=$(readlink -f "${1:?usage: demo.sh PATH-TO-kubecapwatch}")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kubecapwatch-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The copy sits beside nothing, so its relative snapshot path is made absolute; [state] goes to $tmp.
awk -v state="$tmp" -v examples="$PWD/examples" '
    /^[ \t]*\[/ { section = $0; gsub(/[][ \t]/, "", section) }
    section == "kubernetes" && /^[ \t]*snapshot[ \t]*=/ { sub(/=[ \t]*/, "= " examples "/") }
    section == "state" && /^[ \t]*path[ \t]*=/ { $0 = "path = " state "/state.json" }
    section == "state" && /^[ \t]*outbox_dir[ \t]*=/ { $0 = "outbox_dir = " state "/outbox" }
    { print }' examples/demo.ini > "$tmp/demo.ini"
grep -q "^path = $tmp/" "$tmp/demo.ini" || { echo "demo.sh: no [state] path in examples/demo.ini to redirect" >&2; exit 1; }

echo "== kubecapwatch check-config --config examples/demo.ini"
"$bin" check-config --config examples/demo.ini >/dev/null
echo "== kubecapwatch scan --config examples/demo.ini"
"$bin" scan --config examples/demo.ini
echo "== kubecapwatch run --config examples/demo.ini --once   (fresh state in $tmp)"
"$bin" run --config "$tmp/demo.ini" --once
if command -v dot >/dev/null; then
    echo "== kubecapwatch graph --config examples/demo.ini --format svg --output demo-graph.svg"
    "$bin" graph --config examples/demo.ini --format svg --output demo-graph.svg
else
    # Graphviz draws the SVG; without it the same graph is written as DOT text, which any Graphviz can draw later.
    echo "== Graphviz's dot is not installed (apt-get install graphviz): writing the graph as DOT instead of SVG"
    echo "== kubecapwatch graph --config examples/demo.ini --format dot --output demo-graph.dot"
    "$bin" graph --config examples/demo.ini --format dot --output demo-graph.dot
fi
