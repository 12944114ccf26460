"""Benchmark the hot pages under gunicorn (2 sync workers) against a bare Flask app in the same run.

    python -m bench.pages --size 100000                       # SQLite file in /tmp
    python -m bench.pages --size 100000 --db postgresql://postgres@127.0.0.1:5432/postgres

It seeds a fresh database the way bench/nearby.py does (`size` listings over the real PC4 areas, denser around
the big cities), adds organisations, auction rounds with ideas and pledges, calls with submitted plans, and a
signed-in resident with notifications and listings of their own; then it starts wijkhulp and bench/bare_app.py
each under gunicorn with 2 sync workers and loads them with a Python load generator (threads, http.client),
page after page, for several rounds. For every page it prints req/s, p50/p99 latency and the server CPU per
request, read from the gunicorn workers' /proc/<pid>/stat (utime + stime) before and after each page's turn,
and both as a ratio to the bare Flask app measured in the same run. Details go to stderr; no test times anything.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench import nearby

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-wachtwoord-42"
BENCH_EMAIL = "lezer@example.org"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# (name, path, signed in); {listing}, {idea}, {plan} are filled in after seeding
PAGES = (
    ("/", "/", False),
    ("/help", "/help", False),
    ("/help?near=1012&km=5", "/help?near=1012&km=5", False),
    ("/help?near=1012&km=25&q=hond", "/help?near=1012&km=25&q=hond", False),
    ("/help/<id>", "/help/{listing}", False),
    ("/ideas", "/ideas", False),
    ("/ideas/<id>", "/ideas/{idea}", False),
    ("/plans", "/plans", False),
    ("/plans/<id>", "/plans/{plan}", False),
    ("/impact", "/impact", False),
    ("/about", "/about", False),
    ("/notifications (signed in)", "/notifications/", True),
    ("/my/listings (signed in)", "/my/listings", True),
)
REFERENCE = (("bare Flask, 200 bytes", "/bare"), ("Flask + Jinja, 20 static cards", "/cards"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- seeding

def _person(n: int, *, email: str | None = None, pc4: str = "1012") -> Any:
    from wijkhulp.accounts.models import User
    from wijkhulp.database import utcnow
    from wijkhulp.extensions import db

    person = User(email=email or f"deelnemer{n}@example.org", display_name=f"Deelnemer {n}",
                  postcode=f"{pc4} AB", pc4=pc4, email_verified_at=utcnow(), terms_accepted_at=utcnow(),
                  age_confirmed_at=utcnow())
    person.set_password(PASSWORD, method="pbkdf2:sha256:1000")
    db.session.add(person)
    return person


def seed_content(scale: int, rng: random.Random | None = None) -> dict[str, int]:
    """Organisations, rounds with ideas and pledges, calls with sent plans and supports, and the benchmark's
    signed-in resident (notifications, own listings with reactions), in proportion to `scale` listings (one
    organisation and one plan per 1,000, one idea per 500; at least a few of each). Returns the ids to visit."""
    from sqlalchemy import select

    from wijkhulp.database import utcnow
    from wijkhulp.extensions import db
    from wijkhulp.ideas.models import Approval, AuctionRound, Idea, Need, NeedType, RoundStatus, Unit
    from wijkhulp.ideas.services import pledges
    from wijkhulp.marketplace import services as market
    from wijkhulp.marketplace.models import Category, Listing, ListingStatus
    from wijkhulp.neighbourhoods import services as hoods
    from wijkhulp.notifications import services as notifications
    from wijkhulp.organisations.models import MemberRole, Membership, Organisation, OrganisationType, name_key
    from wijkhulp.proposals import services as plans
    from wijkhulp.proposals.services import calls, supports, team

    rng = rng or random.Random(scale)
    now = utcnow()
    people = [_person(i) for i in range(max(12, scale // 500))]
    reader = _person(0, email=BENCH_EMAIL)
    db.session.commit()
    hoods.set_service_area("1000-2999, 3000-4999, 5000-6999, 7000-8999, 9000-9999")  # covers every point
    city = hoods.create_neighbourhood(name="Amsterdam Centrum", areas="1011-1018")

    organisations = []
    for i in range(max(3, scale // 1000)):
        name = f"Buurthuis {i}"
        org = Organisation(name=name, name_key=name_key(name), type=OrganisationType.FOUNDATION,
                           description="Een stichting in de buurt.", created_by=people[i % len(people)],
                           verified_at=now)
        org.memberships.append(Membership(user=people[i % len(people)], role=MemberRole.COORDINATOR))
        db.session.add(org)
        organisations.append(org)
    db.session.commit()
    listing_ids = list(db.session.scalars(select(Listing.id).where(Listing.status == ListingStatus.OPEN,
                                                                  Listing.pc4 == "1012", Listing.expires_at > now,
                                                                  Listing.hidden_at.is_(None)).limit(200)))
    for index, listing_id in enumerate(listing_ids[::4]):  # some listings in the centre come from organisations
        db.session.get(Listing, listing_id).organisation_id = organisations[index % len(organisations)].id
    db.session.commit()

    rounds = []
    for r in range(3):
        auction = AuctionRound(name=f"Ideeënveiling {r + 1}", description="Ideeën voor de buurt.",
                               created_by=people[0], opens_at=now - timedelta(days=5),
                               closes_at=now + timedelta(days=20), status=RoundStatus.OPEN, requires_approval=False,
                               neighbourhoods=[city], published_at=now - timedelta(days=5))
        db.session.add(auction)
        rounds.append(auction)
    db.session.commit()
    ideas = []
    for i in range(max(6, scale // 500)):
        auction = rounds[i % len(rounds)]
        idea = Idea(round=auction, author=people[i % len(people)], title=f"Moestuin op het plein {i}",
                    description="Een moestuin voor iedereen in de straat. " * 4,
                    own_contribution="Ik organiseer de werkdagen.", neighbourhood=city, approval=Approval.APPROVED,
                    needs=[Need(position=0, type=NeedType.TIME, description="Helpers", quantity=50, unit=Unit.HOURS),
                           Need(position=1, type=NeedType.MONEY, description="Zaden", quantity=300, unit=Unit.EURO),
                           Need(position=2, type=NeedType.MATERIALS, description="Bakken", quantity=10,
                                unit=Unit.PIECES)])
        db.session.add(idea)
        ideas.append(idea)
    db.session.commit()
    for idea in ideas[:60]:
        for need in idea.needs:
            for partner in rng.sample(people, 2):
                if partner.id != idea.author_id:
                    pledges.make_pledge(partner, idea.id, need.id, amount=2)

    call = calls.create_call(None, calls.CallData(
        title="Buurtbudget Amsterdam", description="Plannen voor de buurt.", neighbourhood_ids=[city.id],
        pot_cents=10_000_000, max_per_proposal_cents=500_000, checklist="Prettig samenleven\nMeer dan een huishouden",
        opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=30), min_team_size=3,
        residence_required=False))
    plan_ids = []
    for i in range(max(4, scale // 1000)):
        lead, *members = rng.sample(people, 3)
        plan = plans.start_proposal(lead, call.id, plans.ProposalData(
            title=f"Bankjes op het plein {i}", summary="Drie bankjes op het plein.",
            contribution="Buren ontmoeten elkaar.", plan_execution="Wij plaatsen de bankjes samen.",
            plan_promotion="Een briefje in de bus.", plan_maintenance="Jan kijkt ze elk jaar na.",
            own_contribution="Wij doen het werk zelf.", planned_end_on=(now + timedelta(days=60)).date(),
            lines=[("Drie bankjes", 30_000), ("Verf", 5_000)]))
        for member in members:
            sent = team.invite_member(lead, plan.id, member.email)
            team.respond_to_invitation(member, accept=True, token=sent.token)
        plans.submit_proposal(lead, plan.id)
        for supporter in rng.sample(people, 5):
            if supporter not in (lead, *members):
                supports.support_proposal(supporter, plan.id)
        plan_ids.append(plan.id)

    category_id = db.session.scalar(select(Category.id).order_by(Category.id).limit(1))
    for i in range(5):
        mine = market.create_listing(reader, market.ListingInput(
            kind="request", title=f"Hulp bij de tuin {i}", description="Wie helpt mij met de heg?", pc4="1012",
            radius_km=5, timing="flexible", urgency="normal", category_id=category_id))
        for helper in rng.sample(people, 2):
            market.respond(helper, mine.id, "Ik kan je helpen.")
    for i in range(30):
        notifications.notify(reader, "listing_response", message=f"Nieuwe reactie {i}", url="/my/listings")
    db.session.commit()
    return {"listing": listing_ids[0], "idea": ideas[0].id, "plan": plan_ids[0]}


def seed(size: int, backend: str) -> dict[str, int]:
    started = time.perf_counter()
    timings = nearby.seed(size, backend)
    log(f"# seeded {size} listings: schema {timings['schema_s']:.1f} s, listings {timings['listings_s']:.1f} s")
    ids = seed_content(size)
    if backend == "postgresql":
        from sqlalchemy import text

        from wijkhulp.extensions import db

        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    log(f"# seeding done in {time.perf_counter() - started:.1f} s; ids {ids}")
    return ids


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    def workers(self) -> list[int]:
        return child_pids(self.process.pid)


def child_pids(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return children


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes, in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


STARTUP_SECONDS = 300  # a loaded machine (other people's test suites) makes workers slow to import the app
TIMEOUT = 120


def _answers(port: int, path: str) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


@contextmanager
def gunicorn(name: str, app: str, chdir: Path, env: dict[str, str], workers: int = 2,
             ready_path: str = "/about") -> Iterator[Server]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir), "--log-level", "warning", app],
        env={**os.environ, "PYTHONPATH": str(chdir), **env}, cwd=chdir)  # this checkout's package, not the venv's
    server = Server(name, port, process)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name}: gunicorn stopped (exit {process.returncode})")
            # the master listens before its workers have imported the app: wait for a real answer from both
            if len(server.workers()) >= workers and _answers(port, ready_path) and _answers(port, ready_path):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name}: gunicorn did not answer within {STARTUP_SECONDS} s")
            time.sleep(0.5)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def app_env(uri: str) -> dict[str, str]:
    return {"DATABASE_URL": uri, "SECRET_KEY": "bench-secret", "WIJKHULP_RATELIMIT_ENABLED": "false",
            "WIJKHULP_RATELIMIT_ALLOW_MEMORY": "true", "WIJKHULP_REQUIRE_STAFF_2FA": "false",
            "WIJKHULP_WTF_CSRF_ENABLED": "false", "WIJKHULP_MAIL_BACKEND": "console", "WIJKHULP_GEOCODER": "off",
            "FLASK_DEBUG": "0"}


# ---------------------------------------------------------------- load

def sign_in(port: int, email: str = BENCH_EMAIL, password: str = PASSWORD) -> str:
    """A Cookie header for a session of this person (the form's CSRF check is off in the bench's config)."""
    from urllib.parse import urlencode

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn.request("POST", "/login", body=urlencode({"email": email, "password": password}),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"sign-in failed: HTTP {response.status}")
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    conn.close()
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


@dataclass
class Sample:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def add(self, other: Sample) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.cpu += other.cpu
        self.latencies += other.latencies


def fetch(port: int, path: str, cookie: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def load(server: Server, path: str, seconds: float, connections: int, cookie: str | None = None) -> Sample:
    """`connections` threads ask for `path` again and again for `seconds` (keep-alive when the server keeps the
    connection; gunicorn's sync workers close it after each answer, so the client reconnects)."""
    headers = {"Cookie": cookie} if cookie else {}
    results: list[Sample] = [Sample() for _ in range(connections)]
    workers = server.workers()
    start_cpu = cpu_seconds(workers)
    started = time.perf_counter()
    deadline = started + seconds

    def run(sample: Sample) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        while time.perf_counter() < deadline:
            begin = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    sample.errors += 1
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                sample.errors += 1
                conn.close()
                continue
            sample.latencies.append((time.perf_counter() - begin) * 1000)
            sample.requests += 1
        conn.close()

    threads = [threading.Thread(target=run, args=(sample,)) for sample in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Sample(seconds=time.perf_counter() - started, cpu=cpu_seconds(workers) - start_cpu)
    for sample in results:
        total.requests += sample.requests
        total.errors += sample.errors
        total.latencies += sample.latencies
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass(frozen=True)
class Row:
    name: str
    rps: float
    p50: float
    p99: float
    cpu_ms: float
    errors: int


def summarise(name: str, sample: Sample) -> Row:
    rps = sample.requests / sample.seconds if sample.seconds else 0.0
    cpu_ms = sample.cpu * 1000 / sample.requests if sample.requests else math.nan
    return Row(name, rps, percentile(sample.latencies, 0.5), percentile(sample.latencies, 0.99), cpu_ms,
               sample.errors)


def table(rows: list[Row], bare: Row) -> str:
    lines = ["| page | req/s | p50 ms | p99 ms | server CPU ms/request | CPU × bare | req/s ÷ bare |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        errors = f" ({row.errors} errors)" if row.errors else ""
        lines.append(f"| {row.name}{errors} | {row.rps:,.0f} | {row.p50:.1f} | {row.p99:.1f} | {row.cpu_ms:.2f} | "
                     f"{row.cpu_ms / bare.cpu_ms:.1f} | {row.rps / bare.rps:.2f} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- the run

@contextmanager
def database(db: str, size: int, keep: bool) -> Iterator[tuple[str, str]]:
    if db == "sqlite":
        with nearby.sqlite_database(size, keep) as uri:
            yield "sqlite", uri
    else:
        with nearby.postgresql_database(db) as uri:
            yield "postgresql", uri


def check_pages(server: Server, targets: list[tuple[str, str, bool]], cookie: str) -> None:
    for name, path, signed_in in targets:
        status, body = fetch(server.port, path, cookie if signed_in else None)
        if status != 200:
            raise RuntimeError(f"{name}: HTTP {status} for {path}")
        log(f"#   {name}: {path} -> {len(body):,} bytes")


def run(args: argparse.Namespace) -> int:
    from wijkhulp import create_app

    versions = [("after", Path(args.app_dir).resolve())]
    if args.compare_dir:
        versions.insert(0, ("before", Path(args.compare_dir).resolve()))
    with database(args.db, args.size, args.keep) as (backend, uri):
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": uri,
                          "RATELIMIT_ENABLED": False, "MAIL_BACKEND": "capture"})
        with app.app_context():
            from wijkhulp.extensions import db as sql
            from wijkhulp.geo import services as geo

            geo.clear_cache()
            ids = seed(args.size, backend)
            sql.session.remove()
            sql.engine.dispose()
        targets = [(name, path.format(**ids), signed_in) for name, path, signed_in in PAGES
                   if not args.pages or any(part in name for part in args.pages.split(","))]
        with ExitStack() as stack:
            sites = [(label, stack.enter_context(gunicorn(f"wijkhulp ({label})", "wsgi:app", directory,
                                                          app_env(uri))))
                     for label, directory in versions]
            bare = stack.enter_context(gunicorn("bare", "bench.bare_app:app", ROOT, {}, ready_path="/bare"))
            cookies = {label: sign_in(site.port) for label, site in sites}
            for label, site in sites:
                check_pages(site, targets, cookies[label])
                for _ in range(args.warmup):  # both workers compile templates and fill their caches
                    for _name, path, signed_in in targets:
                        fetch(site.port, path, cookies[label] if signed_in else None)
            samples: dict[tuple[str, str], Sample] = {}
            for repetition in range(args.repeat):
                for name, path in REFERENCE:
                    samples.setdefault(("", name), Sample()).add(load(bare, path, args.seconds, args.connections))
                for name, path, signed_in in targets:
                    for label, site in sites:  # the versions take turns page by page: the same load for both
                        samples.setdefault((label, name), Sample()).add(
                            load(site, path, args.seconds, args.connections, cookies[label] if signed_in else None))
                log(f"# round {repetition + 1} of {args.repeat} done")
        rows = [summarise(f"{name} ({label})" if label and len(versions) > 1 else name, sample)
                for (label, name), sample in samples.items()]
        print(f"backend={backend} listings={args.size} workers=2 (sync) connections={args.connections} "
              f"seconds_per_page={args.seconds} rounds={args.repeat} cpus={os.cpu_count()} "
              f"load_average={os.getloadavg()[0]:.1f}")
        print(table(rows, rows[0]))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="listings to seed (default: %(default)s)")
    parser.add_argument("--db", default="sqlite",
                        help="'sqlite' (a file in /tmp) or a PostgreSQL server URL; a fresh database is created on "
                             "it and dropped afterwards (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=3.0, help="load per page and round (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds over all pages (default: %(default)s)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default: %(default)s)")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up requests per page (default: %(default)s)")
    parser.add_argument("--pages", default="", help="only pages whose name contains one of these (comma-separated)")
    parser.add_argument("--app-dir", default=str(ROOT), help="the wijkhulp checkout to serve (default: this one)")
    parser.add_argument("--compare-dir", default="",
                        help="another checkout (say, the code before a change) served on the same database and "
                             "measured in the same rounds, page by page in turn")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file in /tmp")
    args = parser.parse_args(argv)
    if args.size < 100:
        parser.error("--size: at least 100 listings")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
