"""`flask privacy purge`: what is past its retention period goes, what is not stays (boundaries), a second run
does nothing, a dry run changes nothing; inactive residents are warned once and a sign-in keeps the account;
records of neighbourhood plans survive with the person anonymised."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers as mh
from tests.proposals import helpers as ph
from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.models import SignIn, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import (Listing, ListingStatus, Match, Message, Response, ResponseStatus,
                                         ThankYou)
from wijkhulp.notifications.models import MailKind, Notification, OutboxMail
from wijkhulp.privacy import retention, services
from wijkhulp.proposals import services as proposals
from wijkhulp.proposals.models import Proposal
from wijkhulp.settings import services as settings

MINUTE = timedelta(minutes=1)


def _count(model) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _closed_listing(author, helper, *, closed_at, status=ListingStatus.WITHDRAWN, text="Rit naar het ziekenhuis"):
    cat = mh.category()
    listing = mh.raw_listing(author, category_id=cat.id, status=status, title=text, description=text,
                             created_at=closed_at - timedelta(days=40))
    listing.closed_at = closed_at
    listing.on_behalf_name = "Oma Truus"
    response = Response(listing=listing, responder_id=helper.id, status=ResponseStatus.ACCEPTED,
                        created_at=closed_at - timedelta(days=3), last_message_at=closed_at - timedelta(days=2))
    db.session.add(response)
    db.session.flush()
    db.session.add(Message(response=response, author_id=helper.id, body="Ik rij je wel.",
                           created_at=closed_at - timedelta(days=2)))
    db.session.add(Match(response=response, listing=listing, requester_id=author.id, helper_id=helper.id,
                         minutes=90, created_at=closed_at - timedelta(days=2)))
    db.session.commit()
    return listing


def test_closed_listings_are_anonymised_after_the_period_and_not_before(ctx):
    now = utcnow()
    cut = retention.months_before(now, 12)
    author, helper = factories.user(), factories.user()
    old = _closed_listing(author, helper, closed_at=cut - MINUTE)
    young = _closed_listing(author, helper, closed_at=cut + MINUTE, status=ListingStatus.COMPLETED)
    expired = _closed_listing(author, helper, closed_at=cut - MINUTE, status=ListingStatus.EXPIRED)
    expired.closed_at = None  # the expiry command does not set closed_at: the last change counts
    db.session.commit()
    db.session.execute(Listing.__table__.update().where(Listing.id == expired.id)
                       .values(updated_at=cut - MINUTE))
    cat = mh.category()
    still_open = mh.raw_listing(author, category_id=cat.id, created_at=now - timedelta(days=900),
                                expires_in=timedelta(days=2000))
    db.session.commit()

    assert services.purge_closed_listings(now=now) == 2
    db.session.expire_all()
    for purged in (old, expired):
        listing = db.session.get(Listing, purged.id)
        assert listing.purged_at is not None and listing.title == services.PURGED_TITLE
        assert listing.description == "" and listing.on_behalf_name is None
        assert not db.session.scalars(select(Message).join(Response).where(Response.listing_id == purged.id)).all()
        assert db.session.scalar(select(Match.minutes).where(Match.listing_id == purged.id)) == 90  # hours stay
    kept = db.session.get(Listing, young.id)
    assert kept.title == "Rit naar het ziekenhuis" and kept.purged_at is None and kept.on_behalf_name == "Oma Truus"
    assert db.session.scalars(select(Message).join(Response).where(Response.listing_id == young.id)).all()
    assert db.session.get(Listing, still_open.id).purged_at is None
    assert services.purge_closed_listings(now=now) == 0  # idempotent


def test_the_period_comes_from_the_setting(ctx):
    now = utcnow()
    author, helper = factories.user(), factories.user()
    listing = _closed_listing(author, helper, closed_at=retention.months_before(now, 4) - MINUTE)
    assert services.purge_closed_listings(now=now) == 0
    settings.set_value("retention_closed_listings_months", "4")
    assert services.purge_closed_listings(now=now) == 1
    assert db.session.get(Listing, listing.id).purged_at is not None


def test_conversations_thank_you_notes_notifications_and_mail_at_their_boundaries(ctx):
    now = utcnow()
    author, helper = factories.user(), factories.user()
    conversation_cut = retention.months_before(now, 12)
    old = _closed_listing(author, helper, closed_at=now - timedelta(days=1))
    young = _closed_listing(author, helper, closed_at=now - timedelta(days=1))
    db.session.execute(Response.__table__.update().where(Response.listing_id == old.id)
                       .values(last_message_at=conversation_cut - MINUTE))
    db.session.execute(Response.__table__.update().where(Response.listing_id == young.id)
                       .values(last_message_at=conversation_cut + MINUTE))
    thanks_cut = retention.months_before(now, 24)
    matches = {m.listing_id: m for m in db.session.scalars(select(Match))}
    db.session.add(ThankYou(match=matches[old.id], author_id=author.id, helper_id=helper.id, text="Dank je!",
                            created_at=thanks_cut - MINUTE))
    db.session.add(ThankYou(match=matches[young.id], author_id=author.id, helper_id=helper.id, text="Top!",
                            created_at=thanks_cut + MINUTE))
    note_cut = retention.months_before(now, 6)
    db.session.add_all([Notification(user_id=author.id, event="x", message="oud", created_at=note_cut - MINUTE),
                        Notification(user_id=author.id, event="x", message="nieuw", created_at=note_cut + MINUTE)])
    mail_cut = now - timedelta(days=90)

    def mail(**kw):
        return OutboxMail(kind=MailKind.ACCOUNT, to_address="a@example.org", subject="s", body="b", **kw)

    db.session.add_all([mail(sent_at=mail_cut - MINUTE), mail(sent_at=mail_cut + MINUTE),
                        mail(failed_at=mail_cut - MINUTE), mail(created_at=mail_cut - timedelta(days=9))])
    db.session.commit()

    assert services.purge_conversations(now=now) == 1
    assert services.purge_thank_you_notes(now=now) == 1
    assert services.purge_notifications(now=now) == 1
    assert services.purge_sent_mail(now=now) == 2
    assert [m.body for m in db.session.scalars(select(Message))] == ["Ik rij je wel."]
    assert db.session.scalar(select(Message.response_id)) == db.session.scalar(
        select(Response.id).where(Response.listing_id == young.id))
    assert [t.text for t in db.session.scalars(select(ThankYou))] == ["Top!"]
    assert [n.message for n in db.session.scalars(select(Notification))] == ["nieuw"]
    left = list(db.session.scalars(select(OutboxMail)))
    assert len(left) == 2 and sorted(m.status for m in left) == ["queued", "sent"]  # unsent mail always stays
    assert _count(Response) == 2  # the reactions themselves (no text) stay for the figures
    for step in (services.purge_conversations, services.purge_thank_you_notes, services.purge_notifications,
                 services.purge_sent_mail):
        assert step(now=now) == 0


# ---------------------------------------------------------------- inactive accounts

def _resident(last_active, **kw):
    person = factories.user(**kw)
    person.created_at = last_active - timedelta(days=30)
    person.last_login_at = last_active
    db.session.commit()
    return person


def _warnings(outbox_user) -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.user_id == outbox_user.id)))


def test_inactive_residents_are_warned_once_a_month_before_and_then_deleted(ctx):
    now = utcnow()
    due_in_ten_days = _resident(retention.months_before(now, 24) + timedelta(days=10), display_name="Gerda")
    due_in_forty_days = _resident(retention.months_before(now, 24) + timedelta(days=40))
    assert services.warn_inactive_accounts(now=now) == 1
    assert services.warn_inactive_accounts(now=now) == 0  # once, not every run
    assert services.warn_inactive_accounts(now=now + timedelta(days=1)) == 0
    [warning] = _warnings(due_in_ten_days)
    assert "Gerda" in warning.body and "24 months" in warning.body and "/login" in warning.body
    assert not _warnings(due_in_forty_days)

    # Past the period, but warned only 10 days ago: not yet.
    assert services.delete_inactive_accounts(now=now + timedelta(days=11)) == 0
    assert services.delete_inactive_accounts(now=now + timedelta(days=31)) == 1
    gone = db.session.get(User, due_in_ten_days.id)
    assert gone.is_deleted and gone.email.endswith("@deleted.invalid") and gone.public_name == "a former resident"
    assert services.delete_inactive_accounts(now=now + timedelta(days=31)) == 0
    assert not db.session.get(User, due_in_forty_days.id).is_deleted


def test_a_resident_who_was_never_warned_is_not_deleted(ctx):
    now = utcnow()
    person = _resident(retention.months_before(now, 60))
    assert services.delete_inactive_accounts(now=now) == 0  # first the warning, a month later the deletion
    assert services.warn_inactive_accounts(now=now) == 1
    assert services.delete_inactive_accounts(now=now + timedelta(days=29)) == 0
    assert services.delete_inactive_accounts(now=now + timedelta(days=30)) == 1
    assert db.session.get(User, person.id).is_deleted


def test_signing_in_after_the_warning_cancels_the_deletion(app, client):
    with app.app_context():
        now = utcnow()
        person = _resident(retention.months_before(now, 24) - timedelta(days=5))
        email, person_id = person.email, person.id
        assert services.warn_inactive_accounts(now=now - timedelta(days=31)) == 1
    factories.login(client, email)
    with app.app_context():
        assert db.session.get(User, person_id).inactivity_warned_at is None
        assert services.delete_inactive_accounts(now=utcnow() + timedelta(days=1)) == 0
        assert not db.session.get(User, person_id).is_deleted


def test_a_running_sign_in_counts_as_activity_and_a_later_absence_warns_again(ctx):
    now = utcnow()
    person = _resident(retention.months_before(now, 30))
    assert services.warn_inactive_accounts(now=now) == 1
    # The person keeps using the site with a remembered sign-in (no new login): not deleted.
    db.session.add(SignIn(user_id=person.id, token_hash="x" * 64, created_at=now, last_seen_at=now + MINUTE))
    db.session.commit()
    assert services.delete_inactive_accounts(now=now + timedelta(days=40)) == 0
    # Two years later they stopped again: a new warning is due (the old one was before their last visit).
    later = now + timedelta(days=2 * 366)
    assert services.warn_inactive_accounts(now=later) == 1
    assert len(_warnings(person)) == 2


def test_staff_are_never_deleted_for_inactivity_but_reported(ctx, runner):
    now = utcnow()
    staff = factories.manager(email="oud-manager@example.org")
    staff.last_login_at = staff.created_at = retention.months_before(now, 48)
    db.session.commit()
    assert services.warn_inactive_accounts(now=now) == 0
    assert services.delete_inactive_accounts(now=now + timedelta(days=60)) == 0
    assert [i.user.id for i in services.inactive_staff(now=now)] == [staff.id]
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Inactive staff accounts (kept, check them yourself): 1" in result.output
    assert "oud-manager@example.org" in result.output
    assert not db.session.get(User, staff.id).is_deleted


# ---------------------------------------------------------------- records the municipality must keep

def _finished_plan():
    manager = ph.manager()
    proposal = ph.submitted()
    proposals.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)
    proposals.complete_proposal(proposal.lead, proposal.id, report="Drie bankjes staan er.", spent_cents=9_500)
    return db.session.get(Proposal, proposal.id)


def _assert_record_kept_without_the_person(proposal_id, lead_id):
    proposal = db.session.get(Proposal, proposal_id)
    assert proposal is not None and proposal.granted_cents == 10_000 and proposal.spent_cents == 9_500
    assert proposal.report == "Drie bankjes staan er." and proposal.decided_at is not None
    lead = db.session.get(User, lead_id)
    assert proposal.lead_id == lead_id and lead.is_deleted and lead.public_name == "a former resident"
    assert lead.display_name == "" and lead.postcode is None and lead.email.endswith("@deleted.invalid")


def test_plan_records_survive_the_purge_of_an_inactive_lead_with_the_person_anonymised(ctx):
    proposal = _finished_plan()
    lead = proposal.lead
    now = utcnow()
    lead.last_login_at = lead.created_at = retention.months_before(now, 30)
    db.session.execute(SignIn.__table__.delete().where(SignIn.user_id == lead.id))
    db.session.commit()
    assert services.warn_inactive_accounts(now=now) == 1
    assert services.delete_inactive_accounts(now=now + timedelta(days=31)) == 1
    _assert_record_kept_without_the_person(proposal.id, lead.id)
    # The purge of content leaves plans alone, however old.
    for step in (services.purge_closed_listings, services.purge_conversations, services.purge_notifications):
        step(now=now + timedelta(days=3650))
    _assert_record_kept_without_the_person(proposal.id, lead.id)


def test_account_deletion_keeps_plan_records_and_anonymises_the_person(ctx):
    proposal = _finished_plan()
    lead_id = proposal.lead_id
    accounts.delete_account(proposal.lead, password=factories.PASSWORD)
    _assert_record_kept_without_the_person(proposal.id, lead_id)


# ---------------------------------------------------------------- the command

def _seed_everything_old():
    now = utcnow()
    author, helper = factories.user(), factories.user()
    _closed_listing(author, helper, closed_at=retention.months_before(now, 13))
    _closed_listing(author, helper, closed_at=now - timedelta(days=2))  # recent, but its conversation is old
    db.session.execute(Response.__table__.update().values(last_message_at=retention.months_before(now, 13)))
    db.session.add(Notification(user_id=author.id, event="x", message="oud", created_at=now - timedelta(days=400)))
    db.session.add(OutboxMail(kind=MailKind.ACCOUNT, to_address="a@example.org", subject="s", body="b",
                              sent_at=now - timedelta(days=100)))
    _resident(retention.months_before(now, 25))
    db.session.commit()


def _snapshot():
    return (_count(Listing.__table__.select().where(Listing.purged_at.is_(None)).subquery()), _count(Message),
            _count(Notification), _count(OutboxMail),
            db.session.scalar(select(func.count()).where(User.inactivity_warned_at.is_not(None))))


def test_dry_run_reports_and_changes_nothing_then_a_real_run_then_nothing_left(ctx, runner):
    _seed_everything_old()
    before = _snapshot()
    result = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert "Closed listings anonymised: 1" in result.output and "Inactive accounts warned: 1" in result.output
    db.session.expire_all()
    assert _snapshot() == before

    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    for line in ("Closed listings anonymised: 1", "Messages deleted: 1", "Notifications deleted: 1",
                 "Sent mails deleted: 1", "Inactive accounts warned: 1", "Inactive accounts deleted: 0"):
        assert line in result.output
    db.session.expire_all()
    assert _snapshot() != before

    again = runner.invoke(args=["privacy", "purge"])
    assert again.exit_code == 0
    counts = [line.rsplit(": ", 1)[1] for line in again.output.splitlines() if ": " in line and "staff" not in line]
    assert counts and set(counts) == {"0"}, again.output


def test_the_owner_and_the_helper_see_that_the_text_was_erased(app, client):
    with app.app_context():
        now = utcnow()
        author, helper = factories.user(), factories.user()
        listing = _closed_listing(author, helper, closed_at=retention.months_before(now, 13))
        listing_id, author_email, helper_email = listing.id, author.email, helper.email
        response_id = db.session.scalar(select(Response.id).where(Response.listing_id == listing_id))
        assert services.purge_closed_listings(now=now) == 1
    factories.login(client, author_email)
    html = client.get(f"/help/{listing_id}").get_data(as_text=True)
    assert "erased after the retention period" in html and "ziekenhuis" not in html
    client.post("/logout")
    factories.login(client, helper_email)
    thread = client.get(f"/responses/{response_id}")
    assert thread.status_code == 200
    text = thread.get_data(as_text=True)
    assert "The messages of this conversation were erased" in text and "Ik rij je wel." not in text


def test_retention_settings_refuse_periods_that_make_no_sense(ctx, runner):
    result = runner.invoke(args=["settings", "set", "retention_inactive_account_months", "1"])
    assert result.exit_code != 0 and "lowest allowed value is 3" in result.output
    result = runner.invoke(args=["settings", "set", "retention_sent_mail_days", "veel"])
    assert result.exit_code != 0 and "whole number" in result.output
    assert settings.get("retention_inactive_account_months") == 24
    assert settings.get("retention_sent_mail_days") == 90


def test_the_admin_settings_page_lists_the_retention_periods(app, client):
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    html = client.get("/admin/settings").get_data(as_text=True)
    assert "Retention periods" in html and 'name="retention_closed_listings_months"' in html
