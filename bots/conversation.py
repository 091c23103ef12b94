"""The conversation: each chat event becomes one transaction of domain operations, and a list of
messages to send back. No Telegram calls here, so every step runs in a worker thread.

Where a chat got to lives in `bot_chats` (service.domain.chats); each step remembers the update
that made it, so an update delivered twice (or re-run after a crash) changes nothing twice and
simply shows the current question again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bots import texts
from bots.keyboards import Button, Keyboard, question_keyboard
from bots.texts import LANGUAGES, t
from bots.throttles import StartLimiter
from service.domain import chats
from service.domain.alerts import AlertPolicy
from service.domain.campaigns import find_open_campaign, open_campaigns
from service.domain.errors import AlreadySubmitted, InvalidAnswers
from service.domain.invitations import TokenState, look_up_token
from service.domain.responses import (
    AnswerInput,
    age_band,
    parse_answers,
    questionnaire_of,
    save_answers,
    start_response,
    submit_response,
)
from service.models import BotChat, Channel, Response
from service.questionnaires import Question, Questionnaire, QuestionType
from service.runtime import Runtime


@dataclass(frozen=True)
class Outgoing:
    """One message to send, or (with `edit_message_id`) an earlier one to rewrite."""

    text: str
    buttons: Keyboard = ()
    edit_message_id: int | None = None


@dataclass(frozen=True)
class Turn:
    """Who wrote, which update it was, and which message a button was pressed on."""

    chat_id: int
    update_id: int
    language_hint: str | None = None
    message_id: int | None = None


@dataclass
class _Answering:
    """A chat in the middle of a questionnaire, loaded inside a transaction."""

    db: Session
    chat: BotChat
    response: Response
    questionnaire: Questionnaire
    message_id: int | None = None
    out: list[Outgoing] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.chat.language

    @property
    def position(self) -> int:
        return int(self.chat.state.get("position", 0))

    @property
    def question(self) -> Question:
        return self.questionnaire.questions[self.position]


class Conversation:
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
            return [Outgoing(t(texts.TOO_MANY_TRIES, self._language(turn)))]
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chats.was_applied(chat, turn.update_id):
                return self._current(db, chat)
            language = self._language(turn, chat)
            found = look_up_token(db, token, now)
            invitation = found.invitation
            if found.state is TokenState.USED:
                return [Outgoing(t(texts.ALREADY_ANSWERED, language))]
            if found.state is not TokenState.VALID or invitation is None:
                return [Outgoing(t(texts.LINK_NOT_WORKING, language))]
            if chat is None and invitation.language in LANGUAGES:
                language = invitation.language
            try:
                response = start_response(
                    db, channel=Channel.TELEGRAM, language=language, now=now, invitation=invitation
                )
            except AlreadySubmitted:
                return [Outgoing(t(texts.ALREADY_ANSWERED, language))]
            chat = chat or chats.open_chat(db, turn.chat_id, now, language=language)
            review = invitation.review
            band = age_band(review.age_at_review) if review is not None else None
            questionnaire = questionnaire_of(response)
            chats.begin_answering(
                chat,
                response,
                now=now,
                invitation=invitation,
                band=band,
                position=_first_unanswered(questionnaire, response),
            )
            chats.note_applied(chat, turn.update_id, now)
            state = _Answering(db, chat, response, questionnaire)
            greeting = t(texts.GREETING, language) + "\n\n" + t(questionnaire.intro, language)
            return [Outgoing(greeting), self._ask(state)]

    def help(self, turn: Turn) -> list[Outgoing]:
        """Who to talk to: Childline and the council, always available."""
        with self.runtime.sessions() as db:
            language = self._language(turn, chats.find_chat(db, turn.chat_id))
        return [Outgoing(texts.help_text(self.runtime.settings, language))]

    def choose_language(self, turn: Turn) -> list[Outgoing]:
        """Offer the languages the bot speaks."""
        with self.runtime.sessions() as db:
            language = self._language(turn, chats.find_chat(db, turn.chat_id))
        buttons = tuple((Button(name, f"l:{code}"),) for code, name in LANGUAGES.items())
        return [Outgoing(t(texts.CHOOSE_LANGUAGE, language), buttons)]

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

    def offer_updates(self, turn: Turn) -> list[Outgoing]:
        """Offer Children in Care Council updates and polls (opt-in, never assumed)."""
        with self.runtime.sessions() as db:
            language = self._language(turn, chats.find_chat(db, turn.chat_id))
        buttons = (
            (Button(t(texts.YES_PLEASE, language), "u:1"),),
            (Button(t(texts.NO_THANKS, language), "u:0"),),
        )
        return [Outgoing(t(texts.UPDATES_OFFER, language), buttons)]

    def set_updates(self, turn: Turn, wanted: bool) -> list[Outgoing]:
        """Record the Children in Care Council opt-in (or opt-out)."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chat is None and not wanted:
                return [
                    Outgoing(
                        t(texts.UPDATES_OFF, self._language(turn)), edit_message_id=turn.message_id
                    )
                ]
            chat = chat or chats.open_chat(db, turn.chat_id, now, language=self._language(turn))
            chats.set_cicc_opt_in(chat, wanted, now)
            message = texts.UPDATES_ON if wanted else texts.UPDATES_OFF
            return [Outgoing(t(message, chat.language), edit_message_id=turn.message_id)]

    def stop(self, turn: Turn) -> list[Outgoing]:
        """Stop every message the person did not ask for."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chat is not None:
                chats.stop_messages(chat, now)
            return [Outgoing(t(texts.STOPPED, self._language(turn, chat)))]

    def forget(self, turn: Turn) -> list[Outgoing]:
        """Delete this chat's link to any invitation or response, and its chat id."""
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            language = self._language(turn, chat)
            forgotten = chats.forget_chat(db, turn.chat_id)
        return [Outgoing(t(texts.FORGOTTEN if forgotten else texts.NOTHING_TO_FORGET, language))]

    # ------------------------------------------------------------ answering

    def start_campaign(self, turn: Turn, code: str) -> list[Outgoing]:
        """Begin an anonymous campaign questionnaire chosen from the /start list or a poll message."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chats.was_applied(chat, turn.update_id):
                return self._current(db, chat)
            language = self._language(turn, chat)
            campaign = find_open_campaign(db, code, now)
            if campaign is None:
                return [Outgoing(t(texts.CAMPAIGN_CLOSED, language))]
            chat = chat or chats.open_chat(db, turn.chat_id, now, language=language)
            state = self._answering(db, chat)
            if state is not None and chat.campaign_id == campaign.id:
                return [self._ask(state)]
            response = start_response(
                db,
                channel=Channel.TELEGRAM,
                language=language,
                now=now,
                campaign=campaign,
                submission_key=f"tg-{secrets.token_hex(16)}",
            )
            chats.begin_answering(chat, response, now=now, campaign=campaign)
            chats.note_applied(chat, turn.update_id, now)
            questionnaire = questionnaire_of(response)
            intro = t(questionnaire.intro, language)
            return [Outgoing(intro), self._ask(_Answering(db, chat, response, questionnaire))]

    def answer_choice(self, turn: Turn, position: int, key: str) -> list[Outgoing]:
        """A button answer to a face, yes/no/not sure, choice or safety question."""
        return self._on_question(turn, position, lambda state: self._save(state, [key]))

    def toggle_choice(self, turn: Turn, position: int, key: str) -> list[Outgoing]:
        """Tick or untick one answer of a question that allows several."""

        def toggle(state: _Answering) -> None:
            picked = list(state.chat.state.get("picked", []))
            picked = [k for k in picked if k != key] if key in picked else [*picked, key]
            chats.set_picked(state.chat, picked, self.runtime.now())
            state.out.append(self._ask(state, edit=turn.message_id))

        return self._on_question(turn, position, toggle)

    def finish_choices(self, turn: Turn, position: int) -> list[Outgoing]:
        """Save the answers ticked on a question that allows several."""

        def finish(state: _Answering) -> None:
            self._save(state, list(state.chat.state.get("picked", [])))

        return self._on_question(turn, position, finish)

    def skip(self, turn: Turn, position: int) -> list[Outgoing]:
        """Leave a question unanswered (only offered where the question allows it)."""

        def skip(state: _Answering) -> None:
            if state.question.required:
                state.out.append(self._ask(state))
                return
            state.out.append(self._echo(state, t(texts.SKIPPED, state.language)))
            self._advance(state)

        return self._on_question(turn, position, skip)

    def back(self, turn: Turn, position: int) -> list[Outgoing]:
        """Go back to the question before, to change that answer."""

        def back(state: _Answering) -> None:
            state.out.append(self._echo(state, ""))
            if chats.go_back(state.chat, self.runtime.now()) is not None:
                state.out.append(self._ask(state))

        return self._on_question(turn, position, back)

    def answer_text(self, turn: Turn, text: str) -> list[Outgoing]:
        """A typed answer to a free-text question, cleaned as the web form cleans it."""
        return self._on_question(turn, None, lambda state: self._save(state, [text]))

    def current(self, turn: Turn) -> list[Outgoing]:
        """Show the question the chat is on (or how to begin)."""
        with self.runtime.sessions() as db:
            return self._current(db, chats.find_chat(db, turn.chat_id))

    # ------------------------------------------------------------ internals

    def _on_question(
        self, turn: Turn, position: int | None, step: Callable[[_Answering], None]
    ) -> list[Outgoing]:
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            state = self._answering(db, chat) if chat is not None else None
            if chat is None or state is None:
                return [Outgoing(t(texts.NOTHING_OPEN, self._language(turn, chat)))]
            if chats.was_applied(chat, turn.update_id):
                return [self._ask(state)]
            if position is not None and position != state.position:
                return [Outgoing(t(texts.OLD_BUTTON, state.language)), self._ask(state)]
            if position is None and state.question.type is not QuestionType.TEXT:
                return [Outgoing(t(texts.USE_BUTTONS, state.language)), self._ask(state)]
            state.message_id = turn.message_id
            try:
                step(state)
            except AlreadySubmitted:
                chats.finish_answering(chat, now)
                state.out = [Outgoing(t(texts.ALREADY_ANSWERED, state.language))]
            chats.note_applied(chat, turn.update_id, now)
            return state.out

    def _save(self, state: _Answering, raw: list[str]) -> None:
        question = state.question
        try:
            answers = parse_answers(state.questionnaire, {question.id: raw}, [question])
        except InvalidAnswers as invalid:
            state.out.append(Outgoing(t(invalid.errors[0].message, state.language)))
            state.out.append(self._ask(state))
            return
        given = answers.get(question.id)
        if given is None or (question.type is QuestionType.TEXT and not given.text):
            state.out.append(Outgoing(t(texts.PLEASE_ANSWER, state.language)))
            state.out.append(self._ask(state))
            return
        now = self.runtime.now()
        alerts = save_answers(state.db, state.response, answers, now=now, policy=self.policy)
        state.out.append(self._echo(state, self._said(state, given)))
        if alerts:
            anonymous = state.response.child_id is None
            thanks = texts.SAFETY_ANONYMOUS if anonymous else texts.SAFETY_NAMED
            settings = self.runtime.settings
            body = t(thanks, state.language) + "\n\n" + texts.help_text(settings, state.language)
            state.out.append(Outgoing(body))
        self._advance(state)

    def _said(self, state: _Answering, given: AnswerInput) -> str:
        """What the rewritten question shows; never the answer to the safety question or free text."""
        question = state.question
        if question.type in (QuestionType.SAFETY, QuestionType.TEXT):
            return "✓ " + t(texts.SAVED, state.language)
        keys = given.values or ((given.value,) if given.value else ())
        labels = [t(c.label, state.language) for k in keys if (c := question.choice(k))]
        return "✓ " + t(texts.YOUR_ANSWER, state.language) + " " + ", ".join(labels)

    def _advance(self, state: _Answering) -> None:
        now = self.runtime.now()
        following = state.position + 1
        if following < len(state.questionnaire.questions):
            chats.move_to(state.chat, following, remember=True, now=now)
            state.out.append(self._ask(state))
            return
        try:
            submit_response(state.db, state.response, now=now)
        except InvalidAnswers as invalid:
            missing = invalid.errors[0].field
            position = next(
                i for i, q in enumerate(state.questionnaire.questions) if q.id == missing
            )
            chats.move_to(state.chat, position, remember=True, now=now)
            state.out.append(Outgoing(t(texts.PLEASE_ANSWER, state.language)))
            state.out.append(self._ask(state))
            return
        chats.finish_answering(state.chat, now)
        state.out.append(Outgoing(t(texts.THANKS, state.language)))

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
        if question.hint:
            parts.append(t(question.hint, language))
        if question.type is QuestionType.TEXT:
            parts.append(t(texts.TYPE_ANSWER, language))
        elif question.type is QuestionType.MULTI:
            parts.append(t(texts.TICK_ANY, language))
        buttons = question_keyboard(
            question,
            state.position,
            language,
            can_back=bool(state.chat.state.get("previous")),
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
        questionnaire = questionnaire_of(response)
        if not 0 <= int(chat.state.get("position", 0)) < len(questionnaire.questions):
            return None
        return _Answering(db, chat, response, questionnaire)

    def _current(self, db: Session, chat: BotChat | None) -> list[Outgoing]:
        state = self._answering(db, chat)
        if state is None:
            return [Outgoing(t(texts.NOTHING_OPEN, chat.language if chat else "en"))]
        return [self._ask(state)]

    def _introduce(self, turn: Turn) -> list[Outgoing]:
        with self.runtime.sessions() as db:
            language = self._language(turn, chats.find_chat(db, turn.chat_id))
            campaigns = [(c.title, c.code) for c in open_campaigns(db, self.runtime.now())]
        parts = [t(texts.GREETING, language), t(texts.ABOUT, language)]
        parts.append(t(texts.OPEN_CAMPAIGNS if campaigns else texts.NO_CAMPAIGNS, language))
        buttons = tuple((Button(title, f"c:{code}"),) for title, code in campaigns)
        return [Outgoing("\n\n".join(parts), buttons), Outgoing(t(texts.COMMANDS, language))]

    @staticmethod
    def _language(turn: Turn, chat: BotChat | None = None) -> str:
        if chat is not None:
            return chat.language
        hint = (turn.language_hint or "").split("-")[0]
        return hint if hint in LANGUAGES else "en"


def _first_unanswered(questionnaire: Questionnaire, response: Response) -> int:
    """Where to resume a response started earlier (on the web or in the bot)."""
    answered = {a.question_id for a in response.answers}
    for index, question in enumerate(questionnaire.questions):
        if question.id not in answered:
            return index
    return len(questionnaire.questions) - 1
