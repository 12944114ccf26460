"""Read and change settings."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from wijkhulp.errors import DomainError, NotFound
from wijkhulp.extensions import db
from wijkhulp.settings import registry
from wijkhulp.settings.models import Setting


class UnknownSetting(NotFound):
    default_message = _l("There is no setting with that name.")


class InvalidSetting(DomainError):
    pass


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


def all_values() -> list[tuple[registry.SettingSpec, Any, bool]]:
    """Every registered setting with its current value and whether it differs from the default."""
    stored = _stored()
    return [(s, s.default if s.key not in stored else s.load(stored[s.key]), s.key in stored)
            for s in registry.all_specs()]


def _set(key: str, raw: str, actor: str | None) -> Any:
    spec = registry.spec(key)
    if spec is None:
        raise UnknownSetting(field=key)
    try:
        value = spec.parse(raw)
    except registry.SettingValueError as exc:
        raise InvalidSetting(exc.message, field=key) from None
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=spec.dump(value), updated_by=actor)
        db.session.add(row)
    else:
        row.value, row.updated_by = spec.dump(value), actor
    return value


def set_value(key: str, raw: str, *, actor: str | None = None) -> Any:
    """Validate and store one setting. Commits. Raises UnknownSetting or InvalidSetting."""
    value = _set(key, raw, actor)
    db.session.commit()
    _forget()
    return value


def set_many(values: dict[str, str], *, actor: str | None = None) -> list[str]:
    """Validate every value first, then store all or nothing. Commits.

    Raises InvalidSetting for the first bad value (nothing stored); returns the keys that changed.
    """
    errors: list[InvalidSetting] = []
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        spec = registry.spec(key)
        if spec is None:
            raise UnknownSetting(field=key)
        try:
            parsed[key] = spec.parse(raw)
        except registry.SettingValueError as exc:
            errors.append(InvalidSetting(exc.message, field=key))
    if errors:
        raise SettingErrors(errors)
    changed = [k for k, v in parsed.items() if get(k) != v]
    for key in changed:
        _set(key, values[key], actor)
    db.session.commit()
    _forget()
    return changed


def reset(key: str) -> None:
    """Go back to the coded default. Commits."""
    if registry.spec(key) is None:
        raise UnknownSetting()
    row = db.session.get(Setting, key)
    if row is not None:
        db.session.delete(row)
        db.session.commit()
    _forget()


class SettingErrors(DomainError):
    """Several invalid values at once; `errors` holds one InvalidSetting per field."""

    def __init__(self, errors: list[InvalidSetting]) -> None:
        super().__init__(_l("Some values are not valid. Nothing was saved."))
        self.errors = errors
