#!/usr/bin/env bash
# Regenerates the configuration reference (README.md block) and config.ini.example from the schema in the code.
set -euo pipefail
bin=${1:?usage: update-docs.sh PATH-TO-kubecapwatch}
cd "$(dirname "$0")/.."
"$bin" check-config --reference ini > config.ini.example
"$bin" check-config --reference markdown > /tmp/kcw-reference.md
python3 - README.md /tmp/kcw-reference.md <<'PY'
import sys
readme_path, block_path = sys.argv[1], sys.argv[2]
readme = open(readme_path).read()
block = open(block_path).read().strip()
begin = readme.index("<!-- BEGIN CONFIG REFERENCE")
begin = readme.index("\n", begin) + 1
end = readme.index("<!-- END CONFIG REFERENCE -->")
open(readme_path, "w").write(readme[:begin] + "\n" + block + "\n\n" + readme[end:])
PY
echo "updated config.ini.example and README.md"
