#!/usr/bin/env bash
# Builds one libFuzzer target and runs it for SECONDS: Fuzz/run.sh spec|lint|data SECONDS [extra libFuzzer flags]
# Seeds: specs/, the test fixtures and Fuzz/seeds/TARGET; the working corpus grows in
# Fuzz/corpus/TARGET. A crash, a hang over 10 s or a process over 2 GB of RSS stops the run
# with a non-zero status and keeps the input as Fuzz/artifacts/TARGET-crash-… (or -timeout-, -oom-).
# Data allocations are capped by NNSPEC_MEMORY_BUDGET (256M here), which the code must honour.
set -euo pipefail
target=${1:?usage: Fuzz/run.sh spec|lint|data SECONDS [libFuzzer flags]}
seconds=${2:?usage: Fuzz/run.sh spec|lint|data SECONDS [libFuzzer flags]}
shift 2
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
"$fuzz/build.sh" "$target" >&2

# A scratch copy of specs/ beside a link to data/, so the seeds' `extends:` and data paths resolve
# and the lint target's spec file is written outside the repository.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/specs" "$scratch/specs"
ln -s "$root/data" "$scratch/data"
export NNSPEC_FUZZ_SPECS="$scratch/specs" TMPDIR="$scratch" NNSPEC_MEMORY_BUDGET=${NNSPEC_MEMORY_BUDGET:-256M}

# The grammar's keys and enumerated values, from the schema editors use.
dict="$scratch/grammar.dict"
grep -oE '"[a-z_0-9]+"' "$root/grammar/nnspec.schema.json" | sort -u | sed 's/.*/&/' > "$dict"
printf '"%s"\n' ': ' '- ' '{' '}' '[' ']' ', ' '&a ' '*a' '!!' '---' '1e308' '-1' '4294967296' \
  '9223372036854775807' '.nan' '.inf' '0x' >> "$dict"

seeds=("$fuzz/seeds/$target")
case $target in
  spec|lint) seeds+=("$root/specs" "$root/specs/base" "$root/Tests/NNSpecCommandsTests/Fixtures/malformed" "$root/Tests/NNSpecCommandsTests/Fixtures/bad/specs") ;;
esac
corpus="$fuzz/corpus/$target"
mkdir -p "$corpus" "$fuzz/artifacts"
existing=()
for s in "${seeds[@]}"; do [[ -d $s ]] && existing+=("$s"); done

# Leak reports are off: objects a command keeps until exit are not crashes, and memory growth of
# any kind is caught by -rss_limit_mb (the lint target's growth was a mirror cycle, now broken).
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 -detect_leaks=0
  -artifact_prefix="$fuzz/artifacts/$target-")
[[ $target != data ]] && flags+=(-dict="$dict")
"$fuzz/.build/fuzz-$target" "${flags[@]}" "$@" "$corpus" "${existing[@]}"
