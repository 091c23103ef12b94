"""A child who said they are not safe sees help at once and is heard, whatever went wrong with
their page: a visit that timed out, a stale page, the database down or busy.

What happened is said truthfully on the help page (`told`): a person has been told and will
contact them; nobody knows who they are; or their words were kept until the system is back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from flask import render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from service import worry_spool
from service.domain import answering
from service.domain.alerts import AlertPolicy
from service.domain.answering import Outcome, Raw, Subject, Via
from service.models import Channel
from service.questionnaires import Questionnaire, UnknownQuestionnaire, get_questionnaire
from service.web import form_ref, runtime
from service.web.language import current_language

Told = Literal["named", "anonymous", "kept", ""]
SESSION_TOLD = "told"
BRIEF_WAIT_MS = 3000  # a worried child waits no longer than this for a busy database


def told_of(outcome: Outcome) -> Told:
    """What the help page may truthfully say after `outcome` raised an alert."""
    if not outcome.help_needed:
        return ""
    return "anonymous" if outcome.anonymous else "named"


def remember_told(told: Told) -> None:
    """For the help page the person is sent to next (read once)."""
    session[SESSION_TOLD] = told


def recall_told() -> Told:
    told = session.pop(SESSION_TOLD, "")
    return told if told in ("named", "anonymous", "kept") else ""


def help_page(told: Told, next_url: str, status: int = 200) -> tuple[str, int]:
    """Help first: 999, people to talk to, ways to ask without speaking, and what happens next."""
    return render_template("help.html", told=told, next_url=next_url), status


def posted_values(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """Every answer to `questionnaire` the posted page carries."""
    return {q.id: request.form.getlist(q.id) for q in questionnaire.questions}


def rescue_or(
    subject: Subject | None, fallback: Callable[[], ResponseReturnValue]
) -> ResponseReturnValue:
    """A page that cannot be taken as answers: if it says something worrying, keep it (tied to
    the child where the page's signed note says who), raise the alert, and show help at once;
    otherwise `fallback`."""
    rt = runtime()
    subject = subject or form_ref.read(rt.now())
    questionnaire = subject.questionnaire if subject else _posted_questionnaire()
    if questionnaire is None:
        return fallback()
    typed = posted_values(questionnaire)
    if not answering.worrying(questionnaire, typed, current_language()):
        return fallback()
    home = url_for("forms.home")
    try:
        with rt.sessions.begin() as db:
            outcome = answering.rescue(db, subject, questionnaire, typed, _via())
    except SQLAlchemyError:
        return help_page(keep_on_disk(subject, questionnaire, typed), home)
    return help_page(told_of(outcome), home)


def keep_on_disk(subject: Subject | None, questionnaire: Questionnaire, typed: Raw) -> Told:
    """The database cannot take a worry: keep it on disk for the worker to store; "kept" only if
    the disk took it."""
    rt = runtime()
    worry = worry_spool.KeptWorry(
        at=rt.now(),
        questionnaire_key=questionnaire.key,
        language=current_language(),
        channel=Channel.WEB.value,
        raw={k: list(v) for k, v in typed.items()},
        invitation_id=subject.invitation_id if subject else None,
        campaign_id=subject.campaign_id if subject else None,
        submission_key=subject.submission_key if subject else None,
    )
    return "kept" if worry_spool.keep(rt.settings.worry_spool_dir, worry) else ""


def _via() -> Via:
    rt = runtime()
    return Via(Channel.WEB, current_language(), rt.now(), AlertPolicy.from_settings(rt.settings))


def _posted_questionnaire() -> Questionnaire | None:
    try:
        return get_questionnaire(request.form.get("questionnaire", ""))
    except UnknownQuestionnaire:
        return None
