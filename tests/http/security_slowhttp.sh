#!/usr/bin/env bash
# Debian's slowhttptest against `oneseal serve --demo` on 127.0.0.1: slow headers (Slowloris),
# a slow body (R-U-Dead-Yet) and a slow read, each with 500 connections for a few seconds.
# slowhttptest's probe, a normal client, must be answered within 5 s in every second of each
# attack ("Service Available" in its CSV report), and the server must answer after them.
# Usage: security_slowhttp.sh ONESEAL SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/../lib/serve.sh"
oneseal=$1
src=$2
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
command -v slowhttptest >/dev/null || fail "slowhttptest is not installed (tools/dev installs it)"

serve_start "$work/err" --demo --quiet --db "$work/cases.db" --workflows "$src/workflows" --seeds "$src/seeds" \
  --listen 127.0.0.1:0

attack() {
  local name=$1
  shift
  slowhttptest -c 500 -r 250 -i 1 -l 5 -p 5 -g -o "$work/$name" "$@" >"$work/$name.out" 2>&1 ||
    fail "slowhttptest $name: exit status $? $(tail -5 "$work/$name.out" | tr -d '\\0')"
  [ -s "$work/$name.csv" ] || fail "slowhttptest $name wrote no report"
  # Seconds,Closed,Pending,Connected,Service Available: the last is 0 when the probe failed.
  local down
  down=$(awk -F, 'NR > 1 && $5 == 0 { print $1 }' "$work/$name.csv")
  [ -z "$down" ] || fail "$name: the service was unavailable in seconds $(echo $down): $(cat "$work/$name.csv")"
  echo "$name: $(($(wc -l <"$work/$name.csv") - 1)) seconds, service available in each"
}
attack slow-headers -H -u "$url/healthz"
attack slow-body -B -t POST -s 65536 -f application/json -u "$url/v1/public/applications"
attack slow-read -X -k 10 -n 1 -w 1 -y 16 -z 8 -u "$url/v1/openapi.json"

[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" = 200 ] || fail "no answer after the attacks"
kill -TERM "$server"
wait "$server" || fail "the server did not stop cleanly after the attacks"
server=""
