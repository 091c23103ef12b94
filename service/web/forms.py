"""Children's, carers' and parents' forms, opened from a QR code; no login, nothing personal in the URL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WerkzeugResponse

from analysis.safety import screen_text
from service.domain.alerts import AlertPolicy, concern_from_choice
from service.domain.errors import AlreadySubmitted, InvalidAnswers
from service.domain.invitations import TokenState, look_up_token
from service.domain.responses import (
    age_band,
    find_response,
    parse_answers,
    questionnaire_of,
    save_answers,
    start_response,
    submit_response,
)
from service.models import Channel, Invitation, Response, ResponseStatus
from service.questionnaires import (
    Page,
    Questionnaire,
    QuestionType,
    UnknownQuestionnaire,
    get_questionnaire,
)
from service.web import runtime
from service.web.language import current_language, direction
from service.web.limits import limiter, token_limit

bp = Blueprint("forms", __name__)

SESSION_FORM = "form"

Values = Mapping[str, Sequence[str]]


@bp.app_context_processor
def _language_context() -> dict[str, Any]:
    lang = current_language()
    return {"lang": lang, "dir": direction(lang), "settings": runtime().settings}


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
    except OperationalError:
        return _unavailable()
    if found.state is TokenState.USED:
        return _already_answered()
    if found.state is TokenState.INVALID or invitation is None:
        return _message(
            _("This link is not working"),
            _("It may be old or mistyped. Ask your IRO or carer for a new one."),
            404,
        )
    lang = session.get("lang")
    session.clear()
    session[SESSION_FORM] = {
        "invitation": invitation.id,
        "questionnaire": invitation.questionnaire_key,
        "band": band,
        "started": rt.now().isoformat(),
    }
    session["lang"] = lang or invitation.language
    return redirect(url_for("forms.form"), code=303)


@bp.get("/form")
def form() -> str | tuple[str, int]:
    """Show the page of questions the person has got to (coming back resumes)."""
    ctx = _form_context()
    if ctx is None:
        return _expired()
    try:
        with runtime().sessions() as db:
            invitation = _live_invitation(db, ctx)
            if invitation is None:
                return _expired()
            response = find_response(db, invitation)
            if response is not None and response.status is ResponseStatus.SUBMITTED:
                return _already_answered()
            questionnaire = questionnaire_of(response) if response else ctx.questionnaire
            saved = _saved_values(response)
            page_index = _requested_page(questionnaire, response)
    except OperationalError:
        return _unavailable()
    return _render_form(questionnaire, page_index, saved, ctx.band)


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
        with rt.sessions.begin() as db:
            invitation = _live_invitation(db, ctx)
            if invitation is None:
                return _expired()
            response = start_response(
                db,
                channel=Channel.WEB,
                language=current_language(),
                now=rt.now(),
                invitation=invitation,
            )
            alerts = save_answers(db, response, answers, now=rt.now(), policy=_policy())
            if finishing:
                submit_response(db, response, now=rt.now())
    except (AlreadySubmitted, IntegrityError):
        return redirect(url_for("forms.thanks"), code=303)
    except InvalidAnswers as invalid:
        errors = {e.field: _(e.message) for e in invalid.errors}
        return _render_form(questionnaire, page_index, typed, ctx.band, errors=errors), 422
    except OperationalError:
        return _not_sent(questionnaire, page_index, typed, ctx.band, answers)
    if finishing:
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
    next_url = request.args.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = url_for("forms.thanks")
    return render_template("help.html", next_url=next_url, saved=True)


@bp.get("/thanks")
def thanks() -> str:
    """Thank the person once their answers are safely stored."""
    session.pop(SESSION_FORM, None)
    return render_template(
        "message.html",
        title=_("Thank you"),
        body=_("Your answers have been sent. Thank you for telling us."),
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
    """What the cookie says this browser is answering; enough to show the form without the database."""

    invitation_id: int
    questionnaire: Questionnaire
    band: str | None


def _form_context() -> FormContext | None:
    """The form this browser opened, if the cookie is still fresh."""
    data = session.get(SESSION_FORM)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["started"])
        questionnaire = get_questionnaire(data["questionnaire"])
        invitation_id = int(data["invitation"])
    except (KeyError, TypeError, ValueError, UnknownQuestionnaire):
        return None
    rt = runtime()
    if (rt.now() - started).total_seconds() > rt.settings.form_session_minutes * 60:
        return None
    return FormContext(invitation_id, questionnaire, data.get("band"))


def _live_invitation(db: Session, ctx: FormContext) -> Invitation | None:
    invitation = db.get(Invitation, ctx.invitation_id)
    if invitation is None or invitation.expires_at <= runtime().now():
        return None
    return invitation


def _policy() -> AlertPolicy:
    s = runtime().settings
    return AlertPolicy(
        urgent_ack=timedelta(minutes=s.urgent_ack_minutes),
        high_ack=timedelta(minutes=s.high_ack_minutes),
    )


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
        QuestionType=QuestionType,
    )


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
