"""Read and change settings."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.accounts.models import User
from wijkhulp.errors import Conflict, DomainError, NotFound
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import compact_pc4_list
from wijkhulp.registry import settings as registry
from wijkhulp.settings.models import Setting


class UnknownSetting(NotFound):
    default_message = _l("There is no setting with that name.")


class InvalidSetting(DomainError):
    pass


class SettingErrors(DomainError):
    """Several invalid values at once; `errors` holds one InvalidSetting per field."""

    def __init__(self, errors: list[InvalidSetting]) -> None:
        super().__init__(_l("Some values are not valid. Nothing was saved."))
        self.errors = errors


def _stored() -> dict[str, str]:
    """Stored overrides, read once per database session (that is, once per request)."""
    cached = db.session.info.get("wijkhulp_settings")
    if cached is None:
        cached = {row.key: row.value for row in db.session.scalars(db.select(Setting))}
        db.session.info["wijkhulp_settings"] = cached
    return cached


def _forget() -> None:
    db.session.info.pop("wijkhulp_settings", None)


def get(key: str) -> Any:
    spec = registry.spec(key)
    if spec is None:
        raise UnknownSetting()
    stored = _stored().get(key)
    return spec.default if stored is None else spec.load(stored)


def is_stored(key: str) -> bool:
    """Whether someone has set this setting (also to its default), rather than it never having been chosen."""
    return key in _stored()


def all_values() -> list[tuple[registry.SettingSpec, Any, bool]]:
    """Every registered setting with its current value and whether it differs from the default."""
    stored = _stored()
    return [(s, s.default if s.key not in stored else s.load(stored[s.key]), s.key in stored)
            for s in registry.all_specs()]


def _require_spec(key: str) -> registry.SettingSpec:
    spec = registry.spec(key)
    if spec is None:
        raise UnknownSetting(field=key)
    return spec


def _parse(spec: registry.SettingSpec, raw: str) -> Any:
    """The typed value, or InvalidSetting. A postcode list must name areas in the postcode data."""
    try:
        value = spec.parse(raw)
    except registry.SettingValueError as exc:
        raise InvalidSetting(exc.message, field=spec.key) from None
    if spec.kind == "pc4list" and value:
        try:
            value = compact_pc4_list(geo.known_pc4s(raw))
        except DomainError as exc:
            raise InvalidSetting(exc.message, field=spec.key) from None
    return value


def stage_value(key: str, raw: str, *, actor: str | None = None) -> Any:
    """Validate one setting and add it to the current transaction; the calling service commits.

    Raises UnknownSetting or InvalidSetting; nothing is added then.
    """
    spec = _require_spec(key)
    value = _parse(spec, raw)
    _store(spec, value, actor)
    return value


def _store(spec: registry.SettingSpec, value: Any, actor: str | None) -> None:
    row = db.session.get(Setting, spec.key)
    if row is None:
        db.session.add(Setting(key=spec.key, value=spec.dump(value), updated_by=actor))
    else:
        row.value, row.updated_by = spec.dump(value), actor
    _forget()


def _audit_actor(actor: str | None) -> Any:
    """The account behind an e-mail address given as actor, else the text itself (None: command line)."""
    if not actor:
        return None
    user = db.session.scalar(db.select(User).where(User.email == actor.strip().lower()))
    return user if user is not None else actor


def _audit(spec: registry.SettingSpec, old: Any, new: Any, actor: str | None, action: str = "setting.change") -> None:
    audit.record(_audit_actor(actor), action, "setting", spec.key,
                 details={"from": spec.dump(old), "to": spec.dump(new)})


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # two people saved the same new key at the same moment
        db.session.rollback()
        _forget()
        raise Conflict() from None
    _forget()


def set_value(key: str, raw: str, *, actor: str | None = None) -> Any:
    """Validate and store one setting. Commits. Raises UnknownSetting, InvalidSetting or Conflict."""
    spec = _require_spec(key)
    old = get(key)
    value = stage_value(key, raw, actor=actor)
    if old != value:
        _audit(spec, old, value, actor)
    _commit()
    return value


def set_many(values: dict[str, str], *, actor: str | None = None) -> list[str]:
    """Validate every value first, then store all or nothing. Commits; returns the keys that changed.

    Raises UnknownSetting, SettingErrors (one InvalidSetting per bad value; nothing stored) or Conflict.
    """
    specs = {key: _require_spec(key) for key in values}
    errors: list[InvalidSetting] = []
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        try:
            parsed[key] = _parse(specs[key], raw)
        except InvalidSetting as exc:
            errors.append(exc)
    if errors:
        raise SettingErrors(errors)
    changed = [key for key, value in parsed.items() if get(key) != value]
    old = {key: get(key) for key in changed}
    for key in changed:
        _store(specs[key], parsed[key], actor)
        _audit(specs[key], old[key], parsed[key], actor)
    _commit()
    return changed


def reset(key: str, *, actor: str | None = None) -> None:
    """Go back to the coded default (written to the audit log). Commits. Raises UnknownSetting."""
    spec = registry.spec(key)
    if spec is None:
        raise UnknownSetting()
    row = db.session.get(Setting, key)
    if row is not None:
        old = get(key)
        db.session.delete(row)
        _audit(spec, old, spec.default, actor, action="setting.reset")
        db.session.commit()
    _forget()
