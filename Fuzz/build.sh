#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets/ against the library sources, instrumented with
# -sanitize=fuzzer,address (SwiftPM has no fuzzer mode, so the modules are compiled directly, in
# pipeline order). Output: Fuzz/.build/fuzz-TARGET. Usage: Fuzz/build.sh [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/Fuzz/.build"
mkdir -p "$out"
cd "$out"

# The library modules, read from Package.swift, which lists each after the modules it imports.
mapfile -t modules < <(grep -oE '^\s*\.target\(name: "NNSpec[A-Za-z]+"' "$root/Package.swift" | sed -E 's/.*"(.*)"/\1/')
san=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -g -O)
cmods=(-I "$root/Sources/CYAML" -I "$root/Sources/CZlib")
# CPrefetch has no module map of its own (SwiftPM makes one for its include/ folder): write it here.
mkdir -p "$out/CPrefetch"
printf 'module CPrefetch {\n  header "%s"\n  export *\n}\n' "$root/Sources/CPrefetch/include/CPrefetch.h" > "$out/CPrefetch/module.modulemap"
cmods+=(-I "$out/CPrefetch")

for m in "${modules[@]}"; do
  srcs=$(find "$root/Sources/$m" -name '*.swift' | sort)
  stamp="$out/$m.o"
  # Rebuild a module when any of its sources (or an earlier module) is newer than its object.
  if [[ -f $stamp ]] && [[ -z $(find "$root/Sources/$m" -name '*.swift' -newer "$stamp") ]] && [[ -z ${rebuilt:-} ]]; then
    continue
  fi
  rebuilt=1
  echo "fuzz: compiling $m"
  extra=()
  [[ $m == NNSpecNumerics ]] && extra=(-Ounchecked)
  # shellcheck disable=SC2086
  swiftc "${san[@]}" "${extra[@]}" "${cmods[@]}" -I "$out" -module-name "$m" -wmo -enable-testing \
    -emit-module -emit-module-path "$out/$m.swiftmodule" -c $srcs -o "$m.o"
done

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in "$root"/Fuzz/Targets/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi
objs=()
for m in "${modules[@]}"; do objs+=("$out/$m.o"); done
for t in "${targets[@]}"; do
  echo "fuzz: linking fuzz-$t"
  swiftc "${san[@]}" "${cmods[@]}" -I "$out" -module-name "Fuzz_$t" "$root/Fuzz/Targets/$t.swift" \
    "${objs[@]}" -lyaml -lz -o "$out/fuzz-$t"
done
