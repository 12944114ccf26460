"""Demo data: a lively marketplace across the Stichtse Vecht demo neighbourhoods (password wijkhulp-demo).

Requests and offers in every category, reactions and conversations, matches, completed help with thank-you
notes, a request posted by the community manager, and one that nobody answered yet. Stored directly (no
notifications or mail), with realistic ages; added once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import (Category, Listing, ListingKind, ListingStatus, Match, MatchStatus, Message,
                                         PartOfDay, Recurrence, Response, ResponseStatus, ThankYou, TimingKind,
                                         Urgency)

DEMO_PASSWORD = "wijkhulp-demo"

# email, display name, postcode, skills, phone
RESIDENTS = [
    ("jan@example.org", "Jan", "3603 BK", "klussen, fietsen repareren", "06 1000 0001"),
    ("fatima@example.org", "Fatima", "3604 CL", "koken, Arabisch en Nederlands", None),
    ("kees@example.org", "Kees", "3621 AE", "vervoer, tuin", "06 1000 0003"),
    ("ineke@example.org", "Ineke", "3632 AB", "gezelschap, handwerken", None),
    ("sanne@example.org", "Sanne", "3611 AC", "computerhulp, papierwerk", "06 1000 0005"),
    ("mohamed@example.org", "Mohamed", "3602 AA", "boodschappen, vervoer", None),
    ("els@example.org", "Els", "3628 AB", "huisdieren, tuin", None),
    ("pieter@example.org", "Pieter", "1393 PA", "klussen", "06 1000 0008"),
    ("wilma@example.org", "Wilma", "3633 AA", "koken, gezelschap", None),
    ("joost@example.org", "Joost", "3626 AA", "computerhulp", None),
    ("lotte@example.org", "Lotte", "3606 AB", "boodschappen, huisdieren", None),
    ("henk@example.org", "Henk", "3631 AA", "papierwerk, vervoer", "06 1000 0012"),
]

# key, author, kind, category slug, title, description, pc4, radius, timing, days ago, urgency, extra
LISTINGS: list[tuple[str, str, str, str, str, str, str, int, str, int, str, dict[str, Any]]] = [
    ("groceries-anna", "anna", "request", "groceries", "Boodschappen doen op dinsdag",
     "Ik heb last van mijn knie en kan niet goed naar de supermarkt. Wie wil op dinsdag een paar boodschappen "
     "voor mij doen? Het is een korte lijst. Ik betaal natuurlijk de boodschappen terug.",
     "3601", 2, "recurring", 3, "normal", {"recurrence": "weekly", "timing_note": "dinsdagochtend"}),
    ("groceries-mohamed", "mohamed", "offer", "groceries", "Ik neem je boodschappen mee",
     "Ik ga twee keer per week naar de Albert Heijn in Maarssen. Ik neem graag iets voor je mee.",
     "3602", 5, "recurring", 6, "low", {"recurrence": "weekly"}),
    ("groceries-lotte", "lotte", "offer", "groceries", "Boodschappen met de bakfiets",
     "Ik heb een bakfiets en tijd op woensdagmiddag. Grote boodschappen? Geen probleem.",
     "3606", 2, "recurring", 12, "low", {"recurrence": "weekly", "timing_note": "woensdagmiddag"}),
    ("transport-ineke", "ineke", "request", "transport", "Rit naar het ziekenhuis in Utrecht",
     "Ik moet op controle in het Antonius ziekenhuis. Wie kan mij brengen en halen? Ik loop met een rollator.",
     "3632", 25, "date", 2, "high", {"days_ahead": 6, "part_of_day": "morning"}),
    ("transport-kees", "kees", "offer", "transport", "Rijden naar dokter of ziekenhuis",
     "Ik ben met pensioen en heb een ruime auto. Ik rijd je graag naar de huisarts, het ziekenhuis of de kapper.",
     "3621", 25, "flexible", 9, "normal", {}),
    ("transport-henk", "henk", "offer", "transport", "Vervoer in en rond Nieuwersluis",
     "Ik kan op doordeweekse dagen mensen rijden in de buurt. Rolstoel past in de auto.",
     "3631", 10, "flexible", 15, "normal", {}),
    ("oddjobs-wilma", "wilma", "request", "odd-jobs", "Lamp ophangen in de woonkamer",
     "Ik heb een nieuwe lamp gekocht, maar ik durf niet meer op de trap. Wie helpt mij even?",
     "3633", 10, "flexible", 4, "normal", {}),
    ("oddjobs-jan", "jan", "offer", "odd-jobs", "Kleine klusjes in huis",
     "Lamp ophangen, kraan vervangen, kastje in elkaar zetten: ik help graag. Eigen gereedschap.",
     "3603", 5, "flexible", 20, "low", {}),
    ("oddjobs-pieter", "pieter", "offer", "odd-jobs", "Handige buurman in Nigtevecht",
     "Ik repareer fietsen en doe kleine klussen. Bel of stuur een bericht.",
     "1393", 10, "flexible", 7, "low", {}),
    ("company-els", "els", "request", "company", "Wandelen en een kopje koffie",
     "Sinds mijn man overleden is, ben ik veel alleen. Ik zou het fijn vinden als iemand af en toe langskomt "
     "voor een kopje koffie of een korte wandeling.",
     "3628", 10, "recurring", 5, "normal", {"recurrence": "fortnightly"}),
    ("company-ineke", "ineke", "offer", "company", "Gezellig samen handwerken",
     "Ik brei en haak graag. Wie wil samen handwerken en een praatje maken? Ook beginners zijn welkom.",
     "3632", 5, "recurring", 11, "low", {"recurrence": "weekly", "timing_note": "donderdagmiddag"}),
    ("company-anna", "anna", "offer", "company", "Koffie drinken en een praatje",
     "Ik ben vaak thuis en vind het gezellig als iemand langskomt. Of ik kom bij jou op de koffie, hier in de buurt.",
     "3601", 2, "flexible", 12, "low", {}),
    ("company-manager", "manager", "request", "company", "Iemand om mee te praten",
     "Een mevrouw uit Maarssen belde ons. Zij zoekt iemand die af en toe op bezoek komt. Zij heeft geen "
     "computer; de wijkmanager regelt het contact.",
     "3601", 5, "flexible", 9, "normal", {"assisted": "Greet", "note": "Belde op maandag; bereikbaar via de "
                                                                        "wijkbalie, telefoon bij de manager."}),
    ("garden-kees", "kees", "request", "garden", "Heg knippen voor de zomer",
     "Mijn heg is te hoog geworden. Ik heb een heggenschaar, maar mijn rug wil niet meer. Wie helpt?",
     "3621", 5, "flexible", 10, "low", {}),
    ("garden-els", "els", "offer", "garden", "Hulp in de tuin",
     "Onkruid wieden, gras maaien, plantjes zetten: ik doe het graag. Zelf heb ik geen tuin meer.",
     "3628", 10, "flexible", 14, "low", {}),
    ("garden-fatima", "fatima", "request", "garden", "Tuin winterklaar maken",
     "Wie helpt mij met bladeren ruimen en de tuinmeubelen opbergen? Ik zorg voor koffie en koekjes.",
     "3604", 5, "date", 1, "normal", {"days_ahead": 10, "part_of_day": "afternoon"}),
    ("computer-sanne", "sanne", "offer", "computer-help", "Hulp met telefoon, tablet en DigiD",
     "Ik leg rustig uit hoe je videobelt, foto's verstuurt of inlogt met DigiD. Bij jou thuis of in de bibliotheek.",
     "3611", 10, "flexible", 13, "low", {}),
    ("computer-anna", "anna", "request", "computer-help", "Videobellen met mijn kleinkinderen",
     "Mijn kleinkinderen wonen in Canada. Ik heb een tablet gekregen, maar weet niet hoe videobellen werkt.",
     "3601", 10, "flexible", 16, "normal", {}),
    ("computer-joost", "joost", "offer", "computer-help", "Computer traag? Ik kijk ernaar",
     "Ik ben student informatica en help je met een trage computer, een printer of een nieuwe telefoon.",
     "3626", 25, "flexible", 2, "low", {}),
    ("paperwork-wilma", "wilma", "request", "paperwork", "Hulp bij de belastingaangifte",
     "Elk jaar vind ik de aangifte moeilijk. Wie kijkt met mij mee? Ik heb alle papieren in een map.",
     "3633", 10, "date", 8, "high", {"days_ahead": 12, "part_of_day": "morning"}),
    ("paperwork-henk", "henk", "offer", "paperwork", "Brieven en formulieren samen invullen",
     "Ik was boekhouder. Ik help met formulieren, toeslagen en brieven van instanties.",
     "3631", 25, "flexible", 18, "low", {}),
    ("cooking-fatima", "fatima", "offer", "cooking", "Een warme maaltijd voor jou",
     "Ik kook elke dag voor mijn gezin en maak graag een portie extra voor een buur die dat kan gebruiken.",
     "3604", 2, "recurring", 7, "low", {"recurrence": "weekly", "timing_note": "op vrijdag"}),
    ("cooking-pieter", "pieter", "request", "cooking", "Leren koken voor één persoon",
     "Mijn vrouw kookte altijd. Wie leert mij een paar eenvoudige, gezonde maaltijden maken?",
     "1393", 10, "flexible", 6, "normal", {}),
    ("transport-sanne", "sanne", "request", "transport", "Mijn opa naar de kapper brengen",
     "Mijn opa woont in Oud-Zuilen en wil graag naar de kapper in Maarssen. Ik werk die dag. Wie rijdt hem? "
     "Opa weet ervan en vindt het fijn.",
     "3611", 5, "date", 2, "normal", {"on_behalf": "Gerrit", "days_ahead": 4, "part_of_day": "afternoon"}),
    ("pets-lotte", "lotte", "offer", "pets", "Uitlaten van je hond",
     "Ik wandel elke ochtend en neem je hond graag mee. Ook oppassen op katten is geen probleem.",
     "3606", 2, "recurring", 5, "low", {"recurrence": "weekly"}),
    ("pets-kees", "kees", "offer", "pets", "Oppassen op huisdieren",
     "Ik ben dol op dieren. Ik voer je kat, kippen of konijnen als je weg bent, in Breukelen en omgeving.",
     "3621", 10, "flexible", 6, "low", {}),
    ("pets-jan", "jan", "request", "pets", "Kattenoppas tijdens vakantie",
     "Wij gaan twee weken weg. Wie geeft onze twee katten eten en verschoont de bak?",
     "3603", 2, "date", 3, "normal", {"days_ahead": 20, "part_of_day": "any"}),
    ("pets-els", "els", "request", "pets", "Kippen voeren in het weekend",
     "Ik ben een weekend weg. Wie voert mijn vier kippen op zaterdag en zondag?",
     "3628", 5, "date", 8, "normal", {"days_ahead": 9, "part_of_day": "morning"}),
    ("other-mohamed", "mohamed", "request", "other", "Hulp bij verhuizen van een kast",
     "Ik krijg een kast van mijn buurvrouw. Wie helpt hem twee straten verder te dragen?",
     "3602", 2, "date", 1, "high", {"days_ahead": 2, "part_of_day": "evening"}),
    ("other-bram", "bram", "offer", "other", "Fietsen repareren en Nederlandse les",
     "Ik ben student in Breukelen. Ik repareer fietsen en oefen graag Nederlands met nieuwkomers.",
     "3621", 10, "flexible", 4, "low", {}),
    ("groceries-ineke-done", "ineke", "request", "groceries", "Boodschappen tijdens mijn griep",
     "Ik lig een week met griep in bed. Wie doet een paar keer boodschappen?",
     "3632", 5, "flexible", 25, "high", {}),
]

# listing key, responder, first message, outcome (open | declined | matched | completed), reply, hours, thanks
REACTIONS = [
    ("groceries-anna", "mohamed", "Ik ga op dinsdag toch al naar de Albert Heijn. Zal ik je lijstje meenemen?",
     "completed", "Wat fijn, Mohamed! Ik woon vlakbij de kerk.", "1", "Mohamed is een schat. Altijd op tijd en "
     "heel vriendelijk. Dank je wel!"),
    ("groceries-anna", "lotte", "Ik kan ook helpen, met de bakfiets.", "declined", None, None, None),
    ("transport-ineke", "kees", "Ik rijd je graag naar het Antonius. Hoe laat is de afspraak?", "matched",
     "Om 10 uur. Kun je mij om 9 uur ophalen?", None, None),
    ("oddjobs-wilma", "jan", "Ik kom graag even langs met een trapje en gereedschap.", "open", None, None, None),
    ("company-els", "ineke", "Ik woon in Loenen en kom graag een keer koffie drinken. Hou je van handwerken?",
     "matched", "Ja! Ik heb vroeger veel gebreid.", None, None),
    ("garden-kees", "els", "Ik help graag met de heg. Zaterdag?", "completed", "Zaterdag is goed, tot dan!", "3",
     "Els heeft de hele heg geknipt en ook nog het gras gemaaid. Top!"),
    ("computer-anna", "sanne", "Ik leg het je graag uit. Ik kom met mijn eigen tablet, dan oefenen we samen.",
     "completed", "Heel graag, ik zet koffie.", "1,5", "Ik heb gisteren voor het eerst met mijn kleindochter "
     "gebeld. Ik moest huilen van blijdschap. Dank je, Sanne!"),
    ("paperwork-wilma", "henk", "Ik help je graag met de aangifte. Neem de map maar mee naar de bibliotheek.",
     "matched", "Afgesproken, donderdag om 10 uur.", None, None),
    ("cooking-fatima", "wilma", "Wat lief! Ik eet graag mee op vrijdag.", "completed",
     "Ik breng het om 6 uur, goed?", "1", "Heerlijke couscous. Dank je wel, Fatima!"),
    ("pets-jan", "lotte", "Ik pas graag op je katten. Ik woon om de hoek.", "open", None, None, None),
    ("other-mohamed", "bram", "Ik kom met een vriend, dan tillen we hem met z'n drieën.", "open", None, None, None),
    ("groceries-ineke-done", "kees", "Beterschap! Ik doe morgen boodschappen voor je.", "completed",
     "Dank je wel, graag melk, brood en soep.", "2", "Kees kwam drie keer boodschappen brengen. Zo fijn!"),
]

UNANSWERED_KEY = "pets-els"  # eight days old and nobody reacted: the managers' page shows it


def _bio(pc4: str) -> str:
    area = geo.get_area(pc4)
    return f"Ik woon in {area.place}." if area else ""


def _users() -> dict[str, User]:
    from wijkhulp.accounts.services import hash_method

    users: dict[str, User] = {}
    for email, name, postcode, skills, phone in RESIDENTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, display_name=name, postcode=postcode, pc4=postcode[:4], skills=skills,
                        phone=phone.replace(" ", "") if phone else None, share_phone_default=phone is not None,
                        email_verified_at=utcnow(), terms_accepted_at=utcnow(), locale="nl",
                        bio=_bio(postcode[:4]))
            user.set_password(DEMO_PASSWORD, method=hash_method())
            db.session.add(user)
        users[email.split("@")[0]] = user
    for key in ("anna", "bram", "manager"):
        user = db.session.scalar(select(User).where(User.email == f"{key}@example.org"))
        if user is not None:
            users[key] = user
    db.session.flush()
    return users


def _listing(row: tuple[Any, ...], users: dict[str, User], categories: dict[str, Category]) -> Listing | None:
    key, author, kind, slug, title, description, pc4, radius, timing, days, urgency, extra = row
    if author not in users or slug not in categories:
        return None
    now = utcnow()
    created = now - timedelta(days=days, hours=len(key) % 9)
    listing = Listing(kind=ListingKind(kind), status=ListingStatus.OPEN, category_id=categories[slug].id,
                      author_id=users[author].id, title=title, description=description, pc4=pc4, radius_km=radius,
                      timing=TimingKind(timing), urgency=Urgency(urgency), timing_note=extra.get("timing_note", ""),
                      created_at=created, updated_at=created, expires_at=created + timedelta(days=30),
                      matches_notified_at=created)
    if timing == "date":
        listing.timing_date = date.today() + timedelta(days=extra.get("days_ahead", 7))
        listing.part_of_day = PartOfDay(extra.get("part_of_day", "any"))
    if timing == "recurring":
        listing.recurrence = Recurrence(extra.get("recurrence", "weekly"))
    if "assisted" in extra:
        listing.assisted_by_id = users[author].id
        listing.on_behalf_name, listing.on_behalf_consent_at = extra["assisted"], created
        listing.assisted_note = extra.get("note", "")
    elif "on_behalf" in extra:
        listing.on_behalf_name, listing.on_behalf_consent_at = extra["on_behalf"], created
    db.session.add(listing)
    return listing


def _reaction(row: tuple[Any, ...], listings: dict[str, Listing], users: dict[str, User]) -> None:
    key, responder, first, outcome, reply, hours, thanks = row
    listing = listings.get(key)
    if listing is None or responder not in users:
        return
    helper = users[responder]
    at = listing.created_at + timedelta(hours=5)
    status = {"open": ResponseStatus.OPEN, "declined": ResponseStatus.DECLINED}.get(outcome, ResponseStatus.ACCEPTED)
    response = Response(listing_id=listing.id, responder_id=helper.id, status=status, created_at=at,
                        decided_at=None if outcome == "open" else at + timedelta(hours=3), last_message_at=at,
                        responder_read_at=at)  # who writes has read; an unanswered reaction is new for the owner
    db.session.add(response)
    db.session.flush()
    db.session.add(Message(response_id=response.id, author_id=helper.id, body=first, created_at=at))
    if reply:
        response.last_message_at = response.owner_read_at = at + timedelta(hours=4)
        db.session.add(Message(response_id=response.id, author_id=listing.author_id, body=reply,
                               created_at=response.last_message_at))
    if outcome not in ("matched", "completed"):
        return
    requester_id, helper_id = (listing.author_id, helper.id) if listing.is_request else (helper.id, listing.author_id)
    requester, helping = db.session.get(User, requester_id), db.session.get(User, helper_id)
    assert requester is not None and helping is not None
    match = Match(response_id=response.id, listing_id=listing.id, requester_id=requester_id, helper_id=helper_id,
                  status=MatchStatus.ACTIVE, created_at=at + timedelta(hours=3),
                  requester_shares_email=requester.share_email_default,
                  requester_shares_phone=requester.share_phone_default and bool(requester.phone),
                  helper_shares_email=helping.share_email_default,
                  helper_shares_phone=helping.share_phone_default and bool(helping.phone),
                  requester_contact_chosen_at=at + timedelta(hours=3))  # the helper still has to choose
    db.session.add(match)
    if listing.is_request:
        listing.status = ListingStatus.MATCHED
    if outcome == "completed":
        match.status, match.completed_at = MatchStatus.COMPLETED, at + timedelta(days=2)
        match.minutes = round(float(hours.replace(",", ".")) * 60) if hours else None
        match.checkin_sent_at = match.completed_at
        if listing.is_request:
            listing.status, listing.closed_at = ListingStatus.COMPLETED, match.completed_at
        if thanks:
            db.session.flush()
            db.session.add(ThankYou(match_id=match.id, author_id=requester_id, helper_id=helper_id, text=thanks,
                                    author_allows_public=True, helper_allows_public=True,
                                    created_at=match.completed_at))


def seed_marketplace() -> str:
    """Add the demo marketplace once (it is there when the first demo request exists)."""
    if geo.area_count() == 0:
        return "skipped: load the postcode areas first (flask postcodes import)"
    services.ensure_default_categories()
    users = _users()
    if "anna" not in users:
        return "skipped: the demo accounts are missing"
    first_title = LISTINGS[0][4]
    if db.session.scalar(select(Listing.id).where(Listing.author_id == users["anna"].id,
                                                  Listing.title == first_title)) is not None:
        db.session.commit()
        return "demo marketplace present"
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    listings: dict[str, Listing] = {}
    for row in LISTINGS:
        listing = _listing(row, users, categories)
        if listing is not None:
            listings[row[0]] = listing
    if UNANSWERED_KEY in listings:
        listings[UNANSWERED_KEY].created_at = utcnow() - timedelta(days=8)
        listings[UNANSWERED_KEY].expires_at = listings[UNANSWERED_KEY].created_at + timedelta(days=30)
    db.session.flush()
    for row in REACTIONS:
        _reaction(row, listings, users)
    db.session.commit()
    return f"added {len(RESIDENTS)} residents, {len(listings)} requests and offers, {len(REACTIONS)} reactions"
