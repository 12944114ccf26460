"""Marketplace reads: the nearby search and suggestions (nearest areas first, a LIMIT per area), listing and
thread pages, my listings, profile summaries, unanswered requests. The one place that filters out hidden content."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (ColumnElement, Integer, Select, String, TextClause, and_, bindparam, column, exists, func, or_,
                        select, text)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.sql.selectable import TextualSelect
from sqlalchemy.orm import selectinload

from wijkhulp.accounts.models import User
from wijkhulp.database import UTCDateTime, utcnow
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import distance_band
from wijkhulp.marketplace import matching, permissions
from wijkhulp.text import like_pattern
from wijkhulp.marketplace.hours import format_hours
from wijkhulp.marketplace.models import (Category, CategoryNotFound, HelperInvitation, Listing, ListingKind,
                                         ListingNotFound, ListingStatus, Match, MatchStatus, PersonNotFound,
                                         Response, ResponseNotFound, ResponseStatus, ThankYou, UserBlock)
from wijkhulp.neighbourhoods.queries import manager_pc4s

if TYPE_CHECKING:
    from wijkhulp.geo.services import Area
    from wijkhulp.organisations.models import Organisation

PER_PAGE = 20
MAX_PAGE = 50  # deeper pages read more rows; a narrower search serves people better
WORD_SCAN_LIMIT = 500  # a word search looks at the newest 500 open listings per area (and per kind)
NEWEST_WORD_SCAN_LIMIT = 5000  # ... or at the newest 5000 when no place is given
DEFAULT_SEARCH_KM = 10
SUGGESTIONS = 5


# ---------------------------------------------------------------- categories

def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.is_active.is_(True))
                                   .order_by(Category.position, Category.name)))


def all_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.name)))


def category_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Category)) or 0


def category_or_404(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise CategoryNotFound()
    return category


# ---------------------------------------------------------------- the nearby search

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


def _load_cards(hits: Sequence[matching.Hit]) -> list[ListingCard]:
    """Full rows only for what is shown."""
    if not hits:
        return []
    by_id = {listing.id: listing for listing in db.session.scalars(
        select(Listing).where(Listing.id.in_([h.id for h in hits])).options(selectinload(Listing.author)))}
    return [ListingCard(by_id[h.id], h.distance_km) for h in hits if h.id in by_id]


def _kinds(kind: ListingKind | str | None) -> tuple[ListingKind, ...]:
    return (ListingKind(kind),) if kind else (ListingKind.REQUEST, ListingKind.OFFER)


def _page_number(page: int) -> int:
    return max(1, min(MAX_PAGE, page or 1))


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
    return ListingPage(_load_cards(shown), page, per_page, has_next=len(hits) > page * per_page and page < MAX_PAGE,
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
    return ListingPage(cards, page, per_page, has_next=len(rows) > per_page and page < MAX_PAGE,
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


# ---------------------------------------------------------------- one listing

def listing_or_404(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise ListingNotFound()
    return listing


def visible_listing_or_404(listing_id: int, viewer: Any) -> Listing:
    """A listing the viewer may see: hidden ones only for their owner and managers (404 for anyone else)."""
    listing = listing_or_404(listing_id)
    if not permissions.can_view_listing(viewer, listing):
        raise ListingNotFound()
    return listing


def open_responses_count(listing_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.listing_id == listing_id, Response.status == ResponseStatus.OPEN)) or 0


def viewer_response(listing_id: int, viewer: Any) -> Response | None:
    """The viewer's latest reaction to this listing, if any (to link to the conversation)."""
    if not permissions.is_signed_in(viewer):
        return None
    return db.session.scalar(select(Response).where(Response.listing_id == listing_id,
                                                    Response.responder_id == viewer.id)
                             .order_by(Response.created_at.desc(), Response.id.desc()).limit(1))


def responses_for_owner(listing: Listing) -> list[Response]:
    return list(db.session.scalars(select(Response).where(Response.listing_id == listing.id)
                                   .options(selectinload(Response.responder), selectinload(Response.match))
                                   .order_by(Response.created_at, Response.id)))


def distance_from(viewer_pc4: str | None, listing: Listing) -> float | None:
    if not viewer_pc4 or geo.get_area(viewer_pc4) is None or geo.get_area(listing.pc4) is None:
        return None
    return geo.distance_km(viewer_pc4, listing.pc4)


# ---------------------------------------------------------------- my listings and reactions

def my_listings(user: User, *, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    stmt = (select(Listing).where(Listing.author_id == user.id)
            .order_by(Listing.created_at.desc(), Listing.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def open_response_counts(listing_ids: Iterable[int]) -> dict[int, int]:
    ids = list(listing_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Response.listing_id, func.count()).where(
        Response.listing_id.in_(ids), Response.status == ResponseStatus.OPEN).group_by(Response.listing_id))
    return {listing_id: count for listing_id, count in rows}


def my_responses(user: User, *, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    stmt = (select(Response).where(Response.responder_id == user.id)
            .options(selectinload(Response.listing), selectinload(Response.match))
            .order_by(Response.last_message_at.desc(), Response.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def response_for_party_or_404(response_id: int, user: Any) -> Response:
    """A reaction's thread, for its two parties only: 404 for anyone else, so nobody learns it exists."""
    response = db.session.get(Response, response_id)
    if response is None or not permissions.can_view_thread(user, response):
        raise ResponseNotFound()
    return response


@dataclass(frozen=True)
class ContactDetails:
    name: str
    email: str | None
    phone: str | None


def counterpart_contact(match: Match | None, viewer_id: int) -> ContactDetails | None:
    """What the other party of a match agreed to share with the viewer; None without an active/finished match."""
    if match is None or match.status == MatchStatus.CANCELLED or viewer_id not in (match.requester_id,
                                                                                   match.helper_id):
        return None
    other = match.helper if viewer_id == match.requester_id else match.requester
    if other.is_deleted:
        return ContactDetails(other.public_name, None, None)
    share_email, share_phone = match.shares(other.id)
    return ContactDetails(other.public_name, other.email if share_email else None,
                          other.phone if share_phone and other.phone else None)


# ---------------------------------------------------------------- blocks

def blocked_ids(user_id: int) -> set[int]:
    """Everyone this person blocked or was blocked by: no reactions or messages between them."""
    rows = db.session.execute(select(UserBlock.blocker_id, UserBlock.blocked_id).where(
        or_(UserBlock.blocker_id == user_id, UserBlock.blocked_id == user_id)))
    return {b if a == user_id else a for a, b in rows}


def is_blocked_between(a_id: int, b_id: int) -> bool:
    return db.session.scalar(select(exists().where(or_(
        and_(UserBlock.blocker_id == a_id, UserBlock.blocked_id == b_id),
        and_(UserBlock.blocker_id == b_id, UserBlock.blocked_id == a_id))))) or False


def has_blocked(blocker_id: int, blocked_id: int) -> bool:
    return db.session.get(UserBlock, (blocker_id, blocked_id)) is not None


def blocks_by(user: User) -> list[UserBlock]:
    return list(db.session.scalars(select(UserBlock).where(UserBlock.blocker_id == user.id)
                                   .options(selectinload(UserBlock.blocked)).order_by(UserBlock.created_at)))


# ---------------------------------------------------------------- profiles

@dataclass
class ProfileSummary:
    """What a helper's profile shows: helps given, hours, and the thank-you notes both people made public."""

    helps_given: int
    minutes: int
    thanks: list[ThankYou]

    @property
    def hours_text(self) -> str:
        return format_hours(self.minutes)

    @property
    def hours(self) -> float:
        return self.minutes / 60


def profile_summary(user_id: int, *, thanks_limit: int = 10) -> ProfileSummary:
    """For the public profile: completed matches as helper, their hours, and public thank-you notes."""
    helps, minutes = db.session.execute(
        select(func.count(Match.id), func.coalesce(func.sum(Match.minutes), 0))
        .where(Match.helper_id == user_id, Match.status == MatchStatus.COMPLETED)).one()
    thanks = list(db.session.scalars(
        select(ThankYou).where(ThankYou.helper_id == user_id, ThankYou.author_allows_public.is_(True),
                               ThankYou.helper_allows_public.is_(True), ThankYou.hidden_at.is_(None))
        .options(selectinload(ThankYou.author)).order_by(ThankYou.created_at.desc()).limit(thanks_limit)))
    return ProfileSummary(int(helps or 0), int(minutes or 0), thanks)


def person_or_404(user_id: int) -> User:
    """A neighbour whose profile may be shown (not deleted, not blocked by a manager)."""
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted or user.is_blocked:
        raise PersonNotFound()
    return user


# ---------------------------------------------------------------- community managers

def _unanswered_statement(pc4s: frozenset[str] | None, *, days: int, now: datetime) -> Select[Any]:
    """Open requests without any reaction for `days` days, oldest first, in these areas (None: everywhere)."""
    stmt = (select(Listing).where(
        Listing.status == ListingStatus.OPEN, Listing.kind == ListingKind.REQUEST,
        Listing.created_at <= now - timedelta(days=days), Listing.expires_at > now, Listing.hidden_at.is_(None),
        ~exists().where(Response.listing_id == Listing.id))
        .options(selectinload(Listing.author)).order_by(Listing.created_at, Listing.id))
    if pc4s is not None:
        stmt = stmt.where(Listing.pc4.in_(sorted(pc4s)))
    return stmt


def unanswered_requests(manager: User, *, days: int, page: int = 1, per_page: int = PER_PAGE,
                        now: datetime | None = None) -> Pagination:
    """Open requests without any reaction for `days` days, oldest first, in the manager's neighbourhoods
    (admins: everywhere; a manager without neighbourhoods: none)."""
    stmt = _unanswered_statement(manager_pc4s(manager), days=days, now=now or utcnow())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def unanswered_in(pc4s: frozenset[str] | None, *, days: int, limit: int = 50,
                  now: datetime | None = None) -> list[Listing]:
    """The same requests for the moderation queue: at most `limit`, in these areas (None: everywhere)."""
    stmt = _unanswered_statement(pc4s, days=days, now=now or utcnow()).limit(limit)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class PastHelper:
    user: User
    helps: int
    distance_km: float

    @property
    def distance_band(self) -> str:
        return distance_band(self.distance_km)


def past_helpers(listing: Listing, *, km: int = 10, limit: int = 5) -> list[PastHelper]:
    """Residents within km who completed help in this category before, nearest first."""
    areas = dict(geo.areas_within(listing.pc4, km)) if geo.get_area(listing.pc4) else {}
    if not areas:
        return []
    excluded = {listing.author_id, *blocked_ids(listing.author_id)}
    rows = db.session.execute(
        select(User, func.count(Match.id)).join(Match, Match.helper_id == User.id)
        .join(Listing, Listing.id == Match.listing_id)
        .where(Match.status == MatchStatus.COMPLETED, Listing.category_id == listing.category_id,
               User.pc4.in_(list(areas)), User.deleted_at.is_(None), User.blocked_at.is_(None),
               User.id.not_in(sorted(excluded)))
        .group_by(User.id).limit(200)).all()
    found = [PastHelper(user, int(count), areas[user.pc4]) for user, count in rows]
    found.sort(key=lambda h: (h.distance_km, -h.helps, h.user.id))
    return found[:limit]


def invited_user_ids(listing_id: int) -> set[int]:
    return set(db.session.scalars(select(HelperInvitation.user_id).where(HelperInvitation.listing_id == listing_id)))


# ---------------------------------------------------------------- organisations

def open_offers_of_organisation(organisation: Organisation, *, limit: int = 20,
                                now: datetime | None = None) -> list[Listing]:
    """The organisation's offers that are open and visible now, newest first (its public page)."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(Listing).where(Listing.organisation_id == organisation.id, Listing.status == ListingStatus.OPEN,
                              Listing.kind == ListingKind.OFFER, Listing.expires_at > now,
                              Listing.hidden_at.is_(None))
        .order_by(Listing.created_at.desc(), Listing.id.desc()).limit(limit)))
