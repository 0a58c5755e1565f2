#!/usr/bin/env bash
# Fuzz smoke: every cargo-fuzz target runs briefly without a sanitizer on the stable toolchain.
# Long runs (the README's figures): fuzz/run.sh 600
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-25}"
