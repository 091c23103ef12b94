"""The python-telegram-bot Application: handlers turn chat events into conversation steps.

Updates do not come through PTB's Updater (its polling offset lives in memory, and Telegram
drops an update once fetched): `bots.polling` and `bots.webhook` store them in the inbox first,
and `bots.inbox.Inbox` feeds them to `Application.process_update`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.exc import OperationalError
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bots import keyboards
from bots.conversation import Conversation
from bots.inbox import FAILED_KEY
from bots.logs import keep_updates_out_of_logs
from bots.sending import ChatBlocked, NotDelivered, deliver, with_retry
from bots.texts import LANGUAGES, t
from bots.throttles import SendThrottle, StartLimiter
from bots.turns import Outgoing, Place, Turn
from service.domain import bot_inbox, chats
from service.questionnaires.schema import N_
from service.runtime import Runtime

log = logging.getLogger(__name__)

BotApp = Application[Any, Any, Any, Any, Any, Any]
PRIVATE = filters.ChatType.PRIVATE  # never in a group, where others would read the answers
UNREADABLE = (
    filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.PHOTO
    | filters.Document.ALL
    | filters.Sticker.ALL
)

COMMANDS = (
    ("start", N_("Begin")),
    ("help", N_("Who to talk to")),
    ("language", N_("Change language")),
    ("updates", N_("News from the Children in Care Council")),
    ("stop", N_("Stop messages")),
    ("forget", N_("Delete this chat's link to your answers")),
)


@dataclass
class BotServices:
    """What the handlers share, kept in `bot_data`."""

    runtime: Runtime
    conversation: Conversation
    throttle: SendThrottle


def telegram_file_url(base_url: str) -> str:
    """PTB's base_file_url for a Bot API base_url such as http://host:8081/bot."""
    root = base_url.rstrip("/")
    return root[: -len("/bot")] + "/file/bot" if root.endswith("/bot") else root + "/file/bot"


def build_application(
    runtime: Runtime,
    *,
    token: str,
    base_url: str | None = None,
    start_limiter: StartLimiter | None = None,
    throttle: SendThrottle | None = None,
) -> BotApp:
    """The bot, ready for `initialize()`; updates are fed to it by the inbox."""
    keep_updates_out_of_logs()
    builder = ApplicationBuilder().token(token).updater(None)
    if base_url:
        builder = builder.base_url(base_url).base_file_url(telegram_file_url(base_url))
    app = cast(BotApp, builder.build())
    limiter = start_limiter or StartLimiter.from_redis_url(runtime.settings.redis_url)
    app.bot_data["services"] = BotServices(
        runtime, Conversation(runtime, limiter), throttle or SendThrottle()
    )
    app.bot_data[FAILED_KEY] = {}

    app.add_handler(CommandHandler("start", _start, filters=PRIVATE))
    for name, step in (
        ("help", Conversation.help),
        ("language", Conversation.choose_language),
        ("updates", Conversation.offer_updates),
        ("stop", Conversation.stop),
        ("forget", Conversation.forget),
    ):
        app.add_handler(CommandHandler(name, _command(step), filters=PRIVATE))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, _text))
    app.add_handler(MessageHandler(PRIVATE & UNREADABLE, _unreadable))
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND, _unknown_command))
    app.add_handler(CallbackQueryHandler(_button))
    app.add_handler(ChatMemberHandler(_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(_on_error)
    return app


def _services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    services: BotServices = context.bot_data["services"]
    return services


def _turn(update: Update, message_id: int | None = None) -> Turn:
    user = update.effective_user
    assert update.effective_chat is not None
    return Turn(
        chat_id=update.effective_chat.id,
        update_id=update.update_id,
        language_hint=user.language_code if user else None,
        message_id=message_id,
    )


async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, out: list[Outgoing]) -> None:
    """Send the step's messages in order; a block stops them and is remembered. An edit that
    cannot be made never stops the messages after it (help, thanks, the next question)."""
    services = _services(context)
    try:
        for message in out:
            try:
                await deliver(context.bot, chat_id, message, throttle=services.throttle)
            except (NotDelivered, TelegramError) as error:
                if message.edit_message_id is None:
                    raise
                log.warning("edit not made (%s); sending on", error.__class__.__name__)
    except ChatBlocked:
        await asyncio.to_thread(_remember_blocked, services.runtime, chat_id, True)


def _remember_blocked(runtime: Runtime, chat_id: int, blocked: bool) -> None:
    with runtime.sessions.begin() as db:
        chats.mark_blocked(db, chat_id, blocked, runtime.now())


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A deep link lands here as `/start <token>`; without one, explain the bot."""
    turn = _turn(update)
    token = context.args[0] if context.args else None
    out = await asyncio.to_thread(_services(context).conversation.start, turn, token)
    await _send(context, turn.chat_id, out)


def _command(
    step: Callable[[Conversation, Turn], list[Outgoing]],
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Any]:
    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        turn = _turn(update)
        out = await asyncio.to_thread(step, _services(context).conversation, turn)
        await _send(context, turn.chat_id, out)

    handle.__doc__ = step.__doc__
    return handle


async def _text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed reply: the answer to a free-text question."""
    assert update.message is not None and update.message.text is not None
    turn = _turn(update)
    text = update.message.text
    out = await asyncio.to_thread(_services(context).conversation.answer_text, turn, text)
    await _send(context, turn.chat_id, out)


async def _unreadable(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A voice note, photo, video, file or sticker: answered kindly, with help."""
    message = update.message
    assert message is not None
    kind = next(k for k in bot_inbox.UNREADABLE if getattr(message, k, None))
    turn = _turn(update)
    conversation = _services(context).conversation
    out = await asyncio.to_thread(conversation.unreadable, turn, kind, message.caption)
    await _send(context, turn.chat_id, out)


async def _unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know: show where the chat is instead."""
    turn = _turn(update)
    out = await asyncio.to_thread(_services(context).conversation.current, turn)
    await _send(context, turn.chat_id, out)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on an inline button: an answer, skip, back, a campaign, a language or an opt-in."""
    query = update.callback_query
    assert query is not None
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    message_id = query.message.message_id if query.message else None
    turn = _turn(update, message_id)
    conversation = _services(context).conversation
    step = _route(conversation, turn, query.data or "")
    try:  # stop the button's spinner; not worth failing the update over
        await with_retry(query.answer, attempts=2)
    except Exception as exc:
        log.info("answerCallbackQuery failed: %s", exc.__class__.__name__)
    if step is None:
        return
    out = await asyncio.to_thread(step)
    await _send(context, turn.chat_id, out)


Step = Callable[[Conversation, Turn, "re.Match[str]"], list[Outgoing]]
# Each kind of button press and the conversation step it asks for; patterns come from keyboards.
ROUTES: tuple[tuple[re.Pattern[str], Step], ...] = (
    (keyboards.ANSWER, lambda c, t, m: c.answer_choice(t, _place(m), m[3])),
    (keyboards.TOGGLE, lambda c, t, m: c.toggle_choice(t, _place(m), m[3])),
    (keyboards.FINISH_MULTI, lambda c, t, m: c.finish_choices(t, _place(m))),
    (keyboards.SKIP_QUESTION, lambda c, t, m: c.skip(t, _place(m))),
    (keyboards.GO_BACK, lambda c, t, m: c.back(t, _place(m))),
    (keyboards.CAMPAIGN, lambda c, t, m: c.start_campaign(t, m[1])),
    (keyboards.LANGUAGE, lambda c, t, m: c.set_language(t, m[1])),
    (keyboards.UPDATES, lambda c, t, m: c.set_updates(t, m[1] == "1")),
)


def _place(match: re.Match[str]) -> Place:
    return Place(response_id=int(match[1]), position=int(match[2]))


def _route(
    conversation: Conversation, turn: Turn, data: str
) -> Callable[[], list[Outgoing]] | None:
    """Which conversation step a button's callback data asks for (None for unknown data)."""
    for pattern, step in ROUTES:
        match = pattern.match(data)
        if match is not None:
            return functools.partial(step, conversation, turn, match)
    return None


async def _membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram tells us when a person blocks (or unblocks) the bot."""
    member = update.my_chat_member
    if member is None or update.effective_chat is None:
        return
    blocked = member.new_chat_member.status in ("kicked", "left")
    await asyncio.to_thread(
        _remember_blocked, _services(context).runtime, update.effective_chat.id, blocked
    )


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log without the update's content, and leave the update in the inbox to be tried again;
    a failure only to reach Telegram or the database does not count towards setting it aside."""
    log.error("handling an update failed: %s", type(context.error).__name__, exc_info=context.error)
    if isinstance(update, Update):
        transient = isinstance(context.error, NotDelivered | OperationalError)
        context.bot_data[FAILED_KEY][update.update_id] = transient


def telegram_code(language: str) -> str | None:
    """The two-letter code Telegram sets a menu for. Dari and Sorani have none (Dari speakers'
    phones mostly say Persian, whose menu they can read; Kurdish's "ku" is mostly Kurmanji, in
    another script): their menus stay English, and /language offers every language anyway."""
    return language if len(language) == 2 else None


async def set_commands(app: BotApp) -> None:
    """The command menu, in each language the bot speaks (English for everyone else)."""
    for language in LANGUAGES:
        commands = [BotCommand(name, t(description, language)) for name, description in COMMANDS]
        code = None if language == "en" else telegram_code(language)
        if language != "en" and code is None:
            continue

        async def set_menu(menu: list[BotCommand] = commands, lc: str | None = code) -> bool:
            return bool(await app.bot.set_my_commands(menu, language_code=lc))

        try:
            await with_retry(set_menu, attempts=3)
        except Exception as exc:  # the menu is a convenience; the bot works without it
            log.warning("setMyCommands failed: %s", exc.__class__.__name__)
