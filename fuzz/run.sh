#!/usr/bin/env bash
# The fuzz campaign (docs/fuzzing.md). Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Runs each target for RUNS executions (default 1,000,000),
# one at a time at low priority, from seed corpora made from the fixtures, and prints each
# target's executions, executions per second and what it found.
#
#   bash fuzz/run.sh                 # every target
#   RUNS=100000 bash fuzz/run.sh csv # one target, fewer runs
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-1000000}"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(value formula sheet_text scheme csv xlsx_part ods xls)
fi
python3 seeds.py
mkdir -p logs
cargo +nightly fuzz build -O
for target in "${TARGETS[@]}"; do
  mkdir -p "corpus/$target" "seeds/$target"
  start=$(date +%s)
  # -malloc_limit_mb and -rss_limit_mb make a large allocation a finding: no input may cost
  # more than the limits promise (AddressSanitizer roughly doubles what a run holds).
  nice -n 10 cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -runs="$RUNS" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -print_final_stats=1 >"logs/$target.log" 2>&1 || true
  end=$(date +%s)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$target.log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "logs/$target.log" | grep -o '[0-9]*$' || echo 0)
  found=$(grep -cE '^==[0-9]+==ERROR|panicked at|deadly signal|Test unit written' "logs/$target.log" || true)
  caught=$(grep -c 'caught calamine panic' "logs/$target.log" || true)
  echo "$target: ${execs} executions, ${rate} exec/s, $((end - start)) s, findings: ${found}, calamine panics caught: ${caught} (logs/$target.log, artifacts/$target/)"
done
rm -rf /dev/shm/jixiao-fuzz-scheme-*
