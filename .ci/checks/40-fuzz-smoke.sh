#!/usr/bin/env bash
# Fuzz smoke: every cargo-fuzz target runs briefly without a sanitizer on the stable toolchain.
# Long runs (see fuzz/README.md): cargo fuzz run -s none TARGET -- -max_total_time=600
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds="${FUZZ_SMOKE_SECONDS:-25}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cd fuzz
targets=$(cargo fuzz list)
cargo fuzz build -s none
for target in $targets; do
    mkdir -p "corpus/$target"
    dict=()
    [ -f "dict/$target.dict" ] && dict=(-dict="dict/$target.dict")
    [ ${#dict[@]} -eq 0 ] && [ -f dict/json_keys.dict ] && case "$target" in
        airesult_input|cues_and_writers|models_bodies) dict=(-dict=dict/json_keys.dict) ;;
    esac
    echo "--- fuzz $target for ${seconds}s"
    cargo fuzz run -s none "$target" "corpus/$target" -- -max_total_time="$seconds" "${dict[@]}" 2>&1 | tail -n 4
done
