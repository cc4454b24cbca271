#!/usr/bin/env bash
# Runs every ```sh block of README.md and docs/api.md exactly as printed, each as one script,
# against `oneseal serve --demo` on 127.0.0.1:8080 (the address the documents name).
# Usage: doc_examples.sh ONESEAL SOURCE_DIR
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

serve_start "$work/serve.log" --demo --quiet --db "$work/demo.db" --workflows "$src/workflows" \
  --seeds "$src/seeds" --listen 127.0.0.1:8080

blocks=0
for doc in "$src/README.md" "$src/docs/api.md"; do
  # Split the document's ```sh blocks into files.
  awk -v dir="$work" -v name="$(basename "$doc")" '
    /^```sh$/ { n++; file = dir "/" name "." n ".sh"; inside = 1; next }
    /^```$/ && inside { inside = 0; close(file); next }
    inside { print > file }' "$doc"
done
for block in "$work"/*.sh; do
  [ -e "$block" ] || continue
  blocks=$((blocks + 1))
  if ! (cd "$work" && bash -euo pipefail "$block" >"$block.out" 2>&1); then
    echo "FAILED: $(basename "$block")" >&2
    cat "$block" >&2
    echo "--- output:" >&2
    cat "$block.out" >&2
    exit 1
  fi
  echo "ok: $(basename "$block")"
done
[ "$blocks" -gt 0 ] || { echo "no sh blocks found" >&2; exit 1; }
echo "$blocks examples ran as printed"
