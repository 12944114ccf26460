"""The nearby search and suggestions: nearest areas first, a LIMIT per area; and the plans of its statements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Integer, Select, String, TextClause, bindparam, column, func, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.sql.selectable import TextualSelect

from wijkhulp.accounts.models import User
from wijkhulp.database import UTCDateTime, utcnow
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import distance_band
from wijkhulp.marketplace import matching
from wijkhulp.marketplace import queries as package
from wijkhulp.marketplace.models import Listing, ListingKind, ListingStatus
from wijkhulp.marketplace.queries.people import blocked_ids
from wijkhulp.organisations.models import Organisation
from wijkhulp.text import like_pattern

if TYPE_CHECKING:
    from wijkhulp.geo.services import Area

PER_PAGE = 20
WORD_SCAN_LIMIT = 500  # a word search looks at the newest 500 open listings per area (and per kind)
NEWEST_WORD_SCAN_LIMIT = 5000  # ... or at the newest 5000 when no place is given
DEFAULT_SEARCH_KM = 10
SUGGESTIONS = 5


@dataclass(frozen=True)
class ListingCard:
    """A listing as a list shows it: with the distance from the searched place (centroid to centroid)."""

    listing: Listing
    distance_km: float | None = None

    @property
    def distance_band(self) -> str | None:
        return None if self.distance_km is None else distance_band(self.distance_km)

    @property
    def area(self) -> Area | None:
        return geo.get_area(self.listing.pc4)


@dataclass
class ListingPage:
    items: list[ListingCard]
    page: int
    per_page: int
    has_next: bool
    origin: Area | None = None
    km: int | None = None
    rows_read: int = 0  # what the walk fetched from the database (the bench and the tests look at it)

    @property
    def has_prev(self) -> bool:
        return self.page > 1


@dataclass
class _Filters:
    kinds: tuple[ListingKind, ...]
    category_id: int | None = None
    words: Sequence[str] = ()
    exclude_author_ids: Iterable[int] = ()
    respect_radius: bool = False  # suggestions: the other listing's radius must reach this far
    now: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class _Shape:
    """What varies between the statements of the walk; one cached SQL text per shape."""

    dialect: str
    areas: int  # SQLite: one branch per area; PostgreSQL: 0 (the areas are an array parameter)
    kinds: int
    category: bool = False
    excluded: int = 0
    radius: bool = False
    words: int = 0


def _conditions(shape: _Shape, kind: str, pc4: str, distance: str, excluded: str) -> str:
    where = ["status = :status", f"kind = {kind}"]
    if shape.category:
        where.append("category_id = :category")
    where += [f"pc4 = {pc4}", "expires_at > :now", "hidden_at IS NULL"]
    if shape.excluded:
        where.append(excluded)
    if shape.radius:
        where.append(f"radius_km >= {distance}")
    return " AND ".join(where)


def _newest_in_area(shape: _Shape, where: str, alias: str) -> str:
    """The newest :lim open listings of one area and kind, optionally only those with every word."""
    columns = "id, pc4, created_at, title, description" if shape.words else "id, pc4, created_at"
    branch = (f"SELECT {columns} FROM listing WHERE {where} "
              f"ORDER BY created_at DESC, id DESC LIMIT {':scan' if shape.words else ':lim'}")
    if shape.words:  # the newest :scan candidates of the area, then every word in title or description
        checks = " AND ".join(f"(lower(title) LIKE :w{i} ESCAPE '\\' OR lower(description) LIKE :w{i} "
                              f"ESCAPE '\\')" for i in range(shape.words))
        branch = (f"SELECT id, pc4, created_at FROM ({branch}) AS s_{alias} WHERE {checks} "
                  f"ORDER BY created_at DESC, id DESC LIMIT :lim")
    return branch


@lru_cache(maxsize=512)
def _batch_sql(shape: _Shape) -> TextualSelect:
    """The open listings of a batch of areas, at most :lim per area and kind, newest first.

    Every part is `status = 'open' AND kind = ? [AND category_id = ?] AND pc4 = ? ... ORDER BY created_at DESC
    LIMIT n`: a range scan on ix_listing_nearby (or ix_listing_nearby_category) that stops after n rows.
    SQLite gets one UNION ALL branch per area and kind; PostgreSQL one LATERAL subquery over array parameters, so
    that it plans one small statement instead of a few hundred branches. Written as SQL text, once per shape:
    building an expression tree per area costs about a millisecond, and a rural walk has hundreds of areas."""
    if shape.dialect == "postgresql":
        where = _conditions(shape, "k.kind", "a.pc4", "a.d", "author_id <> ALL(CAST(:excluded AS integer[]))")
        sql = ("SELECT l.id, l.pc4, l.created_at "
               "FROM unnest(CAST(:pc4s AS varchar[]), CAST(:dists AS float8[])) AS a(pc4, d) "
               "CROSS JOIN unnest(CAST(:kinds AS varchar[])) AS k(kind) "
               f"CROSS JOIN LATERAL ({_newest_in_area(shape, where, 'l')}) AS l")
    else:
        branches = []
        for a in range(shape.areas):
            for k in range(shape.kinds):
                excluded = "author_id NOT IN ({})".format(", ".join(f":x{i}" for i in range(shape.excluded)))
                where = _conditions(shape, f":kind{k}", f":pc4_{a}", f":d{a}", excluded)
                branches.append(f"SELECT id, pc4, created_at FROM ({_newest_in_area(shape, where, f'{a}_{k}')}) "
                                f"AS b{a}_{k}")
        sql = "\nUNION ALL\n".join(branches)
    return (text(sql).bindparams(bindparam("now", type_=UTCDateTime()))
            .columns(column("id", Integer), column("pc4", String), column("created_at", UTCDateTime())))


def _batch_statement(f: _Filters, batch: Sequence[matching.Area],
                     limit: int) -> tuple[TextualSelect, dict[str, Any]]:
    dialect = db.engine.dialect.name
    excluded = sorted(set(f.exclude_author_ids))
    shape = _Shape(dialect=dialect, areas=0 if dialect == "postgresql" else len(batch), kinds=len(f.kinds),
                   category=f.category_id is not None, excluded=len(excluded), radius=f.respect_radius,
                   words=len(f.words))
    params: dict[str, Any] = {"status": ListingStatus.OPEN.value, "now": f.now, "lim": limit}
    if f.category_id is not None:
        params["category"] = f.category_id
    if f.words:
        params["scan"] = WORD_SCAN_LIMIT
        params.update({f"w{i}": like_pattern(word.lower()) for i, word in enumerate(f.words)})
    if dialect == "postgresql":
        params.update(pc4s=[pc4 for pc4, _ in batch], dists=[float(km) for _, km in batch],
                      kinds=[kind.value for kind in f.kinds], excluded=excluded)
        return _batch_sql(shape), params
    params.update({f"kind{k}": kind.value for k, kind in enumerate(f.kinds)})
    for a, (pc4, km) in enumerate(batch):
        params[f"pc4_{a}"] = pc4
        if f.respect_radius:
            params[f"d{a}"] = km
    params.update({f"x{i}": author_id for i, author_id in enumerate(excluded)})
    return _batch_sql(shape), params


def _fetch_areas(f: _Filters) -> Any:
    counter = {"rows": 0}

    def fetch(batch: list[matching.Area], limit: int) -> list[tuple[int, str, datetime]]:
        statement, params = _batch_statement(f, batch, limit)
        rows = [(r[0], r[1], r[2]) for r in db.session.execute(statement, params)]
        counter["rows"] += len(rows)
        if len(f.kinds) > 1:  # both kinds: an area may have given 2 x limit rows; keep its newest `limit`
            per_area: dict[str, list[tuple[int, str, datetime]]] = {}
            for row in rows:
                per_area.setdefault(row[1], []).append(row)
            rows = [r for area_rows in per_area.values()
                    for r in sorted(area_rows, key=lambda r: (r[2], r[0]), reverse=True)[:limit]]
        return rows

    return fetch, counter


def _with_words(stmt: Select[Any], f: _Filters, scan_limit: int, limit: int, offset: int = 0) -> Select[Any]:
    """Keep the rows that contain every word, looking only at the newest `scan_limit` candidates."""
    inner = stmt.add_columns(Listing.title, Listing.description).limit(scan_limit).subquery()
    checks = [or_(func.lower(inner.c.title).like(like_pattern(w.lower()), escape="\\"),
                  func.lower(inner.c.description).like(like_pattern(w.lower()), escape="\\")) for w in f.words]
    return (select(inner.c.id, inner.c.pc4, inner.c.created_at).where(*checks)
            .order_by(inner.c.created_at.desc(), inner.c.id.desc()).limit(limit).offset(offset))


# What a card shows (and its cache key reads), in one statement: turning every column of a listing and its author
# into Python objects (a dozen dates each) cost more than the query. Anything else a page reads from a card's
# listing is loaded on first use, which the statement-count tests would catch.
_CARD_LOAD = (
    load_only(Listing.id, Listing.kind, Listing.status, Listing.category_id, Listing.author_id, Listing.title,
              Listing.description, Listing.pc4, Listing.radius_km, Listing.urgency, Listing.on_behalf_name,
              Listing.assisted_by_id, Listing.organisation_id, Listing.created_at, Listing.updated_at,
              Listing.hidden_at, Listing.expires_at),
    joinedload(Listing.author).load_only(User.id, User.display_name, User.deleted_at, User.hidden_at),
    joinedload(Listing.organisation).load_only(Organisation.id, Organisation.name),
)


def _load_cards(hits: Sequence[matching.Hit]) -> list[ListingCard]:
    """Full rows only for what is shown."""
    if not hits:
        return []
    by_id = {listing.id: listing for listing in db.session.scalars(
        select(Listing).where(Listing.id.in_([h.id for h in hits])).options(*_CARD_LOAD))}
    return [ListingCard(by_id[h.id], h.distance_km) for h in hits if h.id in by_id]


def _kinds(kind: ListingKind | str | None) -> tuple[ListingKind, ...]:
    return (ListingKind(kind),) if kind else (ListingKind.REQUEST, ListingKind.OFFER)


def _page_number(page: int) -> int:
    # MAX_PAGE is read from the package at call time: it is set (and lowered by a test) in queries/__init__.py
    return max(1, min(package.MAX_PAGE, page or 1))


def nearby(*, origin_pc4: str, km: int, kind: ListingKind | str | None = None, category_id: int | None = None,
           words: Sequence[str] = (), page: int = 1, per_page: int = PER_PAGE,
           now: datetime | None = None) -> ListingPage:
    """Open listings within km of an area, nearest area first, then newest. Raises UnknownPostcode.

    Walks the areas from geo.areas_within (cached) nearest first and asks the database for at most the rows a
    page needs per area, so a page in a dense city centre reads about a page of rows, not every listing nearby.
    """
    page = _page_number(page)
    f = _Filters(kinds=_kinds(kind), category_id=category_id, words=list(words), now=now or utcnow())
    fetch, counter = _fetch_areas(f)
    need = page * per_page + 1  # one more than the page, to know whether there is a next page
    hits = matching.nearest_first(geo.areas_within(origin_pc4, km), fetch, need)
    shown = hits[(page - 1) * per_page: page * per_page]
    return ListingPage(_load_cards(shown), page, per_page,
                       has_next=len(hits) > page * per_page and page < package.MAX_PAGE,
                       origin=geo.get_area(origin_pc4), km=km, rows_read=counter["rows"])


def _newest_statement(f: _Filters, kind: ListingKind | str | None) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [Listing.status == ListingStatus.OPEN]
    if kind:
        conditions.append(Listing.kind == ListingKind(kind))
    if f.category_id is not None:
        conditions.append(Listing.category_id == f.category_id)
    conditions += [Listing.expires_at > f.now, Listing.hidden_at.is_(None)]
    stmt = (select(Listing.id, Listing.pc4, Listing.created_at).where(*conditions)
            .order_by(Listing.created_at.desc(), Listing.id.desc()))
    return stmt


def newest(*, kind: ListingKind | str | None = None, category_id: int | None = None, words: Sequence[str] = (),
           page: int = 1, per_page: int = PER_PAGE, now: datetime | None = None) -> ListingPage:
    """Open listings anywhere, newest first (no place given): a scan of ix_listing_status_created_at that stops
    after the page."""
    page = _page_number(page)
    f = _Filters(kinds=_kinds(kind), category_id=category_id, words=list(words), now=now or utcnow())
    stmt = _newest_statement(f, kind)
    offset, limit = (page - 1) * per_page, per_page + 1
    if f.words:
        stmt = _with_words(stmt, f, NEWEST_WORD_SCAN_LIMIT, limit, offset)
    else:
        stmt = stmt.limit(limit).offset(offset)
    rows = db.session.execute(stmt).all()
    hits = [matching.Hit(r[0], r[1], r[2], 0.0) for r in rows[:per_page]]
    cards = [ListingCard(c.listing, None) for c in _load_cards(hits)]
    return ListingPage(cards, page, per_page, has_next=len(rows) > per_page and page < package.MAX_PAGE,
                       rows_read=len(rows))


Statement = Select[Any] | TextualSelect | TextClause


def query_shapes(*, pc4: str = "1012", category_id: int = 1,
                 now: datetime | None = None) -> dict[str, tuple[Statement, dict[str, Any]]]:
    """The statements the pages run, one per shape, with parameters, for checking their plans (tests, bench)."""
    now = now or utcnow()
    plain = _Filters(kinds=(ListingKind.REQUEST,), now=now)
    with_category = _Filters(kinds=(ListingKind.OFFER,), category_id=category_id, now=now)
    suggest = _Filters(kinds=(ListingKind.OFFER,), category_id=category_id, exclude_author_ids={1},
                       respect_radius=True, now=now)
    words = _Filters(kinds=(ListingKind.REQUEST,), words=["tuin"], now=now)
    return {
        "nearby": _batch_statement(plain, [(pc4, 0.0)], PER_PAGE + 1),
        "nearby_category": _batch_statement(with_category, [(pc4, 0.0)], PER_PAGE + 1),
        "nearby_batch": _batch_statement(plain, [(pc4, 0.0), ("1011", 0.8)], PER_PAGE + 1),
        "nearby_words": _batch_statement(words, [(pc4, 0.0)], PER_PAGE + 1),
        "suggest": _batch_statement(suggest, [(pc4, 3.2)], SUGGESTIONS),
        "newest": (_newest_statement(plain, ListingKind.REQUEST).limit(PER_PAGE + 1), {}),
        "newest_category": (_newest_statement(with_category, ListingKind.OFFER).limit(PER_PAGE + 1), {}),
    }


class _Explain(Executable, ClauseElement):
    inherit_cache = False

    def __init__(self, statement: Statement, prefix: str) -> None:
        self.statement = statement
        self.prefix = prefix


@compiles(_Explain)
def _compile_explain(element: _Explain, compiler: Any, **kw: Any) -> str:
    return f"{element.prefix} {compiler.process(element.statement, **kw)}"


def explain(statement: Statement, params: dict[str, Any] | None = None) -> str:
    """The database's plan for a statement: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL."""
    if isinstance(statement, TextualSelect):
        statement = statement.element  # the plain text: the plan has its own columns
    if db.engine.dialect.name == "sqlite":
        rows = db.session.execute(_Explain(statement, "EXPLAIN QUERY PLAN"), params or {}).all()
        return "\n".join(str(row[-1]) for row in rows)
    return "\n".join(str(row[0]) for row in db.session.execute(_Explain(statement, "EXPLAIN"), params or {}).all())


def _suggestion_filters(listing: Listing, now: datetime) -> _Filters:
    return _Filters(kinds=(ListingKind(matching.opposite(listing.kind)),), category_id=listing.category_id,
                    exclude_author_ids={listing.author_id, *blocked_ids(listing.author_id)}, respect_radius=True,
                    now=now)


def matching_hits(listing: Listing, *, limit: int, now: datetime | None = None) -> tuple[list[matching.Hit], int]:
    """Open listings that match this one (opposite kind, same category, other owner, within both radii),
    nearest first, then newest; and the number of rows read."""
    now = now or utcnow()
    if not listing.is_open(now) or listing.hidden_at is not None:
        return [], 0
    f = _suggestion_filters(listing, now)
    fetch, counter = _fetch_areas(f)
    hits = matching.nearest_first(geo.areas_within(listing.pc4, listing.radius_km), fetch, limit)
    return hits, counter["rows"]


def suggestions(listing: Listing, *, limit: int = SUGGESTIONS, now: datetime | None = None) -> list[ListingCard]:
    """Suggested matches for a listing's page."""
    hits, _ = matching_hits(listing, limit=limit, now=now)
    return _load_cards(hits)
