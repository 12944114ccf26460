"""The feature manifests: create_app installs exactly what they declare, and importing a module registers nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from wijkhulp import features
from wijkhulp.registry import chrome, content, events, metrics, personal_data, seeders, settings
from wijkhulp.registry.feature import Feature, install


def test_every_feature_has_a_manifest_and_each_name_once() -> None:
    names = [feature.name for feature in features()]
    assert len(names) == len(set(names)) == 17
    assert names.index("geo") < names.index("accounts") < names.index("marketplace") < names.index("moderation")


def test_the_registries_hold_what_the_manifests_declare(app) -> None:
    declared = features()
    assert {c.key for f in declared for c in f.content_types} == {c.key for c in content.content_types()}
    assert {q.key for f in declared for q in f.queue_sources} == {q.key for q in content.queue_sources()}
    assert [e.key for f in declared for e in f.events] == [e.key for e in events.event_types()]
    assert {s.key for f in declared for s in f.settings} == {s.key for s in settings.all_specs()}
    assert {x.key for f in declared for x in f.figures} == {x.key for x in metrics.figures()}
    assert {p.key for f in declared for p in f.personal_data} == {p.key for p in personal_data.holders()}
    declared_seeders = sorted((f.seeder for f in declared if f.seeder), key=lambda s: (s.order, s.key))
    assert seeders.seeders() == declared_seeders and len(declared_seeders) == 7
    assert {m.endpoint for m in chrome.MENU.all()} <= set(app.view_functions)
    blueprints = {bp.name for f in declared for bp in f.blueprints}
    assert blueprints == set(app.blueprints)


def test_a_feature_listed_twice_is_refused(app) -> None:
    with pytest.raises(RuntimeError):
        install(app, (Feature(name="twice"), Feature(name="twice")))


def test_building_a_second_app_changes_no_registry(app) -> None:
    from wijkhulp import create_app

    before = [e.key for e in events.event_types()], [c.key for c in content.content_types()]
    create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert ([e.key for e in events.event_types()], [c.key for c in content.content_types()]) == before


def test_importing_the_features_registers_nothing() -> None:
    """Only create_app fills the registries: importing services, views or even a manifest adds nothing."""
    code = textwrap.dedent("""
        import wijkhulp.marketplace.services, wijkhulp.ideas.services, wijkhulp.proposals.services
        import wijkhulp.moderation.services, wijkhulp.marketplace.feature, wijkhulp.moderation.feature
        from wijkhulp.registry import chrome, content, events, metrics, personal_data, seeders, settings
        sizes = [len(r) for r in (content.CONTENT_TYPES, content.QUEUE_SOURCES, content.MODERATION_HOOKS,
                                  events.EVENTS, settings.SETTINGS, metrics.FIGURES, metrics.SERIES,
                                  personal_data.PERSONAL_DATA, seeders.SEEDERS, chrome.MENU, chrome.HEADER_COUNTERS)]
        print(sum(sizes))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"
