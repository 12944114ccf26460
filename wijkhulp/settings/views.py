"""Admin pages for the settings: one form for all of them, and a reset per setting."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from wijkhulp.accounts.decorators import admin_required
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_error, attach_refusal
from wijkhulp.registry import settings as registry
from wijkhulp.settings import forms
from wijkhulp.settings import services as settings_services

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")


def _render(form: FlaskForm, values: list[tuple[registry.SettingSpec, Any, bool]], status: int = 200
            ) -> ResponseReturnValue:
    return render_template("settings/index.html", form=form, groups=forms.grouped(values)), status


@bp.get("")
@admin_required
def index() -> ResponseReturnValue:
    values = settings_services.all_values()
    return _render(forms.settings_form(values), values)


@bp.post("")
@admin_required
def save_settings() -> ResponseReturnValue:
    values = settings_services.all_values()
    form = forms.settings_form(values)
    if form.validate_on_submit():
        try:
            changed = settings_services.set_many(forms.raw_values(form, values), actor=current_user.email)
        except settings_services.SettingErrors as exc:
            form.form_errors.append(exc.message)
            for error in exc.errors:
                attach_error(form, error)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            if changed:
                flash(ngettext("%(num)d setting saved.", "%(num)d settings saved.", len(changed)), "success")
            else:
                flash(_("Nothing changed."), "info")
            return redirect(url_for("settings.index"))
    return _render(form, values, 422)


@bp.post("/<key>/reset")
@admin_required
def reset_setting(key: str) -> ResponseReturnValue:
    settings_services.reset(key, actor=current_user.email)
    spec = registry.spec(key)
    flash(_("“%(label)s” is back to its default value.", label=spec.label if spec else key), "success")
    return redirect(url_for("settings.index"))
