#!/usr/bin/env bash
# systemd-analyze verify checks that ExecStart's binary exists, so verify a copy that points at the built one.
set -euo pipefail
bin=$(readlink -f "${1:?usage: verify-unit.sh PATH-TO-kubecapwatch}")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/local/bin/kubecapwatch|$bin|g" systemd/kubecapwatch.service > "$tmp/kubecapwatch.service"
# The unit names a user that `make install` creates; verify does not need it to exist.
out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$tmp/kubecapwatch.service" 2>&1 || true)
echo "$out" | grep -v -e "^$" -e "Failed to resolve user" -e "Cannot add dependency job" -e "not running as systemd" >&2 || true
if echo "$out" | grep -v -e "Cannot add dependency job" -e "not running as systemd" | grep -qi -e "error" -e "unknown" -e "invalid" -e "failed"; then
  echo "systemd-analyze verify: FAILED" >&2
  exit 1
fi
echo "systemd-analyze verify: OK"
