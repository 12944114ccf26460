"""The refusals of the ideas auction (DomainError subclasses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.errors import DomainError, InvalidInput, NotAllowed, NotFound


class RoundNotFound(NotFound):
    default_message = _l("We could not find that round of the ideas auction.")


class IdeaNotFound(NotFound):
    default_message = _l("We could not find that idea. Perhaps it was removed.")


class NeedNotFound(NotFound):
    default_message = _l("We could not find what this idea needs. Perhaps the idea was changed.")


class PledgeNotFound(NotFound):
    default_message = _l("We could not find that pledge.")


class RoundNotOpen(DomainError):
    default_message = _l("This round of the ideas auction is not open yet.")


class RoundClosed(DomainError):
    default_message = _l("This round of the ideas auction is closed. You can no longer submit ideas or pledge.")


class RoundNotDraft(DomainError):
    default_message = _l("This round has already been published.")


class RoundNotClosed(DomainError):
    default_message = _l("You can accept or decline pledges once the round has closed.")


class IdeaNotOpenForPledges(DomainError):
    default_message = _l("You cannot pledge on this idea (any more).")


class InvalidRound(InvalidInput):
    default_message = _l("Please check the details of the round.")


class InvalidIdea(InvalidInput):
    default_message = _l("Please check your idea.")


class InvalidNeed(InvalidInput):
    default_message = _l("Please check what the idea needs.")


class InvalidPledge(InvalidInput):
    default_message = _l("Please check your pledge.")


class AmountOutOfRange(InvalidInput):
    default_message = _l("Enter an amount of at least 1.")


class NeedsLocked(DomainError):
    default_message = _l("Partners have already pledged on this idea, so what it needs can no longer be changed. "
                         "You can still change the texts.")


class NeedOverAccepted(DomainError):
    """Accepting this pledge would take the accepted total of a need past its quantity."""

    status_code = 409
    default_message = _l("You cannot accept this pledge: together with the pledges you accepted, it is more than "
                         "this need asks. Decline another pledge first, or decline this one.")


class PledgeNotActive(DomainError):
    default_message = _l("This pledge has been withdrawn or declined.")


class NotTheOwner(NotAllowed):
    default_message = _l("Only the person who submitted the idea, or the community manager, can decide on pledges.")


class UnknownPartner(InvalidInput):
    default_message = _l("Choose who makes the pledge.")


class FollowUpNotPossible(DomainError):
    default_message = _l("You can say whether the idea was carried out once the round has closed and partners "
                         "were found.")
