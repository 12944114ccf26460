"""Fixtures for the browser journeys: one app server, one SMTP catcher and one Chromium per session; a fresh
browser context (cookies, language) and a checked `site` per test. See README.md.

Skipped, with the reason, when Debian's chromium, the playwright or aiosmtpd package, or axe-core is missing, and
on the PostgreSQL pass of `make test` (TEST_DATABASE_URL set): the journeys run once, on SQLite.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import harness

E2E_DIR = Path(__file__).resolve().parent

_REPORT = pytest.StashKey[harness.Report]()
_LOG_START = pytest.StashKey[int]()
_SITE = pytest.StashKey[harness.Site]()
_CALL_FAILED = pytest.StashKey[bool]()
_SCHEMA = pytest.StashKey[str]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in tests/e2e is an e2e test, even if its module forgets `pytestmark = pytest.mark.e2e`."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _why_not() -> str | None:
    if os.environ.get("TEST_DATABASE_URL"):
        return ("browser journeys run on the SQLite pass only (TEST_DATABASE_URL is set: this is the PostgreSQL "
                "pass)")
    if not os.path.exists(harness.CHROMIUM):
        return (f"no Chromium at {harness.CHROMIUM}: install Debian's browser with "
                "`apt-get install chromium fonts-dejavu-core` (.ci/run does this) to run the browser journeys")
    for module, package in (("playwright.sync_api", "playwright"), ("aiosmtpd", "aiosmtpd")):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {package} is missing: `.venv/bin/pip install -e '.[test]'`"
    if harness.find_axe() is None:
        return "axe-core is missing: run `make assets` (needs npm) to get wijkhulp/static/vendor/axe/axe.min.js"
    return None


@pytest.fixture(scope="session")
def e2e_ready() -> None:
    reason = _why_not()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def mail_catcher(e2e_ready: None) -> Iterator[harness.MailCatcher]:
    catcher = harness.MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest, e2e_ready: None, mail_catcher: harness.MailCatcher,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.LiveServer]:
    server = harness.LiveServer(workdir=tmp_path_factory.mktemp("e2e"), smtp_port=mail_catcher.port)
    try:
        request.config.stash[_SCHEMA] = server.prepare_database()
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(e2e_ready: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def a11y_report(request: pytest.FixtureRequest) -> harness.Report:
    report = harness.Report()
    request.config.stash[_REPORT] = report
    return report


@pytest.fixture
def site(request: pytest.FixtureRequest, browser: Any, live_server: harness.LiveServer,
         mail_catcher: harness.MailCatcher, a11y_report: harness.Report) -> Iterator[harness.Site]:
    """A new browser context (no cookies, Dutch, desktop size) on the live app; every page gets checked."""
    axe_path = harness.find_axe()
    assert axe_path is not None
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport=harness.DESKTOP,
                                  locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    checked = harness.Site(page, live_server, mail_catcher, axe_path.read_text(encoding="utf-8"), a11y_report,
                           soft=os.environ.get("E2E_A11Y") == "report")
    if os.environ.get("E2E_SCREENSHOTS", "") not in ("", "0"):
        checked.screenshots = harness.SCREENSHOT_ROOT / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        shutil.rmtree(checked.screenshots, ignore_errors=True)  # only this run's pages of this journey
    request.node.stash[_LOG_START] = live_server.log_size()
    request.node.stash[_SITE] = checked
    try:
        yield checked
        missed = checked.unchecked_pages()
        if missed and not _failed(request.node):
            pytest.fail(f"pages loaded but never checked (use site.visit(), `with site.navigation():` or "
                        f"site.check()): {missed}")
    finally:
        if _failed(request.node):
            _save_artifacts(request.node, checked)
        context.close()


# ---------------------------------------------------------------- failure reports

def _failed(node: pytest.Item) -> bool:
    return node.stash.get(_CALL_FAILED, False)


def _save_artifacts(node: pytest.Item, checked: harness.Site) -> None:
    folder = harness.ROOT / "test-artifacts" / "e2e"
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / node.name.replace("/", "_")
    try:
        checked.page.screenshot(path=f"{stem}.png", full_page=True)
        html = re.sub(r"<script>.{10000,}?</script>", "<script>/* axe-core */</script>", checked.page.content(),
                      flags=re.DOTALL)
        Path(f"{stem}.html").write_text(html, encoding="utf-8")
    except Exception:  # the page may be gone; the report still has the log
        return
    node.add_report_section("call", "e2e artifacts", f"screenshot and HTML: {stem}.png / {stem}.html\n"
                                                     f"pages checked: {checked.visited}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.stash[_CALL_FAILED] = True
        checked = item.stash.get(_SITE, None)
        if checked is not None:
            log = checked.server.log_tail(item.stash.get(_LOG_START, 0))
            report.sections.append(("e2e server log (this test)", log or "(empty)"))
            report.sections.append(("e2e pages checked", "\n".join(checked.visited) or "(none)"))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """After the run: how many pages were checked, and the minor/moderate axe findings (they don't fail)."""
    report = config.stash.get(_REPORT, None)
    if report is None or not report.pages:
        return
    write = terminalreporter.write_line
    terminalreporter.section("accessibility (axe-core)")
    write(f"e2e database schema: {config.stash.get(_SCHEMA, '?')}")
    write(f"{len(report.pages)} page checks on {len(set(report.pages))} distinct pages "
          f"(serious/critical violations fail the test; {harness.NARROW_WIDTH}px reflow checked on each).")
    by_rule: dict[tuple[str, str], list[harness.Finding]] = {}
    for finding in report.findings:
        if finding.url.startswith("/__e2e"):  # the harness's own broken page (test_harness.py)
            continue
        by_rule.setdefault((finding.impact, finding.rule), []).append(finding)
    if not by_rule:
        write("No axe violations of any impact.")
        return
    for (impact, rule), findings in sorted(by_rule.items()):
        urls = sorted({f.url for f in findings})
        targets = sorted({n["target"] for f in findings for n in f.nodes})
        write(f"[{impact}] {rule}: {findings[0].help} ({findings[0].help_url})")
        write(f"    pages: {', '.join(urls[:8])}{' …' if len(urls) > 8 else ''}")
        write(f"    nodes: {', '.join(targets[:8])}{' …' if len(targets) > 8 else ''}")

