"""The low registries features plug into: content types, queue sources, the kindness nudge; CSV cells."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask, render_template_string
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from tests import factories
from wijkhulp import kindness
from wijkhulp.registry import content as contenttypes
from wijkhulp.registry.content import ContentType, QueueRow, QueueSource
from wijkhulp.moderation import queries
from wijkhulp.moderation.exports import cell, csv_text


class _Thing:
    hidden_at = None

    def __init__(self, id: int) -> None:
        self.id = id


class _NoHiddenMark:
    pass


def test_register_a_content_type() -> None:
    kind = ContentType(
        "thing", label="Thing", model=_Thing, author_of=lambda o: None, pc4_of=lambda o: "3601",
        summary_of=lambda o: "  a   long\ntitle " * 20, remove=lambda o: None)
    before = contenttypes.content_types()
    with contenttypes.CONTENT_TYPES.isolated(kind):
        assert contenttypes.content_type("thing") is kind and contenttypes.content_types() == [kind]
        assert contenttypes.content_type("other") is None
    assert contenttypes.content_types() == before and contenttypes.content_type("thing") is None
    thing = _Thing(1)
    assert kind.hide(thing) is True and kind.is_hidden(thing) and kind.hide(thing) is False
    assert kind.unhide(thing) is True and kind.unhide(thing) is False
    assert len(kind.summary(thing, limit=30)) == 30 and kind.summary(thing).startswith("a long title")
    assert kind.url(thing) is None and kind.text(thing) == ""
    with pytest.raises(ValueError):
        ContentType("Bad Key", label="", model=_Thing, author_of=lambda o: None, pc4_of=lambda o: None,
                    summary_of=str, remove=lambda o: None)
    with pytest.raises(TypeError):
        ContentType("nomark", label="", model=_NoHiddenMark, author_of=lambda o: None, pc4_of=lambda o: None,
                    summary_of=str, remove=lambda o: None)


def test_premoderate_needs_a_registered_type(ctx) -> None:
    with pytest.raises(KeyError):
        contenttypes.premoderate("not_registered", object(), None)


def test_profiles_are_registered(ctx) -> None:
    kind = contenttypes.content_type("profile")
    person = factories.user(bio="Over mij", skills="tuinieren", postcode="3601 AB")
    assert kind is not None and kind.author_of(person) is person and kind.pc4_of(person) == "3601"
    assert kind.text(person) == "Over mij\n\ntuinieren"


def test_queue_sources_appear_in_the_queue_with_the_managers_scope(ctx, monkeypatch) -> None:
    monkeypatch.setattr(contenttypes.QUEUE_SOURCES, "_entries", {})
    seen: list[Any] = []

    def unanswered(pc4s: frozenset[str] | None) -> list[QueueRow]:
        seen.append(pc4s)
        rows = [QueueRow("listing", 1, "Boodschappen", "3601"), QueueRow("listing", 2, "Tuin", "3621")]
        return [r for r in rows if pc4s is None or r.pc4 in pc4s]

    contenttypes.QUEUE_SOURCES.add(QueueSource("unanswered", title="Nobody answered", load=unanswered, limit=1))
    sections = queries.source_sections(frozenset({"3601"}))
    assert [(s.key, [r.summary for r in rows]) for s, rows in sections] == [("unanswered", ["Boodschappen"])]
    assert [len(rows) for _, rows in queries.source_sections(None)] == [1]  # the limit
    assert seen == [frozenset({"3601"}), None]


def test_a_queue_source_shows_on_the_page(app, monkeypatch, world) -> None:
    monkeypatch.setattr(contenttypes.QUEUE_SOURCES, "_entries", {})
    contenttypes.QUEUE_SOURCES.add(QueueSource(
        "ideas_waiting", title="Ideas waiting for approval",
        load=lambda pc4s: [QueueRow("idea", 7, "Buurtmoestuin", "3601", note="Round 1", url="/ideas/7")]))
    client = app.test_client()
    factories.login(client, world.manager_email)
    page = client.get("/manage/queue").get_data(as_text=True)
    assert "Ideas waiting for approval" in page and 'href="/ideas/7"' in page and "Buurtmoestuin" in page


# ---------------------------------------------------------------- kindness

@pytest.mark.parametrize("text, words, found", [
    ("Wat een idioot!", ["idioot"], ["idioot"]),
    ("IDIOOT", ["idioot"], ["IDIOOT"]),
    ("idioten en idiote dingen", ["idioot"], []),  # whole words only
    ("wat een kankerlijer", ["kanker*"], ["kankerlijer"]),
    ("rot   op nou", ["rot op"], ["rot   op"]),
    ("Dat is stómme onzin", ["stomme"], ["stómme"]),  # accents do not matter
    ("sukkel, Sukkel en idioot", ["idioot", "sukkel"], ["sukkel", "idioot"]),  # order of the text, each once
    ("", ["idioot"], []),
    ("lief bericht", [], []),
])
def test_match(text: str, words: list[str], found: list[str]) -> None:
    assert kindness.match(text, words) == found


def test_parse_words() -> None:
    assert kindness.parse_words("Idioot, sukkel\n rot   op ;idioot\n*\n,") == ["idioot", "sukkel", "rot op"]


class _MessageForm(kindness.KindnessFormMixin, FlaskForm):
    title = StringField("Title")
    body = TextAreaField("Message")


def test_the_nudge_asks_once_and_lets_the_author_post_anyway(app: Flask) -> None:
    with app.test_request_context(method="POST", data={"title": "Hallo", "body": "Je bent een sukkel"}):
        form = _MessageForm()
        assert form.validate()
        assert kindness.needs_kindness_nudge(form, "title", "body") is True
        assert form.kindness_words == ["sukkel"]
        html = render_template_string('{% from "moderation/_kindness.html" import kindness_nudge %}'
                                      "{{ kindness_nudge(form) }}", form=form)
        assert 'role="alert"' in html and "“sukkel”" in html and 'name="kindness_ack"' in html
    with app.test_request_context(method="POST", data={"title": "Hallo", "body": "Je bent een sukkel",
                                                       "kindness_ack": "y"}):
        form = _MessageForm()
        assert form.validate() and kindness.needs_kindness_nudge(form, "title", "body") is False
    with app.test_request_context(method="POST", data={"title": "Hallo", "body": "Dank je wel!"}):
        form = _MessageForm()
        assert form.validate() and kindness.needs_kindness_nudge(form, "body") is False
        html = render_template_string('{% from "moderation/_kindness.html" import kindness_nudge %}'
                                      "{{ kindness_nudge(form) }}", form=form)
        assert html.strip() == ""


def test_the_nudge_needs_the_mixin(app: Flask) -> None:
    class Plain(FlaskForm):
        body = TextAreaField("Message")

    with app.test_request_context(method="POST", data={"body": "x"}):
        with pytest.raises(TypeError):
            kindness.needs_kindness_nudge(Plain(), "body")


def test_report_link_macro(app: Flask) -> None:
    with app.test_request_context():
        html = render_template_string('{% from "moderation/_macros.html" import report_link %}'
                                      '{{ report_link("listing", 12) }}')
    assert 'href="/report/listing/12"' in html


# ---------------------------------------------------------------- CSV cells

@pytest.mark.parametrize("value, text", [
    (None, ""), (True, "1"), (3, "3"), (2.5, "2.5"), ("gewoon", "gewoon"), ("=1+1", "'=1+1"), ("+31", "'+31"),
    ("-5", "'-5"), ("@foo", "'@foo"), ("<5", "<5"),
])
def test_cell(value: Any, text: str) -> None:
    assert cell(value) == text


def test_csv_text_parses_back() -> None:
    rows = [("a,b", 'say "hi"', "line\nbreak", None, 5)]
    parsed = list(csv.reader(io.StringIO(csv_text(("x", "y", "z", "n", "v"), rows), newline="")))
    assert parsed == [["x", "y", "z", "n", "v"], ["a,b", 'say "hi"', "line\nbreak", "", "5"]]
