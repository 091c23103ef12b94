"""Open campaign links and posters (/c/<code>): anonymous by design, nothing asked about who you are."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as WerkzeugResponse

from service import messages
from service.domain.answering import new_submission_key
from service.domain.campaigns import find_open_campaign
from service.web import runtime
from service.web.forms import begin_form
from service.web.language import gettext as _

bp = Blueprint("campaigns", __name__)


@bp.get("/c/<code>")
def open_campaign(code: str) -> WerkzeugResponse | tuple[str, int]:
    """Start a fresh anonymous form for this campaign; a retry of it never makes a second response."""
    rt = runtime()
    try:
        with rt.sessions() as db:
            campaign = find_open_campaign(db, code[:32], rt.now())
            source = (
                {
                    "campaign": campaign.id,
                    "campaign_code": campaign.code,
                    "questionnaire": campaign.questionnaire_key,
                    "submission": new_submission_key(),
                }
                if campaign
                else None
            )
            language = campaign.language if campaign else "en"
    except SQLAlchemyError:
        body = _("We can't open your form just now. Please try again in a few minutes.")
        return render_template("message.html", title=_("Sorry"), body=body), 503
    if source is None:
        body = _("This survey has closed, or the link is mistyped. Thank you for looking.")
        title = _(messages.LINK_NOT_WORKING_TITLE)
        return render_template("message.html", title=title, body=body), 404
    begin_form(source, language)
    return redirect(url_for("forms.form"), code=303)
