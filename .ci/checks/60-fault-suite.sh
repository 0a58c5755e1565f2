#!/usr/bin/env bash
# The batch path under each injected fault kind at 20 % (500 jobs each): no duplicate
# submissions, no lost results, every input in a final state; prints a table of attempts and time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cargo test --quiet -p aliasr-cli --test fault_suite -- --ignored --nocapture
