#!/usr/bin/env bash
# The subtitle QA report (`aliasr subtitles --report`) in a real browser: headless Chromium
# (Debian chromium-headless-shell, installed when missing) opens reports of the fixture, of the
# fixture with --media, of an input with no text, and of a generated 100k-segment input from a
# loopback HTTP server. .ci/report_browser_check.py fails on console errors, exceptions or failed
# requests and checks that the timeline holds as many items as `aliasr subtitles -f json` wrote
# cues (and Chromium's WebVTT parser as many in the --media track). It prints the 100k report's
# size and opening times. The fixture's screenshot replaces the README's one
# (docs/report-screenshot.png) only with UPDATE_SCREENSHOT=1: its bytes differ from run to run,
# and a check should not leave the work tree changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_updated=
apt_install() {
    if [ -z "$apt_updated" ]; then
        as_root apt-get update -qq
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

browser=$(command -v chromium-headless-shell || command -v chromium || true)
if [ -z "$browser" ]; then
    echo "installing chromium-headless-shell"
    apt_install chromium-headless-shell || apt_install chromium
    browser=$(command -v chromium-headless-shell || command -v chromium)
fi
# Without a CJK font the fixture's Chinese would show as boxes in the screenshot.
if ! dpkg-query -W -f '${Status}' fonts-wqy-zenhei 2>/dev/null | grep -q 'install ok installed'; then
    apt_install fonts-wqy-zenhei || echo "fonts-wqy-zenhei not installed: Chinese text may show as boxes"
fi

# Debug build: shared with the test step; the 100k conversion takes a few seconds in it.
cargo build --quiet -p aliasr-cli -p aliasr-benches --examples --bins
bin_dir="${CARGO_TARGET_DIR:-target}/debug"
aliasr="$bin_dir/aliasr"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cue_count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$1"; }

# One page per case: the report, and the cue count from the JSON subtitles of the same run.
pages=()
report() {
    local name=$1 input=$2 shot=$3
    shift 3
    "$aliasr" subtitles "$input" -o "$work/$name.cues.json" --report "$work/$name.html" "$@"
    pages+=(--page "$name.html" "$(cue_count "$work/$name.cues.json")" "$shot")
}
report fixture testdata/fixtures/airesult-zh-en.json "$work/fixture.png"
# Relative media URL, served by the same loopback server: 70 s of silent WAV.
python3 - "$work/silence.wav" <<'EOF'
import sys, wave
with wave.open(sys.argv[1], "wb") as out:
    out.setnchannels(1)
    out.setsampwidth(1)
    out.setframerate(8000)
    out.writeframes(b"\x80" * 8000 * 70)
EOF
report fixture-media testdata/fixtures/airesult-zh-en.json - --media silence.wav
echo '[{"content":"  ","from":0,"to":1.5}]' >"$work/no-text.json"
report no-text "$work/no-text.json" -
"$bin_dir/examples/write_airesult" 100000 7 "$work/generated-100k.json"
report generated-100k "$work/generated-100k.json" "$work/generated-100k.png"

python3 .ci/report_browser_check.py --browser "$browser" --dir "$work" "${pages[@]}" \
    --track-cues fixture-media.html
if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
    mkdir -p docs
    cp "$work/fixture.png" docs/report-screenshot.png
    echo "updated docs/report-screenshot.png"
fi
echo "report browser check passed ($("$browser" --version 2>/dev/null || echo chromium))"
