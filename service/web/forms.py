"""Children's, carers' and parents' forms, opened from a QR code; no login, nothing personal in the URL."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, generate_csrf
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.wrappers import Response as WerkzeugResponse

from service import messages
from service.db import only_reading, wait_briefly
from service.domain import answering
from service.domain.alerts import AlertPolicy
from service.domain.answering import Move, Outcome, Result, StepUnit, Via
from service.domain.handoff import handoff_code
from service.domain.openness import Status
from service.messages import Audience
from service.models import Channel
from service.questionnaires import (
    PREFER_NOT_SAY,
    Page,
    Questionnaire,
    QuestionType,
    UnknownQuestionnaire,
    get_questionnaire,
)
from service.web import form_ref, page_cache, pictures, runtime, worries
from service.web.language import (
    current_language,
    direction,
    language_links,
    language_links_key,
    say,
    use_language_of,
)
from service.web.language import (
    gettext as _,
)
from service.web.limits import limiter, token_limit
from service.web.redirects import local_path

bp = Blueprint("forms", __name__)

SESSION_FORM = "form"
SUBMISSION_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")

Values = Mapping[str, Sequence[str]]
_CHECKED, _UNCHECKED = Markup(" checked"), Markup("")


@bp.app_context_processor
def _language_context() -> dict[str, Any]:
    lang = current_language()
    settings = runtime().settings
    ctx = _form_context()
    return {
        "lang": lang,
        "dir": direction(lang),
        "settings": settings,
        "language_links": language_links(),
        "messages": messages,
        "say": say,
        "help_contacts": messages.help_contacts(
            settings, ctx.audience if ctx else Audience.UNKNOWN
        ),
        "picture": pictures.picture,
        "sprite": "",
        "young": False,
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
            opened = answering.open_link(db, token, rt.now())
    except SQLAlchemyError:
        return _unavailable()
    use_language_of(opened.language if opened.subject else None)
    if opened.status is Status.ANSWERED:
        return _already_answered()
    subject = opened.subject
    if opened.status is not Status.OPEN or subject is None or subject.invitation_id is None:
        return _message(_(messages.LINK_NOT_WORKING_TITLE), _(messages.LINK_NOT_WORKING), 404)
    source: dict[str, Any] = {
        "invitation": subject.invitation_id,
        "questionnaire": subject.questionnaire_key,
        "band": opened.band,
        "audience": opened.audience.value,
    }
    begin_form(source, opened.language)
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
    rt = runtime()
    try:
        opened = answering.resume_unbegun(rt.engine, ctx.subject)  # a first view: one row
        if opened is None:
            with rt.sessions() as db:
                only_reading(db)
                opened = answering.resume_begun(db, ctx.subject)
    except SQLAlchemyError:
        return _unavailable()
    if opened.status is Status.ANSWERED:
        return _already_answered()
    if opened.status is not Status.OPEN or opened.questionnaire is None:
        return _expired()
    questionnaire = opened.questionnaire
    page_index = _requested_page(questionnaire)
    if page_index is None:
        page_index = opened.resume_step(StepUnit.PAGE)
    errors = {}
    if request.args.get("check"):
        page = questionnaire.pages[page_index]
        errors = {q.id: _(messages.PLEASE_ANSWER) for q in page.questions if q.id in opened.missing}
    return _render_form(questionnaire, page_index, opened.saved, ctx.band, errors=errors, ctx=ctx)


@bp.post("/form")
def save_page() -> ResponseReturnValue:
    """Save one page of answers; on the last page, send them. Help comes first if a child is not safe."""
    ctx = _form_context()
    if ctx is None:
        return worries.rescue_or(None, _expired)
    questionnaire = ctx.subject.questionnaire
    page_index = _page_index_from_form(questionnaire)
    questions = questionnaire.pages[page_index].questions
    form = request.form  # the proxy looked through once, not once per question
    typed = {q.id: form.getlist(q.id) for q in questions}
    move = Move.BACK if form.get("move") == "back" else Move.NEXT
    # Read once: for the worry check, then for storing.
    parsed = answering.parse_step(questionnaire, questions, typed)
    worried = answering.chose_a_worry(questionnaire, typed, parsed)
    rt = runtime()
    via = Via(Channel.WEB, current_language(), rt.now(), AlertPolicy.from_settings(rt.settings))
    unit = StepUnit.PAGE
    try:
        # The usual calm form is sent in one statement with no session; anything else (and a
        # worried child's page at once, with a brief lock wait) is stored step by step.
        outcome = (
            None
            if worried
            else answering.answer_whole(
                rt.engine, ctx.subject, unit, page_index, typed, move=move, via=via, parsed=parsed
            )
        )
        if outcome is None:
            with rt.sessions.begin() as db:
                if worried:
                    wait_briefly(db, worries.BRIEF_WAIT_MS)
                outcome = answering.answer_step(
                    db,
                    ctx.subject,
                    unit,
                    page_index,
                    typed,
                    move=move,
                    via=via,
                    tried_whole=True,
                    parsed=parsed,
                )
    except IntegrityError:
        # A parallel retry of the same page won the race; show where that one got to.
        return redirect(url_for("forms.form"), code=303)
    except SQLAlchemyError:
        worried = answering.worrying(questionnaire, typed, current_language())
        return _not_sent(ctx, page_index, typed, worried)
    if outcome.result is Result.INVALID:
        errors = {e.field: say(e.message, **e.params) for e in outcome.errors}
        return _render_form(questionnaire, page_index, typed, ctx.band, errors=errors), 422
    if outcome.result is Result.CLOSED:
        return _expired()
    next_url = _next_url(questionnaire, outcome)
    if outcome.help_needed:
        worries.remember_told(worries.told_of(outcome))
        return redirect(url_for("forms.help_page", next=next_url), code=303)
    return redirect(next_url, code=303)


def _next_url(questionnaire: Questionnaire, outcome: Outcome) -> str:
    """Where the person goes after a page: on, back, to a question still to answer, or thanks."""
    if outcome.result in (Result.SENT, Result.ANSWERED) or outcome.next_step is None:
        return url_for("forms.thanks")
    page_id = questionnaire.pages[outcome.next_step].id
    if outcome.result is Result.MISSING:
        return url_for("forms.form", page=page_id, check=1)
    return url_for("forms.form", page=page_id)


@bp.get("/help")
def help_page() -> tuple[str, int]:
    """Help straight away: for a child who said they are not safe, and for anyone who asks."""
    fallback = url_for("forms.form") if _form_context() else url_for("forms.home")
    next_url = local_path(request.args.get("next"), fallback)
    return worries.help_page(worries.recall_told(), next_url)


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
        body=_(messages.ANSWERS_SENT),
        again_url=again,
    )


@bp.errorhandler(CSRFError)
def _csrf_failed(_error: CSRFError) -> ResponseReturnValue:
    """An old or copied page: a worry on it is heard at once; otherwise keep what was typed and
    ask for one more press."""
    ctx = _form_context()
    return worries.rescue_or(ctx.subject if ctx else None, lambda: _press_again(ctx))


def _press_again(ctx: FormContext | None) -> tuple[str, int]:
    if ctx is None:
        return _expired()
    questionnaire = ctx.subject.questionnaire
    page_index = _page_index_from_form(questionnaire)
    page = questionnaire.pages[page_index]
    typed = {q.id: request.form.getlist(q.id) for q in page.questions}
    notice = _(
        "This page was open for a long time. Please check your answers and press the button again."
    )
    return _render_form(questionnaire, page_index, typed, ctx.band, notice=notice), 400


@dataclass(frozen=True)
class FormContext:
    """What the cookie says this browser is answering, and since when; enough to show the form
    without the database. Either an invitation (one person's link) or an open campaign, whose
    anonymous response is found again by the submission key made when the link was opened."""

    subject: answering.Subject
    band: str | None
    audience: Audience = Audience.UNKNOWN


def _form_context() -> FormContext | None:
    """The form this browser opened, if the cookie is still fresh."""
    data = session.get(SESSION_FORM)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["started"])
        key = str(data["questionnaire"])
        get_questionnaire(key)
        if "campaign" in data:
            subject = answering.Subject(
                started,
                key,
                campaign_id=int(data["campaign"]),
                submission_key=_submission_key(str(data["submission"])),
            )
            ctx = FormContext(subject, None)
        else:
            subject = answering.Subject(started, key, invitation_id=int(data["invitation"]))
            audience = Audience(data.get("audience", Audience.UNKNOWN))
            ctx = FormContext(subject, data.get("band"), audience)
    except (KeyError, TypeError, ValueError, UnknownQuestionnaire):
        return None
    rt = runtime()
    if (rt.now() - started).total_seconds() > rt.settings.form_session_minutes * 60:
        return None
    return ctx


def _submission_key(visit_key: str) -> str:
    """For a campaign: the key rendered into the page (so a retried old page lands on its own
    response), else the one for this visit."""
    rendered = request.form.get("submission_key", "") if request.method == "POST" else ""
    return rendered if SUBMISSION_KEY_SHAPE.match(rendered) else visit_key


def _requested_page(questionnaire: Questionnaire) -> int | None:
    """The page asked for in the address, if it is one of this questionnaire's."""
    wanted = request.args.get("page")
    if wanted and any(p.id == wanted for p in questionnaire.pages):
        return questionnaire.page_index(wanted)
    return None


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
    told: str = "",
    ctx: FormContext | None = None,
) -> str:
    """The page, drawn once per questionnaire page, language, band, audience and state and then
    filled in with this request's values (page_cache). `ctx`: the cookie's form, when the caller
    has read it already."""
    page: Page = questionnaire.pages[page_index]
    ctx = ctx or _form_context()
    errors = errors or {}
    live = _live_values(page, values, ctx, page_index)
    has = ("ref" in live, "submission_key" in live, "telegram_link" in live)

    def context() -> dict[str, Any]:
        drawn = [
            c.picture
            for q in page.questions
            if q.choices and q.choices[0].picture
            for c in q.all_choices()
        ]
        return {
            "questionnaire": questionnaire,
            "page": page,
            "young": questionnaire.written_for == "under8",
            "sprite": pictures.sprite(drawn),
            "PREFER_NOT_SAY": PREFER_NOT_SAY,
            "page_number": page_index + 1,
            "page_count": len(questionnaire.pages),
            "band": band,
            "errors": errors,
            "notice": notice,
            "not_sent": not_sent,
            "show_help": show_help,
            "told": told,
            "ref": has[0],
            "submission_key": has[1],
            "telegram_link": has[2],
            "QuestionType": QuestionType,
        }

    # Everything the page depends on but `live`: what the context above and the app's context
    # processor (_language_context) put in it.
    key = (
        "form.html",
        questionnaire.key,
        questionnaire.version,
        page_index,
        current_language(),
        band,
        ctx.audience if ctx else Audience.UNKNOWN,
        tuple(errors.items()),
        notice,
        not_sent,
        show_help,
        told,
        has,
        language_links_key(),
    )
    return page_cache.render("form.html", key, questionnaire, context, live)


def _live_values(
    page: Page, values: Values, ctx: FormContext | None, page_index: int
) -> dict[str, Markup]:
    """What differs between requests for the same page: the CSRF token, the signed note, the
    Telegram link and the answers already chosen, each escaped as the template escapes."""
    live = {"csrf": escape(generate_csrf())}
    if ctx is not None:
        live["ref"] = escape(form_ref.sign(ctx.subject))
        if ctx.subject.submission_key:
            live["submission_key"] = escape(ctx.subject.submission_key)
    telegram = _telegram_link(ctx) if page_index == 0 else None
    if telegram:
        live["telegram_link"] = escape(telegram)
    for question, text_name, choices in _answer_places(page):
        chosen = values.get(question, [])
        if text_name:
            live[text_name] = escape(chosen[0] if chosen else "")
        else:
            for key, name in choices:
                live[name] = _CHECKED if key in chosen else _UNCHECKED
    return live


_Places = tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
_places: dict[int, tuple[Page, _Places]] = {}


def _answer_places(page: Page) -> _Places:
    """Each question's id with the names of its places in the page (its text box's, or each
    choice's key and ` checked` place's), worked out once per page rather than per request."""
    kept = _places.get(id(page))
    if kept is not None and kept[0] is page:
        return kept[1]
    places = tuple(
        (
            q.id,
            f"text:{q.id}" if q.type == QuestionType.TEXT else "",
            ()
            if q.type == QuestionType.TEXT
            else tuple((c.key, f"checked:{q.id}:{c.key}") for c in q.all_choices()),
        )
        for q in page.questions
    )
    if len(_places) >= page_cache.MAX_PAGES:
        _places.clear()
    _places[id(page)] = (page, places)
    return places


def _telegram_link(ctx: FormContext | None) -> str | None:
    """The deep link that opens the same invitation in the Telegram bot, when a bot is set up:
    it carries a signed handoff, never the invitation's token."""
    settings = runtime().settings
    if ctx is None or ctx.subject.invitation_id is None or not settings.telegram_bot_token:
        return None
    code = handoff_code(settings.secret_key, ctx.subject.invitation_id, runtime().now())
    return f"https://t.me/{settings.telegram_bot_username}?start={code}"


def _not_sent(ctx: FormContext, page_index: int, typed: Values, worried: bool) -> tuple[str, int]:
    """The database could not be reached: say the answers were NOT sent, keep them on the page,
    and still help; a worry is kept on disk for the worker to store and alert on."""
    questionnaire = ctx.subject.questionnaire
    told = worries.keep_on_disk(ctx.subject, questionnaire, typed) if worried else ""
    notice = _(
        "Your answers were NOT sent because of a problem on our side. They are still below: "
        "please press the button again in a few minutes."
    )
    page = _render_form(
        questionnaire,
        page_index,
        typed,
        ctx.band,
        notice=notice,
        not_sent=True,
        show_help=worried,
        told=told,
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
    return _message(_("Thank you"), _(messages.ALREADY_ANSWERED))
