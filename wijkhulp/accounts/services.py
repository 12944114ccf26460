"""Account rules: creating users, roles, signing in, blocking."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkhulp.accounts.models import Role, User
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotFound
from wijkhulp.extensions import db

MIN_PASSWORD_LENGTH = 10


class InvalidEmail(DomainError):
    default_message = _l("Enter an e-mail address, for example naam@voorbeeld.nl.")


class EmailTaken(DomainError):
    default_message = _l("There is already an account with this e-mail address. Sign in, or reset your "
                         "password if you forgot it.")


class BadCredentials(DomainError):
    status_code = 422
    default_message = _l("The e-mail address or the password is not right. Check both and try again.")


class AccountBlocked(DomainError):
    status_code = 403
    default_message = _l("This account is blocked. Contact the community manager if you think this is a "
                         "mistake.")


class UserNotFound(NotFound):
    default_message = _l("There is no account with that e-mail address.")


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


def authenticate(email: str, password: str) -> User:
    """The user for these credentials; records the sign-in. Commits.

    Raises BadCredentials (never says which part was wrong) or AccountBlocked.
    """
    user = find_by_email(email)
    if user is None or user.is_deleted or not user.check_password(password or ""):
        raise BadCredentials(field="password")
    if user.is_blocked:
        raise AccountBlocked()
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def grant_role(*, email: str, role: Role) -> User:
    """Give an existing account a role. Commits. Raises UserNotFound."""
    user = require_by_email(email)
    user.role = role
    db.session.commit()
    return user


def set_locale(user: User, locale: str) -> None:
    """Remember the language a signed-in person chose. Commits."""
    user.locale = locale
    db.session.commit()
