#!/usr/bin/env bash
# Counts, in each ELF file or static library given, the instructions that baseline x86-64 lacks,
# outside the runtime-dispatched clones of the update kernels (src/optimizers/kernel_dispatch.hpp:
# functions named *.avx2 may hold AVX2, *.avx512f AVX-512 too). Read from the raw bytes objdump
# prints, whatever the mnemonic: in 64-bit mode a first byte c4/c5 is a VEX prefix (AVX, AVX2,
# FMA, BMI) and 62 an EVEX prefix (AVX-512), after an optional address-size or segment prefix.
# Prints one line per file and the functions holding them; exits 1 if any file has one.
#   tests/package/beyond_baseline.sh build/optbench build/liboptbench_core.a
set -euo pipefail
status=0
for f in "$@"; do
  objdump -d "$f" | awk -v file="$f" '
    /^[0-9a-f]+ <.*>:$/ {
      fn = $2
      vex_ok = fn ~ /\.(avx2|avx512f|arch_x86_64_v[34])[.>]/
      evex_ok = fn ~ /\.(avx512f|arch_x86_64_v4)[.>]/
      next
    }
    /^ *[0-9a-f]+:\t/ {
      if (split($0, part, "\t") < 3) next  # the continuation of a long instruction
      split(part[2], b, " ")
      i = 1
      while (b[i] ~ /^(67|2e|3e|26|64|65|36)$/) i++
      if (b[i] == "62") {
        if (evex_ok) clone++; else { evex++; where[fn]++ }
      } else if (b[i] == "c4" || b[i] == "c5") {
        if (vex_ok) clone++; else { vex++; where[fn]++ }
      }
    }
    END {
      printf "%s: %d AVX-512 (EVEX) and %d AVX/AVX2/FMA/BMI (VEX) instructions outside the dispatched clones; %d in them\n", file, evex, vex, clone
      if (evex + vex == 0) exit 0
      k = 0
      for (f in where) if (k++ < 10) { name = f; sub(/:$/, "", name); printf "  %s %d\n", name, where[f] }
      exit 1
    }' || status=1
done
exit $status
