"""Registration, e-mail verification, sign-in, password reset and e-mail change (mail through the outbox)."""

from __future__ import annotations

import functools
import hashlib
import secrets
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from wijkhulp.accounts.models import Role, User
from wijkhulp.accounts.services import (LOCALES, AccountBlocked, AgeNotConfirmed, BadCredentials, EmailTaken,
                                        InvalidEmail, InvalidProfile, TermsNotAccepted, WrongPassword,
                                        check_password_strength, find_by_email, hash_method, name_refusal,
                                        normalise_email)
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.registry import places
from wijkhulp.notifications import services as notifications

VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600
EMAIL_CHANGE_MAX_AGE = 24 * 3600
# Session key of the browser that registered: the verification link signs in only when opened in that browser.
PENDING_REGISTRATION = "registration_key"


class InvalidToken(DomainError):
    status_code = 400
    default_message = _l("This link is not valid. Perhaps it was copied incompletely, or it has been used "
                         "already. Ask for a new link.")


class ExpiredToken(InvalidToken):
    default_message = _l("This link has expired. Ask for a new link.")


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"wijkhulp.{salt}")


def _load(salt: str, token: str, max_age: int) -> Any:
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise ExpiredToken() from None
    except BadSignature:
        raise InvalidToken() from None


def _fingerprint(value: str) -> str:
    """A short, stable piece of a secret-derived value, so a token dies when that value changes."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_verification_token(user: User, browser_key: str | None = None) -> str:
    data = {"id": user.id, "email": user.email}
    if browser_key:
        data["b"] = _fingerprint(browser_key)
    return _serializer("verify").dumps(data)


def new_browser_key() -> str:
    return secrets.token_urlsafe(16)


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def check_password(user: User | None, password: str) -> bool:
    """Check a password; for an unknown or deleted address a dummy hash is checked instead, so that signing in
    takes as long whether an account exists or not."""
    if user is None or user.is_deleted or not user.password_hash:
        check_password_hash(_dummy_hash(hash_method()), password or "")
        return False
    return user.check_password(password or "")


def make_reset_token(user: User) -> str:
    return _serializer("reset").dumps({"id": user.id, "pw": _fingerprint(user.password_hash)})


def make_email_change_token(user: User, new_email: str) -> str:
    return _serializer("email-change").dumps({"id": user.id, "old": user.email, "new": new_email})


def _mail(user: User, to: str, subject: Any, body: Any) -> None:
    with force_locale(user.locale or "nl"):
        notifications.queue_mail(to=to, subject=str(subject), body=str(body), user=user, locale=user.locale)


def _queue_verification(user: User, verify_path: str) -> None:
    with force_locale(user.locale or "nl"):
        body = _("Hello %(name)s,\n\nWelcome to %(site)s. Please confirm your e-mail address by opening this "
                 "link:\n\n%(link)s\n\nThe link works for 3 days. Did you not create an account? Then you can "
                 "ignore this e-mail.", name=user.display_name, site="wijkhulp",
                 link=notifications.absolute_url(verify_path))
        _mail(user, user.email, _("Confirm your e-mail address"), body)


# ---------------------------------------------------------------- registration and verification

def register(*, display_name: str, email: str, password: str, postcode: str, accept_terms: bool,
             age_confirmed: bool, locale: str | None, verify_path_for: Any, browser_key: str | None = None) -> None:
    """Create an unverified resident and mail a verification link. Commits.

    When the address already has an account, nothing is created and its owner gets a mail instead: the person
    registering sees the same "check your e-mail" page either way, so nobody learns who has an account.
    `verify_path_for(token)` returns the site path of the verification page; `browser_key` (kept in the
    registering browser's session) lets the link sign the new resident in when opened there.
    Raises InvalidProfile, ReservedName, InvalidEmail, WeakPassword, InvalidPostcode, UnknownPostcode,
    OutsideServiceArea (unless people from outside may register to help), TermsNotAccepted or AgeNotConfirmed; nothing is stored then.
    """
    name = (display_name or "").strip()
    if not 2 <= len(name) <= 60:
        raise InvalidProfile(_l("Enter a name of 2 to 60 characters. Your first name is fine."),
                             field="display_name")
    if (refusal := name_refusal(name)) is not None:
        raise refusal
    address = normalise_email(email)
    check_password_strength(password, email=address, name=name)
    full_postcode, area = geo.resolve_postcode(postcode, field="postcode")
    if (outside := places.home_postcode_refusal(full_postcode)) is not None:
        raise outside
    if not accept_terms:
        raise TermsNotAccepted(field="accept_terms")
    if not age_confirmed:
        raise AgeNotConfirmed(field="age_confirmed")
    # every refusal above is the same for a known and an unknown address; from here on both look alike
    user = User(email=address, display_name=name, postcode=full_postcode, pc4=area.pc4, role=Role.RESIDENT,
                locale=locale if locale in LOCALES else None, terms_accepted_at=utcnow(), age_confirmed_at=utcnow())
    user.set_password(password, method=hash_method())
    existing = find_by_email(address)
    if existing is None:
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:  # registered at the same moment by someone else
            db.session.rollback()
            existing = find_by_email(address)
    if existing is not None:
        _mail_registration_attempt(existing)
    else:
        _queue_verification(user, verify_path_for(make_verification_token(user, browser_key)))
    db.session.commit()


def _mail_registration_attempt(owner: User) -> None:
    if owner.is_deleted:
        return
    with force_locale(owner.locale or "nl"):
        body = _("Hello %(name)s,\n\nSomeone tried to create a wijkhulp account with your e-mail address. You "
                 "already have an account, so nothing has changed.\n\nWas that you? Then sign in: %(login)s\n"
                 "Forgot your password? Set a new one: %(reset)s\n\nWas it not you? Then you can ignore this "
                 "e-mail.", name=owner.display_name, login=notifications.absolute_url("/login"),
                 reset=notifications.absolute_url("/password/forgot"))
        _mail(owner, owner.email, _("Someone tried to register with your e-mail address"), body)


def opened_where_registered(token: str, browser_key: str | None) -> bool:
    """Whether a (valid) verification link is opened in the browser that registered (no commit)."""
    data = _load("verify", token, VERIFY_MAX_AGE)
    return bool(browser_key) and isinstance(data, dict) and data.get("b") == _fingerprint(browser_key)


def verify_email(token: str, *, welcome_path: str = "/account/") -> User:
    """Mark the address in the token as verified and welcome the person. Commits.

    Raises InvalidToken or ExpiredToken. Verifying twice is harmless.
    """
    data = _load("verify", token, VERIFY_MAX_AGE)
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.is_deleted or user.email != data.get("email"):
        raise InvalidToken()
    if not user.is_verified:
        user.mark_verified()
        notifications.notify(user, "welcome", url=welcome_path, message=_l(
            "Welcome to wijkhulp, %(name)s! Your e-mail address is confirmed. You can now ask for help, offer "
            "help and take part in your neighbourhood.", name=user.display_name))
    db.session.commit()
    return user


def resend_verification(user: User, *, verify_path_for: Any) -> None:
    """Mail a new verification link to an unverified account. Commits."""
    if user.is_verified:
        return
    _queue_verification(user, verify_path_for(make_verification_token(user)))
    db.session.commit()


# ---------------------------------------------------------------- signing in and passwords

def authenticate(email: str, password: str) -> User:
    """The user for these credentials; records the sign-in. Commits.

    Raises BadCredentials (never says which part was wrong) or AccountBlocked.
    """
    user = find_by_email(email)
    if not check_password(user, password):  # also checks a dummy hash for an unknown address
        raise BadCredentials(field="password")
    if user.is_blocked:
        raise AccountBlocked()
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def request_password_reset(email: str, *, reset_path_for: Any) -> None:
    """Mail a reset link when the address has an active account; says nothing either way. Commits."""
    user = find_by_email(email)
    if user is None or user.is_deleted or user.is_blocked:
        return
    with force_locale(user.locale or "nl"):
        body = _("Hello %(name)s,\n\nSomeone asked to set a new password for your wijkhulp account. Was that "
                 "you? Then open this link within 2 hours:\n\n%(link)s\n\nWas it not you? Then ignore this "
                 "e-mail; your password stays the same.", name=user.display_name,
                 link=notifications.absolute_url(reset_path_for(make_reset_token(user))))
        _mail(user, user.email, _("Set a new password"), body)
    db.session.commit()


def check_reset_token(token: str) -> User:
    data = _load("reset", token, RESET_MAX_AGE)
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.is_deleted or _fingerprint(user.password_hash) != data.get("pw"):
        raise InvalidToken()
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password with a reset token (usable once) and end all sessions. Commits.

    Raises InvalidToken, ExpiredToken or WeakPassword.
    """
    user = check_reset_token(token)
    check_password_strength(new_password, email=user.email, name=user.display_name)
    user.set_password(new_password, method=hash_method())
    user.end_sessions()
    user.mark_verified()  # the link arrived in their mailbox
    db.session.commit()
    return user


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change the password; other devices are signed out. Commits. Raises WrongPassword or WeakPassword."""
    if not user.check_password(current_password or ""):
        raise WrongPassword(field="current_password")
    check_password_strength(new_password, email=user.email, name=user.display_name, field="new_password")
    user.set_password(new_password, method=hash_method())
    user.end_sessions()
    db.session.commit()


def request_email_change(user: User, *, new_email: str, password: str, confirm_path_for: Any) -> str:
    """Mail a confirmation link to the new address; the change happens when it is opened. Commits.

    An address that already has an account gets no link but a warning to its owner; the person asking sees the
    same answer, so this reveals nothing. Raises WrongPassword or InvalidEmail.
    """
    if not user.check_password(password or ""):
        raise WrongPassword(field="password")
    address = normalise_email(new_email, field="new_email")
    if address == user.email:
        raise InvalidEmail(_l("This is already your e-mail address."), field="new_email")
    taken = find_by_email(address)
    with force_locale(user.locale or "nl"):
        if taken is None:
            body = _("Hello %(name)s,\n\nYou want to use this e-mail address for wijkhulp. Please confirm it by "
                     "opening this link within 24 hours:\n\n%(link)s\n\nUntil then we keep using your old "
                     "address.", name=user.display_name,
                     link=notifications.absolute_url(confirm_path_for(make_email_change_token(user, address))))
            _mail(user, address, _("Confirm your new e-mail address"), body)
        # the same page and the same notice to the old address either way: nobody learns who has an account
        _mail(user, user.email, _("Your e-mail address is being changed"), _(
            "Hello %(name)s,\n\nSomeone asked to change the e-mail address of your wijkhulp account to "
            "%(new)s. Was this not you? Then change your password right away and contact us.",
            name=user.display_name, new=address))
    if taken is not None:  # the owner of the taken address is told instead
        _mail_email_change_attempt(taken)
    db.session.commit()
    return address


def _mail_email_change_attempt(owner: User) -> None:
    if owner.is_deleted:
        return
    with force_locale(owner.locale or "nl"):
        body = _("Hello %(name)s,\n\nSomeone with a wijkhulp account tried to change their e-mail address to "
                 "yours. Your own account has not changed, and nobody was told that you have an account.\n\n"
                 "Was this you, with a second account? Then delete the account you do not use.",
                 name=owner.display_name)
        _mail(owner, owner.email, _("Someone tried to use your e-mail address"), body)


def confirm_email_change(token: str) -> User:
    """Switch to the new address in the token. Commits. Raises InvalidToken, ExpiredToken or EmailTaken."""
    data = _load("email-change", token, EMAIL_CHANGE_MAX_AGE)
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.is_deleted or user.email != data.get("old"):
        raise InvalidToken()
    new = data["new"]
    other = find_by_email(new)
    if other is not None and other.id != user.id:
        raise EmailTaken()
    user.email = new
    user.email_verified_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken() from None
    return user


