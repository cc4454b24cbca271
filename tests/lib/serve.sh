# Sourced by the test scripts that drive `oneseal serve`: start it and learn its address.
#
# serve_start LOG ARGS...: runs `$oneseal serve ARGS...` in the background, its standard error
# in LOG; waits for its "serving" line (no guessing how long a start takes); sets $server (its
# pid) and $url. Its later standard output is read and dropped, so it never blocks on a full
# pipe. Needs $oneseal and $work (a temporary folder); stops the script if the server does not
# start.
serve_start() {
  local log=$1 line
  shift
  mkfifo "$work/serve.out"
  "$oneseal" serve "$@" >"$work/serve.out" 2>"$log" &
  server=$!
  exec 3<"$work/serve.out"
  url=""
  while IFS= read -r line <&3; do
    case "$line" in "OneSeal serving"*) url=${line##* on }; break ;; esac
  done
  [ -n "$url" ] || { echo "FAILED: oneseal serve did not start: $(cat "$log")" >&2; exit 1; }
  cat <&3 >/dev/null &
}
