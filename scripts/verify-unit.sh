#!/usr/bin/env bash
# systemd-analyze verify on systemd/kubecapwatch.service and on an instance of the template unit
# systemd/kubecapwatch@.service. verify checks that ExecStart's binary exists, so it verifies copies that point at
# the built one; and that the man page Documentation= names exists: MAN-DIR is where `make man` put it (without it,
# that check is left out).
set -euo pipefail
usage="usage: verify-unit.sh PATH-TO-kubecapwatch [MAN-DIR]"
bin=$(readlink -f "${1:?$usage}")
man_options=(--man=no)
if [ -n "${2:-}" ]; then
  [ -d "$2" ] || { echo "verify-unit.sh: no man page folder $2" >&2; exit 1; }
  # Only that folder: a page installed on this host earlier must not stand in for it.
  export MANPATH="$(readlink -f "$2")"
  man_options=()
fi
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
# verify_unit UNIT-FILE NAME-TO-VERIFY: a template is verified through an instance beside it (kubecapwatch@prod).
verify_unit() {
  local unit=$1 name=$2 out problems
  sed "s|/usr/local/bin/kubecapwatch|$bin|g" "systemd/$unit" > "$tmp/$unit"
  # The unit names a user that `make install` creates; verify does not need it to exist.
  out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "${man_options[@]}" "$tmp/$name" 2>&1 || true)
  echo "$out" | grep -v -e "^$" -e "Failed to resolve user" -e "Cannot add dependency job" -e "not running as systemd" >&2 || true
  # Collected, not piped into grep -q: under pipefail an early exit of grep -q could hide a finding.
  problems=$(echo "$out" | grep -v -e "Cannot add dependency job" -e "not running as systemd" \
    | grep -i -e "error" -e "unknown" -e "invalid" -e "failed" || true)
  if [ -n "$problems" ]; then
    echo "systemd-analyze verify $name: FAILED" >&2
    status=1
  else
    echo "systemd-analyze verify $name: OK"
  fi
}
verify_unit kubecapwatch.service kubecapwatch.service
verify_unit kubecapwatch@.service kubecapwatch@prod.service
# The template is what makes two watchers independent: each instance its own config and its own state.
grep -q '^ExecStart=.* --config /etc/kubecapwatch/%i\.ini$' systemd/kubecapwatch@.service \
  && grep -q '^StateDirectory=kubecapwatch/%i$' systemd/kubecapwatch@.service \
  || { echo "kubecapwatch@.service: config or state is not per instance (%i)" >&2; status=1; }
exit $status
