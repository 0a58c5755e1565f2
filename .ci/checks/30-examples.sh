#!/usr/bin/env bash
# Every example runs against an in-process emulator (no ALIASR_ENDPOINT) and must exit 0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
unset ALIASR_ENDPOINT
for example in submit_and_wait query_rtc_asr_tasks record_start_stop; do
    echo "--- example $example"
    cargo run --quiet -p aliasr-examples --example "$example"
done
