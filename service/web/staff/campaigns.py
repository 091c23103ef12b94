"""Campaigns from a page: open a Feedback Week, an event's feedback or a CiCC poll, see how many
have answered, and close it; each change is audited."""

from __future__ import annotations

from datetime import datetime, time

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.audit import record_audit
from service.domain.campaigns import (
    CampaignRefused,
    campaign_summaries,
    campaign_url,
    close_campaign,
    start_campaign,
)
from service.models import StaffRole
from service.questionnaires import CAMPAIGN_QUESTIONNAIRES, get_questionnaire
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required

CAMPAIGN_ROLES = (StaffRole.PARTICIPATION_OFFICER, StaffRole.ADMIN)


def _choices() -> list[tuple[str, str]]:
    keys = sorted(set(CAMPAIGN_QUESTIONNAIRES.values()))
    return [(key, get_questionnaire(key).title) for key in keys]


@bp.get("/campaigns")
@staff_required(*CAMPAIGN_ROLES)
def campaigns() -> str:
    """Every campaign with its public link and answers, and a form to open one."""
    return _page()


@bp.post("/campaigns")
@staff_required(*CAMPAIGN_ROLES)
def create_campaign_page() -> WerkzeugResponse | tuple[str, int]:
    rt = runtime()
    form = request.form
    closes_text = form.get("closes", "").strip()
    try:
        closes = (
            datetime.combine(datetime.strptime(closes_text, "%Y-%m-%d").date(), time())
            if closes_text
            else None
        )
    except ValueError:
        return _page(error="Give the closing date as a date, like 2026-12-31.", form=form), 400
    try:
        with rt.sessions.begin() as db:
            campaign = start_campaign(
                db,
                title=form.get("title", ""),
                questionnaire_key=form.get("questionnaire", ""),
                now=rt.now(),
                closes_at=closes,
                created_by_id=current_staff().id,
            )
            record_audit(
                db,
                actor=current_staff(),
                action="campaign.create",
                now=rt.now(),
                object_type="campaign",
                object_id=campaign.id,
                detail={"questionnaire": campaign.questionnaire_key},
            )
            link = campaign_url(rt.settings.public_base_url, campaign.code)
    except CampaignRefused as refused:
        return _page(error=str(refused), form=form), 400
    flash(f"Campaign opened. Its link is {link}")
    return redirect(url_for("staff.campaigns"), code=303)


@bp.post("/campaigns/<code>/close")
@staff_required(*CAMPAIGN_ROLES)
def close_campaign_page(code: str) -> WerkzeugResponse:
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            campaign = close_campaign(db, code[:32], rt.now())
            record_audit(
                db,
                actor=current_staff(),
                action="campaign.close",
                now=rt.now(),
                object_type="campaign",
                object_id=campaign.id,
            )
    except CampaignRefused as refused:
        flash(str(refused).capitalize() + ".")
    else:
        flash("Campaign closed: it takes no new answers.")
    return redirect(url_for("staff.campaigns"), code=303)


def _page(error: str | None = None, form: object = None) -> str:
    rt = runtime()
    with rt.sessions() as db:
        found = campaign_summaries(db, rt.now())
    return render_template(
        "staff/campaigns.html",
        campaigns=found,
        links={c.code: campaign_url(rt.settings.public_base_url, c.code) for c in found},
        titles=dict(_choices()),
        choices=_choices(),
        error=error,
        form=form or {},
    )
