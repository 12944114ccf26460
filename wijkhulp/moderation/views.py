"""Reporting (any content, any profile), and the managers' pages: queue, item decisions, accounts, audit log,
manager neighbourhoods and the kindness word list."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from wijkhulp import metrics
from wijkhulp.accounts.decorators import admin_required, manager_required
from wijkhulp.accounts.twofactor import services as staff_access
from wijkhulp.database import LOCAL_TZ
from wijkhulp.registry.content import content_type
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.forms import attach_refusal
from wijkhulp.moderation import audit_texts, forms, hooks, permissions, queries, services
from wijkhulp.csvexport import Column, csv_response, variant_for
from wijkhulp.moderation.models import OUTCOME_LABELS, REASON_LABELS, REASON_SHORT, AlreadyReported, CannotReportOwn
from wijkhulp.neighbourhoods import queries as neighbourhoods
from wijkhulp.settings import services as settings
from wijkhulp.web import page_arg

bp = Blueprint("moderation", __name__)


def _me() -> Any:
    return current_user._get_current_object()


def _scope() -> frozenset[str] | None:
    return neighbourhoods.manager_scope(_me()).pc4s


@bp.app_context_processor
def _moderation_helpers() -> dict[str, Any]:
    return {"reason_labels": REASON_LABELS, "reason_short": REASON_SHORT, "outcome_labels": OUTCOME_LABELS,
            "content_type_of": content_type, "audit_sentences": audit_texts.describe}


# ---------------------------------------------------------------- reporting

@bp.route("/report/<content_key>/<int:object_id>", methods=["GET", "POST"])
@login_required
def report(content_key: str, object_id: int) -> ResponseReturnValue:
    kind, obj = queries.item_or_404(content_key, object_id)
    refusal = services.report_refusal(_me(), kind, obj)  # report_content asks it again
    own = isinstance(refusal, CannotReportOwn)
    if refusal is not None and not own:
        raise refusal
    form = forms.ReportForm()
    if not own and form.validate_on_submit():
        try:
            result = services.report_content(_me(), content_key=content_key, object_id=object_id,
                                             reason=form.reason.data, text=form.text.data or "")
        except AlreadyReported as exc:
            flash(str(exc.message), "info")
            return redirect(url_for("moderation.report_done"))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            if result.hidden_now:
                flash(_("Thank you. Several neighbours reported this, so it is offline now until a community "
                        "manager has looked at it."), "success")
            else:
                flash(_("Thank you for your report. A community manager will look at it. You will hear the "
                        "outcome."), "success")
            return redirect(url_for("moderation.report_done"))
    status = 422 if form.is_submitted() and not own else 200
    return render_template("moderation/report.html", form=form, kind=kind, obj=obj, own=own,
                           summary=kind.summary(obj), url=kind.url(obj)), status


@bp.get("/report/done")
@login_required
def report_done() -> ResponseReturnValue:
    return render_template("moderation/report_done.html")


# ---------------------------------------------------------------- the queue

@bp.get("/manage/")
@manager_required
def index() -> ResponseReturnValue:
    return redirect(url_for("moderation.queue"))


def _row_url(row: Any) -> str | None:
    if row.url:
        return row.url
    kind = content_type(row.content_key)
    if kind is None:
        return None
    return url_for("moderation.item", content_key=row.content_key, object_id=row.object_id)


@bp.get("/manage/queue")
@manager_required
def queue() -> ResponseReturnValue:
    scope = _scope()
    return render_template(
        "moderation/queue.html", reported=queries.open_report_items(scope), holds=queries.open_holds(scope),
        sections=queries.source_sections(scope), row_url=_row_url, scope=scope,
        premoderation=settings.get("premoderation"), threshold=settings.get("report_threshold"),
        neighbourhoods=neighbourhoods.managed_neighbourhoods(_me()))


# ---------------------------------------------------------------- one item and the decisions

def _item_page(content_key: str, object_id: int, form: forms.DecisionForm | None = None,
               status: int = 200, private_text: services.PrivateText | None = None) -> ResponseReturnValue:
    kind, obj = queries.item_or_404(content_key, object_id)
    if not permissions.can_moderate(_me(), content_key, obj):
        raise NotAllowed()
    author = kind.author_of(obj)
    private = kind.is_private(obj)
    if private:  # read only through read_private (a POST that writes the audit log)
        text, context = (private_text.text, private_text.context) if private_text is not None else ("", "")
    else:
        text, context = kind.text(obj), ""
    return render_template(
        "moderation/item.html", kind=kind, obj=obj, summary=kind.summary(obj, limit=500), url=kind.url(obj),
        text=text, context=context, private=private, read_form=forms.ReadPrivateForm(),
        may_read=private and services.private_read_refusal(_me(), kind, obj) is None,
        author=author, hidden=kind.is_hidden(obj), pc4=kind.pc4_of(obj),
        reports=queries.reports_for(content_key, object_id), hold=queries.hold_for(content_key, object_id),
        history=queries.history(content_key, object_id), form=form or forms.DecisionForm(),
        can_block=author is not None and permissions.can_moderate_user(_me(), author)), status


@bp.get("/manage/items/<content_key>/<int:object_id>")
@manager_required
def item(content_key: str, object_id: int) -> ResponseReturnValue:
    return _item_page(content_key, object_id)


@bp.post("/manage/items/<content_key>/<int:object_id>/read")
@manager_required
def read_private(content_key: str, object_id: int) -> ResponseReturnValue:
    form = forms.ReadPrivateForm()
    if not form.validate_on_submit():
        return redirect(url_for("moderation.item", content_key=content_key, object_id=object_id))
    shown = services.read_reported_private(_me(), content_key, object_id)
    return _item_page(content_key, object_id, private_text=shown)


# action -> (service, whether it takes the reason field)
_DECISIONS: dict[str, tuple[Callable[..., Any], bool]] = {
    "dismiss": (services.dismiss_reports, True),
    "hide": (services.hide_content, True),
    "restore": (services.restore_content, True),
    "approve": (services.approve_content, False),
    "remove": (services.remove_content, True),
    "warn": (services.warn_author, True),
}


def _decision_flash(action: str) -> str:
    return {"dismiss": _("The reports are closed."),
            "hide": _("It is offline now. The writer has been told why."),
            "restore": _("It is online again. The writer has been told."),
            "approve": _("Approved. It is online now."),
            "remove": _("It has been removed. The writer has been told why."),
            "warn": _("Your message has been sent to the writer.")}[action]


@bp.post("/manage/items/<content_key>/<int:object_id>/<action>")
@manager_required
def decide(content_key: str, object_id: int, action: str) -> ResponseReturnValue:
    if action not in _DECISIONS:
        raise NotFound()
    service, takes_reason = _DECISIONS[action]
    form = forms.DecisionForm()
    if form.validate_on_submit():
        try:
            if takes_reason:
                service(_me(), content_key, object_id, form.reason.data or "")
            else:
                service(_me(), content_key, object_id)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_decision_flash(action), "success")
            return redirect(url_for("moderation.item", content_key=content_key, object_id=object_id))
    return _item_page(content_key, object_id, form, 422)


# ---------------------------------------------------------------- accounts: block and unblock

@bp.get("/manage/users")
@manager_required
def users() -> ResponseReturnValue:
    scope = _scope()
    return render_template("moderation/users.html", blocked=queries.blocked_users(scope),
                           hidden=queries.hidden_profiles(scope))


def _user_page(user_id: int, block_form: Any = None, unblock_form: Any = None,
               status: int = 200) -> ResponseReturnValue:
    person = queries.user_or_404(user_id)
    if not permissions.in_scope(_me(), person.pc4) and not permissions.can_moderate_user(_me(), person):
        raise NotAllowed()
    return render_template("moderation/user.html", person=person, history=queries.user_history(person.id),
                           block_form=block_form or forms.BlockForm(), unblock_form=unblock_form or
                           forms.UnblockForm(), can_block=permissions.can_moderate_user(_me(), person),
                           profile_kind=content_type(hooks.PROFILE)), status


@bp.get("/manage/users/<int:user_id>")
@manager_required
def user(user_id: int) -> ResponseReturnValue:
    return _user_page(user_id)


@bp.post("/manage/users/<int:user_id>/block")
@manager_required
def block(user_id: int) -> ResponseReturnValue:
    form = forms.BlockForm()
    if form.validate_on_submit():
        try:
            person = services.block_user(_me(), user_id, form.reason.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("%(name)s is blocked and has been told why by e-mail.", name=person.display_name), "success")
            return redirect(url_for("moderation.user", user_id=user_id))
    return _user_page(user_id, block_form=form, status=422)


@bp.post("/manage/users/<int:user_id>/unblock")
@manager_required
def unblock(user_id: int) -> ResponseReturnValue:
    form = forms.UnblockForm()
    if form.validate_on_submit():
        try:
            person = services.unblock_user(_me(), user_id, form.reason.data or "")
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("%(name)s is no longer blocked.", name=person.display_name), "success")
            return redirect(url_for("moderation.user", user_id=user_id))
    return _user_page(user_id, unblock_form=form, status=422)


# ---------------------------------------------------------------- the audit log

def _audit_filter() -> tuple[forms.AuditFilterForm, queries.AuditFilter, bool]:
    form = forms.AuditFilterForm(request.args)
    form.action.choices = [SelectChoice("", _("All actions"))] + [
        SelectChoice(key, name) for key, name in audit_texts.action_choices(queries.audit_actions())]
    form.target_key.choices = [SelectChoice("", _("Everything"))] + [
        SelectChoice(key, name) for key, name in audit_texts.target_choices(queries.audit_target_keys())]
    valid = form.validate()
    if not valid:
        return form, queries.AuditFilter(), False
    return form, queries.AuditFilter(
        actor=form.actor.data or "", action=form.action.data or "", target_key=form.target_key.data or "",
        target_id=form.target_id.data or "",
        start=metrics.local_midnight(form.start.data) if form.start.data else None,
        end=metrics.local_midnight(form.end.data + timedelta(days=1)) if form.end.data else None), True


@bp.get("/manage/audit")
@manager_required
def audit_log() -> ResponseReturnValue:
    form, filters, valid = _audit_filter()
    return _audit_page(form, filters, valid)


def _audit_page(form: forms.AuditFilterForm, filters: queries.AuditFilter, valid: bool) -> ResponseReturnValue:
    entries = queries.audit_page(filters, _scope(), page_arg())
    args = {k: v for k, v in request.args.items() if k not in ("page", "format")}
    return render_template("moderation/audit.html", form=form, entries=entries, args=args), 200 if valid else 422


@bp.get("/manage/audit.csv")
@manager_required
def audit_csv() -> ResponseReturnValue:
    form, filters, valid = _audit_filter()
    if not valid:  # the filter page with its errors, as /manage/audit shows it (no file)
        return _audit_page(form, filters, valid)
    look_id = staff_access.record_staff_look(current_user._get_current_object(), "personal_data.export",
                                             "audit_log", details={"filters": request.args.to_dict()})

    def rows() -> Any:
        for entry in queries.audit_entries(filters, _scope()):
            if entry.id == look_id:  # the export shows the log as it was; the next one shows this look
                continue
            actor = entry.actor.public_name if entry.actor is not None else (entry.actor_label or "system")
            yield (entry.id, entry.created_at.astimezone(LOCAL_TZ).isoformat(timespec="seconds"), actor,
                   entry.action, entry.target_key, entry.target_id, entry.pc4, entry.reason,
                   json.dumps(entry.details or {}, ensure_ascii=False, sort_keys=True))

    return csv_response("audit-log.csv", AUDIT_COLUMNS, rows(), variant_for(request.args.get("format")))


AUDIT_COLUMNS = (Column("id", _l("Entry number")), Column("time", _l("Time")), Column("actor", _l("Who")),
                 Column("action", _l("Action")), Column("target", _l("About")),
                 Column("target_id", _l("Number or key")), Column("pc4", _l("Postcode area")),
                 Column("reason", _l("Reason")), Column("details", _l("Details")))


# ---------------------------------------------------------------- manager neighbourhoods (admins)

def _manager_choices(form: forms.AssignManagerForm) -> None:
    form.user_id.choices = [SelectChoice(m.id, f"{m.display_name} ({m.email})") for m in queries.managers()]
    form.neighbourhood_id.choices = [SelectChoice(n.id, n.name) for n in neighbourhoods.all_neighbourhoods()]


def _managers_page(form: forms.AssignManagerForm | None = None, status: int = 200) -> ResponseReturnValue:
    if form is None:
        form = forms.AssignManagerForm()
        _manager_choices(form)
    people = {m.id: m for m in queries.managers()}
    return render_template("moderation/managers.html", form=form, neighbourhoods=neighbourhoods.all_neighbourhoods(),
                           people=people), status


@bp.get("/manage/managers")
@admin_required
def managers() -> ResponseReturnValue:
    return _managers_page()


@bp.post("/manage/managers")
@admin_required
def assign_manager() -> ResponseReturnValue:
    form = forms.AssignManagerForm()
    _manager_choices(form)
    if form.validate_on_submit():
        try:
            added = services.assign_manager(_me(), neighbourhood_id=form.neighbourhood_id.data,
                                            user_id=form.user_id.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The manager now looks after this neighbourhood.") if added
                  else _("The manager already looked after this neighbourhood."), "success" if added else "info")
            return redirect(url_for("moderation.managers"))
    return _managers_page(form, 422)


@bp.post("/manage/managers/<int:neighbourhood_id>/<int:user_id>/remove")
@admin_required
def unassign_manager(neighbourhood_id: int, user_id: int) -> ResponseReturnValue:
    if services.unassign_manager(_me(), neighbourhood_id=neighbourhood_id, user_id=user_id):
        flash(_("The manager no longer looks after this neighbourhood."), "success")
    return redirect(url_for("moderation.managers"))


# ---------------------------------------------------------------- the kindness word list

@bp.route("/manage/kindness-words", methods=["GET", "POST"])
@admin_required
def kindness_words() -> ResponseReturnValue:
    form = forms.KindnessWordsForm()
    if not form.is_submitted():
        form.words.data = "\n".join(hooks.kindness_words())
    elif form.validate_on_submit():
        try:
            words = services.set_kindness_words(_me(), form.words.data or "")
        except DomainError as exc:
            exc.field = "words"
            attach_refusal(form, exc)
        else:
            flash(ngettext("The word list is saved: %(num)d word.", "The word list is saved: %(num)d words.", len(words)),
                  "success")
            return redirect(url_for("moderation.kindness_words"))
    status = 422 if form.is_submitted() else 200
    return render_template("moderation/kindness_words.html", form=form), status
