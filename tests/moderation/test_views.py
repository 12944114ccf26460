"""The pages: reporting, the queue, decisions, blocking, the audit log with its CSV, manager neighbourhoods."""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests import factories
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.moderation.models import Report


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    factories.login(client, email)
    return client


def _count(app: Flask, model: type, *where: object) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _hidden(app: Flask, user_id: int) -> bool:
    with app.app_context():
        user = db.session.get(User, user_id)
        return user is not None and user.hidden_at is not None


# ---------------------------------------------------------------- reporting

def test_visitors_are_asked_to_sign_in(app, client, world) -> None:
    response = client.get(f"/report/profile/{world.author_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_report_form_and_a_second_report(app, world) -> None:
    client = _login(app, world.residents[0][1])
    page = client.get(f"/report/profile/{world.author_id}")
    assert page.status_code == 200 and 'name="reason"' in page.get_data(as_text=True)
    response = client.post(f"/report/profile/{world.author_id}", data={"reason": "spam", "text": "Reclame"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/report/done")
    assert "Thank you for your report" in client.get("/report/done").get_data(as_text=True)
    again = client.post(f"/report/profile/{world.author_id}", data={"reason": "unkind"}, follow_redirects=True)
    assert "You have already reported this" in again.get_data(as_text=True)
    assert _count(app, Report) == 1


def test_a_report_without_a_reason_comes_back_with_a_message(app, world) -> None:
    client = _login(app, world.residents[0][1])
    response = client.post(f"/report/profile/{world.author_id}", data={"reason": "", "text": ""})
    assert response.status_code == 422 and "Choose why you report this." in response.get_data(as_text=True)
    response = client.post(f"/report/profile/{world.author_id}", data={"reason": "other", "text": ""})
    assert response.status_code == 422 and "Tell us in a few words" in response.get_data(as_text=True)
    assert _count(app, Report) == 0


def test_own_profile_shows_a_note_instead_of_the_form(app, world) -> None:
    client = _login(app, world.author_email)
    page = client.get(f"/report/profile/{world.author_id}").get_data(as_text=True)
    assert "This is your own" in page and 'name="reason"' not in page
    client.post(f"/report/profile/{world.author_id}", data={"reason": "spam"})
    assert _count(app, Report) == 0


def test_unknown_content_is_404(app, world) -> None:
    client = _login(app, world.residents[0][1])
    assert client.get("/report/nothing/1").status_code == 404
    assert client.get("/report/profile/999999").status_code == 404


def test_three_reports_hide_then_the_manager_restores(app, world) -> None:
    """The story of the issue: three residents report → hidden → the manager restores → an audit entry."""
    for _, email in world.residents[:3]:
        _login(app, email).post(f"/report/profile/{world.author_id}", data={"reason": "spam"})
    assert _hidden(app, world.author_id)
    visitor = app.test_client()
    assert visitor.get(f"/people/{world.author_id}").status_code == 404
    assert _login(app, world.residents[3][1]).get(f"/report/profile/{world.author_id}").status_code == 404

    manager = _login(app, world.manager_email)
    queue = manager.get("/manage/queue").get_data(as_text=True)
    assert f"/manage/items/profile/{world.author_id}" in queue and "Erik" in queue
    item = manager.get(f"/manage/items/profile/{world.author_id}").get_data(as_text=True)
    assert "Goedkope zonnepanelen" in item and "offline" in item
    response = manager.post(f"/manage/items/profile/{world.author_id}/restore", data={"reason": "Valt mee"})
    assert response.status_code == 302
    assert not _hidden(app, world.author_id)
    assert visitor.get(f"/people/{world.author_id}").status_code == 200
    assert _count(app, AuditEntry, AuditEntry.action == "moderation.restore",
                  AuditEntry.actor_id == world.manager_id) == 1
    assert f"/manage/items/profile/{world.author_id}" not in manager.get("/manage/queue").get_data(as_text=True)


def test_remove_through_the_page(app, world) -> None:
    manager = _login(app, world.manager_email)
    response = manager.post(f"/manage/items/profile/{world.author_id}/remove", data={"reason": "Reclame"})
    assert response.status_code == 302
    with app.app_context():
        author = db.session.get(User, world.author_id)
        assert author is not None and author.bio == "" and author.is_hidden
    assert _count(app, AuditEntry, AuditEntry.action == "moderation.remove") == 1


def test_a_decision_without_a_needed_reason_is_422(app, world) -> None:
    manager = _login(app, world.manager_email)
    response = manager.post(f"/manage/items/profile/{world.author_id}/hide", data={"reason": ""})
    assert response.status_code == 422
    assert "Give a reason" in response.get_data(as_text=True)
    assert not _hidden(app, world.author_id)
    assert manager.post(f"/manage/items/profile/{world.author_id}/explode", data={}).status_code == 404


# ---------------------------------------------------------------- who may see and do what

def test_residents_and_visitors_cannot_use_the_manager_pages(app, client, world) -> None:
    resident = _login(app, world.residents[0][1])
    for url in ("/manage/queue", f"/manage/items/profile/{world.author_id}", "/manage/audit", "/manage/audit.csv",
                "/manage/users", f"/manage/users/{world.author_id}", "/manage/kindness-words", "/manage/managers"):
        assert resident.get(url).status_code == 403, url
        assert client.get(url).status_code == 302, url
    assert resident.post(f"/manage/items/profile/{world.author_id}/hide", data={"reason": "x"}).status_code == 403
    assert not _hidden(app, world.author_id)


def test_out_of_scope_attempts_are_refused_with_403(app, world) -> None:
    manager = _login(app, world.manager_email)
    assert manager.get(f"/manage/items/profile/{world.outsider_id}").status_code == 403
    for action in ("hide", "remove", "warn", "restore", "dismiss", "approve"):
        response = manager.post(f"/manage/items/profile/{world.outsider_id}/{action}", data={"reason": "x"})
        assert response.status_code == 403, action
    assert manager.get(f"/manage/users/{world.outsider_id}").status_code == 403
    assert manager.post(f"/manage/users/{world.outsider_id}/block", data={"reason": "x"}).status_code == 403
    assert manager.post(f"/manage/users/{world.outsider_id}/unblock", data={}).status_code == 403
    assert not _hidden(app, world.outsider_id)
    # nothing refused was logged (the staff sign-in itself is, since staff sign-ins are audited)
    assert _count(app, AuditEntry, AuditEntry.actor_id == world.manager_id, AuditEntry.action != "auth.sign_in") == 0
    # the admin may
    admin = _login(app, world.admin_email)
    assert admin.get(f"/manage/items/profile/{world.outsider_id}").status_code == 200
    assert admin.post(f"/manage/items/profile/{world.outsider_id}/hide", data={"reason": "x"}).status_code == 302


def test_the_queue_shows_only_the_managers_neighbourhoods(app, world) -> None:
    for _, email in world.residents[:1]:
        client = _login(app, email)
        client.post(f"/report/profile/{world.author_id}", data={"reason": "spam"})
        client.post(f"/report/profile/{world.outsider_id}", data={"reason": "spam"})
    page = _login(app, world.manager_email).get("/manage/queue").get_data(as_text=True)
    assert f"/manage/items/profile/{world.author_id}" in page
    assert f"/manage/items/profile/{world.outsider_id}" not in page
    admin_page = _login(app, world.admin_email).get("/manage/queue").get_data(as_text=True)
    assert f"/manage/items/profile/{world.outsider_id}" in admin_page


# ---------------------------------------------------------------- blocking

def test_a_blocked_resident_is_signed_out_and_cannot_sign_in_or_post(app, world) -> None:
    author = _login(app, world.author_email)
    assert author.get("/account/").status_code == 200
    manager = _login(app, world.manager_email)
    assert manager.post(f"/manage/users/{world.author_id}/block", data={"reason": ""}).status_code == 422
    response = manager.post(f"/manage/users/{world.author_id}/block", data={"reason": "Steeds weer reclame."})
    assert response.status_code == 302
    assert author.get("/account/").status_code == 302  # every session ended
    login = app.test_client().post("/login", data={"email": world.author_email, "password": factories.PASSWORD})
    assert login.status_code != 302 and "blocked" in login.get_data(as_text=True)
    # posting (here: reporting) needs a session: the old one is gone
    assert author.post(f"/report/profile/{world.residents[0][0]}", data={"reason": "spam"}).status_code == 302
    assert _count(app, Report) == 0
    assert manager.post(f"/manage/users/{world.author_id}/unblock", data={"reason": "Afgesproken"}).status_code == 302
    factories.login(app.test_client(), world.author_email)
    assert _count(app, AuditEntry, AuditEntry.action.in_(["user.block", "user.unblock"])) == 2


def test_blocked_accounts_page(app, world) -> None:
    manager = _login(app, world.manager_email)
    manager.post(f"/manage/users/{world.author_id}/block", data={"reason": "Reclame"})
    page = manager.get("/manage/users").get_data(as_text=True)
    assert "Erik" in page
    user_page = manager.get(f"/manage/users/{world.author_id}").get_data(as_text=True)
    assert "Blocked the account of Erik" in user_page and "Reclame" in user_page


# ---------------------------------------------------------------- the audit log

def _csv(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    response = client.get("/manage/audit.csv" + query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_audit_log_filters_and_csv(app, world) -> None:
    manager = _login(app, world.manager_email)
    manager.post(f"/manage/items/profile/{world.author_id}/hide", data={"reason": '=HYPERLINK("x"), "quoted"\nnext'})
    manager.post(f"/manage/items/profile/{world.author_id}/restore", data={})
    page = manager.get("/manage/audit?action=moderation.hide").get_data(as_text=True)
    assert "moderation.hide" in page and "moderation.restore" not in page.split("<tbody>")[1]
    rows = _csv(manager)
    assert [r["action"] for r in rows][:2] == ["moderation.restore", "moderation.hide"]
    hide = rows[1]
    assert hide["reason"] == "'=HYPERLINK(\"x\"), \"quoted\"\nnext"  # parsed back intact, formula defused
    assert hide["actor"] == "Marieke" and hide["target"] == "profile" and hide["target_id"] == str(world.author_id)
    assert list(rows[0].keys()) == ["id", "time", "actor", "action", "target", "target_id", "pc4", "reason",
                                    "details"]
    assert [r["action"] for r in _csv(manager, "?action=moderation.hide")] == ["moderation.hide"]
    assert [r["action"] for r in _csv(manager, "?actor=marieke&target_key=profile")] == [
        "moderation.restore", "moderation.hide"]
    assert _csv(manager, "?actor=nobody") == []
    assert _csv(manager, "?start=2000-01-01&end=2000-01-31") == []
    system = _csv(manager, "?actor=system")
    assert {r["action"] for r in system} == {"manager.assign", "neighbourhood.create"}


def test_a_manager_sees_no_entries_from_other_neighbourhoods(app, world) -> None:
    _login(app, world.admin_email).post(f"/manage/items/profile/{world.outsider_id}/hide", data={"reason": "x"})
    manager = _login(app, world.manager_email)
    assert all(r["pc4"] != "3621" for r in _csv(manager))
    assert any(r["pc4"] == "3621" for r in _csv(_login(app, world.admin_email)))


def test_a_bad_date_in_the_filter_is_422(app, world) -> None:
    manager = _login(app, world.manager_email)
    assert manager.get("/manage/audit?start=gisteren").status_code == 422


# ---------------------------------------------------------------- managers per neighbourhood, word list

def test_admin_assigns_and_removes_a_manager(app, world) -> None:
    admin = _login(app, world.admin_email)
    assert _login(app, world.manager_email).get("/manage/managers").status_code == 403
    page = admin.get("/manage/managers").get_data(as_text=True)
    assert "Marieke" in page and "Breukelen" in page
    response = admin.post("/manage/managers", data={"user_id": world.manager_id,
                                                    "neighbourhood_id": world.breukelen_id})
    assert response.status_code == 302
    assert _login(app, world.manager_email).get(f"/manage/items/profile/{world.outsider_id}").status_code == 200
    response = admin.post(f"/manage/managers/{world.breukelen_id}/{world.manager_id}/remove")
    assert response.status_code == 302
    assert _login(app, world.manager_email).get(f"/manage/items/profile/{world.outsider_id}").status_code == 403
    bad = admin.post("/manage/managers", data={"user_id": world.residents[0][0],
                                               "neighbourhood_id": world.breukelen_id})
    assert bad.status_code == 422


def test_only_an_admin_edits_the_site_wide_kindness_words(app, world) -> None:
    refused = _login(app, world.manager_email)
    assert refused.get("/manage/kindness-words").status_code == 403
    assert refused.post("/manage/kindness-words", data={"words": "sukkel"}).status_code == 403
    assert 'href="/manage/kindness-words"' not in refused.get("/manage/queue").get_data(as_text=True)
    with app.app_context():
        from wijkhulp import kindness

        assert "idioot" in kindness.words()
    manager = _login(app, world.admin_email)
    page = manager.get("/manage/kindness-words").get_data(as_text=True)
    assert "idioot" in page
    response = manager.post("/manage/kindness-words", data={"words": "sukkel\nrot op\nSUKKEL\n"})
    assert response.status_code == 302
    with app.app_context():
        from wijkhulp import kindness

        assert kindness.words() == ["sukkel", "rot op"]
        assert kindness.check("Wat een Sukkel, rot  op!") == ["Sukkel", "rot  op"]
        assert kindness.check("idioot") == []
    assert _count(app, AuditEntry, AuditEntry.target_id == "kindness_words") == 1
    too_long = manager.post("/manage/kindness-words", data={"words": "woord, " * 1000})
    assert too_long.status_code == 422


def test_admin_page_links_to_moderation_and_dashboard(app, world) -> None:
    page = _login(app, world.admin_email).get("/admin/").get_data(as_text=True)
    assert "/manage/queue" in page and "/manage/dashboard" in page
    header = _login(app, world.manager_email).get("/account/").get_data(as_text=True)
    assert 'href="/manage/queue"' in header and 'href="/manage/dashboard"' in header
    resident = _login(app, world.residents[0][1]).get("/account/").get_data(as_text=True)
    assert 'href="/manage/queue"' not in resident
