#!/usr/bin/env bash
# The man page kubecapwatch.1.gz, made from the command-line definitions by swift-argument-parser's generate-manual
# plugin (`swift package plugin generate-manual`), into OUT-DIR/man1/.
#
# The plugin builds every product itself and then runs `kubecapwatch --experimental-dump-help`. It builds in debug:
# the page is the same from either configuration, and a release build through the plugin would relink the release
# binary without --static-swift-stdlib. It writes under .build/plugins (no --allow-writing-to-package-directory).
set -euo pipefail
outdir=${1:?usage: generate-manual.sh OUT-DIR}
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
plugin_out=.build/plugins/GenerateManual/outputs/kubecapwatch
# The page's date: the last commit's (reproducible), or SOURCE_DATE_EPOCH when a packager sets it.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)
else
    date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
fi
rm -rf "$plugin_out"
"$SWIFT" package plugin generate-manual --configuration debug --date "$date" \
    --authors "kubecapwatch developers" >&2
[ -s "$plugin_out/kubecapwatch.1" ] || { echo "generate-manual.sh: the plugin wrote no $plugin_out/kubecapwatch.1" >&2; exit 1; }
mkdir -p "$outdir/man1"
gzip -9n < "$plugin_out/kubecapwatch.1" > "$outdir/man1/kubecapwatch.1.gz"
echo "man page: $outdir/man1/kubecapwatch.1.gz"
