#!/usr/bin/env bash
# `oneseal report --url` against a running demo server, and `--db` on the server's file beside
# it: the same report either way, and the server's refusals named as the options.
# Usage: report_url.sh ONESEAL SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/../lib/serve.sh"
oneseal=$1
src=$2
work=$(mktemp -d)
cleanup() {
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

serve_start "$work/serve.log" --demo --quiet --db "$work/demo.db" --workflows "$src/workflows" \
  --seeds "$src/seeds" --listen 127.0.0.1:0

# The demo's two food cases at hall-1, filed at start: one accepted, one waiting for intake.
summary=(report summary --from 2020-01-01 --to 2099-12-31 --group-by item)
server_args=(--url "$url" --token demo-supervisor-zhou)
file_args=(--db "$work/demo.db" --workflows "$src/workflows" --calendar "$src/seeds/calendar")
via_server=$("$oneseal" "${summary[@]}" --format csv "${server_args[@]}")
via_file=$("$oneseal" "${summary[@]}" --format csv "${file_args[@]}")
[ "$via_server" = "$via_file" ] || fail "CSV differs: server '$via_server', file '$via_file'"
grep -q '^XK-SCJG-00012-000,食品经营许可（新办）,2,1,0,0,0,0,0,0,,,,,0,0,2,0,0' <<<"$via_server" ||
  fail "CSV: $via_server"

# JSON is the route's either way (but for the instant the levels were read at).
json_server=$("$oneseal" "${summary[@]}" --format json "${server_args[@]}" | jq -S 'del(.asOf)')
json_file=$("$oneseal" "${summary[@]}" --format json "${file_args[@]}" | jq -S 'del(.asOf)')
[ "$json_server" = "$json_file" ] || fail "JSON differs: $json_server / $json_file"
jq -e '.total.received == "2" and .total.openGreen == "2"' <<<"$json_server" >/dev/null || fail "JSON: $json_server"

# The table is laid out from the server's binary answer.
table=$("$oneseal" "${summary[@]}" "${server_args[@]}")
grep -Eq '^XK-SCJG-00012-000 +食品经营许可（新办） +2 +1 ' <<<"$table" || fail "table: $table"

timeouts_server=$("$oneseal" report timeouts --format csv "${server_args[@]}")
timeouts_file=$("$oneseal" report timeouts --format csv "${file_args[@]}")
[ "$timeouts_server" = "$timeouts_file" ] || fail "timeouts differ: $timeouts_server / $timeouts_file"

# A bad parameter is a usage error naming the option; a clerk is refused.
set +e
out=$("$oneseal" report summary --from 2026-11-01 --to 2026-11-30 --group-by desk "${server_args[@]}" 2>&1)
status=$?
[ $status -eq 2 ] && grep -q -- "--group-by: groupBy must be department, item or office" <<<"$out" ||
  fail "group-by desk: $status $out"
out=$("$oneseal" "${summary[@]}" --url "$url" --token demo-clerk-hall-1 2>&1)
status=$?
[ $status -eq 1 ] && grep -q "HTTP 403" <<<"$out" || fail "clerk: $status $out"
set -e
echo "report: the server's answers equal the file's"
