"""The audit log in plain words: every action key the code writes has a sentence, pages show sentences in the
reader's language with the current title, filters list names, and a reason marked "(optional)" is never needed."""

from __future__ import annotations

import ast
import pathlib
import re

from tests import factories
from tests.marketplace import helpers
from tests.moderation.conftest import build_world
from wijkhulp import audit
from wijkhulp.extensions import db

ROOT = pathlib.Path(__file__).resolve().parents[2] / "wijkhulp"
ACTION = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_]+")
# The functions that write an entry, and the position of their action argument.
WRITERS = {"record": 1, "_record": 1, "_audit": 1, "record_staff_look": 1}


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and ACTION.fullmatch(n.value)}


def written_action_keys() -> set[str]:
    """Every action key passed to an audit writer anywhere in wijkhulp/ (literals, `a if x else b`, defaults of
    the writers' `action` parameter, and dicts named *_AUDIT that map choices to keys)."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in WRITERS:
                    position = WRITERS[name]
                    if len(node.args) > position:
                        found |= _strings(node.args[position])
                    found |= {s for k in node.keywords if k.arg == "action" for s in _strings(k.value)}
            elif isinstance(node, ast.FunctionDef) and node.name in WRITERS:
                args = node.args.args[-len(node.args.defaults):] if node.args.defaults else []
                found |= {s for a, d in zip(args, node.args.defaults, strict=True) if a.arg == "action"
                          for s in _strings(d)}
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_AUDIT")
                                                      for t in node.targets):
                found |= _strings(node.value)
    return found


def test_every_action_the_code_writes_has_a_sentence() -> None:
    keys = written_action_keys()
    # the collector itself works: it finds keys of each way of writing them
    assert {"moderation.warn", "moderation.auto_hide", "setting.change", "setting.reset", "proposal.approve",
            "marketplace.category_on", "marketplace.category_off", "organisation.verify",
            "personal_data.export", "idea.reject"} <= keys
    missing = sorted(keys - set(audit.ACTIONS))
    assert not missing, f"audit actions without a sentence in wijkhulp.audit.ACTIONS: {missing}"


def test_every_sentence_uses_only_known_placeholders() -> None:
    allowed = {"target", "subject", "person", "from", "to", "method"}
    for key, text in audit.ACTIONS.items():
        used = set(re.findall(r"%\((\w+)\)s", text.sentence._args[0]))
        assert used <= allowed, key


def test_the_audit_log_and_the_history_speak_dutch(make_app) -> None:
    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.app_context():
        world = build_world()
        from wijkhulp.accounts.models import User

        author = db.session.get(User, world.author_id)
        listing = helpers.listing(author, title="Tuin winterklaar")
        listing_id = listing.id
    manager = app.test_client()
    factories.login(manager, world.manager_email)
    response = manager.post(f"/manage/items/listing/{listing_id}/warn", data={"reason": "Wees vriendelijk."})
    assert response.status_code in (302, 303)
    page = manager.get("/manage/audit").get_data(as_text=True)
    assert "Waarschuwing gegeven aan Erik over hulpvraag “Tuin winterklaar”" in page
    assert "moderation.warn listing" not in page and "<code>moderation" not in page
    assert "Wijk “Maarssen” aangemaakt" in page  # a sentence starts with a capital
    # the filter lists names, with the keys as values
    assert '<option value="moderation.warn">Waarschuwing gegeven</option>' in page
    assert '<option value="listing">Hulpvraag of aanbod</option>' in page
    # the item's history and the person's history say the same
    item = manager.get(f"/manage/items/listing/{listing_id}").get_data(as_text=True)
    assert "Waarschuwing gegeven aan Erik over hulpvraag “Tuin winterklaar”" in item
    person = manager.get(f"/manage/users/{world.author_id}").get_data(as_text=True)
    assert "Waarschuwing gegeven aan Erik over hulpvraag “Tuin winterklaar”" in person
    # the current title: rename the listing, the log follows
    with app.app_context():
        from wijkhulp.marketplace.models import Listing

        db.session.get(Listing, listing_id).title = "Tuin klaar voor de winter"
        db.session.commit()
    assert "over hulpvraag “Tuin klaar voor de winter”" in manager.get("/manage/audit").get_data(as_text=True)


def test_an_entry_about_something_gone_keeps_a_readable_sentence(make_app) -> None:
    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.app_context():
        from wijkhulp.neighbourhoods import services as neighbourhoods

        hood = neighbourhoods.create_neighbourhood(name="Oud-Zuilen", areas="3611")
        neighbourhoods.delete_neighbourhood(hood.id)
        admin = factories.admin(postcode="3601 AA", display_name="Ada")
        admin_email = admin.email
        audit.record(None, "moderation.hide", "listing", 99999, reason="test")
        db.session.commit()
    client = app.test_client()
    factories.login(client, admin_email)
    page = client.get("/manage/audit").get_data(as_text=True)
    assert "Wijk “Oud-Zuilen” (bestaat niet meer) verwijderd" in page  # the name stored in the entry
    assert "Hulpvraag of aanbod 99999 (bestaat niet meer) offline gehaald" in page


def test_in_english_the_same_entries_read_in_english(make_app) -> None:
    app = make_app(BABEL_DEFAULT_LOCALE="en")
    with app.app_context():
        world = build_world()
        from wijkhulp.accounts.models import User

        listing_id = helpers.listing(db.session.get(User, world.author_id), title="Tuin winterklaar").id
    manager = app.test_client()
    factories.login(manager, world.manager_email)
    manager.post(f"/manage/items/listing/{listing_id}/warn", data={"reason": "Be kind."})
    page = manager.get("/manage/audit").get_data(as_text=True)
    assert "Warned Erik about request “Tuin winterklaar”" in page


def test_the_decision_reason_is_not_marked_optional(make_app) -> None:
    """A warning, hiding and removing need a reason: the field may not say "(niet verplicht)"."""
    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.app_context():
        world = build_world()
    manager = app.test_client()
    factories.login(manager, world.manager_email)
    page = manager.get(f"/manage/items/profile/{world.author_id}").get_data(as_text=True)
    decide = page.split('id="decide-title"')[1].split("</form>")[0]
    assert "niet verplicht" not in decide
    assert "Nodig als je iets offline haalt" in decide
    refused = manager.post(f"/manage/items/profile/{world.author_id}/warn", data={"reason": ""})
    assert refused.status_code == 422
