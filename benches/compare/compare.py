"""Runs the peers and aliasr on the same inputs and prints a markdown table.

Signing: the official tea-openapi V1 and V3 signers and aliyun-python-sdk-core's V1 composer on the
SubmitASRJob parameters of vector tea_v1_SubmitASRJob_full (each checked against the vector first),
against aliasr's signers (benches/src/bin/sign_ops.rs) and the bare hashing floors.
Subtitles: python `srt` (compose) and `pysubs2` (save as SRT) against `aliasr subtitles`, each a
whole process from reading the JSON file to writing the SRT file; medians of 5 runs, peak RSS.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
import types
from importlib import metadata

RUNS = 5


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()}"


def per_op_ns(fn):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    runs = timer.repeat(repeat=RUNS, number=number)
    return statistics.median(runs) / number * 1e9


def signing(vectors_path, sign_ops):
    vectors = {v["name"]: v for v in json.load(open(vectors_path, encoding="utf-8"))["vectors"]}
    v1 = vectors["tea_v1_SubmitASRJob_full"]
    v3 = vectors["tea_v3_SubmitASRJob_full"]
    from alibabacloud_tea_openapi.utils import Utils
    from aliyunsdkcore.auth.composer import rpc_signature_composer

    params = dict(v1["params"])
    secret = v1["access_key_secret"]
    assert Utils.get_rpcsignature(params, "POST", secret) == v1["signature"], "tea V1 disagrees with the vector"
    request = types.SimpleNamespace(method="POST", pathname="/", query=dict(v3["query"]), headers=dict(v3["headers_signed"]))
    authorization = Utils.get_authorization(request, "ACS3-HMAC-SHA256", v3["hashed_payload"], v3["access_key_id"], v3["access_key_secret"])
    assert authorization == v3["authorization"], "tea V3 disagrees with the vector"
    api = dict(v1["api_params"])

    results = {
        "tea V1 (alibabacloud-tea-openapi)": per_op_ns(lambda: Utils.get_rpcsignature(dict(params), "POST", secret)),
        "tea V3 (alibabacloud-tea-openapi)": per_op_ns(lambda: Utils.get_authorization(request, "ACS3-HMAC-SHA256", v3["hashed_payload"], v3["access_key_id"], v3["access_key_secret"])),
        "sdk-core V1 (aliyun-python-sdk-core)": per_op_ns(lambda: rpc_signature_composer.get_signed_url(dict(api), v1["access_key_id"], secret, "JSON", "POST", {})),
    }
    ours = json.loads(subprocess.run([sign_ops], check=True, capture_output=True, text=True).stdout)
    return results, ours


def run_process(argv):
    """Wall time and peak RSS (KiB) of one child process.

    GNU time reports the child's own peak: reading ru_maxrss from Python would count the pages a
    forked child shares with this (large) parent before it execs.
    """
    report = os.path.join(os.path.dirname(argv[-1]) if os.path.isabs(argv[-1]) else ".", "time.txt")
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{argv[0]} failed: {done.stderr.decode()}")
    with open(report, encoding="utf-8") as f:
        rss_kib = int(f.read().split()[-1])
    return elapsed, rss_kib


SRT_PEER = """
import json, sys, datetime, srt
segments = json.load(open(sys.argv[1], encoding="utf-8"))
subs = [srt.Subtitle(index=i + 1, start=datetime.timedelta(seconds=s["from"]), end=datetime.timedelta(seconds=s["to"]), content=s["content"])
        for i, s in enumerate(segments) if s["content"].strip()]
open(sys.argv[2], "w", encoding="utf-8").write(srt.compose(subs, reindex=False))
"""

PYSUBS2_PEER = """
import json, sys, pysubs2
segments = json.load(open(sys.argv[1], encoding="utf-8"))
subs = pysubs2.SSAFile()
for s in segments:
    if s["content"].strip():
        subs.append(pysubs2.SSAEvent(start=round(s["from"] * 1000), end=round(s["to"] * 1000), text=s["content"]))
subs.save(sys.argv[2], format_="srt")
"""


def subtitles(aliasr, input_path, work):
    size = os.path.getsize(input_path)
    with open(input_path, encoding="utf-8") as f:
        segments = f.read().count('"content"')
    tools = {
        f"python srt {metadata.version('srt')} (compose)": [sys.executable, "-c", SRT_PEER, input_path, f"{work}/srt.srt"],
        f"pysubs2 {metadata.version('pysubs2')} (save srt)": [sys.executable, "-c", PYSUBS2_PEER, input_path, f"{work}/pysubs2.srt"],
        "aliasr subtitles --preset none": [aliasr, "subtitles", input_path, "--preset", "none", "--force", "-o", f"{work}/aliasr-none.srt"],
        "aliasr subtitles (netflix preset)": [aliasr, "subtitles", input_path, "--force", "-o", f"{work}/aliasr-netflix.srt"],
    }
    rows = {}
    for name, argv in tools.items():
        runs = [run_process(argv) for _ in range(RUNS)]
        seconds = statistics.median(t for t, _ in runs)
        rss_kib = max(r for _, r in runs)
        rows[name] = (seconds, rss_kib)
    return size, segments, rows


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--aliasr", "--sign-ops", "--vectors", "--input", "--work"):
        parser.add_argument(flag, required=True)
    args = parser.parse_args()

    peers, ours = signing(args.vectors, args.sign_ops)
    size, segments, rows = subtitles(args.aliasr, args.input, args.work)

    print(f"Machine: {machine()}; Python {platform.python_version()}; medians of {RUNS} runs.\n")
    print("| signing SubmitASRJob (vector tea_v1_SubmitASRJob_full) | version | median per signature | vs aliasr |")
    print("|---|---|---|---|")
    versions = {
        "tea": metadata.version("alibabacloud-tea-openapi"),
        "sdk-core": metadata.version("aliyun-python-sdk-core"),
    }
    v1 = ours["aliasr_v1_ns"]
    v3 = ours["aliasr_v3_ns"]
    for name, ns in peers.items():
        mine = v3 if "V3" in name else v1
        version = versions["sdk-core"] if "sdk-core" in name else versions["tea"]
        print(f"| {name} | {version} | {ns / 1000:.1f} µs | {ns / mine:.0f}x slower |")
    print(f"| aliasr V1 | 0.1.0 | {v1:.0f} ns | 1x ({v1 / ours['hmac_sha1_floor_ns']:.2f}x its HMAC-SHA1 floor of {ours['hmac_sha1_floor_ns']:.0f} ns) |")
    print(f"| aliasr V3 | 0.1.0 | {v3:.0f} ns | 1x ({v3 / ours['sha256_hmac_floor_ns']:.2f}x its SHA-256 + HMAC floor of {ours['sha256_hmac_floor_ns']:.0f} ns) |")
    print()
    print(f"| SRT from a {segments:,}-segment AiResult ({size / 1e6:.1f} MB) | median | MB/s | segments/s | peak RSS | RSS / input | time vs aliasr --preset none |")
    print("|---|---|---|---|---|---|---|")
    base = rows["aliasr subtitles --preset none"][0]
    for name, (seconds, rss_kib) in rows.items():
        print(f"| {name} | {seconds * 1000:.0f} ms | {size / 1e6 / seconds:.1f} | {segments / seconds:,.0f} | {rss_kib / 1024:.1f} MiB | {rss_kib * 1024 / size:.2f}x | {seconds / base:.1f}x |")


if __name__ == "__main__":
    main()
