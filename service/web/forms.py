"""Children's, carers' and parents' forms, opened from a QR code; no login, nothing personal in the URL."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, joinedload
from werkzeug.wrappers import Response as WerkzeugResponse

from analysis.safety import screen_text
from service.domain.alerts import AlertPolicy, concern_from_choice
from service.domain.errors import AlreadySubmitted, InvalidAnswers
from service.domain.invitations import TokenState, look_up_token
from service.domain.responses import (
    age_band,
    find_campaign_response,
    missing_required,
    parse_answers,
    questionnaire_of,
    save_answers,
    start_response,
    submit_response,
)
from service.domain.whole_responses import send_whole_response
from service.models import Campaign, Channel, Invitation, Response, ResponseStatus
from service.questionnaires import (
    Page,
    Questionnaire,
    QuestionType,
    UnknownQuestionnaire,
    get_questionnaire,
)
from service.web import runtime
from service.web.language import current_language, direction, offered_languages
from service.web.limits import limiter, token_limit
from service.web.redirects import local_path

bp = Blueprint("forms", __name__)

SESSION_FORM = "form"
SUBMISSION_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")

Values = Mapping[str, Sequence[str]]


@bp.app_context_processor
def _language_context() -> dict[str, Any]:
    lang = current_language()
    return {
        "lang": lang,
        "dir": direction(lang),
        "settings": runtime().settings,
        "languages": offered_languages(),
    }


@bp.get("/")
def home() -> str:
    """Say what this site is, for anyone who arrives without a link."""
    return render_template(
        "message.html",
        title=_("Have your say"),
        body=_("To answer, scan the QR code on your review letter with your phone camera."),
    )


@bp.get("/r/", defaults={"token": ""})  # nosec B105 - an empty token, not a password
@bp.get("/r/<path:token>")
@limiter.limit(token_limit)
def open_link(token: str) -> WerkzeugResponse | tuple[str, int]:
    """Swap the token in the QR code for a short-lived cookie, then move to a clean URL."""
    rt = runtime()
    try:
        with rt.sessions() as db:
            found = look_up_token(db, token, rt.now())
            invitation = found.invitation
            band = (
                age_band(invitation.review.age_at_review)
                if invitation and invitation.review
                else None
            )
    except SQLAlchemyError:
        return _unavailable()
    if found.state is TokenState.USED:
        return _already_answered()
    if found.state is TokenState.INVALID or invitation is None:
        return _message(
            _("This link is not working"),
            _("It may be old or mistyped. Ask your IRO or carer for a new one."),
            404,
        )
    source: dict[str, Any] = {
        "invitation": invitation.id,
        "questionnaire": invitation.questionnaire_key,
        "band": band,
    }
    if rt.settings.telegram_bot_token:
        # Kept (in the HttpOnly cookie only) to offer the same form in Telegram by deep link.
        source["telegram"] = token
    begin_form(source, invitation.language)
    return redirect(url_for("forms.form"), code=303)


def begin_form(source: dict[str, Any], default_language: str) -> None:
    """Start a fresh visit in the cookie: what is being answered, and since when."""
    lang = session.get("lang")
    session.clear()
    session[SESSION_FORM] = {**source, "started": runtime().now().isoformat()}
    session["lang"] = lang or default_language


@bp.get("/form")
def form() -> str | tuple[str, int]:
    """Show the page of questions the person has got to (coming back resumes)."""
    ctx = _form_context()
    if ctx is None:
        return _expired()
    try:
        with runtime().sessions() as db:
            source = _live_source(db, ctx)
            if source is None:
                return _expired()
            response = _existing_response(db, ctx, source)
            if response is not None and response.status is ResponseStatus.SUBMITTED:
                return _already_answered()
            questionnaire = questionnaire_of(response) if response else ctx.questionnaire
            saved = _saved_values(response)
            page_index = _requested_page(questionnaire, response)
            missing = set(missing_required(response)) if response else set()
    except SQLAlchemyError:
        return _unavailable()
    errors = {}
    if request.args.get("check"):
        page = questionnaire.pages[page_index]
        errors = {
            q.id: _("Please answer this question.") for q in page.questions if q.id in missing
        }
    return _render_form(questionnaire, page_index, saved, ctx.band, errors=errors)


@bp.post("/form")
def save_page() -> WerkzeugResponse | tuple[str, int] | str:
    """Save one page of answers; on the last page, send them. Help comes first if a child is not safe."""
    ctx = _form_context()
    if ctx is None:
        return _expired()
    questionnaire = ctx.questionnaire
    page_index = _page_index_from_form(questionnaire)
    page = questionnaire.pages[page_index]
    typed = {q.id: request.form.getlist(q.id) for q in page.questions}
    try:
        answers = parse_answers(questionnaire, typed, page.questions)
    except InvalidAnswers as invalid:
        errors = {e.field: _(e.message) for e in invalid.errors}
        return _render_form(questionnaire, page_index, typed, ctx.band, errors=errors), 422
    going_back = request.form.get("move") == "back"
    finishing = page_index == len(questionnaire.pages) - 1 and not going_back
    rt = runtime()
    try:
        if finishing and page_index == 0 and ctx.invitation_id is not None:
            # The whole form on one page, the usual case: sent in one statement unless it needs
            # the step-by-step path below (a concern to raise, say), having written nothing.
            sent = send_whole_response(
                rt.engine,
                ctx.invitation_id,
                questionnaire,
                answers,
                channel=Channel.WEB,
                language=current_language(),
                now=rt.now(),
            )
            if sent is not None:
                return redirect(url_for("forms.thanks"), code=303)
        with rt.sessions.begin() as db:
            source = _live_source(db, ctx)
            if source is None:
                return _expired()
            response = start_response(
                db,
                channel=Channel.WEB,
                language=current_language(),
                now=rt.now(),
                invitation=source if isinstance(source, Invitation) else None,
                campaign=source if isinstance(source, Campaign) else None,
                submission_key=_submission_key(ctx),
            )
            alerts = save_answers(
                db,
                response,
                answers,
                now=rt.now(),
                policy=_policy(),
                cleared=[q.id for q in page.questions],  # the page is sent whole
            )
            missing = missing_required(response) if finishing else []
            if finishing and not missing:
                submit_response(db, response, now=rt.now())
    except AlreadySubmitted:
        return redirect(url_for("forms.thanks"), code=303)
    except IntegrityError:
        # A parallel retry of the same page won the race; show where that one got to.
        return redirect(url_for("forms.form"), code=303)
    except InvalidAnswers as invalid:
        errors = {e.field: _(e.message) for e in invalid.errors}
        return _render_form(questionnaire, page_index, typed, ctx.band, errors=errors), 422
    except SQLAlchemyError:
        return _not_sent(questionnaire, page_index, typed, ctx.band, answers)
    if missing:
        # Keep what was just saved and take the child to the question still to answer.
        page_id = next(
            p.id for p in questionnaire.pages if any(q.id in missing for q in p.questions)
        )
        next_url = url_for("forms.form", page=page_id, check=1)
    elif finishing:
        next_url = url_for("forms.thanks")
    else:
        next_page = max(page_index - 1, 0) if going_back else page_index + 1
        next_url = url_for("forms.form", page=questionnaire.pages[next_page].id)
    if alerts:
        return redirect(url_for("forms.help_page", next=next_url), code=303)
    return redirect(next_url, code=303)


@bp.get("/help")
def help_page() -> str:
    """Help straight away for a child who said they are not safe, scared or unhappy."""
    next_url = local_path(request.args.get("next"), url_for("forms.thanks"))
    ctx = _form_context()
    anonymous = ctx is not None and ctx.campaign_id is not None
    return render_template("help.html", next_url=next_url, saved=True, anonymous=anonymous)


@bp.get("/thanks")
def thanks() -> str:
    """Thank the person once their answers are safely stored."""
    data = session.pop(SESSION_FORM, None)
    again = None
    if isinstance(data, dict) and data.get("campaign_code"):
        # A shared tablet at an event: the next young person starts a fresh, empty form.
        again = url_for("campaigns.open_campaign", code=data["campaign_code"])
    return render_template(
        "message.html",
        title=_("Thank you"),
        body=_("Your answers have been sent. Thank you for telling us."),
        again_url=again,
    )


@bp.errorhandler(CSRFError)
def _csrf_failed(_error: CSRFError) -> tuple[str, int]:
    """An old or copied page: keep what was typed and ask for one more press."""
    ctx = _form_context()
    if ctx is None:
        return _expired()
    page_index = _page_index_from_form(ctx.questionnaire)
    page = ctx.questionnaire.pages[page_index]
    typed = {q.id: request.form.getlist(q.id) for q in page.questions}
    notice = _(
        "This page was open for a long time. Please check your answers and press the button again."
    )
    return _render_form(ctx.questionnaire, page_index, typed, ctx.band, notice=notice), 400


@dataclass(frozen=True)
class FormContext:
    """What the cookie says this browser is answering; enough to show the form without the database.

    Either an invitation (one person's link) or an open campaign, whose anonymous response is
    found again by the submission key made when the campaign link was opened.
    """

    questionnaire: Questionnaire
    band: str | None
    invitation_id: int | None = None
    campaign_id: int | None = None
    submission_key: str | None = None
    telegram_token: str | None = None


def _form_context() -> FormContext | None:
    """The form this browser opened, if the cookie is still fresh."""
    data = session.get(SESSION_FORM)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["started"])
        questionnaire = get_questionnaire(data["questionnaire"])
        if "campaign" in data:
            ctx = FormContext(
                questionnaire,
                None,
                campaign_id=int(data["campaign"]),
                submission_key=str(data["submission"]),
            )
        else:
            ctx = FormContext(
                questionnaire,
                data.get("band"),
                invitation_id=int(data["invitation"]),
                telegram_token=data.get("telegram"),
            )
    except (KeyError, TypeError, ValueError, UnknownQuestionnaire):
        return None
    rt = runtime()
    if (rt.now() - started).total_seconds() > rt.settings.form_session_minutes * 60:
        return None
    return ctx


# One query for what the form needs next: the review (wording, age band) and any response already
# begun (to resume it). Built once, so its cache key is not worked out again on every request.
_OPEN_INVITATION = (
    select(Invitation)
    .options(joinedload(Invitation.review), joinedload(Invitation.response))
    .where(Invitation.id == bindparam("invitation_id"))
)


def _live_source(db: Session, ctx: FormContext) -> Invitation | Campaign | None:
    """The invitation or campaign being answered, if it is still open."""
    now = runtime().now()
    if ctx.campaign_id is not None:
        campaign = db.get(Campaign, ctx.campaign_id)
        if campaign is None or (campaign.closes_at is not None and campaign.closes_at <= now):
            return None
        return campaign
    invitation = db.scalars(_OPEN_INVITATION, {"invitation_id": ctx.invitation_id}).one_or_none()
    if invitation is None or invitation.expires_at <= now:
        return None
    return invitation


def _existing_response(
    db: Session, ctx: FormContext, source: Invitation | Campaign
) -> Response | None:
    if isinstance(source, Invitation):
        return source.response
    key = _submission_key(ctx)
    return find_campaign_response(db, key) if key else None


def _submission_key(ctx: FormContext) -> str | None:
    """For a campaign: the key rendered into the page (so a retried old page lands on its own
    response), else the one for this visit."""
    if ctx.campaign_id is None:
        return None
    rendered = request.form.get("submission_key", "") if request.method == "POST" else ""
    if SUBMISSION_KEY_SHAPE.match(rendered):
        return rendered
    return ctx.submission_key


def _policy() -> AlertPolicy:
    return AlertPolicy.from_settings(runtime().settings)


def _saved_values(response: Response | None) -> dict[str, list[str]]:
    if response is None:
        return {}
    values: dict[str, list[str]] = {}
    for answer in response.answers:
        if answer.text is not None:
            values[answer.question_id] = [answer.text]
        elif answer.values:
            values[answer.question_id] = list(answer.values)
        elif answer.value is not None:
            values[answer.question_id] = [answer.value]
    return values


def _requested_page(questionnaire: Questionnaire, response: Response | None) -> int:
    """The page asked for, else the first page with nothing answered yet."""
    wanted = request.args.get("page")
    if wanted and any(p.id == wanted for p in questionnaire.pages):
        return questionnaire.page_index(wanted)
    answered = {a.question_id for a in response.answers} if response else set()
    for index, page in enumerate(questionnaire.pages):
        if not any(q.id in answered for q in page.questions):
            return index
    return len(questionnaire.pages) - 1


def _page_index_from_form(questionnaire: Questionnaire) -> int:
    page_id = request.form.get("page", "")
    if any(p.id == page_id for p in questionnaire.pages):
        return questionnaire.page_index(page_id)
    return 0


def _render_form(
    questionnaire: Questionnaire,
    page_index: int,
    values: Values,
    band: str | None,
    *,
    errors: Mapping[str, str] | None = None,
    notice: str | None = None,
    not_sent: bool = False,
    show_help: bool = False,
) -> str:
    page: Page = questionnaire.pages[page_index]
    return render_template(
        "form.html",
        questionnaire=questionnaire,
        page=page,
        page_number=page_index + 1,
        page_count=len(questionnaire.pages),
        values=values,
        band=band,
        errors=errors or {},
        notice=notice,
        not_sent=not_sent,
        show_help=show_help,
        submission_key=_submission_key(ctx) if (ctx := _form_context()) else None,
        telegram_link=_telegram_link(ctx) if page_index == 0 else None,
        QuestionType=QuestionType,
    )


def _telegram_link(ctx: FormContext | None) -> str | None:
    """The deep link that opens the same invitation in the Telegram bot, when a bot is set up."""
    if ctx is None or not ctx.telegram_token:
        return None
    username = runtime().settings.telegram_bot_username
    return f"https://t.me/{username}?start={ctx.telegram_token}"


def _not_sent(
    questionnaire: Questionnaire,
    page_index: int,
    typed: Values,
    band: str | None,
    answers: Mapping[str, Any],
) -> tuple[str, int]:
    """The database could not be reached: say the answers were NOT sent, keep them, and still help."""
    worried = False
    for question_id, given in answers.items():
        question = questionnaire.question(question_id)
        if question and concern_from_choice(question, given.value):
            worried = True
        if given.text and screen_text(given.text, current_language()).flag:
            worried = True
    notice = _(
        "Your answers were NOT sent because of a problem on our side. They are still below: "
        "please press the button again in a few minutes."
    )
    page = _render_form(
        questionnaire, page_index, typed, band, notice=notice, not_sent=True, show_help=worried
    )
    return page, 503


def _message(title: str, body: str, status: int = 200) -> tuple[str, int]:
    return render_template("message.html", title=title, body=body), status


def _expired() -> tuple[str, int]:
    return _message(
        _("Please scan your code again"),
        _(
            "This page timed out to keep your answers private. Scan the QR code on your letter again."
        ),
        410,
    )


def _unavailable() -> tuple[str, int]:
    return _message(
        _("Sorry"), _("We can't open your form just now. Please try again in a few minutes."), 503
    )


def _already_answered() -> tuple[str, int]:
    return _message(_("Thank you"), _("You have already answered. Thank you for telling us."))
