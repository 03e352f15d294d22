#!/usr/bin/env python3
"""Benchmark of `huashu calls` (docs/calls.md, "Scale").

Generates corpora of realistic calls from the demo scripts with seeded
faults (`cargo run --release --example calls_gen -- N SEED`: missing
closing, taboo, vague callback, silence, talk-over, no empathy, a card read
out, speech-recognition noise), then measures `huashu calls` on them —
calls per second and peak memory (maximum resident set size, from
/usr/bin/time) — against reading the same bytes (`cat FILE > /dev/null`).

Usage: python3 benches/calls_bench.py [--sizes 100000,400000] [--runs 3] [--jobs N]
Standard library only; builds the release binary and the generator first.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = "/tmp/huashu-calls-bench"
CARGO = "cargo-locked" if subprocess.call(["which", "cargo-locked"], stdout=subprocess.DEVNULL) == 0 else "cargo"


def build():
    subprocess.check_call([CARGO, "build", "--release", "--bin", "huashu", "--example", "calls_gen"], cwd=ROOT)


def corpus(n, seed=1):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, f"calls-{n}.jsonl")
    if not os.path.exists(path):
        with open(path + ".tmp", "wb") as out:
            subprocess.check_call([os.path.join(ROOT, "target/release/examples/calls_gen"), str(n), str(seed)], stdout=out)
        os.rename(path + ".tmp", path)
    return path


def timed(cmd, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (MiB) of `cmd`, by /usr/bin/time -v."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({p.returncode}): {p.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", p.stderr).group(1)
    return seconds, rss, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,400000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--format", default="json-lines")
    args = ap.parse_args()
    build()
    huashu = os.path.join(ROOT, "target/release/huashu")
    load = open("/proc/loadavg").read().split()[0]
    print(f"{os.cpu_count()} cores (load {load} before); huashu calls --format {args.format}; best of {args.runs}\n")
    print("| calls | bytes | huashu calls: s | calls/s | CPU | peak RSS | cat: s | cat peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in [int(s) for s in args.sizes.split(",")]:
        path = corpus(n)
        size = os.path.getsize(path)
        cmd = [huashu, "calls", "--no-config", "--format", args.format, path]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        runs = [timed(cmd) for _ in range(args.runs)]
        best, _, cpu = min(runs, key=lambda r: r[0])
        rss = max(r[1] for r in runs)
        cat = min((timed(["cat", path]) for _ in range(args.runs)), key=lambda r: r[0])
        print(f"| {n:,} | {size / 2**20:,.0f} MiB | {best:.2f} | {n / best:,.0f} | {cpu}% | {rss:.1f} MiB | {cat[0]:.2f} | {cat[1]:.1f} MiB |")


if __name__ == "__main__":
    main()
