"""The marketplace's refusals: DomainErrors its services raise and its pages explain."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from wijkhulp.errors import Conflict, DomainError, NotAllowed, NotFound
from wijkhulp.marketplace.models.enums import CATEGORY_NAME_MAX, MESSAGE_MAX, THANKS_MAX


class ListingNotFound(NotFound):
    default_message = _l("We could not find this request or offer. Perhaps it was removed.")


class ListingGone(DomainError):
    """A request or offer that is no longer open (withdrawn, expired, matched, done): its page says only that, to
    anyone but the people involved (410 Gone)."""

    status_code = 410
    default_message = _l("This request or offer is no longer available.")


class ResponseNotFound(NotFound):
    default_message = _l("We could not find this conversation.")


class PersonNotFound(NotFound):
    default_message = _l("We could not find this neighbour.")


class CategoryNotFound(NotFound):
    default_message = _l("We could not find this category.")


class OutsideManagerArea(NotAllowed):
    default_message = _l("This postcode area is not in your neighbourhoods. Ask a community manager of that "
                         "neighbourhood, or an administrator.")


class NotOwner(NotAllowed):
    default_message = _l("Only the person who posted this can change it.")


class InvalidListing(DomainError):
    """Bad input in a listing; the message and field say what to fix."""


class UnknownCategory(InvalidListing):
    default_message = _l("Choose one of the kinds of help from the list.")


class InvalidRadius(InvalidListing):
    default_message = _l("Choose a distance from the list: 1, 2, 5, 10 or 25 km.")


class InvalidCategoryName(DomainError):
    default_message = _l("Enter a name of 2 to %(n)s characters.", n=CATEGORY_NAME_MAX)


class DuplicateCategory(DomainError):
    default_message = _l("There is already a category with this name.")


class ListingClosed(Conflict):
    default_message = _l("This request or offer is no longer open. You cannot react to it any more.")


class AlreadyMatched(Conflict):
    default_message = _l("This request already has a helper. Nothing was changed.")


class OwnListing(NotAllowed):
    default_message = _l("This is your own request or offer. You cannot react to it.")


class DuplicateListing(InvalidListing):
    """The same author posted the same kind with the same title (ignoring case and spaces) in the last 24 hours."""

    default_message = _l("You have just posted this request.")

    def __init__(self, message: Any = None, *, field: str | None = None, listing_id: int | None = None) -> None:
        super().__init__(message, field=field)
        self.listing_id = listing_id


class AlreadyResponded(DomainError):
    default_message = _l("You already reacted to this. You can write more in your conversation.")

    def __init__(self, message: Any = None, *, field: str | None = None, response_id: int | None = None) -> None:
        super().__init__(message, field=field)
        self.response_id = response_id


class Blocked(NotAllowed):
    default_message = _l("You cannot react to or send messages to this person.")


class ResponseClosed(Conflict):
    default_message = _l("This reaction has already been answered. Nothing was changed.")


class ThreadClosed(Conflict):
    default_message = _l("This conversation is closed. You cannot send new messages in it.")


class InvalidMessage(DomainError):
    default_message = _l("Write a message of at most %(n)s characters.", n=MESSAGE_MAX)


class MatchNotActive(Conflict):
    default_message = _l("This match is already finished or stopped. Nothing was changed.")


class InvalidHours(DomainError):
    default_message = _l("Enter the number of hours as a number, for example 1 or 1,5. At most 24.")


class InvalidThanks(DomainError):
    default_message = _l("Write a thank-you note of at most %(n)s characters.", n=THANKS_MAX)


class CannotBlockSelf(DomainError):
    default_message = _l("You cannot block yourself.")


class CannotRenew(Conflict):
    default_message = _l("Only open or expired requests and offers can be put back online.")


class NotEditable(Conflict):
    default_message = _l("This request or offer is closed. You can no longer change it.")
