"""Fault test: two app servers, two job runners, their own PostgreSQL, Redis and SMTP sink, a load of residents,
and during it an app server killed, PostgreSQL restarted, Redis stopped and the SMTP server down.

    python -m bench.faults                       # 50 residents for 60 s (about 3 minutes in all)
    python -m bench.faults --seconds 20 --users 10 --json /tmp/faults.json

Run by hand, not part of the test suite. Everything it starts lives in a temporary folder on free ports (never
the machine's shared PostgreSQL or Redis) and is stopped at the end. See bench/README.md ("Faults").

The app's rate limit on password forms is raised for this test (WIJKHULP_RATELIMIT_PASSWORD_CHECK), because all
simulated residents sign in from 127.0.0.1; every other limit stays as shipped.
"""

from __future__ import annotations

import argparse
import email.parser
import glob
import http.client
import itertools
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
PASSWORD = "bench-faults-wachtwoord-42"
SEARCHES = ("", "near=3601&km=10", "near=3601&km=25&kind=request", "near=Breukelen&km=5", "q=hulp&near=3601")
MARKER = "kenmerk"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, timeout: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if check():
                return time.monotonic() - start
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout} s")


# ---------------------------------------------------------------- the servers the test owns

class Postgres:
    def __init__(self, folder: str) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise SystemExit("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
        self.bin = os.path.dirname(found[-1])
        self.base = os.path.join(folder, "pg")
        os.mkdir(self.base)
        # PostgreSQL refuses to run as root: then the server runs as the system's postgres user
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            owner = pwd.getpwnam("postgres")
            os.chmod(folder, 0o755)
            os.chown(self.base, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.base, "data")
        self.logfile = os.path.join(self.base, "postgres.log")
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/wijkhulp"

    def start(self) -> None:
        subprocess.run([*self.as_user, f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--no-sync", "--locale=C"], check=True, stdout=subprocess.DEVNULL)
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=60 -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        subprocess.run([*self.as_user, f"{self.bin}/pg_ctl", "-D", self.data, "-o", options, "-l", self.logfile, "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE wijkhulp")

    def restart(self) -> None:
        subprocess.run([*self.as_user, f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "restart"], check=True,
                       stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        subprocess.run([*self.as_user, f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Redis:
    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 0.2).close() is None, 10, "redis")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


class Sink:
    """An SMTP server that records every message's Message-ID (the outbox makes one per row)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.lock = threading.Lock()
        self.received: list[tuple[float, str]] = []
        self.controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            self.received.append((time.time(), str(headers.get("Message-ID", ""))))
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class Gunicorn:
    def __init__(self, name: str, env: dict[str, str], folder: str) -> None:
        self.name = name
        self.port = free_port()
        self.env = env
        self.logfile = os.path.join(folder, f"gunicorn-{name}.log")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = dict(self.env, PROMETHEUS_MULTIPROC_DIR=tempfile.mkdtemp(prefix=f"faults-metrics-{self.name}-"))
        with open(self.logfile, "ab") as out:
            self.proc = subprocess.Popen(
                [f"{BIN}/gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
                cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)

    def ready(self, timeout: float = 60) -> float:
        def check() -> bool:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/readyz")
                return conn.getresponse().status == 200
            finally:
                conn.close()
        return wait_for(check, timeout, f"gunicorn {self.name}")

    def kill(self) -> None:
        """SIGKILL the master and its workers (the whole process group), as a crashed host."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class Runner:
    def __init__(self, name: str, env: dict[str, str], folder: str) -> None:
        self.name = name
        self.env = env
        self.logfile = os.path.join(folder, f"jobs-{name}.log")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.logfile, "ab") as out:
            self.proc = subprocess.Popen([f"{BIN}/flask", "jobs", "run", "--tick", "1"], cwd=ROOT, env=self.env,
                                         stdout=out, stderr=out, start_new_session=True)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def job_starts(self) -> list[tuple[float, str]]:
        """(time, job) of every "job started" line in this runner's JSON log."""
        from datetime import datetime

        starts = []
        with open(self.logfile, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if '"job started"' not in line:
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                stamp = datetime.fromisoformat(str(entry["time"])).timestamp()
                starts.append((stamp, str(entry.get("job"))))
        return starts


# ---------------------------------------------------------------- seeding

def seed(users: int, listings: int) -> dict[str, Any]:
    """Authors with open listings around Breukelen (3621) and Utrecht (35xx), and `users` residents who each
    sign in with their own account. Direct inserts, like a site that has been running a while."""
    from datetime import timedelta

    from wijkhulp import create_app
    from wijkhulp.accounts.models import User
    from wijkhulp.database import utcnow
    from wijkhulp.extensions import db
    from wijkhulp.marketplace import services
    from wijkhulp.marketplace.models import Category, Listing

    app = create_app()
    with app.app_context():
        services.ensure_default_categories()
        now = utcnow()
        pc4s = ("3621", "3601", "3602", "3603", "3511", "3512", "3513")

        def person(email: str, name: str, pc4: str) -> User:
            user = User(email=email, display_name=name, postcode=f"{pc4} AB", pc4=pc4, email_verified_at=now,
                        terms_accepted_at=now)
            # cheap hashing: 50 sign-ins at the start would otherwise be the load on two cores
            user.set_password(PASSWORD, method="pbkdf2:sha256:1000")
            db.session.add(user)
            return user

        authors = [person(f"auteur{i}@faults.example.org", f"Auteur {i}", pc4s[i % len(pc4s)]) for i in range(20)]
        residents = [person(f"bewoner{i}@faults.example.org", f"Bewoner {i}", pc4s[i % len(pc4s)])
                     for i in range(users)]
        db.session.flush()
        categories = list(db.session.scalars(db.select(Category.id)))
        rng = random.Random(18)
        for i in range(listings):
            author = authors[i % len(authors)]
            db.session.add(Listing(
                kind=rng.choice(("request", "offer")), status="open", category_id=rng.choice(categories),
                author_id=author.id, title=f"Hulp gevraagd {i}", description="Wie kan even helpen in de buurt?",
                pc4=author.pc4, radius_km=10, timing="flexible", timing_note="", urgency="normal", assisted_note="",
                created_at=now - timedelta(minutes=i), updated_at=now, expires_at=now + timedelta(days=20)))
        db.session.commit()
        listing_ids = list(db.session.scalars(db.select(Listing.id)))
        accounts = [(user.id, user.email) for user in residents]
        db.session.remove()
        db.engine.dispose()
    return {"listing_ids": listing_ids, "accounts": accounts}


# ---------------------------------------------------------------- the residents

@dataclass
class Sample:
    start: float  # seconds since the load began
    ms: float
    instance: str
    kind: str
    status: int  # 0: no answer (refused, reset, timeout)
    error: str = ""


@dataclass
class Write:
    kind: str  # "reaction" or "message"
    marker: str
    user_id: int
    instance: str
    start: float
    status: int  # 0: no answer
    acknowledged: bool
    response_id: int | None = None


class Resident(threading.Thread):
    def __init__(self, index: int, account: tuple[int, str], listing_ids: list[int], ports: dict[str, int],
                 t0: float, until: float, samples: list[Sample], writes: list[Write], lock: threading.Lock) -> None:
        super().__init__(daemon=True, name=f"resident-{index}")
        self.index = index
        self.user_id, self.email = account
        self.rng = random.Random(index)
        self.listings = listing_ids
        self.ports = ports
        self.t0, self.until = t0, until
        self.samples, self.writes, self.lock = samples, writes, lock
        self.cookies: dict[str, str] = {}
        self.conns: dict[str, http.client.HTTPConnection] = {}
        self.signed_in = False
        self.reacted: set[int] = set()
        self.threads: list[int] = []
        self.counter = 0

    # -- HTTP with keep-alive per instance and one cookie jar for the resident
    def request(self, kind: str, method: str, path: str, form: dict[str, str] | None = None,
                instance: str | None = None) -> tuple[int, dict[str, str], str, str]:
        instance = instance or self.rng.choice(sorted(self.ports))
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.monotonic()
        status, answer, text, error = 0, {}, "", ""
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: one fresh connection
            conn = self.conns.get(instance)
            if conn is None:
                conn = self.conns[instance] = http.client.HTTPConnection("127.0.0.1", self.ports[instance],
                                                                         timeout=35)
            fresh = conn.sock is None
            try:
                conn.request(method, path, body=body, headers=headers)
                reply = conn.getresponse()
                text = reply.read().decode("utf-8", "replace")
                status, answer = reply.status, {k.lower(): v for k, v in reply.getheaders()}
                for value in reply.headers.get_all("Set-Cookie") or []:
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                if answer.get("connection", "").lower() == "close":
                    conn.close()
                    self.conns.pop(instance, None)
                break
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                self.conns.pop(instance, None)
                error = type(exc).__name__
                # a stale keep-alive (not a refused or dead server) is retried once, as a browser does, but
                # never a POST that may have reached the server
                if fresh or attempt == 2 or method == "POST" or isinstance(exc, ConnectionRefusedError):
                    break
        elapsed = (time.monotonic() - start) * 1000
        with self.lock:
            self.samples.append(Sample(start - self.t0, elapsed, instance, kind, status, "" if status else error))
        return status, answer, text, instance

    @staticmethod
    def hidden(text: str, name: str) -> str | None:
        match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', text) or \
            re.search(rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', text)
        return match.group(1) if match else None

    def sign_in(self) -> None:
        status, _, text, instance = self.request("login_form", "GET", "/login")
        token = self.hidden(text, "csrf_token") if status == 200 else None
        if token is None:
            return
        status, _, _, _ = self.request("sign_in", "POST", "/login", {
            "csrf_token": token, "email": self.email, "password": PASSWORD}, instance)
        self.signed_in = status in (302, 303)

    def marker(self, kind: str) -> str:
        self.counter += 1
        return f"{MARKER} {kind}-{self.user_id}-{self.counter}-{uuid.uuid4().hex[:8]}"

    def react(self) -> None:
        choices = [i for i in self.listings if i not in self.reacted]
        if not choices:
            return self.browse()
        listing_id = self.rng.choice(choices)
        status, _, text, instance = self.request("respond_form", "GET", f"/help/{listing_id}/respond")
        token = self.hidden(text, "csrf_token") if status == 200 else None
        if status in (302, 303) or token is None:
            self.signed_in = self.signed_in and status != 302
            return
        self.reacted.add(listing_id)
        mark = self.marker("reactie")
        start = time.monotonic() - self.t0
        status, headers, _, instance = self.request("respond", "POST", f"/help/{listing_id}/respond", {
            "csrf_token": token, "message": f"Ik kan je helpen. {mark}"}, instance)
        location = headers.get("location", "")
        found = re.search(r"/responses/(\d+)", location)
        ok = status in (302, 303) and found is not None
        if ok:
            self.threads.append(int(found.group(1)))  # type: ignore[union-attr]
        with self.lock:
            self.writes.append(Write("reaction", mark, self.user_id, instance, start, status, ok,
                                     int(found.group(1)) if found else None))

    def message(self) -> None:
        if not self.threads:
            return self.react()
        response_id = self.rng.choice(self.threads)
        status, _, text, instance = self.request("thread", "GET", f"/responses/{response_id}")
        csrf = self.hidden(text, "csrf_token") if status == 200 else None
        form_token = self.hidden(text, "form_token") if status == 200 else None
        if csrf is None or form_token is None:
            return
        mark = self.marker("bericht")
        start = time.monotonic() - self.t0
        status, _, _, instance = self.request("message", "POST", f"/responses/{response_id}/messages", {
            "csrf_token": csrf, "form_token": form_token, "body": f"Past dinsdag? {mark}"}, instance)
        with self.lock:
            self.writes.append(Write("message", mark, self.user_id, instance, start, status, status in (302, 303),
                                     response_id))

    def browse(self) -> None:
        if self.rng.random() < 0.5:
            self.request("search", "GET", "/help?" + self.rng.choice(SEARCHES))
        else:
            self.request("listing", "GET", f"/help/{self.rng.choice(self.listings)}")

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, 2))
        while time.monotonic() < self.until:
            if not self.signed_in:
                self.sign_in()
            else:
                roll = self.rng.random()
                if roll < 0.55:
                    self.browse()
                elif roll < 0.75:
                    self.react()
                else:
                    self.message()
            time.sleep(self.rng.uniform(0.3, 1.2))  # reading time


# ---------------------------------------------------------------- faults

@dataclass
class Window:
    name: str
    part: str  # "a", "b": one app server; "database", "redis", "smtp"
    start: float
    end: float | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def schedule(seconds: float) -> dict[str, float]:
    return {"kill_a": 0.12 * seconds, "restart_a": 0.12 * seconds + 4, "postgres": 0.33 * seconds,
            "smtp_down": 0.45 * seconds, "smtp_up": 0.45 * seconds + min(30.0, 0.5 * seconds),
            "redis_down": 0.6 * seconds, "redis_up": 0.8 * seconds}


def faults(plan: dict[str, float], t0: float, servers: dict[str, Any], windows: list[Window]) -> list[threading.Thread]:
    """Each fault on its own timeline (a slow restart of one part does not delay the next fault)."""
    lock = threading.Lock()

    def at(moment: float) -> None:
        time.sleep(max(0.0, t0 + moment - time.monotonic()))

    def now() -> float:
        return time.monotonic() - t0

    def done(window: Window) -> None:
        window.end = now()
        with lock:
            windows.append(window)

    def instance() -> None:
        at(plan["kill_a"])
        servers["a"].kill()
        window = Window("instance a killed (SIGKILL) and restarted", "a", now())
        log(f"fault: gunicorn a killed at {now():.1f} s")
        at(plan["restart_a"])
        servers["a"].start()
        window.notes["restarted_at_s"] = round(now(), 1)
        window.notes["ready_after_restart_s"] = round(servers["a"].ready(120), 1)
        done(window)
        log(f"fault: gunicorn a ready again at {now():.1f} s")

    def database() -> None:
        at(plan["postgres"])
        window = Window("PostgreSQL restarted (pg_ctl restart -m fast)", "database", now())
        servers["postgres"].restart()
        window.notes["restart_took_s"] = round(now() - window.start, 1)
        done(window)
        log(f"fault: PostgreSQL restarted {window.start:.1f}-{window.end:.1f} s")

    def smtp() -> None:
        at(plan["smtp_down"])
        servers["sink"].stop()
        window = Window("SMTP server down", "smtp", now())
        log(f"fault: SMTP sink down at {now():.1f} s")
        at(plan["smtp_up"])
        servers["sink"].start()
        done(window)
        log(f"fault: SMTP sink up at {now():.1f} s")

    def redis() -> None:
        at(plan["redis_down"])
        servers["redis"].stop()
        window = Window("Redis stopped", "redis", now())
        log(f"fault: Redis stopped at {now():.1f} s")
        at(plan["redis_up"])
        servers["redis"].start()
        done(window)
        log(f"fault: Redis started at {now():.1f} s")

    threads = [threading.Thread(target=step, daemon=True, name=f"fault-{step.__name__}")
               for step in (instance, database, smtp, redis)]
    for thread in threads:
        thread.start()
    return threads


# ---------------------------------------------------------------- checks afterwards

def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


GRACE = 3.0  # seconds after a fault ends in which its errors still count as the fault's


def classify(samples: list[Sample], windows: list[Window]) -> dict[str, Any]:
    """Every request by phase; an error is expected only inside a fault window (plus GRACE) on the part that
    failed: the killed instance, or any instance while the database restarted."""
    phases: dict[str, dict[str, Any]] = {}
    unexpected: list[dict[str, Any]] = []

    def phase_of(sample: Sample) -> list[Window]:  # the request was in flight at some moment of the fault
        return [w for w in windows
                if sample.start <= (w.end or w.start) + GRACE and sample.start + sample.ms / 1000 >= w.start]

    for sample in samples:
        inside = phase_of(sample)
        name = " + ".join(w.name for w in inside) or "no fault"
        phase = phases.setdefault(name, {"requests": 0, "errors": Counter(), "errors_by_instance": Counter()})
        phase["requests"] += 1
        failed = sample.status == 0 or sample.status >= 500
        if not failed:
            continue
        label = sample.error or str(sample.status)
        phase["errors"][label] += 1
        phase["errors_by_instance"][sample.instance] += 1
        expected = any(w.part == "database" or w.part == sample.instance for w in inside)
        if not expected:
            unexpected.append({"at_s": round(sample.start, 2), "instance": sample.instance, "kind": sample.kind,
                               "status": sample.status, "error": sample.error})
    for phase in phases.values():
        phase["errors"] = dict(phase["errors"])
        phase["errors_by_instance"] = dict(phase["errors_by_instance"])
    return {"phases": phases, "unexpected_errors": unexpected}


def check_writes(url: str, writes: list[Write]) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        bodies = Counter(row[0].rsplit(MARKER, 1)[1].strip() for row in conn.execute(
            "SELECT body FROM message WHERE body LIKE %s", (f"%{MARKER} %",)))
        first_messages = {row[0]: row[1] for row in conn.execute(
            "SELECT r.id, (SELECT m.body FROM message m WHERE m.response_id = r.id ORDER BY m.id LIMIT 1) "
            "FROM response r")}
        reactions_without_message = [rid for rid, body in first_messages.items() if body is None]
        messages_without_reaction = conn.execute(
            "SELECT count(*) FROM message m LEFT JOIN response r ON r.id = m.response_id WHERE r.id IS NULL"
        ).fetchone()[0]
    result: dict[str, Any] = {"reactions_without_first_message": reactions_without_message,
                              "messages_without_reaction": messages_without_reaction}
    for kind in ("reaction", "message"):
        mine = [w for w in writes if w.kind == kind]
        acked = [w for w in mine if w.acknowledged]
        missing = [w.marker for w in acked if bodies[w.marker.split(" ", 1)[1]] == 0]
        doubled = [w.marker for w in mine if bodies[w.marker.split(" ", 1)[1]] > 1]
        stored_unacked = sum(1 for w in mine if not w.acknowledged and bodies[w.marker.split(" ", 1)[1]] == 1)
        wrong_thread = []
        if kind == "reaction":
            for w in acked:
                body = first_messages.get(w.response_id or -1) or ""
                if not body.endswith(w.marker.split(" ", 1)[1]):
                    wrong_thread.append(w.marker)
        result[kind + "s"] = {"sent": len(mine), "acknowledged": len(acked), "acknowledged_missing": missing,
                              "stored_more_than_once": doubled, "not_acknowledged_but_stored": stored_unacked,
                              "not_acknowledged": len(mine) - len(acked),
                              "acknowledged_without_its_first_message": wrong_thread}
    return result


def check_mail(url: str, sink: Sink) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id, created_at, sent_at, failed_at, attempts FROM outbox_mail").fetchall()
    with sink.lock:
        received = Counter(mid for _, mid in sink.received)
    ids = {row[0]: row for row in rows}
    seen: Counter[int] = Counter()
    strangers = 0
    for mid, count in received.items():
        found = re.match(r"<outbox\.(\d+)\.", mid)
        if found and int(found.group(1)) in ids:
            seen[int(found.group(1))] += count
        else:
            strangers += count
    unsent = [row[0] for row in rows if row[2] is None]
    marked_sent_not_received = [row[0] for row in rows if row[2] is not None and seen[row[0]] == 0]
    duplicates = {str(i): n for i, n in seen.items() if n > 1}
    delays = [(row[2] - row[1]).total_seconds() for row in rows if row[2] is not None]
    return {"outbox_rows": len(rows), "received_by_sink": sum(received.values()),
            "distinct_received": len(seen), "still_unsent": unsent, "gave_up": [r[0] for r in rows if r[3]],
            "marked_sent_but_not_received": marked_sent_not_received, "duplicates": duplicates,
            "retried_rows": sum(1 for row in rows if row[4] > 0), "unknown_messages": strangers,
            "delivery_seconds_p50": round(percentile(delays, 50), 1),
            "delivery_seconds_max": round(max(delays, default=0), 1)}


def check_jobs(url: str, runners: list[Runner], started_at: float, stopped_at: float) -> dict[str, Any]:
    import psycopg

    from wijkhulp import create_app
    from wijkhulp.registry.jobs import jobs

    create_app()  # fills the registry
    intervals = {job.key: job.interval.total_seconds() for job in jobs()}
    with psycopg.connect(url) as conn:
        state = {row[0]: {"runs": row[1], "failures": row[2], "last_ok": row[3]} for row in conn.execute(
            "SELECT id, runs, failures, last_ok FROM job_state")}
    starts: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for runner in runners:
        for stamp, job in runner.job_starts():
            starts[job].append((stamp, runner.name))
    elapsed = stopped_at - started_at
    report: dict[str, Any] = {"elapsed_s": round(elapsed, 1), "runners_alive_at_end": [r.name for r in runners
                                                                                       if r.alive()], "jobs": {}}
    for key, interval in sorted(intervals.items()):
        times = sorted(starts.get(key, []))
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(times)]
        # once per interval: never two starts closer than the interval (less a tick for rounding)
        too_close = sum(1 for gap in gaps if gap < interval - 1.0)
        expected_max = math.floor(elapsed / interval) + 1
        report["jobs"][key] = {
            "interval_s": interval, "starts": len(times), "expected_at_most": expected_max,
            "by_runner": dict(Counter(name for _, name in times)), "failures": state.get(key, {}).get("failures"),
            "starts_closer_than_interval": too_close,
            "longest_gap_s": round(max(gaps), 1) if gaps else None,
        }
    return report


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the load (default: %(default)s)")
    parser.add_argument("--users", type=int, default=50, help="simulated residents (default: %(default)s)")
    parser.add_argument("--listings", type=int, default=300, help="open listings seeded (default: %(default)s)")
    parser.add_argument("--json", default=os.path.join(tempfile.gettempdir(), "wijkhulp-faults.json"),
                        help="where the report goes as JSON (default: %(default)s)")
    parser.add_argument("--drain", type=float, default=200, help="seconds to wait for the outbox afterwards")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, data)")
    args = parser.parse_args(argv)
    if args.seconds < 15:
        parser.error("--seconds: at least 15")

    folder = tempfile.mkdtemp(prefix="wijkhulp-faults-")
    log(f"working folder {folder}")
    postgres, redis, sink = Postgres(folder), Redis(folder), Sink()
    env = dict(os.environ, FLASK_APP="wijkhulp", DATABASE_URL=postgres.url, REDIS_URL=redis.url,
               MAIL_SERVER="127.0.0.1", MAIL_PORT=str(sink.port), MAIL_FROM="wijkhulp <noreply@faults.example.org>",
               SECRET_KEY=uuid.uuid4().hex * 2, METRICS_TOKEN=uuid.uuid4().hex, WEB_CONCURRENCY="2",
               WIJKHULP_BASE_URL="https://wijkhulp.faults.example.org", WIJKHULP_LOG_FORMAT="json",
               WIJKHULP_RATELIMIT_PASSWORD_CHECK="10000 per minute", PYTHONPATH=ROOT)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    apps = {"a": Gunicorn("a", env, folder), "b": Gunicorn("b", env, folder)}
    runners = [Runner("1", env, folder), Runner("2", env, folder)]
    try:
        postgres.start()
        redis.start()
        sink.start()
        log(f"PostgreSQL :{postgres.port}, Redis :{redis.port}, SMTP sink :{sink.port}")
        for command in (["db", "upgrade"], ["postcodes", "ensure"]):
            subprocess.run([f"{BIN}/flask", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "MAIL_SERVER",
                                               "MAIL_PORT", "WIJKHULP_BASE_URL")})
        seeded = seed(args.users, args.listings)
        log(f"seeded {len(seeded['accounts'])} residents and {len(seeded['listing_ids'])} listings")
        for app in apps.values():
            app.start()
        for app in apps.values():
            app.ready()
        jobs_started = time.time()
        for runner in runners:
            runner.start()
        log(f"two app servers on :{apps['a'].port} and :{apps['b'].port}, two job runners")

        samples: list[Sample] = []
        writes: list[Write] = []
        windows: list[Window] = []
        lock = threading.Lock()
        t0 = time.monotonic()
        until = t0 + args.seconds
        ports = {name: app.port for name, app in apps.items()}
        residents = [Resident(i, account, seeded["listing_ids"], ports, t0, until, samples, writes, lock)
                     for i, account in enumerate(seeded["accounts"])]
        plan = schedule(args.seconds)
        for resident in residents:
            resident.start()
        chaos = faults(plan, t0, {**apps, "postgres": postgres, "redis": redis, "sink": sink}, windows)
        for resident in residents:
            resident.join(args.seconds + 60)
        for thread in chaos:
            thread.join(180)
        load_s = time.monotonic() - t0
        log(f"load done: {len(samples)} requests in {load_s:.1f} s; waiting for the outbox to drain")

        def drained() -> bool:
            import psycopg

            with psycopg.connect(postgres.url) as conn:
                return conn.execute("SELECT count(*) FROM outbox_mail WHERE sent_at IS NULL AND failed_at IS NULL"
                                    ).fetchone()[0] == 0
        try:
            drain_s = wait_for(drained, args.drain, "an empty outbox")
        except RuntimeError:
            drain_s = None
        time.sleep(1)
        runners_alive = [r.name for r in runners if r.alive()]
        for runner in runners:
            runner.stop()
        jobs_stopped = time.time()

        served = [s for s in samples if s.status]
        durations = [s.ms for s in served]
        report: dict[str, Any] = {
            "settings": {"users": args.users, "seconds": args.seconds, "listings": args.listings,
                         "app_servers": 2, "workers_each": 2, "job_runners": 2,
                         "raised_limits": {"WIJKHULP_RATELIMIT_PASSWORD_CHECK": "10000 per minute"},
                         "fault_plan_s": {k: round(v, 1) for k, v in plan.items()}},
            "requests": {"sent": len(samples), "answered": len(served),
                         "per_second": round(len(served) / load_s, 1),
                         "by_instance": dict(Counter(s.instance for s in samples)),
                         "by_kind": dict(Counter(s.kind for s in samples)),
                         "statuses": dict(Counter(str(s.status) for s in samples)),
                         "p50_ms": round(percentile(durations, 50), 1), "p95_ms": round(percentile(durations, 95), 1),
                         "p99_ms": round(percentile(durations, 99), 1)},
            "faults": [{"what": w.name, "part": w.part, "from_s": round(w.start, 1),
                        "to_s": round(w.end or w.start, 1), **w.notes} for w in sorted(windows, key=lambda w: w.start)],
            **classify(samples, windows),
            "writes": check_writes(postgres.url, writes),
            "mail": {"drained_after_s": None if drain_s is None else round(drain_s, 1),
                     **check_mail(postgres.url, sink)},
            "jobs": {"runners_alive_before_stop": runners_alive,
                     **check_jobs(postgres.url, runners, jobs_started, jobs_stopped)},
        }
        report["verdict"] = verdict(report)
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2, default=str)
        print(json.dumps(report, indent=2, default=str))
        log(f"report written to {args.json}")
        return 0 if not report["verdict"]["problems"] else 1
    finally:
        for runner in runners:
            runner.stop()
        for app in apps.values():
            app.stop()
        sink.stop()
        redis.stop()
        postgres.stop()
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def verdict(report: dict[str, Any]) -> dict[str, Any]:
    problems = []
    if report["unexpected_errors"]:
        problems.append(f"{len(report['unexpected_errors'])} errors outside a fault or on a part that did not fail")
    writes = report["writes"]
    for kind in ("reactions", "messages"):
        part = writes[kind]
        if part["acknowledged_missing"]:
            problems.append(f"{len(part['acknowledged_missing'])} acknowledged {kind} not stored")
        if part["stored_more_than_once"]:
            problems.append(f"{len(part['stored_more_than_once'])} {kind} stored more than once")
        if part.get("acknowledged_without_its_first_message"):
            problems.append(f"{len(part['acknowledged_without_its_first_message'])} {kind} without their message")
    if writes["reactions_without_first_message"] or writes["messages_without_reaction"]:
        problems.append("half-stored reactions or messages")
    mail = report["mail"]
    if mail["still_unsent"] or mail["gave_up"] or mail["marked_sent_but_not_received"]:
        problems.append("mail lost or not delivered")
    jobs = report["jobs"]
    if jobs["runners_alive_before_stop"] != ["1", "2"]:
        problems.append("a job runner died")
    for key, job in jobs["jobs"].items():
        if job["starts_closer_than_interval"] or job["starts"] > job["expected_at_most"]:
            problems.append(f"job {key} ran more than once in an interval")
        if job["starts"] == 0:
            problems.append(f"job {key} never ran")
    return {"problems": problems, "mail_duplicates": sum(n - 1 for n in mail["duplicates"].values())}


if __name__ == "__main__":
    sys.exit(main())
