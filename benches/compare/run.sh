#!/usr/bin/env bash
# Peer comparison, one command: aliasr vs the official Python signers and the Python subtitle
# libraries, on the same inputs in the same run. Prints a markdown table (paste it into README.md).
#   bash benches/compare/run.sh            # ~5 minutes on 2 cores, most of it building
# Needs python3 with venv, GNU time (/usr/bin/time) and network access to PyPI; makes
# benches/compare/.venv and work/. Run it on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
venv="$here/.venv"
work="$here/work"
mkdir -p "$work"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    alibabacloud-tea-openapi==0.4.6 aliyun-python-sdk-core==2.16.1 srt pysubs2
cargo build --quiet --release -p aliasr-cli -p aliasr-benches --bin aliasr --bin sign_ops --example write_airesult
target="${CARGO_TARGET_DIR:-$root/target}"
"$target/release/examples/write_airesult" 100000 2024 "$work/airesult-100k.json"
"$venv/bin/python" "$here/compare.py" \
    --aliasr "$target/release/aliasr" \
    --sign-ops "$target/release/sign_ops" \
    --vectors "$root/testdata/vectors/official-vectors.json" \
    --input "$work/airesult-100k.json" \
    --work "$work"
