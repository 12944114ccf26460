"""Pieces of the browser harness: the mail catcher, the app server process, and `Site`, the page wrapper that
checks every page a journey visits (axe-core, 320-pixel reflow, server errors, inline scripts/styles).

Fixtures that put these together live in conftest.py; README.md explains how to write a journey.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")  # Debian's chromium; never a downloaded browser
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SOURCES = [ROOT / "wijkhulp/static/vendor/axe/axe.min.js", ROOT / "node_modules/axe-core/axe.min.js"]
FAIL_IMPACTS = ("serious", "critical")  # axe violations with these impacts fail the test
NARROW_WIDTH = 320  # WCAG 1.4.10 reflow: every page fits without sideways scrolling
DESKTOP = {"width": 1280, "height": 900}
# E2E_SCREENSHOTS=1: every checked page is saved, full length, at these sizes (see README.md, "Screenshots")
SCREENSHOT_SIZES = ({"width": 360, "height": 740}, {"width": 1280, "height": 900})
SCREENSHOT_ROOT = ROOT / "test-artifacts" / "screenshots"
TIMEOUT_MS = 10_000

DEMO_PASSWORD = "wijkhulp-demo"


def expect(actual: Any, message: str | None = None) -> Any:
    """playwright's `expect`, imported late: without playwright the journeys are skipped, not a collection error."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(actual, message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_axe() -> Path | None:
    return next((path for path in AXE_SOURCES if path.is_file()), None)


# ---------------------------------------------------------------- mail


class MailCatcher:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives, decoded."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._controller: Any = None

    # aiosmtpd calls this for every mail (in its own thread)
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost")
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, subject: str = "", count: int = 1, timeout: float = 10) -> EmailMessage:
        """The `count`-th mail to `address` (whose subject contains `subject`), waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.to(address) if subject.lower() in str(m["Subject"]).lower()]
            if len(found) >= count:
                return found[count - 1]
            if time.monotonic() > deadline:
                got = [(str(m["To"]), str(m["Subject"])) for m in self.messages]
                raise AssertionError(f"no mail {count} to {address} with {subject!r} within {timeout}s; got {got}")
            time.sleep(0.05)

    @staticmethod
    def body(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
        return str(part.get_content())  # type: ignore[union-attr]

    @classmethod
    def link(cls, message: EmailMessage, containing: str) -> str:
        """The first absolute link in the mail whose URL contains `containing`."""
        for url in re.findall(r"https?://\S+", cls.body(message)):
            if containing in url:
                return url.rstrip(".,;)>")
        raise AssertionError(f"no link with {containing!r} in the mail:\n{cls.body(message)[:800]}")


# ---------------------------------------------------------------- the app server


@dataclass
class LiveServer:
    """The app in its own process, configured through environment variables as in production."""

    workdir: Path
    smtp_port: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    schema: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    def environment(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items()
                     if not k.startswith(("WIJKHULP_", "MAIL_", "FLASK_")) and k not in
                     ("DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
        return {
            **inherited,
            "FLASK_APP": "wijkhulp",
            "PYTHONUNBUFFERED": "1",
            # this checkout's package, also when the venv's editable install points at another checkout
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), inherited.get("PYTHONPATH", "")) if p),
            "SECRET_KEY": "e2e-secret-key-not-for-production",
            "DATABASE_URL": f"sqlite:///{self.workdir / 'e2e.sqlite3'}",
            "WIJKHULP_BASE_URL": self.url,
            "WIJKHULP_MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.smtp_port),
            "MAIL_USE_TLS": "false",
            "WIJKHULP_MAIL_DELIVER_AFTER_REQUEST": "true",
            "WIJKHULP_RATELIMIT_ENABLED": "false",
            "WIJKHULP_RATELIMIT_ALLOW_MEMORY": "true",  # one server process
            "WIJKHULP_REQUIRE_STAFF_2FA": "false",  # the journeys sign staff in with a password
            "WIJKHULP_GEOCODER": "off",
            # plain http on 127.0.0.1: the session cookie cannot be Secure-only here
            "WIJKHULP_SESSION_COOKIE_SECURE_IN_PRODUCTION": "false",
            "WIJKHULP_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing for new accounts
        }

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(args, cwd=ROOT, env=self.environment(), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=300)
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"$ {' '.join(args[1:])}\n{result.stdout[-4000:]}")
        if check and result.returncode != 0:
            raise RuntimeError(f"`{' '.join(args[1:])}` failed for the e2e database:\n{result.stdout[-4000:]}")
        return result

    def prepare_database(self) -> str:
        """Fresh SQLite database: schema, postcode areas, demo data. Returns how the schema was made.

        E2E_SCHEMA=auto (default): `flask db upgrade` when migrations/versions has files and `flask db check` finds
        them in step with the models; otherwise db.create_all(), said at the end of the run (tests/test_migrations.py
        reports the drift itself). E2E_SCHEMA=migrations: drift fails the journeys. E2E_SCHEMA=create_all.
        """
        flask = (sys.executable, "-m", "flask")
        mode = os.environ.get("E2E_SCHEMA", "auto")
        has_migrations = any((ROOT / "migrations" / "versions").glob("*.py"))
        schema = "db.create_all() (migrations/versions is empty)" if not has_migrations else "db.create_all()"
        if has_migrations and mode != "create_all":
            self._run(*flask, "db", "upgrade")
            drift = self._run(*flask, "db", "check", check=False)
            if drift.returncode == 0:
                schema = "flask db upgrade"
            else:
                changes = re.findall(r"Detected (.+)", drift.stdout) or [drift.stdout[-1500:]]
                summary = "; ".join(changes[:4]) + (f"; … {len(changes) - 4} more" if len(changes) > 4 else "")
                if mode == "migrations":
                    raise RuntimeError(f"the migrations lag behind the models ({summary}). The lead generates a "
                                       "migration; E2E_SCHEMA=create_all runs the journeys on the models meanwhile.")
                schema = f"db.create_all(): the migrations lag behind the models ({summary})"
                (self.workdir / "e2e.sqlite3").unlink()
        if schema != "flask db upgrade":
            self._run(sys.executable, str(Path(__file__).with_name("serve.py")), "create-schema")
        self._run(*flask, "postcodes", "ensure")
        self._run(*flask, "demo", "seed")
        self.schema = schema
        return schema

    def start(self) -> None:
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("serve.py")), "serve", str(self.port)],
                cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the e2e server stopped at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as exc:
                raise RuntimeError(f"the home page answers {exc.code}:\n{self.log_tail()}") from None
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the e2e server did not answer within 30 s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_tail(self, since: int = 0, limit: int = 6000) -> str:
        if not self.log_path.exists():
            return ""
        with open(self.log_path, "rb") as handle:
            handle.seek(since)
            text = handle.read().decode("utf-8", "replace")
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # werkzeug colours its request log
        lines = [line for line in text.splitlines() if '"GET /static/' not in line]
        return "\n".join(lines)[-limit:]


# ---------------------------------------------------------------- checking pages

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary || ''}))
  }));
}"""

_OVERFLOW = """(limit) => {
  const root = document.documentElement;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const offenders = [];
  if (root.scrollWidth > limit) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > limit + 0.5) {
        const inner = [...el.children].some(c => c.getBoundingClientRect().right > limit + 0.5);
        if (!inner) offenders.push(describe(el) + ' (right edge at ' + Math.round(box.right) + 'px)');
      }
    }
  }
  return {scrollWidth: root.scrollWidth, offenders: offenders.slice(0, 8)};
}"""

# What the Content-Security-Policy blocks: the page would silently lose these in a real browser.
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|<[a-zA-Z][^>]*\sstyle\s*=|<[a-zA-Z][^>]*\son[a-z]+\s*=",
                     re.IGNORECASE)


@dataclass
class Finding:
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: list[dict[str, str]]

    def describe(self) -> str:
        lines = [f"[{self.impact}] {self.rule}: {self.help}", f"    {self.help_url}"]
        for node in self.nodes[:6]:
            lines.append(f"    - {node['target']}: {node['html'][:160]}")
            summary = " ".join(node["summary"].split())
            if summary:
                lines.append(f"      {summary[:600]}")
        if len(self.nodes) > 6:
            lines.append(f"    ... and {len(self.nodes) - 6} more")
        return "\n".join(lines)


class PageProblem(AssertionError):
    """A visited page failed a check (accessibility, reflow, server error, inline script or style)."""


@dataclass
class Report:
    """What the checks found over the whole session (printed at the end by conftest.py)."""

    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # every axe violation, also minor/moderate


class Site:
    """One browser tab on the live app. Every page a journey reaches must be checked:

        site.visit("/about")                     # go there and check it
        with site.navigation():                  # a click (or key press) that loads a new page; checked after
            page.get_by_role("button", name="Sign in").click()
        site.check()                             # check the current page again (e.g. after showing errors)

    At the end of the test, a page that loaded but was never checked fails the test.
    """

    def __init__(self, page: Any, server: LiveServer, mail: MailCatcher, axe_source: str, report: Report,
                 soft: bool = False) -> None:
        self.page = page
        self.server = server
        self.mail = mail
        self.report = report
        self.soft = soft  # E2E_A11Y=report: record axe violations without failing
        self._axe = axe_source
        self._loads: list[str] = []
        self._checked = 0
        self._documents: list[Any] = []
        self._errors: list[str] = []
        self.visited: list[str] = []
        self.screenshots: Path | None = None  # a folder: save every checked page there (conftest.py sets it)
        self._shots = 0
        page.set_default_timeout(TIMEOUT_MS)
        page.on("load", lambda p: self._loads.append(p.url))
        page.on("response", self._on_response)
        page.on("pageerror", lambda exc: self._errors.append(f"JavaScript error: {exc}"))

    def _on_response(self, response: Any) -> None:
        request = response.request
        if request.resource_type == "document" and response.frame == self.page.main_frame:
            self._documents.append(response)

    # -------------------------------------------------------- navigating

    def url(self, path: str = "/") -> str:
        return self.server.url + path

    def path(self) -> str:
        """The current path and query, without the server part."""
        return self.page.url.removeprefix(self.server.url)

    def visit(self, path: str) -> Any:
        response = self.page.goto(self.url(path) if path.startswith("/") else path, wait_until="load")
        self.check()
        return response

    @contextmanager
    def navigation(self) -> Iterator[None]:
        """Wrap the action that loads the next page; that page is checked afterwards."""
        with self.page.expect_navigation(wait_until="load"):
            yield
        self.check()

    # -------------------------------------------------------- checking

    def check(self) -> None:
        """Check the page now shown: no server error, no inline script/style, axe-core, 320-pixel reflow."""
        page = self.page
        page.wait_for_load_state("load")
        url = self.path()
        self.visited.append(url)
        self.report.pages.append(url)
        problems: list[str] = []
        if self._errors:
            problems.extend(self._errors)
            self._errors.clear()
        document = self._documents[-1] if self._documents else None
        if document is not None and document.status >= 500:
            problems.append(f"the server answered {document.status}:\n{self.server.log_tail(limit=3000)}")
        elif document is not None and "html" in (document.headers.get("content-type") or ""):
            try:
                html = document.text()
            except Exception:  # the body can be gone after a fast second navigation; nothing to check then
                html = ""
            inline = sorted({m.group(0)[:80] for m in _INLINE.finditer(html)})
            if inline:
                problems.append("inline script, style or event handler (the CSP blocks these): " + "; ".join(inline))

        problems.extend(self._axe_problems(url))

        viewport = page.viewport_size or DESKTOP  # a journey at 360 px stays at 360 px after the check
        page.set_viewport_size({"width": NARROW_WIDTH, "height": 800})
        try:
            overflow = page.evaluate(_OVERFLOW, NARROW_WIDTH)
            self._screenshot(url)
        finally:
            page.set_viewport_size(viewport)
        if overflow["scrollWidth"] > NARROW_WIDTH:
            problems.append(f"the page is {overflow['scrollWidth']}px wide at {NARROW_WIDTH}px (sideways scrolling); "
                            f"sticking out: {', '.join(overflow['offenders']) or 'unknown'}")
        self._checked = len(self._loads)
        if problems:
            raise PageProblem(f"{url}:\n" + "\n".join(problems))

    def _screenshot(self, url: str) -> None:
        """Save the page at each of SCREENSHOT_SIZES as <nn>-<page>-<width>.png: full length, no waiting (the page
        has loaded and been checked), so it costs two captures per page."""
        if self.screenshots is None:
            return
        self._shots += 1
        slug = re.sub(r"[^a-z0-9]+", "-", url.split("?", 1)[0].split("#", 1)[0].lower()).strip("-")[:60] or "home"
        self.screenshots.mkdir(parents=True, exist_ok=True)
        for size in SCREENSHOT_SIZES:
            self.page.set_viewport_size(size)
            self.page.screenshot(path=str(self.screenshots / f"{self._shots:02d}-{slug}-{size['width']}.png"),
                                 full_page=True, animations="disabled", caret="hide")

    def _axe_problems(self, url: str) -> list[str]:
        page = self.page
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=self._axe)
        violations = page.evaluate(_AXE_RUN)
        findings = [Finding(url=url, rule=v["id"], impact=v["impact"] or "unknown", help=v["help"],
                            help_url=v["helpUrl"], nodes=v["nodes"]) for v in violations]
        self.report.findings.extend(findings)
        blocking = [f for f in findings if f.impact in FAIL_IMPACTS]
        if not blocking or self.soft:
            return []
        return [f"axe-core found {len(blocking)} serious or critical accessibility problem(s):"] + [
            f.describe() for f in blocking]

    def unchecked_pages(self) -> list[str]:
        return self._loads[self._checked:]

    # -------------------------------------------------------- common steps (English UI: labels are msgids)

    def lang(self) -> str:
        return str(self.page.locator("html").get_attribute("lang"))

    def use_language(self, language: str) -> None:
        """Press the language button in the header until <html lang> is `language` ("nl" or "en")."""
        if self.lang() == language:
            return
        name = {"en": "English", "nl": "Nederlands"}[language]
        button = self.page.get_by_role("button", name=name, exact=True)
        if button.count() == 0:  # a phone-sized window: the button sits in the folded menu
            self.page.locator("summary.site-menu__button").click()
        with self.navigation():
            button.click()
        assert self.lang() == language

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        """Sign in through the form (in English); the account's language is English afterwards."""
        self.visit("/login")
        self.use_language("en")
        page = self.page
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        with self.navigation():
            page.get_by_role("button", name="Sign in").click()
        self.use_language("en")  # a saved account language wins over the session's
        assert page.locator("form[action$='/logout']").count() > 0, f"not signed in as {email}"  # header or menu

    def sign_out(self) -> None:
        """Press the sign-out button in the header or, on a phone, in the menu (found by its form, so in either
        language)."""
        button = self.page.locator("form[action$='/logout'] button[type=submit]:visible")
        if button.count() == 0:  # a phone-sized window: the button sits in the folded menu
            self.page.locator("summary.site-menu__button").click()
        with self.navigation():
            button.click()
        assert self.page.locator("form[action$='/logout']").count() == 0, "still signed in"
