#!/usr/bin/env bash
# `oneseal db backup` from another process while `oneseal serve` holds the file and clerks file
# cases: the copy is checked (the backup's own line), holds fewer events than the file at the
# end, and `oneseal db verify` passes on both.
# Usage: backup_beside_serve.sh ONESEAL SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/../lib/serve.sh"
oneseal=$1
src=$2
work=$(mktemp -d)
cleanup() {
  if [ -n "${filer:-}" ]; then kill "$filer" 2>/dev/null; wait "$filer" 2>/dev/null || true; fi
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

serve_start "$work/serve.log" --demo --quiet --db "$work/cases.db" --workflows "$src/workflows" \
  --seeds "$src/seeds" --listen 127.0.0.1:0

# A clerk files cases until stopped, saying each on a pipe; the backup starts after 10.
application='{"itemCode":"XK-SCJG-00012-000","applicant":{"kind":"PERSON","name":"张小三","idNumber":"110101199003071234","phone":"13912345678"},"materials":["application","subject_licence","id_proof","layout_and_process","safety_rules","staff_health"]}'
mkfifo "$work/filed"
(
  while curl -s --fail-with-body -o /dev/null -X POST "$url/v1/cases" -H 'Authorization: Bearer demo-clerk-hall-1' \
    -H 'Content-Type: application/json' -d "$application"; do
    echo filed
  done
) >"$work/filed" &
filer=$!
exec 4<"$work/filed"
wait_for_cases() { for _ in $(seq "$1"); do read -r _ <&4 || fail "the clerk stopped filing"; done; }
wait_for_cases 10
backed_up=$("$oneseal" db backup --db "$work/cases.db" --to "$work/copy.db" --calendar "$src/seeds/calendar")
wait_for_cases 10
kill "$filer"
wait "$filer" 2>/dev/null || true
filer=""
kill -TERM "$server"
wait "$server" || fail "the server did not stop cleanly"
server=""

events() { sed -E 's/^.*: ([0-9]+) events in.*$/\1/'; }
[[ "$backed_up" =~ copy.db:\ [0-9]+\ events\ in\ [0-9]+\ cases\ copied\ from\ .*integrity\ check\ ok ]] ||
  fail "backup said: $backed_up"
copied=$(events <<<"$backed_up")
verified=$("$oneseal" db verify --db "$work/cases.db" --calendar "$src/seeds/calendar")
total=$(events <<<"$verified")
copy_verified=$("$oneseal" db verify --db "$work/copy.db" --calendar "$src/seeds/calendar")
[ "$(events <<<"$copy_verified")" = "$copied" ] || fail "the copy verifies with other counts: $copy_verified"
[ "$copied" -lt "$total" ] || fail "the copy holds $copied events, the file at the end $total"
echo "db backup beside serve: $copied of the $total events at the end, checked; both files verify"
