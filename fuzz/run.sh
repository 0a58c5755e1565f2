#!/usr/bin/env bash
# Runs cargo-fuzz targets for a fixed time each, without a sanitizer on the stable toolchain, and
# prints one markdown row per target: executions, executions/s, corpus size, crashes.
#
#   fuzz/run.sh SECONDS [TARGET ...]      (no targets: all of them)
#
# CI's smoke (`.ci/checks/40-fuzz-smoke.sh`) runs it with 25 s; the README's figures come from
# `fuzz/run.sh 600`. Any crash ends the script with status 1 after every target has run; the
# input that crashed is in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET ...]}"
shift
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
cargo fuzz build -s none
mkdir -p logs
failed=0
rows=()
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    dict=()
    if [ -f "dict/$target.dict" ]; then
        dict=(-dict="dict/$target.dict")
    else
        case "$target" in
            airesult_input|cues_and_writers|models_bodies) dict=(-dict=dict/json_keys.dict) ;;
        esac
    fi
    log="logs/$target.log"
    echo "--- fuzz $target for ${seconds}s (log: fuzz/$log)" >&2
    status=0
    cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 "${dict[@]}" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    corpus=$(find "corpus/$target" -type f | wc -l)
    crashes=0
    if [ "$status" -ne 0 ]; then
        crashes=1
        failed=1
        tail -n 30 "$log" >&2
    fi
    rows+=("| \`$target\` | ${seconds} s | ${execs:-?} | ${rate:-?}/s | $corpus | $crashes |")
done
echo "| target | time | executions | rate | corpus files | crashes |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
