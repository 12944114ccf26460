"""Manifest of the help marketplace: requests and offers, reactions, matches and thanks (/help, /responses)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import g, url_for
from flask_babel import lazy_gettext as _l

from wijkhulp.marketplace import content, demo, figures, queries, setting_specs, views
from wijkhulp.marketplace import cli
from wijkhulp.marketplace.cli import listings_cli
from wijkhulp.marketplace.models import Category, Listing, Message, ThankYou
from wijkhulp.marketplace.services import personal_data
from wijkhulp.registry.activity import ActivitySection
from wijkhulp.registry.chrome import HeaderCounter, MenuItem
from wijkhulp.registry.content import AuditTarget, ContentType, QueueSource, titles_by_id
from wijkhulp.registry.events import EventType
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.jobs import Job
from wijkhulp.registry.personal_data import PersonalData
from wijkhulp.registry.seeders import Seeder
from wijkhulp.web import linked_rows


def _thanks_url(note: ThankYou) -> str:
    """Public notes on the helper's page; other notes in the conversation, for its two people."""
    if note.is_public:
        return url_for("marketplace.profile_help", user_id=note.helper_id)
    return url_for("marketplace.show_response", response_id=note.match.response_id, _anchor="thank-you")


def _unread_conversations(user: Any) -> int:
    """The inbox link's badge: one COUNT per request, however many templates are rendered."""
    cached = g.get("_conversations_unread")
    if cached is None or cached[0] != user.id:
        cached = (user.id, queries.unread_conversations_count(user))
        g._conversations_unread = cached
    return int(cached[1])


FEATURE = Feature(
    name="marketplace",
    blueprints=(views.bp,),
    cli=(listings_cli,),
    jobs=(Job("listings_expire", "listings expire", timedelta(hours=1), cli.expire_job),
          Job("listings_send_checkins", "listings send-checkins", timedelta(hours=1), cli.send_checkins_job)),
    settings=setting_specs.SPECS,
    events=(
        EventType("listing_response", _l("Reaction to your request or offer"),
            _l("A neighbour reacts to your request or offer, or takes a reaction back.")),
        EventType("response_accepted", _l("Your reaction is accepted"),
            _l("Someone accepted your reaction. You can now contact each other.")),
        EventType("response_declined", _l("Your reaction is not accepted"),
            _l("Someone chose another neighbour, or the request or offer was closed.")),
        EventType("thread_message", _l("New message in a conversation"),
            _l("A neighbour sent you a message about a request or offer.")),
        EventType("matching_listing", _l("New request or offer that fits yours"),
            _l("A neighbour nearby posted something that fits your request or offer."), default_mode="digest"),
        EventType("listing_expiring", _l("Your request or offer goes offline soon"),
            _l("A few days before your request or offer goes offline.")),
        EventType("listing_expired", _l("Your request or offer went offline"),
            _l("Your request or offer was online for the maximum time. You can put it back online.")),
        EventType("contact_shared", _l("Someone wants to share contact details"),
            _l("The person you are matched with shares their contact details once you share yours too.")),
        EventType("match_checkin", _l("Did it work out?"),
            _l("A few days after a match we ask whether the help worked out.")),
        EventType("match_completed", _l("Help marked as done"),
            _l("Someone marked your help as done, sometimes with a thank-you note.")),
        EventType("match_cancelled", _l("A match was stopped"),
            _l("The other person stopped a match with you.")),
        EventType("help_invitation", _l("Can you help?"),
            _l("The community manager asks you to look at a request near you.")),
    ),
    audit_targets=(AuditTarget("category", _l("category"), titles_by_id(Category, "name")),),
    content_types=(
        ContentType(
            content.LISTING, label=_l("Request or offer"), model=Listing,
            author_of=lambda listing: content.person(listing.author), pc4_of=lambda listing: listing.pc4,
            summary_of=lambda listing: listing.title, remove=content.remove_listing, text_of=content.listing_text,
            visible_to=queries.can_see_listing,
            url_of=lambda listing: url_for("marketplace.show_listing", listing_id=listing.id), order=30),
        ContentType(
            content.MESSAGE, label=_l("Message in a conversation"), model=Message,
            author_of=lambda message: content.person(message.author),
            pc4_of=lambda message: message.response.listing.pc4, summary_of=content.message_summary,
            remove=content.remove_message, text_of=lambda message: message.body,
            visible_to=content.is_party, private_of=lambda message: True, context_of=content.message_before,
            url_of=lambda message: url_for("marketplace.show_response", response_id=message.response_id,
                                           _anchor=f"message-{message.id}"),
            order=32),
        ContentType(
            content.THANK_YOU, label=_l("Thank-you note"), model=ThankYou,
            author_of=lambda note: content.person(note.author), pc4_of=lambda note: note.match.listing.pc4,
            summary_of=lambda note: str(_l("Thank-you note for %(name)s", name=note.helper.public_name)),
            remove=content.remove_thanks, text_of=lambda note: note.text, url_of=_thanks_url, order=34,
            visible_to=content.thanks_visible_to, private_of=content.thanks_is_private),
    ),
    queue_sources=(
        QueueSource(
            content.UNANSWERED, title=_l("Requests nobody has answered"),
            load=linked_rows(content.unanswered_rows,
                             lambda row: url_for("marketplace.show_listing", listing_id=row.object_id)),
            description=_l("Open requests without any reaction after the number of days in the settings. Ask a "
                           "neighbour who may help on the page “Requests without a reaction”."),
            order=30, limit=content.UNANSWERED_LIMIT),
    ),
    figures=figures.FIGURES,
    series=figures.SERIES,
    personal_data=(
        PersonalData(
            "marketplace", export=personal_data.export_user_data, erase=personal_data.erase_user_data,
            purpose=_l("Bringing residents who ask for help together with neighbours who offer it: requests, "
                       "offers, reactions, conversations, matches, hours helped and thank-you notes"),
            data_subjects=_l("Residents; the people a request is for (first name only)"),
            data_categories=_l("Texts of requests and offers (these can say something about health: special "
                               "personal data, AVG art. 9), postcode area, conversations, choices to share contact "
                               "details, hours helped, thank-you notes"),
            recipients=_l("Open requests and offers: everyone, without a name and with only the postcode area. "
                          "Conversations: only the two people; a community manager only when reported. "
                          "Thank-you notes: public only when both agree"),
            legal_basis=_l("Public task (AVG art. 6(1)(e)); health data only as far as the person writes it "
                           "down, with explicit consent (art. 9(2)(a)). A DPIA applies"),
            retention=("retention_closed_listings_months", "retention_conversations_months",
                       "retention_thank_you_months")),
    ),
    activity=(
        ActivitySection(
            "marketplace_offers", title=_l("Offers of help"), template="marketplace/_organisation_offers.html",
            load=queries.open_offers_of_organisation, order=10,
            empty_text=_l("This organisation has no open offers of help at the moment.")),
    ),
    seeder=Seeder("marketplace", 20, demo.seed_marketplace),
    menu=(MenuItem("marketplace", "marketplace.index", _l("Help in your area"), order=20),),
    header_counters=(HeaderCounter("conversations_unread", _unread_conversations, endpoint="marketplace.inbox",
                                   label=_l("Messages"), order=10),),
)
