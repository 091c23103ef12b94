""" "You said, we did" for young people (/you-said-we-did): what changed because of what they
said, by theme, in their language where staff have written it. Public: no login, nothing about
any child, published and not withdrawn actions only."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template
from sqlalchemy.exc import SQLAlchemyError

from analysis.text.themes import THEMES
from service import messages
from service.domain.actions import ShownAction, published_in
from service.web import runtime
from service.web.language import current_language
from service.web.language import gettext as _

bp = Blueprint("you_said", __name__)

# The newest actions only: the page must stay light on an old phone with little data
# (bench/page_weight.py), and young people read what changed lately.
SHOWN = 10


@dataclass(frozen=True)
class ThemeGroup:
    theme_id: str  # "" for actions with no theme
    actions: list[ShownAction]


def by_theme(actions: list[ShownAction]) -> list[ThemeGroup]:
    """Actions under their first theme, themes in the taxonomy's order; each action once."""
    groups: dict[str, list[ShownAction]] = {}
    for action in actions:
        groups.setdefault(action.theme_ids[0] if action.theme_ids else "", []).append(action)
    order = [t.id for t in THEMES] + [""]
    return [ThemeGroup(t, groups[t]) for t in order if t in groups]


@bp.get("/you-said-we-did")
def you_said_we_did() -> tuple[str, int]:
    """What the council changed because of what young people said."""
    rt = runtime()
    language = current_language()
    try:
        with rt.sessions() as db:
            groups = by_theme(published_in(db, language, limit=SHOWN))
    except SQLAlchemyError:
        body = _("We can't show this just now. Please try again in a few minutes.")
        return render_template("message.html", title=_("Sorry"), body=body), 503
    return render_template(
        "you_said_we_did.html",
        title=_(messages.YOU_SAID_WE_DID),
        groups=groups,
        theme_titles=messages.THEME_TITLES,
    ), 200
