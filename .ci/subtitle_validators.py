"""Parse our SRT and WebVTT with Python `srt` and `webvtt-py`; compare with our JSON output.

Usage: subtitle_validators.py CASE...   (CASE.srt, CASE.vtt and CASE.json must exist)
"""
import json
import sys

import srt
import webvtt


def ms(delta):
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def vtt_ms(stamp):
    hours, minutes, rest = stamp.split(":")
    seconds, millis = rest.split(".")
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def srt_text(text):
    """Our documented SRT rewrite: any run of 2+ hyphens followed by '>' becomes '->'."""
    import re
    return re.sub(r"-{2,}>", "->", text)


def check(case):
    with open(case + ".json", encoding="utf-8") as f:
        cues = json.load(f)
    problems = []

    with open(case + ".srt", encoding="utf-8") as f:
        parsed = list(srt.parse(f.read(), ignore_errors=False))
    if len(parsed) != len(cues):
        problems.append(f"srt: {len(parsed)} cues, expected {len(cues)}")
    for ours, theirs in zip(cues, parsed):
        got = (theirs.index, ms(theirs.start), ms(theirs.end), theirs.content)
        want = (ours["index"], ours["start_ms"], ours["end_ms"], srt_text(ours["text"]))
        if got != want:
            problems.append(f"srt cue {ours['index']}: {got!r} != {want!r}")
            break

    parsed = list(webvtt.read(case + ".vtt"))
    if len(parsed) != len(cues):
        problems.append(f"vtt: {len(parsed)} cues, expected {len(cues)}")
    for ours, theirs in zip(cues, parsed):
        # webvtt-py keeps entities as written; decode the three we escape.
        text = theirs.raw_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        got = (vtt_ms(theirs.start), vtt_ms(theirs.end), text)
        want = (ours["start_ms"], ours["end_ms"], ours["text"])
        if got != want:
            problems.append(f"vtt cue {ours['index']}: {got!r} != {want!r}")
            break
    return len(cues), problems


def main():
    failed = 0
    for case in sys.argv[1:]:
        count, problems = check(case)
        status = "ok" if not problems else "FAILED"
        print(f"{status}: {case} ({count} cues) through srt and webvtt-py")
        for problem in problems:
            print("   ", problem)
        failed += bool(problems)
    print(f"{len(sys.argv) - 1 - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
