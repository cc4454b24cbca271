#!/usr/bin/env bash
# `oneseal serve` as an operator runs it: it logs one JSON line per request on stderr, stops
# on SIGTERM with exit status 0 and its closing line, and refuses a file that is not a
# OneSeal database without touching it.
# Usage: serve_signals.sh ONESEAL SOURCE_DIR
set -euo pipefail
oneseal=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

# A foreign file: refused, exit 1, unchanged.
printf 'not a database, but precious' > "$work/foreign.db"
if "$oneseal" serve --db "$work/foreign.db" --workflows "$src/workflows" --seeds "$src/seeds" \
    --listen 127.0.0.1:0 >"$work/foreign.out" 2>&1; then
  fail "serve started on a foreign file"
fi
grep -q "not starting" "$work/foreign.out" || fail "no reason given: $(cat "$work/foreign.out")"
[ "$(cat "$work/foreign.db")" = "not a database, but precious" ] || fail "the foreign file was changed"

# A bad --listen is a usage error.
set +e
"$oneseal" serve --db "$work/x.db" --listen nowhere >/dev/null 2>&1
[ $? -eq 2 ] || fail "--listen nowhere should exit 2"
set -e

# Serve on a free port, read the port from the "serving" line.
mkfifo "$work/out"
"$oneseal" serve --db "$work/cases.db" --workflows "$src/workflows" --seeds "$src/seeds" \
  --listen 127.0.0.1:0 >"$work/out" 2>"$work/log" &
server=$!
exec 3<"$work/out"
url=""
while IFS= read -r line <&3; do
  case "$line" in "OneSeal serving"*) url=${line##* on }; break ;; esac
done
[ -n "$url" ] || fail "no serving line"
curl -s --fail-with-body "$url/healthz" >/dev/null
curl -s -o /dev/null "$url/v1/nothing"

kill -TERM "$server"
status=0
wait "$server" || status=$?
[ "$status" -eq 0 ] || fail "exit status $status after SIGTERM"
IFS= read -r closing <&3 || true
[[ "$closing" == "OneSeal stopped"* ]] || fail "no closing line: '$closing'"

# The request log: one JSON object per request, in order.
[ "$(wc -l <"$work/log")" -eq 2 ] || fail "expected 2 log lines: $(cat "$work/log")"
jq -e 'select(.method == "GET" and .path == "/healthz" and .status == 200 and .principal == "public"
              and (.latencyMs | type) == "number" and (.time | test("\\+08:00$")))' \
  <(sed -n 1p "$work/log") >/dev/null || fail "first log line: $(sed -n 1p "$work/log")"
jq -e 'select(.path == "/v1/nothing" and .status == 404)' <(sed -n 2p "$work/log") >/dev/null ||
  fail "second log line: $(sed -n 2p "$work/log")"
echo "serve: refuses a foreign file, logs each request, stops on SIGTERM"
