"""Models layer: the refusals (DomainErrors) of the feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from wijkhulp.errors import Conflict, DomainError, NotAllowed, NotFound
from wijkhulp.i18n import money
from wijkhulp.proposals.models.constants import MAX_PENDING_INVITATIONS

if TYPE_CHECKING:
    from wijkhulp.proposals.models.rules import Problem


class CallNotFound(NotFound):
    default_message = _l("We could not find this call for neighbourhood plans.")


class ProposalNotFound(NotFound):
    default_message = _l("We could not find this plan. Perhaps it was removed, or it is not public yet.")


class InvitationNotFound(NotFound):
    default_message = _l("We could not find this invitation. Check that you copied the whole link.")


class InvalidCall(DomainError):
    default_message = _l("Please check the details of the call.")


class InvalidProposal(DomainError):
    default_message = _l("Please check what you entered.")


class CallNotOpen(DomainError):
    default_message = _l("This call is not open. You can only start or send a plan while the call is open.")


class NotResident(DomainError):
    default_message = _l("This call is only for people who live in its neighbourhoods.")


# what accounts.models.NotVerified says on the plan pages
NOT_VERIFIED_MESSAGE = _l("First confirm your e-mail address. We sent you an e-mail with a link when you "
                          "created your account.")


class BudgetAboveMaximum(DomainError):
    default_message = _l("Your budget is higher than the maximum of this call.")

    @classmethod
    def for_amounts(cls, total: int, maximum: int, field: str | None = "lines") -> BudgetAboveMaximum:
        return cls(_l("Your budget is %(total)s. This call gives at most %(maximum)s per plan. Make your budget "
                      "lower.", total=money(total), maximum=money(maximum)), field=field)


class TeamTooSmall(DomainError):
    default_message = _l("Your team is too small.")

    @classmethod
    def for_counts(cls, confirmed: int, minimum: int) -> TeamTooSmall:
        return cls(lazy_ngettext(
            "Your team has %(num)d confirmed member. You need at least %(minimum)s people, you included. Invite "
            "more neighbours on the team page.",
            "Your team has %(num)d confirmed members. You need at least %(minimum)s people, you included. Invite "
            "more neighbours on the team page.", confirmed, minimum=minimum))


class NotReadyToSubmit(DomainError):
    """Carries every problem, so the page can list them all."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, field=first.field)
        self.problems = problems


class ProposalLocked(DomainError):
    status_code = 409
    default_message = _l("You can no longer change this plan, because it has been sent. If the assessors ask "
                         "for changes, you can change it again.")


class StatusChanged(Conflict):
    default_message = _l("The status of this plan has just changed, perhaps by someone else. Look at the plan "
                         "again and try once more if it is still needed.")


class NotInTeam(NotAllowed):
    default_message = _l("Only members of the team can do this.")


class OnlyLead(NotAllowed):
    default_message = _l("Only the lead of the team can do this.")


class CannotInviteYourself(DomainError):
    default_message = _l("You are already in the team. Enter the e-mail address of someone else.")


class AlreadyMember(DomainError):
    default_message = _l("This person is already in the team.")


class AlreadyInvited(DomainError):
    default_message = _l("You have already invited this person. The invitation is still waiting for an answer.")


class TooManyInvitations(DomainError):
    default_message = _l("There are already %(n)s invitations waiting for an answer. Wait for answers, or take "
                         "back invitations that will not be answered.", n=MAX_PENDING_INVITATIONS)


class TeamClosed(DomainError):
    default_message = _l("The team of this plan can no longer change.")


class InvitationExpired(DomainError):
    status_code = 410
    default_message = _l("This invitation has expired. Ask the lead of the team to send you a new one.")


class InvitationRevoked(DomainError):
    status_code = 410
    default_message = _l("This invitation link no longer works: the lead of the team has switched it off. Ask "
                         "the lead for a new invitation.")


class InvitationAnswered(DomainError):
    status_code = 409
    default_message = _l("This invitation has already been answered.")


class InvitationForSomeoneElse(NotAllowed):
    default_message = _l("This invitation was sent to someone else. Sign in with the account it was sent to, or "
                         "ask the lead of the team to invite you.")


class LeadCannotLeave(DomainError):
    default_message = _l("As the lead you cannot leave the team. First make someone else the lead, or withdraw "
                         "the plan.")


class AlreadySupported(DomainError):
    status_code = 409
    default_message = _l("You already support this plan. Thank you!")


class CannotSupport(DomainError):
    default_message = _l("You cannot support this plan now.")


class OwnPlan(DomainError):
    default_message = _l("You are in the team of this plan, so your support would not count.")


class NotAReviewer(NotAllowed):
    default_message = _l("Only the community manager and the panel of this call can assess plans.")


class ConflictOfInterest(NotAllowed):
    default_message = _l("You are in the team of this plan, so you cannot assess it or decide about it.")


class InvalidDecision(DomainError):
    default_message = _l("Choose what you decide.")


class PotExceeded(DomainError):
    default_message = _l("There is not enough money left in this call.")

    @classmethod
    def for_remaining(cls, remaining: int) -> PotExceeded:
        return cls(_l("There is only %(remaining)s left in the budget of this call. Grant at most that amount.",
                      remaining=money(remaining)), field="amount")


class TeamBelowMinimum(DomainError):
    default_message = _l("The team of this plan is smaller than the call's minimum. You can only approve it when "
                         "the team is complete again.")


class InvalidReport(DomainError):
    default_message = _l("Please check your report.")
