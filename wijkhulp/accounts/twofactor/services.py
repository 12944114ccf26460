"""Staff access: two-step sign-in (set up, check and turn off a TOTP app, RFC 6238; single-use recovery codes), and
the audit entries of every staff sign-in and of every look by staff at residents' personal data. Codes are checked and spent in one conditional UPDATE, so a code (or a recovery code)
works once even when two requests race with it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.accounts.models import User
from wijkhulp.accounts.services import WrongPassword
from wijkhulp.accounts.twofactor.models import RecoveryCode, TotpCredential
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.errors import DomainError
from wijkhulp.extensions import db

STEP_SECONDS = 30
DIGITS = 6
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper
_RECOVERY_LENGTH = 12  # about 59 bits each
ISSUER = "wijkhulp"


class WrongCode(DomainError):
    default_message = _l("This code is not right. Type the newest 6-digit code from your app, or one of your "
                         "recovery codes. A code works only once.")


class TwoFactorAlreadyOn(DomainError):
    status_code = 409
    default_message = _l("Two-step sign-in is already on for your account.")


class TwoFactorNotOn(DomainError):
    default_message = _l("Two-step sign-in is not on for your account.")


class TwoFactorRequired(DomainError):
    status_code = 403
    default_message = _l("Community managers and admins must keep two-step sign-in on.")


def _now() -> float:
    return time.time()


# ---------------------------------------------------------------- reading

def credential(user: User) -> TotpCredential | None:
    return db.session.scalar(select(TotpCredential).where(TotpCredential.user_id == user.id))


def is_enabled(user: User) -> bool:
    return user.id is not None and credential(user) is not None


def required_for(user: User) -> bool:
    """Staff must use two-step sign-in when the configuration says so (REQUIRE_STAFF_2FA, on by default)."""
    return bool(user.is_manager and current_app.config.get("REQUIRE_STAFF_2FA", True))


def pending_key(user: User) -> str:
    """What a sign-in waiting for its code is tied to: the account and its session token, which changes with the
    password and with a block (so the pending step dies with them)."""
    return f"{user.id}:{user.session_token}"


def pending_user(user_id: Any, login_id: Any) -> User | None:
    """The person of a sign-in waiting for its code, while the account is active and its key unchanged."""
    if not isinstance(user_id, int) or not isinstance(login_id, str):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or pending_key(user) != login_id:
        return None
    return user


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def new_secret() -> str:
    return pyotp.random_base32(32)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=user.email, issuer_name=current_app.config.get("TOTP_ISSUER", ISSUER))


def qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code (no image request, no outside service)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff",
                                                 omitsize=False)


# ---------------------------------------------------------------- checking codes

def _digits(code: str | None) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step (now, one before, one after: clocks drift) whose code this is, newest first."""
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    step = int((_now() if at is None else at) // STEP_SECONDS)
    for candidate in (step + 1, step, step - 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _recovery_hash(user_id: int, code: str) -> str:
    return hashlib.sha256(f"wijkhulp-recovery:{user_id}:{code}".encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(user.id, raw)))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
    db.session.flush()
    return codes


def _spend(user: User, code: str | None) -> str:
    """Accept a TOTP code (never twice: the step must be newer than the last one used) or an unused recovery
    code, and mark it used. Flush only. Returns "totp" or "recovery"; raises WrongCode."""
    cred = credential(user)
    if cred is None:
        raise TwoFactorNotOn(field="code")
    typed = _digits(code)
    step = _matching_step(cred.secret, typed)
    if step is not None:
        if guarded_update(TotpCredential, cred.id, where=(TotpCredential.last_step < step,),
                          values={"last_step": step}):
            return "totp"
        raise WrongCode(field="code")  # replayed: this step (or a newer one) was used already
    if len(typed) == _RECOVERY_LENGTH:
        row_id = db.session.scalar(select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _recovery_hash(user.id, typed),
            RecoveryCode.used_at.is_(None)))
        if row_id is not None and guarded_update(RecoveryCode, row_id, where=(RecoveryCode.used_at.is_(None),),
                                                 values={"used_at": utcnow()}):
            return "recovery"
    raise WrongCode(field="code")


# ---------------------------------------------------------------- services

def enable(user: User, *, secret: str, code: str | None) -> list[str]:
    """Turn two-step sign-in on once `code` proves the app holds `secret`; returns the 10 recovery codes (shown
    once, stored hashed). Commits. Raises TwoFactorAlreadyOn or WrongCode."""
    if is_enabled(user):
        raise TwoFactorAlreadyOn()
    step = _matching_step(secret or "", _digits(code)) if secret else None
    if step is None:
        raise WrongCode(field="code")
    db.session.add(TotpCredential(user_id=user.id, secret=secret, last_step=step))
    try:
        db.session.flush()
    except IntegrityError:  # a second setup request won the race
        db.session.rollback()
        raise TwoFactorAlreadyOn() from None
    codes = _new_recovery_codes(user)
    audit.record(user, "auth.2fa_on", "user", user.id, subject=user, pc4=user.pc4)
    db.session.commit()
    return codes


def verify_sign_in(user: User, code: str | None) -> str:
    """The second step of signing in: accept and spend the code, and log a staff sign-in. Commits.
    Returns "totp" or "recovery". Raises WrongCode (also for a code used before) or TwoFactorNotOn."""
    try:
        method = _spend(user, code)
    except DomainError:
        db.session.rollback()
        raise
    _record_sign_in(user, method)
    db.session.commit()
    return method


def record_sign_in(user: User) -> None:
    """Log a staff sign-in with the password only (two-step sign-in off or not required). Commits."""
    if user.is_manager:
        _record_sign_in(user, "password")
        db.session.commit()


def _record_sign_in(user: User, method: str) -> None:
    if user.is_manager:
        audit.record(user, "auth.sign_in", "user", user.id, details={"method": method, "role": user.role.value},
                     subject=user)


def new_recovery_codes(user: User, *, code: str | None) -> list[str]:
    """Replace all recovery codes after a valid code. Commits. Raises WrongCode or TwoFactorNotOn."""
    _spend(user, code)
    codes = _new_recovery_codes(user)
    audit.record(user, "auth.recovery_codes_new", "user", user.id, subject=user, pc4=user.pc4)
    db.session.commit()
    return codes


def disable(user: User, *, password: str, code: str | None) -> None:
    """Turn two-step sign-in off (password and a code). Commits.
    Raises TwoFactorRequired (staff, while required), WrongPassword, WrongCode or TwoFactorNotOn."""
    if required_for(user):
        raise TwoFactorRequired()
    if not user.check_password(password or ""):
        raise WrongPassword(field="password")
    _spend(user, code)
    _erase(user)
    audit.record(user, "auth.2fa_off", "user", user.id, subject=user, pc4=user.pc4)
    db.session.commit()


def _erase(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TotpCredential).where(TotpCredential.user_id == user.id))


def record_staff_look(actor: User, action: str, target_key: str, target_id: Any = None, *,
                      subject: User | None = None, details: dict[str, Any] | None = None) -> int:
    """Log that staff looked at residents' personal data (contact details on a staff page, a data export);
    returns the entry's id. Commits: such a look is a GET, and the trust rules promise that every one is in the
    audit log."""
    entry = audit.record(actor, action, target_key, target_id, subject=subject, details=details,
                         pc4=subject.pc4 if subject is not None else None)
    entry_id = entry.id
    db.session.commit()
    return entry_id


# ---------------------------------------------------------------- personal data (download, account deletion)

def export_user_data(user: User) -> dict[str, Any]:
    cred = credential(user)
    return {"enabled": cred is not None, "enabled_at": cred.enabled_at.isoformat() if cred else None,
            "recovery_codes_left": recovery_codes_left(user)}  # never the secret or the codes


def erase_user_data(user: User) -> None:
    _erase(user)
    db.session.flush()
