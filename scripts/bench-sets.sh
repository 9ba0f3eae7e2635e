#!/usr/bin/env bash
# Measures `fdi diff OLD_DIR NEW_DIR` on two folders of 1,000 generated tasks of 200
# mappings each (wall time and peak RSS of the whole process, medians of interleaved runs)
# against two baselines in the same run: the same command on one core (GOMAXPROCS=1), and
# the bare encoding/json decode of every file (envelope and task_detail) on every core.
#
#   scripts/bench-sets.sh [RUNS] [TASKS] [MAPPINGS]      (defaults 5 1000 200)
#
# Two cases: 10% of the tasks edited and 1% replaced (a typical week), and every task
# edited (the worst case: every pair parsed twice and compared).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5} tasks=${2:-1000} mappings=${3:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/fdi" ./cmd/fdi
go build -o "$work/gensets" ./internal/taskgen/gensets
"$work/gensets" -out "$work/typical" -tasks "$tasks" -mappings "$mappings" -changed 0.1 -churn 0.01
"$work/gensets" -out "$work/all" -tasks "$tasks" -mappings "$mappings" -changed 1 -churn 0
echo "sets: $tasks tasks x $mappings mappings per side; $(du -sh "$work/typical/old" | cut -f1) per folder; $(nproc) cores; $runs interleaved runs; load average $(cut -d' ' -f1 /proc/loadavg)"
echo "fdi: fdi diff --format json OLD NEW;  fdi1: the same with GOMAXPROCS=1;  decode: encoding/json of every file on every core"

# measure NAME CMD...: one run, appends "wall-seconds peak-KiB cpu-seconds" to $work/NAME.
# CPU time (user + system) says how much work was done whatever else the machine runs;
# wall time is what a user waits.
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/t" >"$work/t2" && mv "$work/t2" "$work/t"
  cat "$work/t" >>"$work/$name"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for case in typical all; do
  for i in $(seq "$runs"); do
    measure "$case-fdi" "$work/fdi" diff --format json "$work/$case/old" "$work/$case/new"
    measure "$case-fdi1" env GOMAXPROCS=1 "$work/fdi" diff --format json "$work/$case/old" "$work/$case/new"
    measure "$case-decode" "$work/gensets" -decode "$work/$case/old" "$work/$case/new"
  done
  { "$work/fdi" diff "$work/$case/old" "$work/$case/new" || true; } | sed -n 2p
  for m in fdi fdi1 decode; do
    s=$(cut -d' ' -f1 "$work/$case-$m" | median)
    k=$(cut -d' ' -f2 "$work/$case-$m" | median)
    c=$(cut -d' ' -f3 "$work/$case-$m" | median)
    printf '  %-7s %-7s wall %6.2f s   cpu %6.2f s   peak %5d MiB\n' "$case" "$m" "$s" "$c" "$((${k%.*} / 1024))"
  done
done
