#!/usr/bin/env bash
# Whole-process batch figures (issue: "Review a whole year's submissions at once").
# Builds release binaries, generates corpora, and times `jixiao check` over them with
# /usr/bin/time -v (wall time and peak memory). Run from the repository root:
#   bash benches/whole-process.sh [WORKDIR]
set -euo pipefail
work=${1:-/tmp/jixiao-bench}
cargo build --release --quiet --bin jixiao --example make_corpus --example read_corpus
bin=target/release/jixiao
mkdir -p "$work"

corpus() { # name N xlsx-percent
  [ -d "$work/$1" ] || target/release/examples/make_corpus "$work/$1" "$2" --xlsx "$3" >/dev/null
}

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e s wall, %M KB max RSS" "$@" >/dev/null 2>"$work/time.txt" || true
  printf '%-46s %s\n' "$label" "$(tail -1 "$work/time.txt")"
}

corpus yaml-1000 1000 0
corpus yaml-5000 5000 0
corpus yaml-10000 10000 0
corpus xlsx-1000 1000 100

measure "check 1,000 YAML (2 threads)" $bin check --format json "$work/yaml-1000"
measure "check 5,000 YAML (2 threads)" $bin check --format json "$work/yaml-5000"
measure "check 10,000 YAML (2 threads)" $bin check --format json "$work/yaml-10000"
measure "check 10,000 YAML (1 thread)" env RAYON_NUM_THREADS=1 $bin check --format json "$work/yaml-10000"
measure "read-only 10,000 YAML (2 threads)" target/release/examples/read_corpus "$work/yaml-10000"
measure "check 1,000 xlsx (2 threads)" $bin check --format json "$work/xlsx-1000"
measure "read-only 1,000 xlsx (2 threads)" target/release/examples/read_corpus "$work/xlsx-1000"
