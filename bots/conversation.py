"""The conversation: each chat event becomes one transaction of domain operations, and a list of
messages to send back. No Telegram calls here, so every step runs in a worker thread.

Where a chat got to lives in `bot_chats` (service.domain.chats); each step remembers the update
that made it, so an update delivered twice (or re-run after a crash) changes nothing twice and
simply shows the current question again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bots import texts
from bots.chat_commands import ChatCommands
from bots.keyboards import Button, question_keyboard
from bots.texts import LANGUAGES, help_text, t
from bots.throttles import StartLimiter
from bots.turns import Outgoing, Place, Turn, language_of
from service import messages
from service.domain import answering, chats
from service.domain.alerts import AlertPolicy
from service.domain.answering import Move, Outcome, Result, StepUnit, Subject, Via
from service.domain.campaigns import find_open_campaign, open_campaigns
from service.domain.handoff import read_handoff
from service.domain.openness import Status
from service.messages import Audience
from service.models import BotChat, Channel
from service.questionnaires import Question, Questionnaire, QuestionType
from service.runtime import Runtime

QUESTIONS = StepUnit.QUESTION
_PLEA = re.compile(r"(please\s+)?help(\s+me)?(\s+please)?[\s!.?]*")


@dataclass
class _Answering:
    """A chat in the middle of a questionnaire, loaded inside a transaction."""

    db: Session
    chat: BotChat
    subject: Subject
    questionnaire: Questionnaire
    message_id: int | None = None
    out: list[Outgoing] = field(default_factory=list)
    helped: bool = False  # help was sent: send it again if this update is handled again

    @property
    def language(self) -> str:
        return self.chat.language

    @property
    def position(self) -> int:
        return int(self.chat.state.get("position", 0))

    @property
    def question(self) -> Question:
        return self.questionnaire.questions[self.position]


class Conversation(ChatCommands):
    """Every step the bot can take, each in its own transaction."""

    def __init__(self, runtime: Runtime, start_limiter: StartLimiter) -> None:
        self.runtime = runtime
        self.start_limiter = start_limiter
        self.policy = AlertPolicy.from_settings(runtime.settings)

    # ------------------------------------------------------------ commands

    def start(self, turn: Turn, token: str | None) -> list[Outgoing]:
        """A deep link opens its questionnaire; a plain /start explains the bot and offers campaigns."""
        if not token:
            return self._introduce(turn)
        if not self.start_limiter.allow(turn.chat_id):
            return [Outgoing(t(texts.TOO_MANY_TRIES, language_of(turn)))]
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chats.was_applied(chat, turn.update_id):
                return self._current(db, chat)
            language = language_of(turn, chat)
            handed = read_handoff(self.runtime.settings.secret_key, token, now)
            if handed is not None:  # the web form's "answer in Telegram" link
                opened = answering.open_invitation(db, handed, now)
            else:
                opened = answering.open_link(db, token, now)
            if chat is None and opened.language in LANGUAGES:
                language = opened.language
            if opened.subject is not None and opened.status is Status.OPEN:
                opened = answering.begin(
                    db, opened.subject, channel=Channel.TELEGRAM, language=language, now=now
                )
            if opened.status is Status.ANSWERED:
                return [Outgoing(t(messages.ALREADY_ANSWERED, language))]
            if opened.status is not Status.OPEN or opened.subject is None:
                return [Outgoing(_link_not_working(language))]
            return self._begin(db, turn, chat, opened, language, greet=True)

    def help(self, turn: Turn) -> list[Outgoing]:
        """Who to talk to now, 999 first, right for the person's age; always available."""
        with self.runtime.sessions() as db:
            chat = chats.find_chat(db, turn.chat_id)
            if chat is None:
                language = language_of(turn)
                return [Outgoing(help_text(self.runtime.settings, language))]
            return [Outgoing(self._help(chat))]

    def set_language(self, turn: Turn, language: str) -> list[Outgoing]:
        """Switch language, and show the current question again in it."""
        if language not in LANGUAGES:
            return []
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.open_chat(db, turn.chat_id, now, language=language)
            chats.set_language(chat, language, now)
            chats.note_applied(chat, turn.update_id, now)
            out = [Outgoing(t(texts.LANGUAGE_SET, language), edit_message_id=turn.message_id)]
            state = self._answering(db, chat)
            if state is not None:
                out.append(self._ask(state))
            return out

    # ------------------------------------------------------------ answering

    def start_campaign(self, turn: Turn, code: str) -> list[Outgoing]:
        """Begin an anonymous campaign questionnaire chosen from the /start list or a poll message."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chats.was_applied(chat, turn.update_id):
                return self._current(db, chat)
            language = language_of(turn, chat)
            campaign = find_open_campaign(db, code, now)
            if campaign is None:
                return [Outgoing(t(messages.CLOSED, language))]
            state = self._answering(db, chat)
            if state is not None and state.subject.campaign_id == campaign.id:
                return [self._ask(state)]
            opened = answering.open_campaign(db, campaign, answering.new_submission_key(), now)
            assert opened.subject is not None
            opened = answering.begin(
                db, opened.subject, channel=Channel.TELEGRAM, language=language, now=now
            )
            return self._begin(db, turn, chat, opened, language, greet=False)

    def answer_choice(self, turn: Turn, place: Place, key: str) -> list[Outgoing]:
        """A button answer to a face, yes/no/not sure, choice or safety question."""
        return self._on_question(turn, place, lambda state: self._save(state, [key]))

    def toggle_choice(self, turn: Turn, place: Place, key: str) -> list[Outgoing]:
        """Tick or untick one answer of a question that allows several."""

        def toggle(state: _Answering) -> None:
            picked = list(state.chat.state.get("picked", []))
            picked = [k for k in picked if k != key] if key in picked else [*picked, key]
            chats.set_picked(state.chat, picked, self.runtime.now())
            state.out.append(self._ask(state, edit=turn.message_id))

        return self._on_question(turn, place, toggle)

    def finish_choices(self, turn: Turn, place: Place) -> list[Outgoing]:
        """Save the answers ticked on a question that allows several."""

        def finish(state: _Answering) -> None:
            self._save(state, list(state.chat.state.get("picked", [])))

        return self._on_question(turn, place, finish)

    def skip(self, turn: Turn, place: Place) -> list[Outgoing]:
        """Leave a question unanswered (only offered where the question allows it)."""

        def skip(state: _Answering) -> None:
            outcome = answering.skip(
                state.db,
                state.subject,
                QUESTIONS,
                state.position,
                via=self._via(state),
            )
            if outcome.result is Result.INVALID:  # a required question cannot be skipped
                state.out.append(self._ask(state))
                return
            state.out.append(self._echo(state, t(texts.SKIPPED, state.language)))
            self._follow(state, outcome)

        return self._on_question(turn, place, skip)

    def back(self, turn: Turn, place: Place) -> list[Outgoing]:
        """Go back to the question before, to change that answer."""

        def back(state: _Answering) -> None:
            outcome = answering.go_back(state.db, state.subject, state.position)
            state.out.append(self._echo(state, ""))
            self._follow(state, outcome)

        return self._on_question(turn, place, back)

    def answer_text(self, turn: Turn, text: str) -> list[Outgoing]:
        """Typed words: the answer to a free-text question; anywhere else they are screened and
        kept for a person to read, a worry gets help at once, and the chat carries on."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            state = self._answering(db, chat)
            if chat is not None and state is not None and state.question.type is QuestionType.TEXT:
                return self._step(db, turn, chat, state, None, lambda s: self._save(s, [text]))
            if chats.was_applied(chat, turn.update_id):
                return self._replay(db, chat, turn)
            chat = chat or chats.open_chat(db, turn.chat_id, now, language=language_of(turn))
            question = state.question if state else None
            subject = state.subject if state else None
            kept = answering.keep_words(db, subject, question, text, self._via_chat(chat))
            out = []
            if kept.help_needed or asks_for_help(text):
                out.append(Outgoing(self._help_now(chat, kept)))
                chats.note_helped(chat, turn.update_id, now)
            if state is not None:
                out += [Outgoing(t(texts.USE_BUTTONS, state.language)), self._ask(state)]
            elif not out:
                out.append(Outgoing(t(texts.NOTHING_OPEN, chat.language)))
            chats.note_applied(chat, turn.update_id, now)
            return out

    def unreadable(self, turn: Turn, kind: str, caption: str | None) -> list[Outgoing]:
        """A voice note, photo, file or sticker: the bot cannot read it, so it says so kindly, with
        help first; what a person may need to hear or see raises an alert."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chats.was_applied(chat, turn.update_id):
                return self._replay(db, chat, turn)
            state = self._answering(db, chat)
            chat = chat or chats.open_chat(db, turn.chat_id, now, language=language_of(turn))
            subject = state.subject if state else None
            via = self._via_chat(chat)
            if kind != "sticker":
                answering.keep_unreadable(db, subject, kind, via)
            if caption:
                answering.keep_words(db, subject, state.question if state else None, caption, via)
            out = [Outgoing(t(texts.CANT_READ, chat.language) + "\n\n" + self._help(chat))]
            chats.note_helped(chat, turn.update_id, now)
            if state is not None:
                out.append(self._ask(state))
            chats.note_applied(chat, turn.update_id, now)
            return out

    def current(self, turn: Turn) -> list[Outgoing]:
        """Show the question the chat is on (or how to begin)."""
        with self.runtime.sessions() as db:
            return self._current(db, chats.find_chat(db, turn.chat_id))

    # ------------------------------------------------------------ internals

    def _on_question(
        self, turn: Turn, place: Place, step: Callable[[_Answering], None]
    ) -> list[Outgoing]:
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            state = self._answering(db, chat)
            if chat is None or state is None:
                return [Outgoing(t(texts.NOTHING_OPEN, language_of(turn, chat)))]
            if place.response_id != chat.response_id:  # a button of a form answered before
                return [Outgoing(t(texts.OTHER_FORM, state.language)), self._ask(state)]
            return self._step(db, turn, chat, state, place.position, step)

    def _step(
        self,
        db: Session,
        turn: Turn,
        chat: BotChat,
        state: _Answering,
        position: int | None,
        step: Callable[[_Answering], None],
    ) -> list[Outgoing]:
        """One answering step on the question the chat is on, once per update."""
        if chats.was_applied(chat, turn.update_id):
            return self._replay(db, chat, turn)
        if position is not None and position != state.position:
            return [Outgoing(t(texts.OLD_BUTTON, state.language)), self._ask(state)]
        state.message_id = turn.message_id
        step(state)
        now = self.runtime.now()
        if state.helped:
            chats.note_helped(chat, turn.update_id, now)
        chats.note_applied(chat, turn.update_id, now)
        return state.out

    def _replay(self, db: Session, chat: BotChat | None, turn: Turn) -> list[Outgoing]:
        """An update handled before and delivered again: show where the chat is, and the help
        again if it called for help (its messages may not all have arrived)."""
        out = [Outgoing(self._help(chat))] if chats.was_helped(chat, turn.update_id) else []
        return out + self._current(db, chat)

    def _save(self, state: _Answering, raw: list[str]) -> None:
        question = state.question
        outcome = answering.answer_step(
            state.db,
            state.subject,
            QUESTIONS,
            state.position,
            {question.id: raw},
            move=Move.NEXT,
            via=self._via(state),
        )
        if outcome.result is Result.INVALID:
            for error in outcome.errors:
                state.out.append(Outgoing(t(error.message, state.language, **error.params)))
            state.out.append(self._ask(state))
            return
        if outcome.help_needed:  # help first, whatever happens to the messages after it
            state.out.append(Outgoing(self._help_now(state.chat, outcome)))
            state.helped = True
        if outcome.result in (Result.SAVED, Result.MISSING, Result.SENT):
            state.out.append(self._echo(state, self._said(state, raw)))
        self._follow(state, outcome)

    def _via(self, state: _Answering) -> Via:
        return self._via_chat(state.chat)

    def _via_chat(self, chat: BotChat) -> Via:
        return Via(Channel.TELEGRAM, chat.language, self.runtime.now(), self.policy)

    def _help(self, chat: BotChat | None) -> str:
        """The help list for this chat's person, in their language."""
        audience = (
            Audience((chat.state or {}).get("audience") or Audience.UNKNOWN)
            if chat
            else Audience.UNKNOWN
        )
        return help_text(self.runtime.settings, chat.language if chat else "en", audience)

    def _help_now(self, chat: BotChat, outcome: Outcome) -> str:
        """What a person who said something worrying is told at once: what happens next, truly,
        and help."""
        language = chat.language
        if outcome.anonymous:
            said = t(messages.TOLD_ANONYMOUS, language)
        else:
            hours = self.runtime.settings.contact_within_hours
            said = t(messages.TOLD_NAMED, language, hours=hours)
        thanks = t(messages.THANK_YOU_FOR_TELLING, language) + ". " + said
        return thanks + "\n\n" + self._help(chat)

    def _follow(self, state: _Answering, outcome: Outcome) -> None:
        """Show what comes after a step: the next question, one still to answer, or thanks."""
        now = self.runtime.now()
        language = state.language
        if outcome.result in (Result.SAVED, Result.MISSING) and outcome.next_step is not None:
            chats.move_to(state.chat, outcome.next_step, now)
            if outcome.result is Result.MISSING:
                state.out.append(Outgoing(t(messages.PLEASE_ANSWER, language)))
            state.out.append(self._ask(state))
            return
        chats.finish_answering(state.chat, now)
        if outcome.result is Result.SENT:
            state.out.append(Outgoing(t(messages.ANSWERS_SENT, language)))
        elif outcome.result is Result.ANSWERED:
            state.out.append(Outgoing(t(messages.ALREADY_ANSWERED, language)))
        else:
            state.out.append(Outgoing(t(messages.CLOSED, language)))

    def _said(self, state: _Answering, raw: list[str]) -> str:
        """What the rewritten question shows; never the answer to the safety question or free text."""
        question = state.question
        if question.type in (QuestionType.SAFETY, QuestionType.TEXT):
            return "✓ " + t(texts.SAVED, state.language)
        labels = [t(c.label, state.language) for k in raw if (c := question.choice(k))]
        return "✓ " + t(texts.YOUR_ANSWER, state.language) + " " + ", ".join(labels)

    def _ask(self, state: _Answering, edit: int | None = None) -> Outgoing:
        question = state.question
        language = state.language
        parts = [
            t(
                texts.QUESTION_OF,
                language,
                number=state.position + 1,
                count=len(state.questionnaire.questions),
            ),
            t(question.wording(state.chat.state.get("band")), language),
        ]
        hint = question.hint_for(state.chat.state.get("band"))
        if hint:
            parts.append(t(hint, language))
        if question.type is QuestionType.TEXT:
            parts.append(t(texts.TYPE_ANSWER, language))
        elif question.type is QuestionType.MULTI:
            parts.append(t(texts.TICK_ANY, language))
        assert state.chat.response_id is not None
        buttons = question_keyboard(
            question,
            state.chat.response_id,
            state.position,
            language,
            can_back=state.position > 0,
            picked=tuple(state.chat.state.get("picked", [])),
        )
        return Outgoing("\n\n".join(parts), buttons, edit_message_id=edit)

    def _echo(self, state: _Answering, note: str) -> Outgoing:
        """Rewrite the question just answered without its buttons, so old buttons cannot be pressed."""
        asked = self._ask(state)
        text = asked.text + (f"\n\n{note}" if note else "")
        if state.message_id is None:
            return Outgoing(note or text)
        return Outgoing(text, (), edit_message_id=state.message_id)

    def _answering(self, db: Session, chat: BotChat | None) -> _Answering | None:
        if chat is None:
            return None
        response = chats.current_response(db, chat)
        if response is None:
            return None
        subject = Subject(
            response.started_at,
            response.questionnaire_key,
            response.questionnaire_version,
            invitation_id=chat.invitation_id,
            campaign_id=chat.campaign_id,
            submission_key=response.submission_key,
        )
        questionnaire = subject.questionnaire
        if not 0 <= int(chat.state.get("position", 0)) < len(questionnaire.questions):
            return None
        return _Answering(db, chat, subject, questionnaire)

    def _current(self, db: Session, chat: BotChat | None) -> list[Outgoing]:
        state = self._answering(db, chat)
        if state is None:
            return [Outgoing(t(texts.NOTHING_OPEN, chat.language if chat else "en"))]
        return [self._ask(state)]

    def _begin(
        self,
        db: Session,
        turn: Turn,
        chat: BotChat | None,
        opened: answering.Opened,
        language: str,
        *,
        greet: bool,
    ) -> list[Outgoing]:
        """Link the chat to the response just begun, say who reads it, and ask where it got to."""
        subject, questionnaire = opened.subject, opened.questionnaire
        assert subject is not None and questionnaire is not None and opened.response_id
        now = self.runtime.now()
        chat = chat or chats.open_chat(db, turn.chat_id, now, language=language)
        left = chat.response_id not in (None, opened.response_id)  # another form, unfinished
        chats.begin_answering(
            chat,
            opened.response_id,
            now=now,
            invitation_id=subject.invitation_id,
            campaign_id=subject.campaign_id,
            band=opened.band,
            audience=opened.audience.value,
            position=opened.resume_step(QUESTIONS),
        )
        chats.note_applied(chat, turn.update_id, now)
        parts = [t(texts.GREETING, language)] if greet else []
        if left:
            parts.append(t(texts.UNFINISHED, language))
        parts.append(t(questionnaire.intro, language))
        privacy = messages.privacy_notice(
            subject.anonymous, questionnaire.written_for or opened.band
        )
        parts.append(" ".join(t(line, language) for line in privacy))
        state = self._answering(db, chat)
        assert state is not None
        return [Outgoing("\n\n".join(parts)), self._ask(state)]

    def _introduce(self, turn: Turn) -> list[Outgoing]:
        with self.runtime.sessions() as db:
            language = language_of(turn, chats.find_chat(db, turn.chat_id))
            campaigns = [(c.title, c.code) for c in open_campaigns(db, self.runtime.now())]
        parts = [t(texts.GREETING, language), t(texts.ABOUT, language)]
        parts.append(t(texts.OPEN_CAMPAIGNS if campaigns else texts.NO_CAMPAIGNS, language))
        buttons = tuple((Button(title, f"c:{code}"),) for title, code in campaigns)
        return [Outgoing("\n\n".join(parts), buttons), Outgoing(t(texts.COMMANDS, language))]


def _link_not_working(language: str) -> str:
    return (
        t(messages.LINK_NOT_WORKING_TITLE, language) + ". " + t(messages.LINK_NOT_WORKING, language)
    )


def asks_for_help(text: str) -> bool:
    """Words that are only a plea for help ("help", "help me", "please help!")."""
    return bool(_PLEA.fullmatch(text.strip().lower()))
