#!/bin/sh
# Runs one fuzz target (tests/fuzz/CMakeLists.txt): FUZZER SEEDS WORK. It replays the seed
# corpus SEEDS, then fuzzes for ONESEAL_FUZZ_SECONDS (60 unless set; 0 replays only). New
# inputs go to WORK/corpus, never into the sources; a crashing input is kept in
# WORK/artifacts/ to be added to SEEDS once fixed. Any crash, leak, sanitizer report or
# input slower than 10 s fails the test.
set -eu
fuzzer=$1 seeds=$2 work=$3
seconds=${ONESEAL_FUZZ_SECONDS:-60}
mkdir -p "$work/corpus" "$work/artifacts"
if [ "$seconds" -eq 0 ]; then
  exec "$fuzzer" -runs=0 -timeout=10 "$seeds"
fi
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"
