#!/usr/bin/env python3
"""The offline page in a real browser (docs/playground.md).

Debian's Chromium, driven by Playwright for Python, opens the built page
(page/dist/huashu-playground.html) from file:// and checks what an author
does: the first diagnostics, typing a script and getting exactly the
diagnostics `huashu check --format json` gives for the same text (in both
languages), fixing one finding and all safe ones (the text `huashu check
--fix` writes), editing the config (and an invalid one), reading a rule's
explanation, opening the demo repository as a folder (the same findings as
the command line on it), the keyboard, a tablet's width, and that no
request ever left the page. Screenshots of the main states and the
measured figures go to target/page-screenshots/.

    python3 tests/page/test_page.py        # after cargo build and page/build.sh

HUASHU_BIN names the command to compare with (default target/debug/huashu,
else target/release/huashu); CHROMIUM the browser (default
/usr/bin/chromium). Without the browser or Playwright the test says so and
skips (exit 0); every other problem fails it (exit 1).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = Path(os.environ.get("HUASHU_PAGE", REPO / "page/dist/huashu-playground.html"))
OUT = REPO / "target/page-screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO = REPO / "fixtures/demo"


def huashu_bin():
    named = os.environ.get("HUASHU_BIN")
    if named:
        return named
    for build in ("debug", "release"):
        path = REPO / "target" / build / "huashu"
        if path.exists():
            return str(path)
    sys.exit("tests/page: no huashu binary: run `cargo build` first (or set HUASHU_BIN)")


def cli_json(cwd, args, lang):
    """`huashu check … --format json --lang LANG` in `cwd`: its diagnostics."""
    out = subprocess.run([huashu_bin(), "--lang", lang, "check", *args, "--format", "json"],
                         cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)["diagnostics"]


# A script typed into the page: problems of several rules, two safe fixes,
# characters outside the BMP (two UTF-16 units each) before some of them.
TYPED = """id: card.activation-typed
title: 信用卡激活𠮷
category: service
opener:
  - 您好,很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
steps:
  - stage: clarify
    question: closed
    say: 请问您是要激活尾号{card_tail}的信用卡吗?
  - stage: resolve
    say: 您的卡片已经激活成功，𠮷保证绝对没有任何风险，{customer_titel}请放心使用。
closing:
  - 感谢您的来电，再见。
"""


def two_hundred_lines():
    steps = "".join(
        f"  - stage: resolve\n    say: 好的，我已经为您办理了第{i}项业务，请您核对一下短信通知。\n" for i in range(95))
    return ("id: card.long\ntitle: 长话术\ncategory: service\nopener:\n"
            "  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\n"
            "steps:\n" + steps + "closing:\n  - 请问您还有其他需要吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n")


def diff(got, expected):
    if got == expected:
        return ""
    show = lambda v: json.dumps(v, ensure_ascii=False)[:800]
    return f"\n    page: {show(got)}\n    cli:  {show(expected)}"


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def ok(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"  FAIL {what}", flush=True)


def main():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("page test skipped: Playwright for Python is not installed (pip install playwright)")
        return 0
    if not Path(CHROMIUM).exists():
        print(f"page test skipped: no browser at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
        return 0
    if not PAGE.exists():
        sys.exit(f"tests/page: {PAGE} is missing: run page/build.sh")
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    c = Checks()
    figures = {"html_bytes": PAGE.stat().st_size}
    url = PAGE.resolve().as_uri()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # Playwright's waiting evaluates script text, which the page's own
        # policy forbids (no eval): this context bypasses the policy, and a
        # second one at the end opens the page under it.
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", bypass_csp=True)
        page = context.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))

        # --- opening the file: the example's diagnostics, and how long they took
        start = time.monotonic()
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=10000)
        figures["first_diagnostics_wall_ms"] = round((time.monotonic() - start) * 1000)
        stats = page.evaluate("window.huashu.stats")
        figures["first_diagnostics_ms"] = round(stats["firstDiagnosticsMs"])
        figures["engine_load_ms"] = round(stats["loadMs"])
        c.ok(page.locator("#findings li.finding").count() > 0, "the example shows findings")
        c.ok(stats["firstDiagnosticsMs"] < 5000, f"first diagnostics in {stats['firstDiagnosticsMs']} ms")
        page.screenshot(path=str(OUT / "01-example.png"))

        # --- typing a script: exactly the command line's diagnostics
        page.click(".cm-content")
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        # Most of it as an input method would insert it, the last line key by
        # key (a typed Enter would auto-indent: the newline is inserted).
        page.keyboard.insert_text(TYPED[:-11])
        page.keyboard.type(TYPED[-11:-1])
        page.wait_for_function("window.huashu.checkedDoc === window.huashu.view.state.doc", timeout=5000)
        path = page.evaluate("window.huashu.path")
        config = page.evaluate("window.huashu.configView.state.doc.toString()")
        held = page.evaluate("window.huashu.view.state.doc.toString()")
        c.ok(held == TYPED[:-1], "the editor holds the typed text" + diff(held, TYPED[:-1]))
        work = Path(tempfile.mkdtemp())
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(held)
        (work / "huashu.yaml").write_text(config)
        expected = cli_json(work, ["--config", "huashu.yaml", path], "zh")
        got = page.evaluate("window.huashu.findings.map((f) => f.zh)")
        c.ok(len(expected) >= 5, f"the typed script has findings ({len(expected)})")
        c.ok(got == expected, "the page's diagnostics are the command line's (zh)" + diff(got, expected))
        shown = page.evaluate("""[...document.querySelectorAll('#findings li.finding')].map((li) => [
            li.dataset.rule, +li.dataset.line, +li.dataset.column, li.querySelector('.message').textContent])""")
        c.ok(shown == [[d["rule"], d["span"]["line"], d["span"]["column"], d["message"].replace("`", "")] for d in expected],
             f"the list shows each finding's rule, place and message\n    {shown}")
        underlines = page.locator(".cm-lintRange").count()
        c.ok(underlines >= len(expected) - 1, f"findings are underlined in the editor ({underlines})")
        page.screenshot(path=str(OUT / "02-typed-zh.png"))

        page.click("#lang-switch")  # English
        expected = cli_json(work, ["--config", "huashu.yaml", path], "en")
        got = page.evaluate("window.huashu.findings.map((f) => f.en)")
        c.ok(got == expected, "the page's diagnostics are the command line's (en)" + diff(got, expected))
        c.ok(page.locator("#findings-title").text_content() == "Findings", "the page speaks English")
        c.ok(page.locator("#findings li.finding .message").first.text_content() == expected[0]["message"].replace("`", ""),
             "messages in English")
        page.screenshot(path=str(OUT / "03-typed-en.png"))
        page.click("#lang-switch")  # back to Chinese
        c.ok(page.locator("#findings-title").text_content() == "发现的问题", "and back to Chinese")

        # --- clicking a finding jumps to it
        page.locator("#findings li.finding[data-rule=placeholder-unknown] .goto", has_text="customer_titel").click()
        selected = page.evaluate("(() => { const s = window.huashu.view.state; const r = s.selection.main; return s.sliceDoc(r.from, r.to); })()")
        c.ok(selected == "{customer_titel}", f"clicking a finding selects its text ({selected!r})")

        # --- the rule's explanation
        page.locator("#findings li.finding[data-rule=placeholder-unknown] .rule-id").first.click()
        page.wait_for_selector("#rule-dialog[open]")
        c.ok("placeholder-unknown" in page.locator("#rule-dialog-title").text_content(), "the rule's explanation opens")
        c.ok(len(page.locator("#rule-dialog-body").text_content()) > 100, "with its documentation")
        page.screenshot(path=str(OUT / "04-rule-explanation.png"))
        page.keyboard.press("Escape")
        c.ok(page.locator("#rule-dialog[open]").count() == 0, "Escape closes it")

        # --- one fix, then all safe ones: the text `huashu check --fix` writes
        before = page.locator("#findings li.finding[data-rule=punctuation-width]").count()
        page.locator("#findings li.finding[data-rule=punctuation-width] button.fix").first.click()
        page.wait_for_function(f"document.querySelectorAll('#findings li.finding[data-rule=punctuation-width]').length === {before - 1}", timeout=5000)
        c.ok(True, "one fix applied")
        page.click("#fix-all")
        page.wait_for_function("document.querySelectorAll('#findings li.finding[data-rule=punctuation-width]').length === 0", timeout=5000)
        subprocess.run([huashu_bin(), "check", "--config", "huashu.yaml", path, "--fix"], cwd=work, capture_output=True)
        fixed = page.evaluate("window.huashu.view.state.doc.toString()")
        c.ok(fixed == (work / path).read_text(), "after the fixes the text is what `huashu check --fix` writes")
        page.screenshot(path=str(OUT / "05-fixed.png"))

        # --- a keystroke on a 200-line script: how long the check takes
        long_script = two_hundred_lines()
        page.evaluate("(t) => { const v = window.huashu.view; v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: t}}); }", long_script)
        page.wait_for_function("window.huashu.checkedDoc === window.huashu.view.state.doc")
        at = long_script.index("请您核对") + 2
        page.evaluate(f"window.huashu.view.dispatch({{selection: {{anchor: {at}}}}}); window.huashu.view.focus()")
        n_before = page.evaluate("window.huashu.stats.checks.length")
        for ch in "短信和邮件通知短信和邮件通知短信和邮件通知":
            page.keyboard.type(ch)
            page.wait_for_function("window.huashu.checkedDoc === window.huashu.view.state.doc")
        checks = page.evaluate(f"window.huashu.stats.checks.slice({n_before})")
        times = [x["ms"] for x in checks]
        c.ok(all(x["lines"] >= 200 for x in checks), "the long script has 200 lines")
        figures["keystroke_check_ms"] = {"median": round(statistics.median(times), 2), "max": round(max(times), 2), "samples": len(times)}
        # The issue asks for 5 ms; asserted with room for a loaded CI machine.
        c.ok(statistics.median(times) <= 25, f"keystroke checks: median {statistics.median(times)} ms")

        # --- the config: the form writes huashu.yaml, the standard follows; an invalid config is reported
        page.click("#tab-config")
        page.fill("#form-bank", "测试银行")
        page.press("#form-bank", "Enter")
        page.locator("#form-bank").evaluate("(e) => e.dispatchEvent(new Event('change'))")
        page.wait_for_function("window.huashu.configAnswer && window.huashu.configAnswer.standard.yaml.includes('测试银行')", timeout=5000)
        config = page.evaluate("window.huashu.configView.state.doc.toString()")
        c.ok("name: 测试银行" in config and "# huashu.yaml" in config, "the form writes the bank's name, keeping the comments")
        page.select_option("#form-direction", "outbound")
        page.wait_for_function("window.huashu.configView.state.doc.toString().includes('direction: outbound')")
        page.fill("#lex-phrase", "头寸")
        page.fill("#lex-note", "可用资金")
        page.click("#lex-add")
        page.wait_for_function("window.huashu.configAnswer.standard.yaml.includes('头寸')", timeout=5000)
        c.ok("头寸: 可用资金" in page.evaluate("window.huashu.configView.state.doc.toString()"),
             "a word-list addition is written into the config, and reaches the standard")
        page.screenshot(path=str(OUT / "06-config.png"))
        page.click("#config-editor .cm-content")
        page.keyboard.press("Control+End")
        page.keyboard.insert_text("rulez:\n  empty-line: off\n")
        page.wait_for_selector("#config-status.bad", timeout=5000)
        problem = page.locator("#config-problems li").first.text_content()
        c.ok("rulez" in problem, f"an invalid config is reported: {problem}")
        c.ok(page.locator("#config-editor .cm-lintRange").count() > 0, "and underlined in the config")
        page.screenshot(path=str(OUT / "07-config-invalid.png"))
        page.keyboard.press("Control+z")
        page.wait_for_selector("#config-status.ok", timeout=5000)

        # --- rule levels from the rules tab
        page.click("#tab-rules")
        page.select_option("select[data-rule=sentence-length]", "off")
        page.wait_for_function("window.huashu.configView.state.doc.toString().includes('sentence-length: off')")
        c.ok(True, "a rule level is written into the config")
        page.screenshot(path=str(OUT / "08-rules.png"))

        # --- a file dropped on the page opens in the editor
        page.evaluate("""() => {
            const data = new DataTransfer();
            data.items.add(new File(["id: dropped\\ntitle: 拖进来的\\n"], "dropped.yaml", { type: "text/yaml" }));
            window.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
        }""")
        page.wait_for_function("window.huashu.path === 'dropped.yaml' && window.huashu.checkedDoc === window.huashu.view.state.doc")
        c.ok(page.locator("#findings li.finding[data-rule=schema]").count() >= 1, "a dropped file is checked")

        # --- the demo repository as a folder: the command line's findings, file by file
        page.locator("#open-folder").set_input_files(str(DEMO))
        page.wait_for_selector("#by-rule", timeout=10000)
        got = page.evaluate("""window.huashu.repo.result.files.flatMap((f) => f.findings.map((d) => d.zh))""")
        expected = cli_json(DEMO, [], "zh")
        key = lambda d: (d["file"], d["span"]["offset"], d["rule"], d["message"])
        c.ok(sorted(map(key, got)) == sorted(map(key, expected)),
             f"the folder's findings are the command line's ({len(got)} and {len(expected)})")
        c.ok(sorted(got, key=key) == sorted(expected, key=key), "the very same objects")
        c.ok(any(d["rule"] == "unused-snippet" for d in got), "with the cross-file rules")
        by_rule = dict(page.evaluate("[...document.querySelectorAll('#by-rule tbody tr')].map((tr) => [tr.dataset.rule, +tr.dataset.count])"))
        counted = {}
        for d in expected:
            counted[d["rule"]] = counted.get(d["rule"], 0) + 1
        c.ok(by_rule == counted, f"the summary counts by rule {by_rule}")
        c.ok(page.locator("svg.chart rect").count() == 5, "a bar per category")
        page.screenshot(path=str(OUT / "09-repository.png"), full_page=True)
        page.click("#lang-switch")
        c.ok(page.locator("#repo-summary h3").first.text_content() == "By category", "the summary in English")
        page.screenshot(path=str(OUT / "09-repository-en.png"), full_page=True)
        page.click("#lang-switch")
        page.locator("#by-file button", has_text="annual-fee").click()
        c.ok(page.evaluate("window.huashu.path") == "scripts/inquiry/annual-fee.yaml", "a file of the summary opens in the editor")
        c.ok(page.locator("#findings li.finding[data-rule=placeholder-unknown]").count() == 1, "with its findings")

        # --- the keyboard alone: tab to the first finding, Enter jumps to it
        page.keyboard.press("Escape")
        page.locator("#tab-script").focus()
        for _ in range(40):
            if page.evaluate("document.activeElement.classList.contains('cm-content')"):
                page.keyboard.press("Escape")  # then Tab leaves the editor (Tab alone indents)
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('goto')"):
                break
        c.ok(page.evaluate("document.activeElement.classList.contains('goto')"), "the findings are reached with Tab")
        page.keyboard.press("Enter")
        c.ok(page.evaluate("document.activeElement.classList.contains('cm-content')"), "Enter on a finding moves to the editor")

        # --- a related place in another file of the repository
        dup = "id: card.same\ntitle: 挂失\ncategory: service\nopener:\n  - 您好\nsteps:\n  - stage: resolve\n    say: 好的\nclosing:\n  - 再见\n"
        page.evaluate("(f) => window.huashu.openRepository('dup', f)",
                      [{"path": "scripts/a.yaml", "text": dup}, {"path": "scripts/b.yaml", "text": dup}])
        page.locator("#by-file button", has_text="b.yaml").click()
        page.locator("#findings li.finding[data-rule=duplicate-id] .related button").click()
        where = page.evaluate("(() => { const s = window.huashu.view.state; return [window.huashu.path, s.doc.lineAt(s.selection.main.head).number]; })()")
        c.ok(where == ["scripts/a.yaml", 1], f"a related place in another file opens it there ({where})")

        # --- a tablet
        page.set_viewport_size({"width": 768, "height": 1024})
        page.screenshot(path=str(OUT / "10-tablet.png"))
        c.ok(page.evaluate("document.documentElement.scrollWidth <= 768"), "nothing wider than a tablet")

        # --- nothing left the page
        # --- under the page's own policy, in a fresh context: it starts and checks
        strict = browser.new_context(viewport={"width": 1280, "height": 800})
        page2 = strict.new_page()
        page2.on("request", lambda r: requests.append(r.url))
        page2.on("pageerror", lambda e: errors.append(str(e)))
        page2.goto(url)
        page2.wait_for_selector("#findings li.finding", timeout=10000)
        c.ok(page2.locator("#findings li.finding").count() == 6, "the page works under its policy")
        page2.keyboard.press("Tab")
        focused = page2.evaluate("document.activeElement.id")
        outline = page2.evaluate("getComputedStyle(document.querySelector('label[for=open-file]')).outlineStyle")
        c.ok(focused == "open-file" and outline == "solid", f"the first Tab reaches “open a script”, outlined ({focused}, {outline})")

        others = [u for u in requests if u != url]
        c.ok(others == [], f"no request but the page itself: {others}")
        c.ok(errors == [], f"no script errors: {errors}")
        browser.close()

    figures["requests"] = len(requests)
    (OUT / "figures.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"page figures: {json.dumps(figures)}")
    print(f"screenshots in {OUT.relative_to(REPO)}/")
    if c.failures:
        print(f"page test: {c.passed} passed, {len(c.failures)} failed")
        return 1
    print(f"page test: {c.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
