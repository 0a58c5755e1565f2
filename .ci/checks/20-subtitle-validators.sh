#!/usr/bin/env bash
# Our SRT and WebVTT output, read by parsers we did not write: Python `srt` and `webvtt-py`,
# and ffprobe when ffmpeg is installed. Inputs: every good fixture and a generated
# 10k-segment AiResult. Cue counts and texts must match what we wrote (our JSON output).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

venv=.ci/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'srt==3.5.3' 'webvtt-py==0.5.1'

# Debug build: the check is about correctness, and it shares the test step's build.
cargo build --quiet -p aliasr-cli -p aliasr-benches --examples --bins
bin_dir="${CARGO_TARGET_DIR:-target}/debug"
aliasr="$bin_dir/aliasr"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=(
    testdata/fixtures/airesult-zh-en.json
    testdata/fixtures/get-smart-handle-job-finished.json
)
"$bin_dir/examples/write_airesult" 10000 7 "$work/generated-10k.json"
inputs+=("$work/generated-10k.json")

cases=()
for input in "${inputs[@]}"; do
    name=$(basename "$input" .json)
    for preset in netflix none; do
        out="$work/$name.$preset"
        "$aliasr" subtitles --preset "$preset" "$input" -o "$out.srt"
        "$aliasr" subtitles --preset "$preset" "$input" -o "$out.vtt"
        "$aliasr" subtitles --preset "$preset" "$input" -o "$out.json"
        cases+=("$out")
    done
done
# The documentation's broken sample, recovered in lenient mode.
"$aliasr" subtitles --lenient testdata/fixtures/malformed-doc-sample-unescaped-quotes.json -o "$work/doc.srt" 2>/dev/null
"$aliasr" subtitles --lenient testdata/fixtures/malformed-doc-sample-unescaped-quotes.json -o "$work/doc.vtt" 2>/dev/null
"$aliasr" subtitles --lenient testdata/fixtures/malformed-doc-sample-unescaped-quotes.json -o "$work/doc.json" 2>/dev/null
cases+=("$work/doc")

"$venv/bin/python" .ci/subtitle_validators.py "${cases[@]}"

if command -v ffprobe >/dev/null 2>&1; then
    for case in "${cases[@]}"; do
        expected=$("$venv/bin/python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$case.json")
        for ext in srt vtt; do
            count=$(ffprobe -v error -count_packets -select_streams s:0 -show_entries stream=nb_read_packets -of csv=p=0 "$case.$ext")
            if [ "$count" != "$expected" ]; then
                echo "ffprobe counted $count cues in $case.$ext, we wrote $expected" >&2
                exit 1
            fi
        done
    done
    echo "ffprobe: every file has the cue count we wrote"
else
    echo "ffprobe not installed (Debian package ffmpeg): skipping the ffprobe check"
fi
