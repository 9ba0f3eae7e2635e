#!/usr/bin/env bash
# Measures the viewer's budgets of issue 13 on two generated 10,000-mapping tasks with 100
# changed mappings, side by side with a baseline build (default: the commit before the
# issue's work), and prints every figure with the command that produced it.
#
#   scripts/budget.sh                 # this tree against BASE
#   BASE=<rev> RUNS=7 scripts/budget.sh
#
# Needs: go, curl, wrk (apt-get install -y wrk), chromium. Cold runs restart the server
# each time and alternate baseline and current (interleaved); figures are medians. The
# machine's load is printed first: on a shared machine the latency tails move with it.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-c1957d7}
RUNS=${RUNS:-5}
WRK_SECONDS=${WRK_SECONDS:-15}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

echo "== machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go run ./cmd/internal/budget gen "$tmp/tasks"
go build -o "$tmp/viewer-new" ./cmd/viewer
mkdir -p "$tmp/base"
git archive "$BASE" | tar -x -C "$tmp/base"
(cd "$tmp/base" && go build -o "$tmp/viewer-base" ./cmd/viewer)
echo "== baseline: $BASE ($(git log -1 --format=%s "$BASE" | cut -c1-70))"

port=18931
start() { # start BIN: serve the generated tasks, wait until it answers
  "$1" --dir "$tmp/tasks" --addr "127.0.0.1:$port" >"$tmp/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return; sleep 0.05; done
  echo "viewer did not start"; cat "$tmp/log"; exit 1
}
stop() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }
# cpu_ms PID: user+system CPU the process has used, in ms (contention does not inflate it).
tck=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$tck" '{print ($14+$15)*1000/t}' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
url() { echo "http://127.0.0.1:$port$1"; }
CMP=/compare?old=big\&new=big-v2
TASK=/tasks/big

echo
echo "== cold /compare (server restarted each run, files in the OS cache), $RUNS runs interleaved"
echo "   command: curl -s -o /dev/null -w '%{time_total}' '$(url "$CMP")'; server CPU from /proc/PID/stat"
: >"$tmp/cold-base"; : >"$tmp/cold-new"; : >"$tmp/cpu-base"; : >"$tmp/cpu-new"
for i in $(seq "$RUNS"); do
  for v in base new; do
    start "$tmp/viewer-$v"
    c0=$(cpu_ms "${pids[-1]}")
    curl -s -o /dev/null -w '%{time_total}\n' "$(url "$CMP")" >>"$tmp/cold-$v"
    awk -v a="$c0" -v b="$(cpu_ms "${pids[-1]}")" 'BEGIN { print b - a }' >>"$tmp/cpu-$v"
    stop
  done
done
for v in base new; do
  echo "   $v: wall median $(median <"$tmp/cold-$v") s (runs: $(tr '\n' ' ' <"$tmp/cold-$v")); server CPU median $(median <"$tmp/cpu-$v") ms (runs: $(tr '\n' ' ' <"$tmp/cpu-$v"))"
done

for v in base new; do
  echo
  echo "== $v: warm figures"
  start "$tmp/viewer-$v"
  curl -s -o /dev/null "$(url "$CMP")"; curl -s -o /dev/null "$(url "$TASK")"
  plain=$(curl -s -o /dev/null -w '%{size_download}' "$(url "$CMP")")
  wire=$(curl -s --compressed -o /dev/null -w '%{size_download}+%{size_header}' "$(url "$CMP")")
  taskplain=$(curl -s -o /dev/null -w '%{size_download}' "$(url "$TASK")")
  taskwire=$(curl -s --compressed -o /dev/null -w '%{size_download}' "$(url "$TASK")")
  echo "   /compare: $plain bytes uncompressed (curl -s -o /dev/null -w '%{size_download}'), on the wire $wire bytes body+headers (curl --compressed)"
  echo "   $TASK: $taskplain bytes uncompressed, $taskwire bytes compressed"
  echo "   Chromium load event (go run ./cmd/internal/budget load URL $RUNS):"
  go run ./cmd/internal/budget load "$(url "$CMP")" "$RUNS" | sed 's/^/     /'
  for target in "$CMP" "$TASK"; do
    for enc in "" "gzip"; do
      [ "$v" = base ] && [ -n "$enc" ] && continue # the baseline did not compress
      hdr=(); [ -n "$enc" ] && hdr=(-H "Accept-Encoding: $enc")
      c0=$(cpu_ms "${pids[-1]}")
      out=$(wrk -c32 -t2 -d"${WRK_SECONDS}s" --latency "${hdr[@]}" "$(url "$target")")
      c1=$(cpu_ms "${pids[-1]}")
      p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
      rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
      errs=$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' | tr '\n' ';' || true)
      reqs=$(awk '/requests in/ {print $1}' <<<"$out")
      per=$(awk -v a="$c0" -v b="$c1" -v n="$reqs" 'BEGIN { if (n > 0) printf "%.3f", (b - a) / n; else print "-" }')
      echo "   wrk -c32 -t2 -d${WRK_SECONDS}s --latency ${enc:+-H 'Accept-Encoding: $enc' }$target: p99 $p99, $rps req/s, server CPU $per ms/request ${errs}"
    done
  done
  stop
done
echo
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
