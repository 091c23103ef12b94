"""`carevoice campaigns create|list|close`: Feedback Weeks, event feedback and Children in Care
Council polls, run without writing code."""

from __future__ import annotations

import json
from datetime import datetime

import click
from flask.cli import AppGroup

from service.domain.audit import record_audit
from service.domain.campaigns import (
    CampaignRefused,
    campaign_summaries,
    campaign_url,
    close_campaign,
    start_campaign,
)
from service.questionnaires import CAMPAIGN_QUESTIONNAIRES
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


@click.group("campaigns", cls=AppGroup)
def campaigns_group() -> None:
    """Open links anyone can answer anonymously (posters, Feedback Weeks, polls)."""


@campaigns_group.command("create")
@click.option(
    "--questionnaire",
    required=True,
    type=click.Choice(sorted(set(CAMPAIGN_QUESTIONNAIRES.values()))),
    help="What to ask.",
)
@click.option("--title", required=True, help="What staff call it, e.g. 'Feedback Week 2026'.")
@click.option(
    "--closes",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]),
    help="When it stops taking answers (open until closed otherwise).",
)
@click.option("--language", default="en", show_default=True, help="The form's first language.")
@changes_data
def create_command(questionnaire: str, title: str, closes: datetime | None, language: str) -> None:
    """Open a campaign and print its public link."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            operator = operator_in(db)
            campaign = start_campaign(
                db,
                title=title,
                questionnaire_key=questionnaire,
                now=rt.now(),
                language=language,
                closes_at=closes,
            )
            record_audit(
                db,
                actor=operator,
                action="campaign.create",
                now=rt.now(),
                object_type="campaign",
                object_id=campaign.id,
                detail={"questionnaire": questionnaire},
            )
            link = campaign_url(rt.settings.public_base_url, campaign.code)
    except CampaignRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(link)


@campaigns_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of objects.")
def list_command(as_json: bool) -> None:
    """Every campaign, newest first, with how many have answered."""
    rt = runtime()
    with rt.sessions() as db:
        found = campaign_summaries(db, rt.now())
    if as_json:
        rows = [
            {
                "code": c.code,
                "title": c.title,
                "questionnaire": c.questionnaire,
                "kind": c.kind,
                "open": c.open,
                "opens_at": c.opens_at.isoformat(),
                "closes_at": c.closes_at.isoformat() if c.closes_at else None,
                "responses": c.responses,
                "link": campaign_url(rt.settings.public_base_url, c.code),
            }
            for c in found
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    if not found:
        click.echo("no campaigns yet; `carevoice campaigns create` opens one")
    for c in found:
        state = "open" if c.open else "closed"
        click.echo(f"{c.code}  {state:6}  {c.responses:5} answers  {c.questionnaire:15}  {c.title}")


@campaigns_group.command("close")
@click.argument("code")
@changes_data
def close_command(code: str) -> None:
    """Stop a campaign taking new answers (anyone who began may finish)."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            operator = operator_in(db)
            campaign = close_campaign(db, code.strip(), rt.now())
            record_audit(
                db,
                actor=operator,
                action="campaign.close",
                now=rt.now(),
                object_type="campaign",
                object_id=campaign.id,
            )
    except CampaignRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"campaign {code.strip()} closed")


commands = [campaigns_group]
