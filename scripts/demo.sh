#!/usr/bin/env bash
# The main job, end to end on loopback: start the sandbox tenant (a simulated Microsoft 365 tenant, on-premises
# Exchange and an innovaphone PBX), validate configurations against it, then run the sync engine for the PBX
# scenario and read the presence back from the PBX, as a PBX client would (SubscribePresence). Stops everything.
#   bash scripts/demo.sh [SCENARIO ...]     (default: onprem-ok app-only-ok graph-ok pbx-ok)
# The engine part runs when pbx-ok is among the scenarios.
set -uo pipefail
DIR=$(mktemp -d "${TMPDIR:-/tmp}/calwizard-demo.XXXXXX")
calwizard sandbox --port 0 --data-dir "$DIR" >"$DIR/sandbox.log" 2>&1 &
PID=$!
ENGINE=
trap '[ -n "$ENGINE" ] && kill $ENGINE 2>/dev/null; kill $PID 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1 300); do
  grep -q '^ready ' "$DIR/sandbox.log" && break
  kill -0 $PID 2>/dev/null || { cat "$DIR/sandbox.log"; exit 2; }
  sleep 0.1
done
grep '^ready ' "$DIR/sandbox.log"
rc=0
scenarios="${*:-onprem-ok app-only-ok graph-ok pbx-ok}"
for s in $scenarios; do
  echo; echo "== calwizard validate $DIR/configs/$s.toml"
  calwizard validate "$DIR/configs/$s.toml" || rc=$?
done

case " $scenarios " in *" pbx-ok "*) ;; *) exit $rc ;; esac
CONFIG="$DIR/configs/pbx-ok.toml"
echo; echo "== calwizard engine run $CONFIG --sink pbx --sink $DIR/presence.jsonl"
calwizard engine run "$CONFIG" --sink pbx --sink "$DIR/presence.jsonl" --state-dir "$DIR/state" \
  2>"$DIR/engine.log" &
ENGINE=$!
for _ in $(seq 1 600); do
  [ -f "$DIR/presence.jsonl" ] && [ "$(wc -l <"$DIR/presence.jsonl")" -ge 3 ] && break
  kill -0 $ENGINE 2>/dev/null || { cat "$DIR/engine.log"; exit 1; }
  sleep 0.1
done
cat "$DIR/engine.log"
echo; echo "== the presence on the PBX (calwizard pbx presence: SubscribePresence, like a PBX client; * = calwizard's)"
sleep 0.5
calwizard pbx presence "$CONFIG" anna ben room-1 || rc=$?
echo; echo "== calwizard engine status --state-dir $DIR/state"
calwizard engine status --state-dir "$DIR/state" || rc=$?
kill -TERM $ENGINE; wait $ENGINE; ENGINE=
echo; echo "== after the engine stopped: calwizard's entries are cleared"
calwizard pbx presence "$CONFIG" anna || rc=$?
exit $rc
