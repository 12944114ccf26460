"""Two-step sign-in: staff are sent to the setup, wrong and replayed codes are refused, recovery codes work once,
a password alone never makes a session, and staff sign-ins and looks at personal data are in the audit log."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from tests import factories
from wijkhulp.accounts.models import User
from wijkhulp.accounts.twofactor import services as twofactor
from wijkhulp.accounts.twofactor.models import RecoveryCode, TotpCredential
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db


@pytest.fixture
def app(make_app):
    return make_app(REQUIRE_STAFF_2FA=True, BABEL_DEFAULT_LOCALE="en")


def _with_totp(email: str) -> tuple[str, list[str]]:
    """Turn two-step sign-in on for the account through the service; returns the secret and recovery codes.
    The setup code is of the previous time step, so the current code is still unused for the tests."""
    user = db.session.scalar(select(User).where(User.email == email))
    secret = twofactor.new_secret()
    totp = pyotp.TOTP(secret)
    codes = twofactor.enable(user, secret=secret, code=totp.at(twofactor._now() - 30))
    return secret, codes


def _password_step(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login/code")


def _signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_manager_without_two_step_sign_in_is_sent_to_setup(app, client):
    with app.app_context():
        email = factories.manager().email
    factories.login(client, email)
    for page in ("/manage/", "/manage/dashboard", "/manage/audit"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert "/account/two-factor/setup" in response.headers["Location"]
    setup = client.get("/account/two-factor/setup")
    assert setup.status_code == 200 and "<svg" in setup.get_data(as_text=True)
    with client.session_transaction() as session:
        secret = session["2fa_setup_secret"]
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)) in setup.get_data(as_text=True)
    wrong = client.post("/account/two-factor/setup", data={"code": "000000"})
    assert wrong.status_code == 422
    done = client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    shown = [line for line in done.get_data(as_text=True).split("<code>")[1:]]
    assert len(shown) == 10
    assert client.get("/manage/queue").status_code == 200
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10
        first = shown[0].split("</code>")[0]
        assert all(first.replace("-", "") not in h for h in stored)  # hashed, never the code itself


def test_admin_pages_need_the_second_step_too(app, client):
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    assert "/account/two-factor/setup" in client.get("/admin/users").headers["Location"]


def test_not_required_when_the_switch_is_off(make_app):
    app = make_app(REQUIRE_STAFF_2FA=False)
    client = app.test_client()
    with app.app_context():
        email = factories.manager().email
    factories.login(client, email)
    assert client.get("/manage/queue").status_code == 200


def test_password_alone_does_not_sign_in_and_a_wrong_code_is_refused(app, client):
    with app.app_context():
        email = factories.manager().email
        _with_totp(email)
    _password_step(client, email)
    assert not _signed_in(client)
    assert client.get("/manage/queue").status_code == 302  # still a visitor
    for bad in ("000000", "12345", "abcdefghijkl", "", "9" * 40):
        assert client.post("/login/code", data={"code": bad}).status_code == 422
    assert not _signed_in(client)


def test_a_code_is_accepted_once_replay_in_the_same_time_step_is_refused(app, client):
    with app.app_context():
        email = factories.manager().email
        secret, _codes = _with_totp(email)
    code = pyotp.TOTP(secret).now()
    _password_step(client, email)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert _signed_in(client)
    assert client.get("/manage/queue").status_code == 200
    client.post("/logout")
    other = client.application.test_client()  # an attacker who saw the code and knows the password
    _password_step(other, email)
    replay = other.post("/login/code", data={"code": code})
    assert replay.status_code == 422
    assert not _signed_in(other)


def test_two_racing_uses_of_one_code_let_only_one_through(app):
    with app.app_context():
        email = factories.user().email
        secret, _codes = _with_totp(email)
        user = db.session.scalar(select(User).where(User.email == email))
        code = pyotp.TOTP(secret).now()
        step = twofactor._matching_step(secret, code)
        cred_id = twofactor.credential(user).id
    # both requests passed the check; the conditional UPDATE decides
    from wijkhulp.database import guarded_update

    with app.app_context():
        first = guarded_update(TotpCredential, cred_id, where=(TotpCredential.last_step < step,),
                               values={"last_step": step})
        second = guarded_update(TotpCredential, cred_id, where=(TotpCredential.last_step < step,),
                                values={"last_step": step})
        db.session.commit()
    assert (first, second) == (True, False)


def test_a_recovery_code_works_once(app, client):
    with app.app_context():
        email = factories.manager().email
        _secret, codes = _with_totp(email)
    _password_step(client, email)
    used = client.post("/login/code", data={"code": codes[3].upper().replace("-", " ")})
    assert used.status_code == 302
    assert _signed_in(client)
    client.post("/logout")
    _password_step(client, email)
    assert client.post("/login/code", data={"code": codes[3]}).status_code == 422
    assert not _signed_in(client)
    assert client.post("/login/code", data={"code": codes[4]}).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert twofactor.recovery_codes_left(user) == 8


def test_someone_elses_recovery_code_does_not_work(app, client):
    with app.app_context():
        victim = factories.manager().email
        other = factories.manager().email
        _with_totp(victim)
        _s, other_codes = _with_totp(other)
    _password_step(client, victim)
    assert client.post("/login/code", data={"code": other_codes[0]}).status_code == 422


def test_the_code_page_without_the_password_step_signs_nobody_in(app, client):
    with app.app_context():
        email = factories.manager().email
        secret, _ = _with_totp(email)
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not _signed_in(client)


def test_a_password_change_between_the_steps_ends_the_pending_sign_in(app, client):
    with app.app_context():
        email = factories.manager().email
        secret, _ = _with_totp(email)
    _password_step(client, email)
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).end_sessions()
        db.session.commit()
    client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert not _signed_in(client)


def test_remembered_session_without_the_second_step_is_asked_for_the_code_on_staff_pages(app, client):
    with app.app_context():
        email = factories.manager().email
        secret, _ = _with_totp(email)
    _password_step(client, email)
    client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    with client.session_transaction() as session:
        session.pop("2fa_passed")  # as after a session restored from the remember-me cookie
    response = client.get("/manage/queue")
    assert response.status_code == 302 and "/login/code" in response.headers["Location"]


def test_resident_may_switch_it_on_and_then_needs_a_code(app, client):
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    assert client.get("/manage/queue").status_code == 403
    client.get("/account/two-factor/setup")
    with client.session_transaction() as session:
        secret = session["2fa_setup_secret"]
    assert client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()}).status_code == 200
    client.post("/logout")
    _password_step(client, email)
    assert not _signed_in(client)


def test_staff_cannot_switch_it_off_while_required_residents_can(app, client):
    with app.app_context():
        manager = factories.manager().email
        resident = factories.user().email
        m_secret, _ = _with_totp(manager)
        r_secret, _ = _with_totp(resident)
        manager_user = db.session.scalar(select(User).where(User.email == manager))
        with pytest.raises(twofactor.TwoFactorRequired):
            twofactor.disable(manager_user, password=factories.PASSWORD, code=pyotp.TOTP(m_secret).now())
    _password_step(client, resident)
    client.post("/login/code", data={"code": pyotp.TOTP(r_secret).now()})
    # the code just used cannot switch it off (replay); a recovery code can, with the password
    assert client.post("/account/two-factor/off", data={"password": factories.PASSWORD,
                                                         "code": pyotp.TOTP(r_secret).now()}).status_code == 422
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == resident))
        assert twofactor.is_enabled(user)


def test_staff_sign_ins_and_looks_at_personal_data_are_audited(app, client):
    with app.app_context():
        admin = factories.admin().email
        resident = factories.user(display_name="Rosa")
        resident_id = resident.id
        secret, _ = _with_totp(admin)
        resident_email = factories.user().email
    _password_step(client, admin)
    client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert client.get(f"/admin/users/{resident_id}").status_code == 200
    assert client.get("/admin/users").status_code == 200
    assert client.get("/manage/audit.csv").status_code == 200
    factories.login(client.application.test_client(), resident_email)  # residents' sign-ins are not logged
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        sign_ins = [e for e in entries if e.action == "auth.sign_in"]
        assert len(sign_ins) == 1 and sign_ins[0].details["method"] == "totp"
        view = next(e for e in entries if e.action == "personal_data.view")
        assert view.subject_id == resident_id and view.target_id == str(resident_id)
        listing = next(e for e in entries if e.action == "personal_data.list")
        assert resident_id in listing.details["user_ids"]
        assert any(e.action == "personal_data.export" and e.target_key == "audit_log" for e in entries)


def test_password_only_staff_sign_in_is_audited(make_app):
    app = make_app(REQUIRE_STAFF_2FA=False)
    with app.app_context():
        email = factories.manager().email
    factories.login(app.test_client(), email)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.sign_in"))
        assert entry is not None and entry.details["method"] == "password"


def test_code_guessing_is_rate_limited_per_account(make_app):
    app = make_app(REQUIRE_STAFF_2FA=True, RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1)
    with app.app_context():
        email = factories.manager().email
        _with_totp(email)
    statuses = []
    for n in range(7):  # a new address and a new password step each time: the limit is on the account
        client = app.test_client()
        headers = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
        client.post("/login", data={"email": email, "password": factories.PASSWORD}, headers=headers)
        statuses.append(client.post("/login/code", data={"code": "000000"}, headers=headers).status_code)
    assert statuses[:5] == [422] * 5
    assert statuses[5:] == [429, 429]


def test_deleting_the_account_removes_the_two_step_data(app, client):
    with app.app_context():
        email = factories.user().email
        secret, _ = _with_totp(email)
    _password_step(client, email)
    client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    client.post("/account/delete", data={"password": factories.PASSWORD, "confirm": "y"})
    with app.app_context():
        assert db.session.scalar(select(TotpCredential)) is None
        assert db.session.scalar(select(RecoveryCode)) is None
