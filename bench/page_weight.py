"""Page weight: every child-facing page, in every offered language, against the 20 KB budget.

Run: .venv/bin/python bench/page_weight.py
Prints, per page, the bytes transferred on a first visit (HTML, the one stylesheet, the one
small script and the icon, with response headers left out; no page needs a web font)
uncompressed and gzipped; exits 1 if any page is over budget uncompressed, since a child's
phone may sit behind a proxy that strips compression.
The same walk is used by tests/web/test_page_weight.py.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask.testing import FlaskClient

from service import migrate
from service.db import make_engine, make_session_factory
from service.domain.campaigns import create_campaign
from service.domain.invitations import issue_invitation
from service.questionnaires import all_questionnaires
from service.runtime import Runtime
from service.settings import Settings
from service.web import create_app
from service.web.language import SUPPORTED

BUDGET = 20 * 1024
# Long enough for any ENVIRONMENT (short keys are accepted only in development and test).
SECRET = "bench-secret-long-enough-for-any-environment"


# What every child page loads besides its HTML (each once: the browser caches them).
ASSETS = ("/static/app.css", "/static/read-aloud.js", "/static/favicon.svg")


@dataclass(frozen=True)
class PageWeight:
    label: str
    html: int
    assets: int
    gzipped: int

    @property
    def total(self) -> int:
        return self.html + self.assets


def walk_child_pages(client: FlaskClient, runtime: Runtime) -> Iterator[tuple[str, bytes]]:
    """(label, HTML) for every page a child, carer or parent can reach, in every language."""
    for lang in SUPPORTED:
        for questionnaire in all_questionnaires():
            with runtime.sessions.begin() as db:
                if questionnaire.anonymous:
                    code = create_campaign(
                        db,
                        title="Bench",
                        questionnaire_key=questionnaire.key,
                        now=runtime.now(),
                        language=lang,
                    ).code
                    link = f"/c/{code}"
                else:
                    issued = issue_invitation(
                        db,
                        role=questionnaire.roles[0],
                        questionnaire_key=questionnaire.key,
                        language=lang,
                        expires_at=runtime.now() + timedelta(days=30),
                        now=runtime.now(),
                    )
                    link = f"/r/{issued.token}"
            opened = client.get(link)
            if opened.status_code != 303:
                raise RuntimeError(f"{link} answered {opened.status_code}: raise the rate limit")
            for page in questionnaire.pages:
                html = client.get(f"/form?page={page.id}&lang={lang}").get_data()
                if f'name="page" value="{page.id}"'.encode() not in html:
                    raise RuntimeError(f"{lang} {questionnaire.key}: no page {page.id}")
                yield f"{lang} {questionnaire.key} {page.id}", html
        yield f"{lang} help", client.get(f"/help?next=/form&lang={lang}").get_data()
        yield f"{lang} thanks", client.get("/thanks").get_data()
        yield f"{lang} home", client.get("/").get_data()
        yield f"{lang} bad link", client.get("/r/not-a-real-token").get_data()
        yield f"{lang} scan again", client.get("/form").get_data()
        yield f"{lang} you said, we did", client.get(f"/you-said-we-did?lang={lang}").get_data()


def weigh(client: FlaskClient, runtime: Runtime) -> list[PageWeight]:
    """The weight of every child-facing page on a first visit."""
    assets = [client.get(path).get_data() for path in ASSETS]
    packed = sum(len(gzip.compress(asset)) for asset in assets)
    return [
        PageWeight(label, len(html), sum(map(len, assets)), len(gzip.compress(html)) + packed)
        for label, html in walk_child_pages(client, runtime)
    ]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        settings = Settings(database_url=url, secret_key=SECRET, council_name="Benchshire Council")
        engine = make_engine(url)
        runtime = Runtime(
            settings, engine, make_session_factory(engine), clock=lambda: datetime(2026, 11, 2, 9)
        )
        app = create_app(
            {"RUNTIME": runtime, "SECRET_KEY": SECRET, "TOKEN_RATE_LIMIT": "10000 per minute"}
        )
        weights = weigh(app.test_client(), runtime)
        engine.dispose()
    print(f"{'page':<44} {'html':>7} {'+assets':>7} {'gzip':>7}  (budget {BUDGET} bytes)")
    for w in weights:
        flag = "  OVER" if w.total > BUDGET else ""
        print(f"{w.label:<44} {w.html:>7} {w.total:>7} {w.gzipped:>7}{flag}")
    heaviest = max(weights, key=lambda w: w.total)
    print(f"\n{len(weights)} pages; heaviest: {heaviest.label} at {heaviest.total} bytes")
    return 1 if any(w.total > BUDGET for w in weights) else 0


if __name__ == "__main__":
    sys.exit(main())
