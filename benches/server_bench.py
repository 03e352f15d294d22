#!/usr/bin/env python3
"""The language server's benchmark: `huashu server` driven over stdio as an
editor drives it, in the 10,000-script corpus of bench.py.

    python3 benches/server_bench.py [--size 10000] [--edits 300] [--rounds 3]

Measures, in one run:
  load     from `initialize` to the first diagnostics of an opened script
           (the walk, every file read and parsed, one file checked), beside
           `huashu check --format json` on the same repository, alternating
  recheck  from each `didChange` (one character of a 200-line script) to its
           `publishDiagnostics`, one edit at a time: median and 99th percentile
  memory   the server's peak RSS (VmHWM) after the edits
Targets (issue 14): recheck median <= 2 ms, p99 <= 10 ms; load <= 2x check;
memory <= 150 MiB.
"""
import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time

BENCHES = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCHES)
sys.path.insert(0, BENCHES)
import bench  # noqa: E402  (the corpus and the release build)


def long_script(lines=200):
    """A script of about `lines` lines, as a long real one reads."""
    head = ("id: bench.long-script\ntitle: 长话术\ncategory: service\nopener:\n"
            "  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\n"
            "steps:\n")
    says = [
        "好的，您是说您的银行卡在自助设备上被吞了，对吗？",
        "请问您是在哪个网点的自助设备上办理业务的呢？",
        "非常理解您的心情，遇到这种情况确实让人着急。",
        "我这边为您查询一下，请您稍等。",
        "感谢您的耐心等待，吞卡后您可以携带身份证到网点领取。",
        "领取时间为吞卡后的两个工作日内，请您按时前往。",
    ]
    body = []
    i = 0
    while 2 * len(body) < lines - 8:
        stage = ["listen", "clarify", "empathy", "resolve", "resolve", "resolve"][i % 6]
        body.append(f"  - stage: {stage}\n    say: {says[i % len(says)]}\n")
        i += 1
    tail = "closing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n"
    return head + "".join(body) + tail


class Server:
    def __init__(self, exe, cwd):
        self.proc = subprocess.Popen([exe, "server"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.q.put((time.perf_counter(), json.loads(body)))

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, pick, timeout=600):
        deadline = time.perf_counter() + timeout
        while True:
            at, msg = self.q.get(timeout=max(0.001, deadline - time.perf_counter()))
            if pick(msg):
                return at, msg

    def peak_rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.proc.wait(timeout=60)


def uri(path):
    from urllib.parse import quote
    return "file://" + quote(path)


def published(u, version):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == u and m["params"].get("version") == version)


def session(exe, repo, script_path, text, edits):
    """One server: (load seconds, recheck latencies in seconds, peak MiB)."""
    s = Server(exe, repo)
    start = time.perf_counter()
    s.request("initialize", {"processId": None, "rootUri": uri(repo), "capabilities": {}})
    s.notify("initialized", {})
    u = uri(script_path)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "yaml", "version": 1, "text": text}})
    at, _ = s.wait(published(u, 1))
    load = at - start
    lines = text.split("\n")
    target = next(i for i, l in enumerate(lines) if "请您稍等" in l)
    col = lines[target].index("您")  # no character outside the BMP before it: UTF-16 = code points
    latencies = []
    for n in range(edits):
        version = n + 2
        new = "你" if n % 2 == 0 else "您"
        change = {"range": {"start": {"line": target, "character": col},
                            "end": {"line": target, "character": col + 1}}, "text": new}
        sent = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": version}, "contentChanges": [change]})
        at, _ = s.wait(published(u, version))
        latencies.append(at - sent)
    peak = s.peak_rss_mib()
    code = s.stop()
    assert code == 0, f"the server exited with {code}"
    return load, latencies, peak


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        bench.sh(["cargo", "build", "--release", "--quiet", "--bin", "huashu"], cwd=ROOT)
    exe = os.path.join(ROOT, "target", "release", "huashu")
    repo = bench.corpus(args.size)
    script_dir = os.path.join(repo, "scripts", "bench")
    os.makedirs(script_dir, exist_ok=True)
    script_path = os.path.join(script_dir, "long-200.yaml")
    text = long_script()
    with open(script_path, "w") as f:
        f.write(text)
    print(f"corpus: {args.size} scripts + one of {text.count(chr(10))} lines; {args.edits} edits a round")

    loads, checks, latencies, peaks = [], [], [], []
    for _ in range(args.rounds):
        wall, _, _ = bench.measure([exe, "check", "--format", "json"], repo, rss=False)
        checks.append(wall)
        load, lat, peak = session(exe, repo, script_path, text, args.edits)
        loads.append(load)
        latencies.extend(lat)
        peaks.append(peak)
    os.remove(script_path)

    ms = sorted(x * 1000 for x in latencies)
    median = statistics.median(ms)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    ratio = statistics.median(l / c for l, c in zip(loads, checks))
    peak = max(peaks)
    rows = [
        ("recheck median", f"{median:.2f} ms", median <= 2.0, "<= 2 ms"),
        ("recheck p99", f"{p99:.2f} ms", p99 <= 10.0, "<= 10 ms"),
        ("load / check", f"{ratio:.2f}x ({statistics.median(loads):.2f} s / {statistics.median(checks):.2f} s)",
         ratio <= 2.0, "<= 2x"),
        ("peak memory", f"{peak:.1f} MiB", peak <= 150, "<= 150 MiB"),
    ]
    for name, shown, ok, target in rows:
        print(f"{name:15} {shown:32} target {target:10} {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
