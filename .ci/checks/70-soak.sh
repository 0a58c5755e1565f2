#!/usr/bin/env bash
# A bounded soak (SOAK_SECONDS, default 60): 32 tasks of mixed operations against `aliasr
# emulator` as a separate process, quotas on and faults injected; only injected errors may reach
# callers and the emulator's resident memory must stay flat. Prints a table and the RSS figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SOAK_SECONDS="${SOAK_SECONDS:-60}" cargo test --quiet -p aliasr-cli --test soak -- --ignored --nocapture
