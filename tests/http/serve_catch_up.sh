#!/usr/bin/env bash
# A restart after downtime over a deadline: `oneseal serve` first records what fell due, with
# the instant it fell due, then serves. The demo's unattended application, filed at the first
# start, is deemed accepted when the server comes back 30 days later (--clock-offset).
# Usage: serve_catch_up.sh ONESEAL SOURCE_DIR
set -euo pipefail
oneseal=$1
src=$2
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

# Starts the server with extra options; sets $url and $server, and $caught to the catch-up line.
start() {
  rm -f "$work/out"
  mkfifo "$work/out"
  "$oneseal" serve --demo --quiet --db "$work/cases.db" --workflows "$src/workflows" --seeds "$src/seeds" \
    --listen 127.0.0.1:0 "$@" >"$work/out" 2>"$work/log" &
  server=$!
  exec 3<"$work/out"
  url=""
  caught=""
  while IFS= read -r line <&3; do
    case "$line" in
      "Caught up:"*) caught=$line ;;
      "OneSeal serving"*) url=${line##* on }; break ;;
    esac
  done
  [ -n "$url" ] || fail "the server did not start: $(cat "$work/log")"
}
stop() {
  kill -TERM "$server"
  wait "$server" || fail "the server exited with status $? on SIGTERM: $(tail -3 "$work/log")"
  server=""
  exec 3<&-
}
auth=(-H 'Authorization: Bearer demo-supervisor-zhou')

start
[ -z "$caught" ] || fail "nothing was due at the first start: $caught"
waiting=$(curl -s --fail-with-body "${auth[@]}" "$url/v1/cases?state=SUBMITTED" | jq -r '.cases[0].caseId')
[ "$waiting" != "null" ] || fail "the demo has no submitted case"
stop

start --clock-offset 2592000
[[ "$caught" == "Caught up: "* ]] || fail "no catch-up line"
case_json=$(curl -s --fail-with-body "${auth[@]}" "$url/v1/cases/$waiting")
[ "$(echo "$case_json" | jq -r .status)" != "SUBMITTED" ] || fail "still SUBMITTED: $case_json"
events=$(curl -s --fail-with-body "${auth[@]}" "$url/v1/cases/$waiting/events")
mode=$(echo "$events" | jq -r '[.events[] | select(.caseAccepted)][0].caseAccepted.mode')
[ "$mode" = "DEEMED" ] || fail "not deemed accepted: $events"
# Dated when the 5 working days ran out, before the restart's own time.
accepted_at=$(echo "$events" | jq -r '[.events[] | select(.caseAccepted)][0].at')
restarted_at=$(date -u -d "@$(( $(date +%s) + 2592000 - 60 ))" +%Y-%m-%dT%H:%M:%SZ)
[[ "$accepted_at" < "$restarted_at" ]] || fail "stamped $accepted_at, not when it fell due"
alerts=$(echo "$events" | jq '[.events[] | select(.alertRaised)] | length')
[ "$alerts" -gt 0 ] || fail "no alert was recorded for the overdue clocks"
stop

start --clock-offset 2592000
[ -z "$caught" ] || fail "a second start recorded again: $caught"
stop
echo "serve: the catch-up recorded what fell due during downtime, once"
