#!/usr/bin/env python3
"""huashu's benchmark: wall time and peak memory of `huashu check` beside its
reference points, measured side by side in one run, alternating, so that the
ratios are fair on a shared, noisy machine.

    python3 benches/bench.py [--sizes 10000] [--runs 5] [--jobs 2]
    python3 benches/bench.py --shapes [--runs 3]   # hostile 4 MB files, each under 1 s

Reference points (each measured only when available):
  read      reading every file, nothing else (cat into /dev/null)
  parse     huashu's own walk + YAML parser, no rules (examples/parse_only.rs)
  floor     benches/floor: serde_yaml into a generic value, --threads N
  baseline  benches/baseline_lint.py: PyYAML + re, five checks
  check     huashu check, all rules, --format json to /dev/null

Corpora come from benches/gen_corpus.py (seed 42) and are cached
under target/bench/. Prints the median time and peak RSS of each, and the
median of the per-round ratios against `check`.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHES = os.path.join(ROOT, "benches")
WORK = os.path.join(ROOT, "target", "bench")


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def corpus(n):
    out = os.path.join(WORK, f"corpus-{n}")
    if not os.path.exists(os.path.join(out, "expected.json")):
        shutil.rmtree(out, ignore_errors=True)
        sh([sys.executable, os.path.join(BENCHES, "gen_corpus.py"), out, str(n), "42"], stdout=subprocess.DEVNULL)
    return out


GNU_TIME = "/usr/bin/time"


def measure(cmd, cwd, rss=True):
    """Wall seconds and peak RSS (MiB) of one run of `cmd`.

    Peak RSS comes from GNU time, whose small process forks the command: a
    child forked from Python would report Python's own pages as its peak."""
    rss_file = os.path.join(WORK, "rss.txt")
    wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd if rss and os.path.exists(GNU_TIME) else cmd
    start = time.perf_counter()
    proc = subprocess.run(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    rss = float("nan")
    if wrapped is not cmd:
        with open(rss_file) as f:
            rss = int(f.read().strip().splitlines()[-1]) / 1024.0
    return wall, rss, proc.returncode


def build():
    sh(["cargo", "build", "--release", "--quiet", "--bin", "huashu", "--example", "parse_only"], cwd=ROOT)
    release = os.path.join(ROOT, "target", "release")
    tools = {
        "huashu": os.path.join(release, "huashu"),
        "parse_only": os.path.join(release, "examples", "parse_only"),
    }
    floor_dir = os.path.join(BENCHES, "floor")
    if os.path.isdir(floor_dir):
        target = os.path.join(WORK, "floor-target")
        try:
            sh(["cargo", "build", "--release", "--quiet", "--manifest-path", os.path.join(floor_dir, "Cargo.toml"),
                "--target-dir", target], cwd=ROOT)
            tools["floor"] = os.path.join(target, "release", "floor")
        except subprocess.CalledProcessError:
            print("note: the floor did not build; measuring without it", file=sys.stderr)
    try:
        import yaml  # noqa: F401
        tools["baseline"] = os.path.join(BENCHES, "baseline_lint.py")
    except ImportError:
        print("note: PyYAML is not installed (pip install pyyaml); measuring without the baseline", file=sys.stderr)
    return tools


# The hostile shapes of issue 10: each a file of about 4 MB (the default size
# limit) that once cost more than linear time. Each is checked on its own.
SHAPE_SIZE = 4 * 1024 * 1024 - 64 * 1024
HEAD = ("id: shape.case\ntitle: 形状\ncategory: sales\nopener:\n"
        "  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\n")
TAIL = "closing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n"


def fill(unit, size=SHAPE_SIZE):
    """`unit` repeated to about `size` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode()))


def script_with(say, stage="callback"):
    return HEAD + f"steps:\n  - stage: {stage}\n    say: \"{say}\"\n" + TAIL


def write_shapes(root, huashu):
    """{name: (folder, extra args)} for every hostile shape, written under `root`."""
    shapes = {}

    def one(name, files, args=()):
        folder = os.path.join(root, name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        for rel, text in files.items():
            with open(os.path.join(folder, rel), "w", encoding="utf-8") as f:
                f.write(text)
        shapes[name] = (folder, list(args))

    digits = "9" * (SHAPE_SIZE - 4096)
    one("digit-run", {"s.yaml": script_with(f"我们会在{digits}小时内回电")})
    one("digit-runs", {"s.yaml": script_with(fill("我们会在" + "9" * 2000 + "小时内回电"))})
    one("mixed-numeral-run", {"s.yaml": script_with(fill("十") + "1小时内回电")})
    one("findings-one-line", {"s.yaml": script_with(fill("保本,"), stage="resolve")})
    one("long-line", {"s.yaml": script_with(fill("嗯"), stage="resolve")})
    # As many lines as the node budget (100,000) allows, each with findings.
    one("many-lines", {"s.yaml": HEAD + "steps:\n" + "  - stage: listen\n    say: " + "保本,嗯。" * 14 + "\n" * 1 + ("  - stage: listen\n    say: " + "保本,嗯。" * 14 + "\n") * 18_000 + TAIL})
    standard = subprocess.run([huashu, "standard", "--no-config"], capture_output=True, text=True, check=True).stdout
    # The node budget (100,000 after aliases) bounds a list: 45,000 terms,
    # the size that took 24 s to de-duplicate before.
    terms = "".join(f"    术语{i}: 说明\n" for i in range(45_000))
    big = standard.replace("  jargon:\n", "  jargon:\n" + terms, 1)
    one("lexicon-standard", {"huashu.yaml": "standard: standard.yaml\n", "standard.yaml": big,
                             "s.yaml": script_with("我们会在24小时内回电")})
    adds = "".join(f"      - 说法{i}\n" for i in range(45_000))
    one("lexicon-add", {"huashu.yaml": "lexicon:\n  vague-commitment:\n    add:\n" + adds,
                        "s.yaml": script_with("我们会在24小时内回电")})
    keys = "".join(f"  k{i}: {'嗯' * 26}\n" for i in range(45_000))
    one("many-keys", {"snippets.yaml": "snippets:\n" + keys})
    one("deep-flow", {"s.yaml": "say: " + "[" * (SHAPE_SIZE // 2) + "]" * (SHAPE_SIZE // 2) + "\n"})
    return shapes


def shapes_main(args):
    """`--shapes`: the release build on each hostile shape, human and json output."""
    if not args.no_build:
        sh(["cargo", "build", "--release", "--quiet", "--bin", "huashu"], cwd=ROOT)
    tools = {"huashu": os.path.join(ROOT, "target", "release", "huashu")}
    root = os.path.join(WORK, "shapes")
    shapes = write_shapes(root, tools["huashu"])
    print(f"hostile shapes, ~4 MB each, best of {args.runs} (target: under 1 s)")
    print(f"{'':20} {'json s':>8} {'human s':>8} {'human out':>10}  exit")
    worst = 0.0
    for name, (folder, extra) in shapes.items():
        row = []
        for fmt in ("json", "human"):
            out = os.path.join(WORK, f"shape-{fmt}.out")
            cmd = [tools["huashu"], "check", "--format", fmt, "--output", out] + extra
            times = [measure(cmd, folder, rss=False) for _ in range(args.runs)]
            row.append((min(t[0] for t in times), os.path.getsize(out) if os.path.exists(out) else 0, times[0][2]))
        worst = max(worst, row[0][0], row[1][0])
        print(f"{name:20} {row[0][0]:8.3f} {row[1][0]:8.3f} {row[1][1] / 1e6:8.2f}MB  {row[0][2]}")
    print(f"worst: {worst:.3f} s  {'met' if worst < 1.0 else 'MISSED'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--latency-runs", type=int, default=40, help="runs of the one-file (pre-commit) check")
    ap.add_argument("--shapes", action="store_true", help="time the hostile 4 MB shapes instead (issue 10)")
    ap.add_argument("--no-build", action="store_true", help="with --shapes: use target/release/huashu as it is")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if args.shapes:
        return shapes_main(args)
    tools = build()
    j = str(args.jobs)
    measured = {}  # size -> {"floor": ratio, "baseline": speed-up, "rss": MiB}
    for n in [int(s) for s in args.sizes.split(",")]:
        scripts = os.path.join(corpus(n), "scripts")
        commands = {
            "read": ["sh", "-c", f"find {scripts} -name '*.yaml' -print0 | xargs -0 cat > /dev/null"],
            "parse": [tools["parse_only"], scripts, "--jobs", j],
            "check": [tools["huashu"], "check", scripts, "--no-config", "--format", "json", "--jobs", j,
                      "--output", "/dev/null"],
        }
        if "floor" in tools:
            commands["floor"] = [tools["floor"], "--threads", j, scripts]
        if "baseline" in tools:
            commands["baseline"] = [sys.executable, tools["baseline"], scripts]
        results = {name: [] for name in commands}
        for name, cmd in commands.items():  # warm-up: file cache, page cache
            measure(cmd, ROOT)
        for _ in range(args.runs):
            for name, cmd in commands.items():
                results[name].append(measure(cmd, ROOT))
        print(f"\n{n} scripts, {args.runs} rounds, --jobs {j}")
        print(f"{'':10} {'median s':>10} {'peak MiB':>10} {'check / this':>14}")
        check_times = [r[0] for r in results["check"]]
        for name, rows in results.items():
            times = [r[0] for r in rows]
            rss = max(r[1] for r in rows)
            ratio = statistics.median(c / t for c, t in zip(check_times, times))
            print(f"{name:10} {statistics.median(times):10.3f} {rss:10.1f} {ratio:14.2f}")
        ratio_of = lambda name: statistics.median(c / r[0] for c, r in zip(check_times, results[name]))
        measured[n] = {
            "rss": max(r[1] for r in results["check"]),
            "floor": ratio_of("floor") if "floor" in results else None,
            "baseline": 1 / ratio_of("baseline") if "baseline" in results else None,
        }
        bad = [r[2] for r in results["check"] if r[2] not in (0, 1)]
        if bad:
            print(f"warning: huashu check exited with {bad}", file=sys.stderr)
        # Scaling: the same check on 1 thread and on every core.
        if args.jobs > 1:
            one = [measure(commands["check"][:-4] + ["--jobs", "1"] + commands["check"][-2:], ROOT)[0] for _ in range(args.runs)]
            print(f"scaling: --jobs 1 {statistics.median(one):.3f} s, --jobs {j} {statistics.median(check_times):.3f} s "
                  f"(speed-up {statistics.median(one) / statistics.median(check_times):.2f}x)")

    # The pre-commit case: one file, process start to exit, no config, from an empty folder.
    one_file = os.path.join(corpus(1000), "scripts")
    first = sorted(os.path.join(d, f) for d, _, fs in os.walk(one_file) for f in fs)[0]
    empty = os.path.join(WORK, "empty")
    os.makedirs(empty, exist_ok=True)
    cmd = [tools["huashu"], "check", first, "--no-config", "--format", "concise", "--output", "/dev/null"]
    measure(cmd, empty, rss=False)
    # Without GNU time around it: its own fork and exec would count.
    times = sorted(measure(cmd, empty, rss=False)[0] * 1000 for _ in range(args.latency_runs))
    print(f"\none file (pre-commit): median {statistics.median(times):.1f} ms, "
          f"best {times[0]:.1f} ms over {args.latency_runs} runs")

    # The hardening issue's targets, against what this run measured.
    print("\ntargets (2 cores, all rules):")
    def verdict(name, value, ok, shown):
        if value is not None:
            print(f"  {name:42} {shown:>10}  {'met' if ok(value) else 'MISSED'}")
    ten, hundred = measured.get(10000, {}), measured.get(100000, {})
    verdict("10,000 scripts: check / floor <= 2.0", ten.get("floor"), lambda v: v <= 2.0,
            f"{ten.get('floor') or 0:.2f}x")
    verdict("10,000 scripts: baseline / check >= 5", ten.get("baseline"), lambda v: v >= 5.0,
            f"{ten.get('baseline') or 0:.2f}x")
    verdict("10,000 scripts: peak RSS <= 64 MiB", ten.get("rss"), lambda v: v <= 64, f"{ten.get('rss') or 0:.1f} MiB")
    verdict("100,000 scripts: peak RSS <= 100 MiB", hundred.get("rss"), lambda v: v <= 100,
            f"{hundred.get('rss') or 0:.1f} MiB")
    verdict("one file: under 5 ms", statistics.median(times), lambda v: v < 5.0, f"{statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
