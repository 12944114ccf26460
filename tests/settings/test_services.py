"""Typed settings: defaults, validation, all-or-nothing saving, reset."""

from __future__ import annotations

import pytest

from wijkhulp.extensions import db
from wijkhulp.registry import settings as registry
from wijkhulp.settings import services as settings
from wijkhulp.settings.models import Setting


def _rows() -> dict[str, str]:
    return {row.key: row.value for row in db.session.scalars(db.select(Setting))}


def test_defaults_come_from_the_registry(ctx):
    assert settings.get("site_name") == "wijkhulp"
    assert settings.get("service_area") == ""
    assert _rows() == {}
    assert all(not changed for _, _, changed in settings.all_values())


def test_unknown_key(ctx):
    with pytest.raises(settings.UnknownSetting):
        settings.get("nope")
    with pytest.raises(settings.UnknownSetting):
        settings.set_value("nope", "1")
    with pytest.raises(settings.UnknownSetting):
        settings.set_many({"site_name": "Buren", "nope": "1"})
    with pytest.raises(settings.UnknownSetting):
        settings.reset("nope")
    assert _rows() == {}


def test_set_value_stores_the_typed_value(ctx, extra_specs):
    assert settings.set_value("test_expiry_days", " 45 ", actor="admin@example.org") == 45
    assert settings.get("test_expiry_days") == 45
    row = db.session.get(Setting, "test_expiry_days")
    assert (row.value, row.updated_by) == ("45", "admin@example.org")
    assert settings.set_value("test_premoderation", "ja") is True
    assert settings.get("test_premoderation") is True
    assert settings.set_value("contact_email", "Wijk@Example.ORG") == "Wijk@example.org"


@pytest.mark.parametrize("key, raw, message", [
    ("test_expiry_days", "ten", "whole number"),
    ("test_expiry_days", "3.5", "whole number"),
    ("test_expiry_days", "6", "lowest allowed value is 7"),
    ("test_expiry_days", "91", "highest allowed value is 90"),
    ("test_premoderation", "maybe", "yes or no"),
    ("contact_email", "not-an-address", "e-mail address"),
    ("site_name", "x" * 61, "at most 60 characters"),
    ("service_area", "3601-3608, Maarssen", "'Maarssen' is not a postcode area"),
    ("service_area", "3601, 1000", "1000"),
])
def test_bad_values_are_refused_and_nothing_is_stored(ctx, extra_specs, key, raw, message):
    with pytest.raises(settings.InvalidSetting) as info:
        settings.set_value(key, raw)
    assert message in str(info.value.message)
    assert info.value.field == key
    assert _rows() == {}


def test_a_postcode_list_is_stored_compact_and_only_with_existing_areas(ctx):
    assert settings.set_value("service_area", "3612 3601-3612, 3601") == "3601-3608, 3611-3612"
    assert settings.get("service_area") == "3601-3608, 3611-3612"
    assert settings.set_value("service_area", "") == ""


def test_set_many_stores_all_or_nothing(ctx, extra_specs):
    with pytest.raises(settings.SettingErrors) as info:
        settings.set_many({"site_name": "Burenhulp", "test_expiry_days": "abc", "contact_email": "nope"})
    assert sorted(e.field for e in info.value.errors) == ["contact_email", "test_expiry_days"]
    assert _rows() == {}
    assert settings.get("site_name") == "wijkhulp"


def test_set_many_returns_what_changed_and_keeps_defaults_unstored(ctx, extra_specs):
    changed = settings.set_many({"site_name": "Burenhulp", "test_expiry_days": "30", "test_premoderation": "false"})
    assert changed == ["site_name"]
    assert _rows() == {"site_name": "Burenhulp"}            # equal to the default: not stored
    assert settings.set_many({"site_name": "Burenhulp"}) == []


def test_reset_goes_back_to_the_default_and_is_idempotent(ctx):
    settings.set_value("site_name", "Burenhulp")
    settings.reset("site_name")
    assert settings.get("site_name") == "wijkhulp"
    settings.reset("site_name")
    assert _rows() == {}


def test_a_stored_value_that_no_longer_parses_falls_back_to_the_default(ctx, extra_specs):
    db.session.add(Setting(key="test_expiry_days", value="500"))
    db.session.commit()
    settings._forget()
    assert settings.get("test_expiry_days") == 30


def test_registering_a_key_twice_differently_is_a_programming_error():
    spec = registry.spec("site_name")
    assert registry.SETTINGS.add(spec) is spec
    with pytest.raises(RuntimeError):
        registry.SETTINGS.add(registry.SettingSpec("site_name", "int", 1, "Other"))
