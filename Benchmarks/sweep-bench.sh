#!/usr/bin/env bash
# Sweep throughput on a tiny spec: variants per minute of `nnspec sweep` at -j 1 and -j 2, and
# its overhead per variant against the same runs as plain `nnspec run` processes one after
# another. Each measurement is repeated (REPS, default 3) and the median reported.
#
#   swift build -c release --product nnspec
#   Benchmarks/sweep-bench.sh [.build/release/nnspec] [VARIANTS=60] [REPS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
nnspec=${1:-.build/release/nnspec}
n=${2:-60}
reps=${3:-3}
spec=specs/first-feature-keras.yaml     # 10 001 SGD steps of a 10→1 net on 10 000 rows
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
per() { echo "($2 - $1) / $n" | bc -l; }

plain=() j1=() j2=() again=()
for r in $(seq 1 "$reps"); do
  t0=$(now)
  for i in $(seq 1 "$n"); do "$nnspec" run "$spec" "data.seed=$i" --output "$tmp/plain.json" >/dev/null; done
  t1=$(now); plain+=("$(per "$t0" "$t1")")
  rm -rf "$tmp/j1" "$tmp/j2"
  t0=$(now); "$nnspec" sweep "$spec" --set "data.seed=1..$n" -j 1 --out "$tmp/j1" >/dev/null 2>&1; t1=$(now); j1+=("$(per "$t0" "$t1")")
  t0=$(now); "$nnspec" sweep "$spec" --set "data.seed=1..$n" -j 2 --out "$tmp/j2" >/dev/null 2>&1; t1=$(now); j2+=("$(per "$t0" "$t1")")
  # Everything current: what the sweep itself costs (plan, effective-spec hashes, table).
  t0=$(now); "$nnspec" sweep "$spec" --set "data.seed=1..$n" -j 1 --out "$tmp/j1" >/dev/null 2>&1; t1=$(now); again+=("$(per "$t0" "$t1")")
done
p=$(printf '%s\n' "${plain[@]}" | median)
a=$(printf '%s\n' "${j1[@]}" | median)
b=$(printf '%s\n' "${j2[@]}" | median)
c=$(printf '%s\n' "${again[@]}" | median)
printf 'variants: %d, repetitions: %d, cores: %s, load average after: %s\n' "$n" "$reps" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| what | ms per variant | variants per minute |\n|---|---|---|\n'
printf '| plain `nnspec run`, one after another | %.1f | %.0f |\n' "$(echo "$p*1000" | bc -l)" "$(echo "60/$p" | bc -l)"
printf '| `nnspec sweep -j 1` | %.1f | %.0f |\n' "$(echo "$a*1000" | bc -l)" "$(echo "60/$a" | bc -l)"
printf '| `nnspec sweep -j 2` | %.1f | %.0f |\n' "$(echo "$b*1000" | bc -l)" "$(echo "60/$b" | bc -l)"
printf '| `nnspec sweep` again, every variant current (no runs) | %.1f | |\n' "$(echo "$c*1000" | bc -l)"
printf 'overhead of -j 1 over plain runs: %.1f ms per variant\n' "$(echo "($a-$p)*1000" | bc -l)"
