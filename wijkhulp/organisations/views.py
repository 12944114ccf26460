"""Organisation pages: the public list and page, registering, members and invitations, the managers' check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.accounts.permissions import can_manage, can_post
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.organisations import permissions, queries, services
from wijkhulp.registry.activity import activity_sections
from wijkhulp.organisations.forms import DeclineForm, InviteForm, OrganisationForm, RoleForm
from wijkhulp.organisations.models import TYPE_LABELS, Organisation, OrganisationType

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _actor() -> Any:
    return current_user._get_current_object()


def _visible_or_404(organisation_id: int) -> Organisation:
    organisation = queries.get_organisation(organisation_id)
    if not permissions.can_view_organisation(current_user, organisation):
        raise NotFound()
    return organisation


def _details(form: OrganisationForm) -> dict[str, Any]:
    return {"name": form.name.data or "", "type": form.type.data or "", "description": form.description.data or "",
            "website": form.website.data or "", "kvk_number": form.kvk_number.data or ""}


# ---------------------------------------------------------------- public

@bp.get("")
def index() -> ResponseReturnValue:
    chosen = request.args.get("type", "")
    kind = OrganisationType(chosen) if chosen in {t.value for t in OrganisationType} else None
    return render_template("organisations/index.html", organisations=queries.verified_organisations(type=kind),
                           chosen_type=kind, type_labels=TYPE_LABELS,
                           waiting=len(queries.awaiting_review()) if can_manage(current_user) else 0)


@bp.get("/<int:organisation_id>")
def show(organisation_id: int) -> ResponseReturnValue:
    organisation = _visible_or_404(organisation_id)
    sections = [(section, section.load(organisation)) for section in activity_sections()]
    return render_template(
        "organisations/show.html", organisation=organisation, sections=sections,
        membership=organisation.membership_of(current_user) if current_user.is_authenticated else None,
        may_edit=permissions.can_edit_organisation(current_user, organisation),
        may_view_members=permissions.can_view_members(current_user, organisation),
        may_verify=permissions.can_verify_organisation(current_user, organisation))


# ---------------------------------------------------------------- mine, register, change

@bp.get("/mine")
@login_required
def mine() -> ResponseReturnValue:
    return render_template("organisations/mine.html", memberships=queries.memberships_of(current_user),
                           invitations=queries.open_invitations_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create() -> ResponseReturnValue:
    form = OrganisationForm()
    if not can_post(current_user):
        return render_template("organisations/form.html", form=form, organisation=None, may_register=False), 403
    if form.validate_on_submit():
        try:
            organisation = services.register_organisation(_actor(), **_details(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Thank you! “%(name)s” has been registered. The community manager will check it soon; "
                    "you will get a message.", name=organisation.name), "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    status = 422 if form.is_submitted() else 200
    return render_template("organisations/form.html", form=form, organisation=None, may_register=True), status


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int) -> ResponseReturnValue:
    organisation = _visible_or_404(organisation_id)
    if not permissions.can_edit_organisation(current_user, organisation):
        raise NotAllowed()
    if request.method == "GET":
        form = OrganisationForm(data={"name": organisation.name, "type": organisation.type.value,
                                      "description": organisation.description, "website": organisation.website,
                                      "kvk_number": organisation.kvk_number})
        return render_template("organisations/form.html", form=form, organisation=organisation, may_register=True)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            services.update_organisation(_actor(), organisation.id, **_details(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation, may_register=True), 422


# ---------------------------------------------------------------- members and invitations

def _members_page(organisation: Organisation, invite_form: InviteForm, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "organisations/members.html", organisation=organisation, invite_form=invite_form,
        invitations=queries.pending_invitations(organisation),
        membership=organisation.membership_of(current_user),
        may_manage=permissions.can_manage_members(current_user, organisation)), status


@bp.get("/<int:organisation_id>/members")
@login_required
def members(organisation_id: int) -> ResponseReturnValue:
    organisation = _visible_or_404(organisation_id)
    if not permissions.can_view_members(current_user, organisation):
        raise NotAllowed()
    return _members_page(organisation, InviteForm(formdata=None))


@bp.post("/<int:organisation_id>/invitations")
@login_required
def invite(organisation_id: int) -> ResponseReturnValue:
    organisation = _visible_or_404(organisation_id)
    if not permissions.can_manage_members(current_user, organisation):
        raise NotAllowed()
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation = services.invite_member(_actor(), organisation.id, email=form.email.data or "",
                                                role=form.role.data or "")
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The invitation has been sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("organisations.members", organisation_id=organisation.id))
    return _members_page(organisation, form, 422)


@bp.post("/<int:organisation_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(organisation_id: int, invitation_id: int) -> ResponseReturnValue:
    invitation = services.revoke_invitation(_actor(), organisation_id, invitation_id)
    flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email), "success")
    return redirect(url_for("organisations.members", organisation_id=organisation_id))


@bp.post("/<int:organisation_id>/members/<int:membership_id>/role")
@login_required
def change_role(organisation_id: int, membership_id: int) -> ResponseReturnValue:
    form = RoleForm()
    try:
        membership = services.change_member_role(_actor(), organisation_id, membership_id,
                                                 role=form.role.data or "")
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("%(person)s is now %(role)s.", person=membership.user.public_name,
                role=membership.role_label), "success")
    return redirect(url_for("organisations.members", organisation_id=organisation_id))


@bp.route("/<int:organisation_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
@login_required
def remove_member(organisation_id: int, membership_id: int) -> ResponseReturnValue:
    organisation = _visible_or_404(organisation_id)
    membership = next((m for m in organisation.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFound()
    leaving_self = membership.user_id == current_user.id
    if not (leaving_self or permissions.can_manage_members(current_user, organisation)):
        raise NotAllowed()
    error = None
    if request.method == "POST":
        try:
            services.remove_member(_actor(), organisation.id, membership.id)
        except DomainError as exc:
            error = page_refusal(exc)
        else:
            if leaving_self:
                flash(_("You have left “%(name)s”.", name=organisation.name), "success")
                return redirect(url_for("organisations.mine"))
            flash(_("%(person)s is no longer a member.", person=membership.user.public_name), "success")
            return redirect(url_for("organisations.members", organisation_id=organisation.id))
    status = 422 if error else 200
    return render_template("organisations/remove_member.html", organisation=organisation, membership=membership,
                           leaving_self=leaving_self, error=error), status


@bp.get("/invitations/<int:invitation_id>")
@login_required
def show_invitation(invitation_id: int) -> ResponseReturnValue:
    invitation = queries.get_invitation(invitation_id)
    return render_template("organisations/invitation.html", invitation=invitation,
                           for_me=invitation.email == current_user.email.lower(),
                           is_open=invitation.is_open(utcnow()),
                           is_member=invitation.organisation.membership_of(current_user) is not None)


@bp.post("/invitations/<int:invitation_id>/accept")
@login_required
def accept_invitation(invitation_id: int) -> ResponseReturnValue:
    membership = services.accept_invitation(_actor(), invitation_id)
    flash(_("Welcome to “%(name)s”! You can now act on behalf of the organisation.",
            name=membership.organisation.name) if membership.organisation.is_verified else
          _("You are now a member of “%(name)s”. You can act on its behalf once the community manager has "
            "checked the organisation.", name=membership.organisation.name), "success")
    return redirect(url_for("organisations.show", organisation_id=membership.organisation_id))


@bp.post("/invitations/<int:invitation_id>/decline")
@login_required
def decline_invitation(invitation_id: int) -> ResponseReturnValue:
    invitation = services.decline_invitation(_actor(), invitation_id)
    flash(_("You have declined the invitation of “%(name)s”.", name=invitation.organisation.name), "success")
    return redirect(url_for("organisations.mine"))


# ---------------------------------------------------------------- the managers' check

@bp.get("/review")
@manager_required
def admin_index() -> ResponseReturnValue:
    return render_template("organisations/review.html", waiting=queries.awaiting_review(),
                           recent=queries.recently_reviewed())


@bp.post("/<int:organisation_id>/verify")
@manager_required
def verify(organisation_id: int) -> ResponseReturnValue:
    try:
        organisation = services.verify_organisation(_actor(), organisation_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("“%(name)s” has been checked and approved. Its coordinators have been told.",
                name=organisation.name), "success")
    return redirect(url_for("organisations.admin_index"))


@bp.route("/<int:organisation_id>/decline", methods=["GET", "POST"])
@manager_required
def decline(organisation_id: int) -> ResponseReturnValue:
    organisation = queries.get_organisation(organisation_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline_organisation(_actor(), organisation.id, reason=form.reason.data or "")
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("“%(name)s” has not been approved. Its coordinators have been told why.",
                    name=organisation.name), "success")
            return redirect(url_for("organisations.admin_index"))
    status = 422 if form.is_submitted() else 200
    return render_template("organisations/decline.html", organisation=organisation, form=form), status
