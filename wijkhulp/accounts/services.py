"""Account rules: password strength, profile, settings, roles, my data and deletion (blocking: moderation)."""

from __future__ import annotations

import functools
import os
import secrets
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from wijkhulp import audit
from wijkhulp.registry import personal_data
from wijkhulp.accounts import names
from wijkhulp.accounts.models import Role, SignIn, User, hash_sign_in_token
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotFound
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.registry import places

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
LOCALES = ("nl", "en")


class InvalidEmail(DomainError):
    default_message = _l("Enter an e-mail address, for example naam@voorbeeld.nl.")


class EmailTaken(DomainError):
    default_message = _l("There is already an account with this e-mail address. Sign in, or reset your "
                         "password if you forgot it.")


class WeakPassword(DomainError):
    default_message = _l("Choose a stronger password.")


class BadCredentials(DomainError):
    default_message = _l("The e-mail address or the password is not right. Check both and try again.")


class WrongPassword(DomainError):
    default_message = _l("This is not your current password.")


class AccountBlocked(DomainError):
    status_code = 403
    default_message = _l("This account is blocked. Contact the community manager if you think this is a "
                         "mistake.")


class TermsNotAccepted(DomainError):
    default_message = _l("You can only create an account if you agree to the terms of use and the privacy "
                         "statement.")


class UserNotFound(NotFound):
    default_message = _l("There is no account with that e-mail address.")


class InvalidProfile(DomainError):
    pass


class ReservedName(InvalidProfile):
    default_message = _l("This name looks like the name of wijkhulp, the municipality or its staff. Neighbours "
                         "could think you speak for them. Choose another name, for example your first name.")


class AgeNotConfirmed(DomainError):
    default_message = _l("You can only create an account if you are 16 or older.")


# ---------------------------------------------------------------- helpers (no commit)

def normalise_email(raw: str, *, field: str = "email") -> str:
    try:
        return validate_email((raw or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise InvalidEmail(field=field) from None


def find_by_email(email: str) -> User | None:
    wanted = (email or "").strip().lower()
    if not wanted:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == wanted))


def require_by_email(email: str) -> User:
    user = find_by_email(email)
    if user is None or user.is_deleted:
        raise UserNotFound()
    return user


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise UserNotFound()
    return user


@functools.cache
def _common_passwords() -> frozenset[str]:
    path = os.path.join(os.path.dirname(__file__), "data", "common_passwords.txt")
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip() and not line.startswith("#"))


def check_password_strength(password: str, *, email: str = "", name: str = "", field: str = "password") -> None:
    """Raises WeakPassword with the reason a person can act on."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(_l("Use at least %(n)s characters. A short sentence is easy to remember, for "
                              "example 'mijn fiets is blauw'.", n=MIN_PASSWORD_LENGTH), field=field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(_l("Use at most %(n)s characters.", n=MAX_PASSWORD_LENGTH), field=field)
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.rstrip("0123456789!?.") in _common_passwords() \
            or len(set(lowered)) <= 2:
        raise WeakPassword(_l("This password is used by very many people and is easy to guess. Choose "
                              "another one."), field=field)
    local = email.split("@", 1)[0].lower() if email else ""
    if (local and len(local) >= 4 and local in lowered) or (name and len(name) >= 4 and name.lower() in lowered):
        raise WeakPassword(_l("Do not use your name or e-mail address in your password."), field=field)


def hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


# ---------------------------------------------------------------- names people trust

def reserved_words() -> tuple[str, ...]:
    """The fixed words and, through the hook auth's manifest installs, the municipality's name."""
    extra = current_app.extensions.get("wijkhulp.reserved_name_words")
    return names.RESERVED_WORDS + (tuple(extra()) if extra else ())


def _staff_names(except_id: int | None = None) -> set[str]:
    stmt = select(User.id, User.display_name).where(User.role.in_([Role.MANAGER, Role.ADMIN]),
                                                    User.deleted_at.is_(None))
    return {names.fold(name) for ident, name in db.session.execute(stmt) if ident != except_id and name}


def name_refusal(name: str, *, user: User | None = None) -> ReservedName | None:
    """Why a resident may not use this display name (a reserved word, or a staff member's name), or None.
    Staff themselves are not refused."""
    if user is not None and user.is_manager:
        return None
    if names.reserved_word_in(name, reserved_words()) is not None:
        return ReservedName(field="display_name")
    if names.fold(name) in _staff_names(except_id=user.id if user is not None else None):
        return ReservedName(_l("A member of the wijkhulp staff uses this name. Choose another name, so that "
                               "neighbours do not mix you up."), field="display_name")
    return None


def names_to_check() -> list[tuple[User, str]]:
    """Existing residents whose display name a new one would be refused for, with the reason (for the admin; not
    changed automatically)."""
    words = reserved_words()
    staff = _staff_names()
    found: list[tuple[User, str]] = []
    stmt = select(User).where(User.role == Role.RESIDENT, User.deleted_at.is_(None)).order_by(User.id)
    for user in db.session.scalars(stmt):
        word = names.reserved_word_in(user.display_name, words)
        if word is not None:
            found.append((user, word))
        elif names.fold(user.display_name) in staff:
            found.append((user, "staff"))
    return found


# ---------------------------------------------------------------- profile and settings

def update_profile(user: User, *, display_name: str, bio: str, skills: str, languages: str,
                   postcode: str) -> None:
    """Change what neighbours may see (and the private postcode). Commits."""
    name = (display_name or "").strip()
    if not 2 <= len(name) <= 60:
        raise InvalidProfile(_l("Enter a name of 2 to 60 characters. Your first name is fine."),
                             field="display_name")
    limits = {"bio": (bio, 1000), "skills": (skills, 500), "languages": (languages, 200)}
    for field, (value, limit) in limits.items():
        if len((value or "").strip()) > limit:
            raise InvalidProfile(_l("Use at most %(n)s characters.", n=limit), field=field)
    if name != user.display_name and (refusal := name_refusal(name, user=user)) is not None:
        raise refusal
    full_postcode, area = geo.resolve_postcode(postcode, field="postcode")
    if full_postcode[:4] != user.pc4 and (outside := places.home_postcode_refusal(full_postcode)):
        raise outside  # moving out of the area; a postcode kept as it was is not checked again
    user.display_name = name
    user.bio = (bio or "").strip()
    user.skills = (skills or "").strip()
    user.languages = (languages or "").strip()
    user.postcode, user.pc4 = full_postcode, area.pc4
    db.session.commit()


def normalise_phone(raw: str | None) -> str | None:
    text = "".join(c for c in (raw or "") if c.isdigit() or c == "+")
    if not text:
        return None
    digits = text.lstrip("+")
    if text.count("+") > 1 or ("+" in text and not text.startswith("+")) or not 9 <= len(digits) <= 15:
        raise InvalidProfile(_l("Enter a phone number, for example 06 12345678."), field="phone")
    return text


def update_settings(user: User, *, locale: str, phone: str | None, share_email: bool, share_phone: bool) -> None:
    """Language, phone and contact-sharing defaults. Commits."""
    if locale not in LOCALES:
        raise InvalidProfile(_l("Choose Dutch or English."), field="locale")
    user.phone = normalise_phone(phone)
    user.locale = locale
    user.share_email_default = bool(share_email)
    user.share_phone_default = bool(share_phone) and user.phone is not None
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    """Remember the language a signed-in person chose. Commits."""
    if locale in LOCALES:
        user.locale = locale
        db.session.commit()


# ---------------------------------------------------------------- roles and blocking

def _record_role(actor: User | None, user: User, old: Role | None) -> None:
    if old != user.role:
        audit.record(actor, "user.role", "user", user.id, details={"from": old.value if old else None,
                                                                 "to": user.role.value}, pc4=user.pc4,
                     subject=user)


def grant_role(*, email: str, role: Role, actor: User | None = None) -> User:
    """Give an existing account a role (written to the audit log). Commits. Raises UserNotFound."""
    user = require_by_email(email)
    old, user.role = user.role, role
    _record_role(actor, user, old)
    db.session.commit()
    return user


def change_role(actor: User, user_id: int, role: Role) -> User:
    """An admin changes someone's role; an admin cannot demote themselves. Commits."""
    user = get_user(user_id)
    if user.id == actor.id and role != Role.ADMIN:
        raise DomainError(_l("You cannot take away your own admin role. Ask another admin."), field="role")
    old, user.role = user.role, role
    _record_role(actor, user, old)
    db.session.commit()
    return user


def create_admin(*, email: str, password: str | None, display_name: str = "Beheerder") -> tuple[User, bool]:
    """Make EMAIL an admin, creating a verified account when there is none. Commits.

    Returns (user, created). Raises InvalidEmail or WeakPassword (a new account needs a password).
    """
    address = normalise_email(email)
    user = find_by_email(address)
    if user is not None and not user.is_deleted:
        old, user.role = user.role, Role.ADMIN
        user.mark_verified()
        _record_role(None, user, old)
        db.session.commit()
        return user, False
    if password is None:
        raise WeakPassword(_l("A new account needs a password."), field="password")
    check_password_strength(password, email=address)
    user = User(email=address, display_name=display_name, role=Role.ADMIN, terms_accepted_at=utcnow(),
                email_verified_at=utcnow())
    user.set_password(password, method=hash_method())
    db.session.add(user)
    db.session.flush()
    _record_role(None, user, None)
    db.session.commit()
    return user, True


# ---------------------------------------------------------------- sign-ins (one per device)

LAST_SEEN_EVERY = timedelta(minutes=5)  # "last seen" is refreshed at most this often, not on every request

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"), ("Firefox/", "Firefox"),
             ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device_summary(user_agent: str | None) -> str:
    """'Firefox on Windows' from a User-Agent header: browser and system only, never the full string."""
    text = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in text), "")
    system = next((name for marker, name in _SYSTEMS if marker in text), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or ""


def start_sign_in(user: User, *, user_agent: str | None) -> str:
    """Record a new sign-in on this device and return its token for the login id (stored only hashed). Commits."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    sign_in = SignIn(user_id=user.id, token_hash=hash_sign_in_token(token), created_at=now, last_seen_at=now,
                     device=device_summary(user_agent)[:80])
    db.session.add(sign_in)
    user.inactivity_warned_at = None  # signing in again cancels a planned deletion for inactivity
    db.session.commit()
    user.current_sign_in, user.current_sign_in_token = sign_in, token
    return token


def signed_in_user(login_id: str) -> User | None:
    """The person behind a login id "<user id>:<sign-in token>", or None when that sign-in has ended, the
    account is blocked or deleted, or the id is forged. Refreshes "last seen" at most every few minutes (then
    commits)."""
    ident, _, token = (login_id or "").partition(":")
    if not ident.isdigit() or not token or len(token) > 100:
        return None
    sign_in = db.session.scalar(select(SignIn).where(SignIn.token_hash == hash_sign_in_token(token)))
    if sign_in is None or sign_in.user_id != int(ident) or sign_in.ended_at is not None:
        return None
    user = db.session.get(User, sign_in.user_id)
    if user is None or not user.is_active:
        return None
    now = utcnow()
    if now - sign_in.last_seen_at >= LAST_SEEN_EVERY:
        sign_in.last_seen_at = now
        db.session.commit()
    user.current_sign_in = sign_in
    return user


def end_sign_in(user: User) -> None:
    """Sign out: the sign-in of this device ends on the server, so a copied cookie stops working. Commits."""
    sign_in = user.current_sign_in
    if sign_in is not None and sign_in.ended_at is None:
        sign_in.ended_at = utcnow()
        db.session.commit()


def end_other_sign_ins(user: User) -> int:
    """"Sign out everywhere else": every sign-in of this person but this device's ends. Commits. Returns how many."""
    stmt = update(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
    if user.current_sign_in is not None:
        stmt = stmt.where(SignIn.id != user.current_sign_in.id)
    ended = db.session.execute(stmt.values(ended_at=utcnow()).execution_options(synchronize_session="fetch"))
    db.session.commit()
    return ended.rowcount or 0


def end_all_sign_ins(user: User) -> None:
    """"Sign out everywhere", this device too. Commits."""
    user.end_sessions()
    db.session.commit()


# ---------------------------------------------------------------- my data and deletion

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_account(user: User) -> dict[str, Any]:
    """The account itself: address, name, postcode, profile and the dates that matter."""
    return {
        "email": user.email, "display_name": user.display_name, "postcode": user.postcode,
        "role": user.role.value, "bio": user.bio, "skills": user.skills, "languages": user.languages,
        "phone": user.phone, "language": user.locale,
        "share_email_by_default": user.share_email_default,
        "share_phone_by_default": user.share_phone_default,
        "created_at": _iso(user.created_at), "email_verified_at": _iso(user.email_verified_at),
        "terms_accepted_at": _iso(user.terms_accepted_at), "age_confirmed_at": _iso(user.age_confirmed_at),
        "last_login_at": _iso(user.last_login_at),
        "inactivity_warned_at": _iso(user.inactivity_warned_at),
    }


def account_erased_last(user: User) -> None:
    """The account row is anonymised last, by `erase_account`, because other features' erasers still read the
    address (invitations to it). Flush only (nothing to flush)."""


def export_sign_ins(user: User) -> list[dict[str, Any]]:
    return [{"device": s.device, "since": _iso(s.created_at), "last_seen": _iso(s.last_seen_at),
             "ended_at": _iso(s.ended_at)}
            for s in db.session.scalars(select(SignIn).where(SignIn.user_id == user.id).order_by(SignIn.created_at))]


def erase_sign_ins(user: User) -> None:
    """End every sign-in (the rows stay as ended, without the person's data). Flush only."""
    user.end_sessions()
    db.session.flush()


def export_data(user: User) -> dict[str, Any]:
    """Everything stored about this person, as plain JSON-ready data: one section per PersonalData holder."""
    data: dict[str, Any] = {"exported_at": utcnow().isoformat()}
    for holder in personal_data.holders():
        data[holder.name] = holder.export(user)
    return data


def erase_account(user: User) -> None:
    """Remove the person's personal data; what others (and the municipality's records) still need stays,
    attributed to 'a former resident'. Used by account deletion and by the retention purge. Flush only."""
    for holder in personal_data.holders():
        holder.erase(user)
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.display_name = ""
    user.postcode = None
    user.pc4 = None
    user.bio = ""
    user.skills = ""
    user.languages = ""
    user.phone = None
    user.locale = None
    user.password_hash = ""
    user.blocked_reason = None
    user.share_email_default = False
    user.share_phone_default = False
    user.inactivity_warned_at = None
    user.deleted_at = utcnow()
    user.end_sessions()
    db.session.flush()


def delete_account(user: User, *, password: str) -> None:
    """Remove personal data; what others still need stays, attributed to 'a former resident'. Commits.

    Raises WrongPassword.
    """
    if not user.check_password(password or ""):
        raise WrongPassword(field="password")
    erase_account(user)
    db.session.commit()
