"""Benchmark the nearby search and the suggestions on a fresh database with many listings.

    python -m bench.nearby --sizes 10000,100000,1000000 --backend sqlite
    python -m bench.nearby --sizes 10000,100000 --backend postgresql --url postgresql://postgres@127.0.0.1:5432/postgres

For each size it creates a new database (an SQLite file in /tmp, or a PostgreSQL database that is dropped
afterwards), seeds that many listings over the real PC4 areas with bulk inserts (executemany / COPY), denser
around the big cities, and times the same functions the pages call at a dense point (Amsterdam 1012) and a
sparse one (Leens 9965, rural Groningen). It prints one line per size, point and kind of query:

    nearby backend=sqlite point=dense listings=10000 median_ms=0.91 p95_ms=1.20
    suggest backend=sqlite point=dense listings=10000 median_ms=0.75 p95_ms=0.98

Details (seeding time, listings near the point, rows read, query plans) go to stderr.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

POINTS = {"dense": "1012", "sparse": "9965"}
# Centres that make listings denser around them (lat, lon, weight): Amsterdam, Rotterdam, The Hague, Utrecht,
# Eindhoven. Amsterdam's centre ends up with tens of thousands of open listings within 5 km at 1,000,000.
CITIES = ((52.372, 4.893, 60.0), (51.922, 4.479, 30.0), (52.078, 4.300, 25.0), (52.091, 5.122, 20.0),
          (51.441, 5.470, 12.0))
AUTHORS = 5000
REPEAT = 300
KINDS = ("request", "offer")
RADII = (1, 2, 5, 5, 10, 10, 10, 25)
STATUSES = ("open",) * 85 + ("matched",) * 5 + ("completed",) * 5 + ("expired",) * 3 + ("withdrawn",) * 2
TITLES = ("Hulp bij boodschappen", "Rit naar het ziekenhuis", "Lamp ophangen", "Koffie en een praatje",
          "Heg knippen", "Hulp met de tablet", "Formulier invullen", "Warme maaltijd", "Hond uitlaten",
          "Kast verplaatsen")
LISTING_COLUMNS = ("kind", "status", "category_id", "author_id", "title", "description", "pc4", "radius_km",
                   "timing", "timing_note", "urgency", "assisted_note", "expires_at", "created_at", "updated_at",
                   "hidden_at")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- databases

@contextmanager
def sqlite_database(size: int, keep: bool = False) -> Iterator[str]:
    path = f"/tmp/wijkhulp-bench-{size}.sqlite3"
    _remove_sqlite(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        if not keep:
            _remove_sqlite(path)


def _remove_sqlite(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


@contextmanager
def postgresql_database(url: str) -> Iterator[str]:
    import psycopg

    name = f"wijkhulp_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path="/" + name))
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------- seeding

def area_weights(areas: dict[str, Any]) -> tuple[list[str], list[float]]:
    from wijkhulp.geo.postcodes import haversine_km

    codes, weights = [], []
    for pc4, area in sorted(areas.items()):
        weight = 1.0
        for lat, lon, strength in CITIES:
            weight += strength * math.exp(-haversine_km(area.latitude, area.longitude, lat, lon) / 4.0)
        codes.append(pc4)
        weights.append(weight)
    return codes, weights


def listing_rows(size: int, category_ids: list[int], author_ids: list[int], areas: dict[str, Any],
                 now: datetime) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(size)
    codes, weights = area_weights(areas)
    cumulative = list(_accumulate(weights))
    chosen = rng.choices(codes, cum_weights=cumulative, k=size)
    for pc4 in chosen:
        status = rng.choice(STATUSES)
        age = rng.uniform(0, 29) if rng.random() > 0.02 else rng.uniform(31, 40)  # 2%: past expiry, not run yet
        created = now - timedelta(days=age)
        title = rng.choice(TITLES)
        yield (rng.choice(KINDS), status, rng.choice(category_ids), rng.choice(author_ids), title,
               f"{title} in de buurt. Wie kan helpen?", pc4, rng.choice(RADII), "flexible", "", "normal", "",
               created + timedelta(days=30), created, created, now if rng.random() < 0.005 else None)


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _naive(value: Any) -> Any:
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value


def seed(size: int, backend: str) -> dict[str, float]:
    """Schema, postcode areas, categories, authors and `size` listings. Returns timings."""
    from sqlalchemy import insert

    from wijkhulp.accounts.models import User
    from wijkhulp.database import utcnow
    from wijkhulp.extensions import db
    from wijkhulp.geo import services as geo
    from wijkhulp.marketplace import services
    from wijkhulp.marketplace.models import Category

    started = time.perf_counter()
    db.create_all()
    from flask import current_app

    with open(current_app.config["POSTCODE_DATA_FILE"], encoding="utf-8") as handle:
        geo.import_areas(handle)
    services.ensure_default_categories()
    now = utcnow()
    db.session.execute(insert(User), [
        {"email": f"bench{i}@example.org", "password_hash": "x", "display_name": f"Buur {i}", "pc4": "1012",
         "email_verified_at": now} for i in range(AUTHORS)])
    db.session.commit()
    category_ids = list(db.session.scalars(db.select(Category.id)))
    author_ids = list(db.session.scalars(db.select(User.id)))
    rows = listing_rows(size, category_ids, author_ids, geo.all_areas(), now)
    schema_done = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        if backend == "sqlite":
            placeholders = ", ".join("?" for _ in LISTING_COLUMNS)
            sql = f"INSERT INTO listing ({', '.join(LISTING_COLUMNS)}) VALUES ({placeholders})"
            cursor = raw.cursor()
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) == 50000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
            raw.commit()
        else:
            cursor = raw.cursor()
            with cursor.copy(f"COPY listing ({', '.join(LISTING_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(tuple(_naive(v) for v in row))
            raw.commit()
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load like this
            raw.commit()
    finally:
        raw.close()
    return {"schema_s": schema_done - started, "listings_s": time.perf_counter() - schema_done}


def _sqlite_value(value: Any) -> Any:
    """The text SQLAlchemy's SQLite DateTime stores: '2025-05-14 09:30:00.000000' (UTC, no zone)."""
    if isinstance(value, datetime):
        return _naive(value).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


# ---------------------------------------------------------------- timing

def timed(call: Callable[[], Any], before: Callable[[], Any] | None = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def measure(backend: str, size: int, repeat: int) -> list[str]:
    from sqlalchemy import func, select

    from wijkhulp.database import utcnow
    from wijkhulp.extensions import db
    from wijkhulp.geo import services as geo
    from wijkhulp.marketplace import queries
    from wijkhulp.marketplace.models import Category, Listing, ListingStatus

    rng = random.Random(7)
    category_ids = list(db.session.scalars(select(Category.id)))
    lines = []
    for point, pc4 in POINTS.items():
        near5 = [code for code, _ in geo.areas_within(pc4, 5)]
        in_range = db.session.scalar(select(func.count()).select_from(Listing).where(
            Listing.status == ListingStatus.OPEN, Listing.pc4.in_(near5)))
        log(f"# {backend} {size} {point} ({pc4}): {in_range} open listings within 5 km in "
            f"{len(near5)} areas")
        shapes = [(kind, category, km) for kind in (None, "request", "offer") for category in (None, *category_ids[:3])
                  for km in (5, 10, 25)]
        for km in (5, 10, 25):  # fill the areas cache, as a running site has it
            queries.nearby(origin_pc4=pc4, km=km)
        samples, rows_read = [], []
        for i in range(repeat):
            kind, category, km = shapes[i % len(shapes)]

            def call(kind: Any = kind, category: Any = category, km: int = km) -> None:
                rows_read.append(queries.nearby(origin_pc4=pc4, km=km, kind=kind, category_id=category).rows_read)

            samples.append(timed(call))
            db.session.remove()
        median, p95 = summary(samples)
        lines.append(f"nearby backend={backend} point={point} listings={size} median_ms={median:.2f} p95_ms={p95:.2f}")
        log(f"#   nearby: rows read per page: median {statistics.median(rows_read):.0f}, max {max(rows_read)}")

        candidates = list(db.session.scalars(select(Listing.id).where(
            Listing.status == ListingStatus.OPEN, Listing.pc4.in_(near5[:5]), Listing.hidden_at.is_(None),
            Listing.expires_at > utcnow()).limit(400)))
        rng.shuffle(candidates)
        samples, found = [], []
        for i in range(repeat):
            listing = db.session.get(Listing, candidates[i % len(candidates)])
            assert listing is not None
            samples.append(timed(lambda listing=listing: found.append(len(queries.suggestions(listing)))))
            db.session.remove()
        median, p95 = summary(samples)
        lines.append(f"suggest backend={backend} point={point} listings={size} median_ms={median:.2f} "
                     f"p95_ms={p95:.2f}")
        log(f"#   suggest: suggestions found: median {statistics.median(found):.0f} of {queries.SUGGESTIONS}")
    for name, (stmt, params) in queries.query_shapes(category_id=category_ids[0]).items():
        plan = [line.strip() for line in queries.explain(stmt, params).splitlines()]
        if backend == "postgresql":  # the lines that say how the listing table is read
            plan = [line for line in plan if " on listing" in line]
        log(f"#   plan {name}: " + " | ".join(plan)[:300])
    db.session.remove()
    return lines


def run(backend: str, sizes: list[int], url: str, repeat: int, keep: bool = False) -> int:
    from wijkhulp import create_app

    for size in sizes:
        database = sqlite_database(size, keep) if backend == "sqlite" else postgresql_database(url)
        with database as uri:
            app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": uri,
                              "RATELIMIT_ENABLED": False, "MAIL_BACKEND": "capture"})
            with app.app_context():
                from wijkhulp.extensions import db
                from wijkhulp.geo import services as geo

                geo.clear_cache()
                timings = seed(size, backend)
                log(f"# {backend} {size}: schema and areas {timings['schema_s']:.1f} s, listings "
                    f"{timings['listings_s']:.1f} s")
                for line in measure(backend, size, repeat):
                    print(line, flush=True)
                db.session.remove()
                db.engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nearby", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated numbers of listings (default: %(default)s)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                        "postgresql://postgres@127.0.0.1:5432/postgres"),
                        help="PostgreSQL server to create the benchmark database on")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed calls per point (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file in /tmp to look at afterwards")
    args = parser.parse_args(argv)
    try:
        sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
    except ValueError:
        parser.error("--sizes takes numbers, for example 10000,100000")
    if not sizes or min(sizes) < 100:
        parser.error("--sizes: at least 100 listings each")
    return run(args.backend, sizes, args.url, args.repeat, args.keep)


if __name__ == "__main__":
    sys.exit(main())
