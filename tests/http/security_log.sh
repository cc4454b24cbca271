#!/usr/bin/env bash
# Every refusal is logged: `oneseal serve` writes one JSON line per request, and each 401 and
# 403 names its status, the caller's user id (empty when no valid token was shown) and the
# client's address, and never a token or a query code.
# Usage: security_log.sh ONESEAL SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/../lib/serve.sh"
oneseal=$1
src=$2
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

serve_start "$work/log" --demo --db "$work/cases.db" --workflows "$src/workflows" --seeds "$src/seeds" \
  --listen 127.0.0.1:0

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
json='Content-Type: application/json'
unknown_token='os_AttackerGuessAttackerGuessAttackerGuess0'

[ "$(status_of "$url/v1/cases")" = 401 ] || fail "no token"
[ "$(status_of -H "Authorization: Bearer $unknown_token" "$url/v1/cases")" = 401 ] || fail "unknown token"
# A revoked token: an administrator adds a user, revokes it, and the user tries.
added=$(curl -s --fail-with-body -X POST "$url/v1/users" -H 'Authorization: Bearer demo-administrator' -H "$json" \
  -d '{"name":"临时 工","role":"CLERK","office":"hall-1"}')
revoked_id=$(jq -r .user.id <<<"$added")
revoked_token=$(jq -r .token <<<"$added")
[ -n "$revoked_token" ] && [ "$revoked_token" != null ] || fail "no token for the new user: $added"
curl -s --fail-with-body -o /dev/null -X POST "$url/v1/users/$revoked_id:revoke" \
  -H 'Authorization: Bearer demo-administrator' -H "$json" -d '{}'
[ "$(status_of -H "Authorization: Bearer $revoked_token" "$url/v1/cases")" = 401 ] || fail "revoked token"
# 403 by role (a clerk adds a user), and on an object (wjw's reviewer on scjg's branch).
[ "$(status_of -X POST "$url/v1/users" -H 'Authorization: Bearer demo-clerk-hall-1' -H "$json" \
  -d '{"name":"某人","role":"CLERK","office":"hall-1"}')" = 403 ] || fail "clerk adding a user"
case_id=$(curl -s --fail-with-body -H 'Authorization: Bearer demo-supervisor-zhou' \
  "$url/v1/cases?state=IN_REVIEW" | jq -r '.cases[0].caseId')
[ "$(status_of -X POST "$url/v1/cases/$case_id:recordOpinion" -H 'Authorization: Bearer demo-reviewer-wjw' \
  -H "$json" -d '{"branchId":"market","verdict":"APPROVE"}')" = 403 ] || fail "wjw on scjg's branch"
# A wrong query code: its answer is logged, the code is not.
[ "$(status_of "$url/v1/public/progress?caseNo=$case_id&code=918273")" = 404 ] || fail "wrong code"

# The users' ids, from the file beside the running server.
users=$("$oneseal" users list --db "$work/cases.db" --calendar "$src/seeds/calendar")
id_of() { awk -v role="$1" -v where="$2" '$0 ~ role && $0 ~ where { print $1 }' <<<"$users"; }
clerk_id=$(id_of CLERK "hall-1 +active")
wjw_id=$(id_of REVIEWER wjw)
[ -n "$clerk_id" ] && [ -n "$wjw_id" ] || fail "ids not found in: $users"

kill -TERM "$server"
wait "$server" || fail "the server did not stop cleanly"
server=""

jq -e . "$work/log" >/dev/null || fail "a log line is not JSON: $(cat "$work/log")"
refusals=$(jq -c 'select(.status == 401 or .status == 403) | [.status, .principal, .client, .path]' "$work/log")
expected=$(printf '%s\n' \
  '[401,"","127.0.0.1","/v1/cases"]' '[401,"","127.0.0.1","/v1/cases"]' '[401,"","127.0.0.1","/v1/cases"]' \
  "[403,\"$clerk_id\",\"127.0.0.1\",\"/v1/users\"]" \
  "[403,\"$wjw_id\",\"127.0.0.1\",\"/v1/cases/$case_id:recordOpinion\"]")
[ "$refusals" = "$expected" ] || fail "refusals logged as:
$refusals
expected:
$expected"
jq -e 'select(.status == 404 and .path == "/v1/public/progress" and .principal == "public")' "$work/log" >/dev/null ||
  fail "the wrong code's answer is not logged"
for secret in "$unknown_token" "$revoked_token" demo-administrator demo-clerk-hall-1 demo-reviewer-wjw \
  demo-supervisor-zhou 918273; do
  ! grep -qF -- "$secret" "$work/log" || fail "the log holds '$secret'"
done
echo "security: 3 refusals 401 and 2 refusals 403 logged with status, user id and client; no token or code logged"
