"""`carevoice bot`: the Telegram bot (polling, or `--webhook`), and `carevoice bot broadcast`."""

from __future__ import annotations

import asyncio
import logging

import click
from flask.cli import AppGroup, with_appcontext

from service.domain.campaigns import find_open_campaign
from service.models import Action
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


def _token() -> str:
    token = runtime().settings.telegram_bot_token
    if not token:
        raise click.UsageError("Set TELEGRAM_BOT_TOKEN to the token BotFather gave you.")
    return token


@click.group("bot", cls=AppGroup, invoke_without_command=True)
@click.option("--webhook", is_flag=True, help="Serve a webhook instead of polling.")
@click.option("--url", envvar="TELEGRAM_WEBHOOK_URL", help="Public HTTPS URL Telegram posts to.")
@click.option("--listen", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8443, show_default=True, type=int)
@click.option("--path", default="telegram", show_default=True, help="Path of the webhook.")
@click.option(
    "--secret",
    envvar="TELEGRAM_WEBHOOK_SECRET",
    help="Secret token Telegram must send (default: derived from SECRET_KEY and the bot token).",
)
@click.option(
    "--worker-name",
    envvar="TELEGRAM_WORKER_NAME",
    help="This webhook worker's name in the shared inbox, the same across its restarts "
    "(default: host name and port).",
)
@click.option(
    "--poll-timeout", default=25, show_default=True, type=int, help="Seconds per long-poll."
)
@click.pass_context
@with_appcontext
def bot_group(
    ctx: click.Context,
    webhook: bool,
    url: str | None,
    listen: str,
    port: int,
    path: str,
    secret: str | None,
    worker_name: str | None,
    poll_timeout: int,
) -> None:
    """Run the Telegram bot (TELEGRAM_BOT_TOKEN; TELEGRAM_API_BASE_URL for a local Bot API server)."""
    if ctx.invoked_subcommand is not None:
        return
    from bots.logs import keep_updates_out_of_logs
    from bots.runner import WebhookOptions, run_polling, run_webhook
    from bots.webhook import derive_secret

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    keep_updates_out_of_logs()
    rt = runtime()
    token = _token()
    base_url = rt.settings.telegram_api_base_url
    if not webhook:
        asyncio.run(run_polling(rt, token=token, base_url=base_url, poll_timeout=poll_timeout))
        return
    if not url:
        raise click.UsageError("--webhook needs --url (or TELEGRAM_WEBHOOK_URL).")
    options = WebhookOptions(
        url=url,
        secret=secret or derive_secret(rt.settings.secret_key, token),
        listen=listen,
        port=port,
        path=path,
        worker=worker_name or "",
    )
    asyncio.run(run_webhook(rt, token=token, base_url=base_url, options=options))


@bot_group.command("broadcast")
@click.option("--text", "text", help="A message staff wrote (no names or personal details).")
@click.option("--action", "action_id", type=int, help='Send a published "you said, we did".')
@click.option("--campaign", "campaign_code", help="Send a poll: an open campaign's code.")
@changes_data
def broadcast_command(text: str | None, action_id: int | None, campaign_code: str | None) -> None:
    """Send to every chat that opted in to Children in Care Council updates."""
    from telegram import Bot

    from bots import broadcast
    from bots.app import telegram_file_url
    from bots.logs import keep_updates_out_of_logs

    if sum(x is not None for x in (text, action_id, campaign_code)) != 1:
        raise click.UsageError("Give exactly one of --text, --action or --campaign.")
    keep_updates_out_of_logs()
    rt = runtime()
    if text is not None:
        render = broadcast.plain(text)
    elif action_id is not None:
        with rt.sessions() as db:
            action = db.get(Action, action_id)
            if action is None or action.published_at is None:
                raise click.UsageError("No published action with that id.")
            render = broadcast.you_said_we_did(action.you_said, action.we_did)
    else:
        with rt.sessions() as db:
            campaign = find_open_campaign(db, campaign_code or "", rt.now())
            if campaign is None:
                raise click.UsageError("No open campaign with that code.")
            render = broadcast.poll(campaign.title, campaign.code)
    with rt.sessions.begin() as db:  # on the record before anything is sent
        operator_in(db)
    base_url = rt.settings.telegram_api_base_url
    bot = (
        Bot(_token(), base_url=base_url, base_file_url=telegram_file_url(base_url))
        if base_url
        else Bot(_token())
    )

    async def send() -> broadcast.BroadcastResult:
        async with bot:
            return await broadcast.broadcast(bot, rt, render)

    result = asyncio.run(send())
    click.echo(f"sent {result.sent}, blocked {result.blocked}, failed {result.failed}")


commands = [bot_group]
