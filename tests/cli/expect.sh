#!/usr/bin/env bash
# expect.sh STATUS PATTERNS COMMAND...: runs COMMAND and passes when it exits with STATUS and
# its output (stdout and stderr together) matches every extended regular expression in
# PATTERNS, which are separated by '&&'.
set -u
want_status=$1
pattern=$2
shift 2
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne "$want_status" ]; then
  echo "expect.sh: exit status $status, expected $want_status" >&2
  exit 1
fi
while [ -n "$pattern" ]; do
  one=${pattern%%&&*}
  if ! printf '%s\n' "$output" | grep -Eq -- "$one"; then
    echo "expect.sh: output does not match: $one" >&2
    exit 1
  fi
  [ "$one" = "$pattern" ] && break
  pattern=${pattern#*&&}
done
