#!/usr/bin/env python3
"""Opens subtitle reports in headless Chromium and checks what a person would see.

Serves a folder on a loopback HTTP server, drives Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: no WebSocket client or package needed) and, for each page:
- fails on any console error, uncaught exception or failed request;
- checks that the timeline laid out and drew as many cue items as the cue count given (which
  the caller takes from `aliasr subtitles -f json`), and, with --track-cues, that Chromium's own
  WebVTT parser read that many cues from the embedded track;
- clicks through the page (flagged-cue links, zoom, scroll) and checks the selection follows;
- saves a screenshot, and prints the file size, load-event and first-draw times.

Usage: report_browser_check.py --browser BIN --dir DIR
           --page NAME CUES SCREENSHOT|- [--track-cues] [--page ...]
"""

import argparse
import base64
import functools
import http.server
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT_S = 60


class Browser:
    """One headless Chromium with a DevTools session on a single page."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="aliasr-chromium-")
        # Commands go to the browser's fd 3, answers and events come from its fd 4.
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def place_pipes():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + self.profile, "--remote-debugging-pipe", "--mute-audio",
            "--hide-scrollbars", "--window-size=1280,900", "about:blank",
        ]
        self.process = subprocess.Popen(
            [binary] + flags, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=place_pipes, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.messages = queue.Queue()
        self.events = []
        self.next_id = 0
        self.session = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                self.messages.put(None)
                return
            buffer += chunk
            *complete, buffer = buffer.split(b"\0")
            for message in complete:
                self.messages.put(json.loads(message))

    def send(self, method, params=None, session=True, timeout=TIMEOUT_S):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if answer is None:
                raise RuntimeError(f"the browser closed the pipe during {method}")
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append(answer)

    def drain(self):
        while True:
            try:
                answer = self.messages.get_nowait()
            except queue.Empty:
                return
            if answer and "method" in answer:
                self.events.append(answer)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.02)
        raise RuntimeError(f"timed out waiting for {what}")

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    def errors(self):
        """Console errors, exceptions and failed requests seen so far, as text."""
        self.drain()
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                found.append("exception: " + details.get("exception", {}).get(
                    "description", details.get("text", "?")))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append("console." + params["type"] + ": " + " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append("log: " + params["entry"]["text"] + " " + params["entry"].get("url", ""))
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                found.append("request failed: " + params.get("errorText", "?"))
            elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
                found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        return found

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:  # noqa: BLE001 - closing is best effort; the process is killed below
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def check_page(browser, base, directory, name, cues, screenshot, track_cues):
    problems = []
    size = os.path.getsize(os.path.join(directory, name))
    browser.events.clear()
    started = time.monotonic()
    browser.send("Page.navigate", {"url": f"{base}/{name}"})
    browser.wait_for("document.readyState === 'complete' && document.body.dataset.ready", "the page")
    opened_s = time.monotonic() - started
    state = browser.evaluate("""(() => {
        const d = document.body.dataset, nav = performance.getEntriesByType('navigation')[0];
        return { ready: d.ready, items: Number(d.timelineItems), drawn: Number(d.timelineDrawn),
                 flagged: Number(d.flaggedItems), firstDraw: Number(d.firstDrawMs),
                 setup: Number(d.setupMs), load: Math.round(nav.loadEventEnd),
                 dataCues: JSON.parse(document.getElementById('report-data').textContent).cues.start_ms.length,
                 canvasWidth: document.getElementById('timeline').width };
    })()""")
    if state["ready"] != "1":
        problems.append(f"page not ready: {state['ready']}")
    for key in ("items", "drawn", "dataCues"):
        if state[key] != cues:
            problems.append(f"{key}: {state[key]} timeline items, expected {cues} cues")
    if track_cues:
        loaded = browser.wait_for("document.body.dataset.trackCues", "the WebVTT track", 20)
        if int(loaded) != cues:
            problems.append(f"Chromium's WebVTT parser read {loaded} cues from the track, expected {cues}")

    if screenshot != "-":
        height = min(browser.evaluate("document.documentElement.scrollHeight"), 1500)
        shot = browser.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}})
        with open(screenshot, "wb") as out:
            out.write(base64.b64decode(shot["data"]))

    # Use it as a person would: the first flagged cue's link, zooming, scrolling, selecting.
    interaction = browser.evaluate("""(async () => {
        const frame = () => new Promise(r => requestAnimationFrame(() => r()));
        const out = {};
        const link = document.querySelector('#flag-list a');
        if (link) {
            link.click();
            await frame();
            out.link = link.getAttribute('href');
            out.detail = document.getElementById('detail').textContent.slice(0, 80);
            out.hash = location.hash;
        }
        const canvas = document.getElementById('timeline');
        const r = canvas.getBoundingClientRect();
        canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, clientX: r.left + r.width / 2,
            clientY: r.top + 60, bubbles: true, cancelable: true }));
        // The whole view, drawn five times: the median draw time.
        const draws = [];
        for (let k = 0; k < 5; k++) {
            document.getElementById('zoom-all').click();
            await frame();
            draws.push(Number(document.body.dataset.lastDrawMs));
        }
        out.fullDrawMs = draws.sort((a, b) => a - b)[2];
        out.drawnAll = Number(document.body.dataset.timelineDrawn);
        document.getElementById('zoom-in').click();
        const slider = document.getElementById('scroll');
        slider.value = '1000';
        slider.dispatchEvent(new Event('input'));
        await frame();
        out.drawnZoomed = Number(document.body.dataset.timelineDrawn);
        document.getElementById('next-flag').click();
        await frame();
        out.afterNext = document.getElementById('detail').textContent.slice(0, 40);
        const list = document.getElementById('flag-list');
        list.scrollTop = list.scrollHeight;
        list.dispatchEvent(new Event('scroll'));
        out.lastRows = list.querySelectorAll('a').length;
        return out;
    })()""")
    if interaction.get("link"):
        wanted = interaction["link"].replace("#cue-", "Cue ").replace("#segment-", "Segment ")
        shown = interaction["detail"]
        if not (shown.startswith(wanted) and not shown[len(wanted):][:1].isdigit()) \
                or interaction["hash"] != interaction["link"]:
            problems.append(f"following {interaction['link']} showed {interaction['detail']!r}")
        if not interaction["afterNext"].startswith(("Cue ", "Segment ")):
            problems.append(f"'flagged ->' selected nothing: {interaction['afterNext']!r}")
        if interaction["lastRows"] == 0:
            problems.append("the flagged list shows no rows at its end")
    if interaction["drawnAll"] != cues:
        problems.append(f"the whole view drew {interaction['drawnAll']} cues, expected {cues}")
    if not (0 < interaction["drawnZoomed"] <= cues or interaction["drawnZoomed"] == cues == 0):
        problems.append(f"the zoomed view drew {interaction['drawnZoomed']} cues")

    time.sleep(0.2)
    problems += browser.errors()
    print(json.dumps({
        "page": name, "bytes": size, "cues": cues, "load_event_ms": state["load"],
        "first_draw_ms": state["firstDraw"], "script_setup_ms": state["setup"],
        "opened_wall_ms": round(opened_s * 1000), "flagged_items": state["flagged"],
        "full_redraw_median_ms": interaction["fullDrawMs"], "zoomed_view_cues": interaction["drawnZoomed"],
    }))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--page", nargs=3, action="append", required=True,
                        metavar=("NAME", "CUES", "SCREENSHOT"))
    parser.add_argument("--track-cues", action="append", default=[], metavar="NAME",
                        help="also check the embedded WebVTT track of this page")
    args = parser.parse_args()

    server = serve(args.dir)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    browser = Browser(args.browser)
    failed = False
    try:
        browser.open_page()
        for name, cues, screenshot in args.page:
            problems = check_page(browser, base, args.dir, name, int(cues), screenshot,
                                  name in args.track_cues)
            for problem in problems:
                print(f"{name}: {problem}", file=sys.stderr)
            failed |= bool(problems)
    finally:
        browser.close()
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
