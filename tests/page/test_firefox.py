#!/usr/bin/env python3
"""The offline page in Firefox: a smoke test (docs/playground.md).

Playwright drives only its own Firefox build, which cannot be downloaded
here, so Firefox is driven through WebDriver instead: Debian's firefox-esr,
geckodriver from crates.io (`cargo install geckodriver`) and Selenium from
PyPI. It checks what the Chromium test checks first: the page starts from
file://, its diagnostics for the example are the command line's (object for
object), typing re-checks, a fix applies, the language switches, and a
repository folder opened (through the page's own entry point: WebDriver
cannot pick folders) gives the command line's findings. A screenshot goes
to target/page-screenshots/firefox.png.

    python3 tests/page/test_firefox.py

GECKODRIVER and FIREFOX name the programs (default: found on PATH). Without
them the test says so and skips (exit 0). Not part of .ci/run: building
geckodriver costs CI minutes for a second browser; run it by hand when the
page's JavaScript changes.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_page import DEMO, OUT, PAGE, REPO, cli_json  # noqa: E402


def wait(driver, script, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script(f"return {script}"):
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {script}")


def main():
    geckodriver = os.environ.get("GECKODRIVER") or shutil.which("geckodriver")
    firefox = os.environ.get("FIREFOX") or shutil.which("firefox-esr") or shutil.which("firefox")
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
    except ImportError:
        print("firefox test skipped: Selenium is not installed (pip install selenium)")
        return 0
    if not geckodriver or not firefox:
        print("firefox test skipped: needs firefox(-esr) and geckodriver (cargo install geckodriver)")
        return 0
    options = webdriver.FirefoxOptions()
    options.add_argument("-headless")
    options.binary_location = firefox
    driver = webdriver.Firefox(options=options, service=webdriver.FirefoxService(executable_path=geckodriver))
    failures = []

    def ok(condition, what):
        print(("  ok   " if condition else "  FAIL ") + what, flush=True)
        if not condition:
            failures.append(what)

    try:
        driver.set_window_size(1280, 800)
        start = time.monotonic()
        driver.get(PAGE.resolve().as_uri())
        wait(driver, "document.body.dataset.ready === 'true'")
        print(f"  first diagnostics: {driver.execute_script('return window.huashu.stats.firstDiagnosticsMs'):.0f} ms "
              f"(wall {1000 * (time.monotonic() - start):.0f} ms)")

        path = driver.execute_script("return window.huashu.path")
        text = driver.execute_script("return window.huashu.view.state.doc.toString()")
        config = driver.execute_script("return window.huashu.configView.state.doc.toString()")
        work = Path(tempfile.mkdtemp())
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text)
        (work / "huashu.yaml").write_text(config)
        expected = cli_json(work, ["--config", "huashu.yaml", path], "zh")
        got = driver.execute_script("return window.huashu.findings.map((f) => f.zh)")
        ok(got == expected and len(got) > 0, f"the example's diagnostics are the command line's ({len(got)})")

        # Typing re-checks.
        driver.find_element(By.CSS_SELECTOR, ".cm-content").click()
        before = driver.execute_script("return window.huashu.stats.checks.length")
        driver.find_element(By.CSS_SELECTOR, ".cm-content").send_keys("好")
        wait(driver, f"window.huashu.stats.checks.length > {before}")
        ok(True, "a keystroke re-checks")

        # A fix.
        n = len(driver.find_elements(By.CSS_SELECTOR, "#findings li.finding[data-rule=punctuation-width]"))
        driver.find_element(By.CSS_SELECTOR, "#findings li.finding[data-rule=punctuation-width] button.fix").click()
        wait(driver, f"document.querySelectorAll('#findings li.finding[data-rule=punctuation-width]').length === {n - 1}")
        ok(True, "a fix applies")

        # English.
        driver.find_element(By.ID, "lang-switch").click()
        ok(driver.find_element(By.ID, "findings-title").text == "Findings", "the page speaks English")
        driver.save_screenshot(str(OUT / "firefox.png"))
        driver.find_element(By.ID, "lang-switch").click()

        # A repository, through the page's entry point (what the folder input calls).
        files = []
        for f in sorted(DEMO.rglob("*")):
            rel = f.relative_to(DEMO).as_posix()
            if f.is_file() and rel.endswith((".yaml", ".yml")):
                files.append({"path": rel, "text": f.read_text()})
        driver.execute_script("window.huashu.openRepository('demo', arguments[0])", files)
        got = driver.execute_script("return window.huashu.repo.result.files.flatMap((f) => f.findings.map((d) => d.zh))")
        expected = cli_json(DEMO, [], "zh")
        key = lambda d: (d["file"], d["span"]["offset"], d["rule"], d["message"])
        ok(sorted(got, key=key) == sorted(expected, key=key), f"the demo folder's findings are the command line's ({len(got)})")
        ok(len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect")) == 5, "the summary's chart")
        driver.save_screenshot(str(OUT / "firefox-repository.png"))
        errors = driver.execute_script("return window.huashu.errors || []")
        ok(errors == [], f"no script errors {errors}")
    finally:
        driver.quit()
    print(f"firefox test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    sys.exit(main())
