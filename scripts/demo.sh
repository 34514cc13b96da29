#!/usr/bin/env bash
# The main job, end to end on loopback: start the sandbox tenant (a simulated Microsoft 365 tenant and
# on-premises Exchange), validate a configuration against it, stop it.
#   bash scripts/demo.sh [SCENARIO ...]     (default: onprem-ok app-only-ok graph-ok)
set -uo pipefail
DIR=$(mktemp -d "${TMPDIR:-/tmp}/calwizard-demo.XXXXXX")
calwizard sandbox --port 0 --data-dir "$DIR" >"$DIR/sandbox.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for _ in $(seq 1 300); do
  grep -q '^ready ' "$DIR/sandbox.log" && break
  kill -0 $PID 2>/dev/null || { cat "$DIR/sandbox.log"; exit 2; }
  sleep 0.1
done
grep '^ready ' "$DIR/sandbox.log"
rc=0
for scenario in "${@:-onprem-ok app-only-ok graph-ok}"; do
  for s in $scenario; do
    echo; echo "== calwizard validate $DIR/configs/$s.toml"
    calwizard validate "$DIR/configs/$s.toml" || rc=$?
  done
done
exit $rc
