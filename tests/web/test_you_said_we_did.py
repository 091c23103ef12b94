""" "You said, we did" for young people: a public page by theme in their language, and actions
staff can edit, translate and withdraw, each change kept in the action's history and audited."""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from service.domain.actions import (
    publish_action,
    record_action,
    translate_action,
    withdraw_action,
)
from service.models import Action, AuditEvent, StaffRole
from service.runtime import Runtime
from tests.web.helpers import csrf_token
from tests.web.test_reporting_pages import sign_in_as


def add_action(
    runtime: Runtime, you_said: str, we_did: str, themes: list[str], *, publish: bool = True
) -> int:
    with runtime.sessions.begin() as db:
        action = record_action(
            db, you_said=you_said, we_did=we_did, theme_ids=themes, by=None, now=runtime.now()
        )
        if publish:
            publish_action(db, action.id, by=None, now=runtime.now())
        return action.id


def test_the_page_lists_published_actions_by_theme_without_signing_in(
    client: FlaskClient, runtime: Runtime
) -> None:
    add_action(runtime, "Meetings are too big", "You choose who comes", ["meeting_experience"])
    add_action(runtime, "We want more trips", "Two trips each summer", ["activities"])
    add_action(runtime, "Draft words", "Not decided", ["activities"], publish=False)
    answer = client.get("/you-said-we-did")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", page)
    assert headings == ["Your meetings", "Things to do"]  # the taxonomy's order
    assert "You choose who comes" in page and "Two trips each summer" in page
    assert "Draft words" not in page
    assert 'hreflang="ar"' in page and "<script" not in page.split("</head>")[1]


def test_the_page_says_so_when_nothing_is_published(client: FlaskClient) -> None:
    page = client.get("/you-said-we-did").get_data(as_text=True)
    assert "Nothing here yet. We will tell you what we change." in page


def test_arabic_is_right_to_left_and_english_words_are_marked_as_english(
    client: FlaskClient, runtime: Runtime
) -> None:
    translated = add_action(runtime, "Meetings are too big", "Smaller meetings", ["being_heard"])
    add_action(runtime, "More trips", "Two trips each summer", ["activities"])
    with runtime.sessions.begin() as db:
        translate_action(
            db,
            translated,
            "ar",
            you_said="الاجتماعات كبيرة جدًا",
            we_did="اجتماعات أصغر",
            by=None,
            now=runtime.now(),
        )
    page = client.get("/you-said-we-did?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "قلتم، ففعلنا" in page  # the title, translated
    assert "اجتماعات أصغر" in page and "Smaller meetings" not in page
    english = re.search(r'<div class="said" lang="en" dir="ltr">(.*?)</div>', page, re.S)
    assert english is not None and "Two trips each summer" in english.group(1)
    assert "لم نكتب هذا بلغتك بعد." in english.group(1)


def test_staff_edit_translate_and_withdraw_with_history_and_audit(
    client: FlaskClient, runtime: Runtime, runner: FlaskCliRunner
) -> None:
    action_id = add_action(runtime, "Meetings are too big", "Smaller meetings", ["being_heard"])
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    page = client.get(f"/staff/actions/{action_id}").get_data(as_text=True)
    token = csrf_token(page)
    refused = client.post(
        f"/staff/actions/{action_id}/edit",
        data={"csrf_token": token, "you_said": "", "we_did": "x", "themes": ["being_heard"]},
    )
    assert refused.status_code == 400 and "nothing was saved" in refused.get_data(as_text=True)
    edited = client.post(
        f"/staff/actions/{action_id}/edit",
        data={
            "csrf_token": token,
            "you_said": "Meetings are too big",
            "we_did": "You choose who comes to your meeting",
            "themes": ["meeting_experience"],
        },
    )
    assert edited.status_code == 303
    client.post(
        f"/staff/actions/{action_id}/translate",
        data={"csrf_token": token, "language": "vi", "you_said": "Họp quá đông", "we_did": "Ít"},
    )
    public = client.get("/you-said-we-did?lang=en").get_data(as_text=True)
    assert "You choose who comes to your meeting" in public and "Smaller meetings" not in public
    assert "Ít" in client.get("/you-said-we-did?lang=vi").get_data(as_text=True)
    assert (
        client.post(f"/staff/actions/{action_id}/withdraw", data={"csrf_token": token}).status_code
        == 303
    )
    gone = client.get("/you-said-we-did?lang=en").get_data(as_text=True)
    assert "You choose who comes" not in gone
    history = client.get(f"/staff/actions/{action_id}").get_data(as_text=True)
    changes = re.findall(r'<th scope="row">(\w+)', history.split("Every change")[1])
    assert changes == ["recorded", "published", "edited", "translated", "withdrawn"]
    assert "Smaller meetings" in history  # the words before the edit are kept
    with runtime.sessions() as db:
        audited = db.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == str(action_id))
        ).all()
        assert {"action_edited", "action_translated", "action_withdrawn"} <= set(audited)
        assert db.get(Action, action_id).withdrawn_at is not None  # type: ignore[union-attr]
    result = runner.invoke(
        args=["report", "cicc", "--from", "2026-10-01", "--to", "2026-11-30", "--format", "json"]
    )
    assert json.loads(result.output)["you_said_we_did"] == []


def test_a_withdrawn_action_cannot_be_published(client: FlaskClient, runtime: Runtime) -> None:
    action_id = add_action(runtime, "Too big", "Smaller", ["being_heard"], publish=False)
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    token = csrf_token(client.get("/staff/actions").get_data(as_text=True))
    client.post(f"/staff/actions/{action_id}/withdraw", data={"csrf_token": token})
    client.post(f"/staff/actions/{action_id}/publish", data={"csrf_token": token})
    with runtime.sessions() as db:
        assert db.get(Action, action_id).published_at is None  # type: ignore[union-attr]


def test_a_translation_into_an_unoffered_language_is_refused(
    client: FlaskClient, runtime: Runtime
) -> None:
    action_id = add_action(runtime, "Too big", "Smaller", ["being_heard"])
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    token = csrf_token(client.get(f"/staff/actions/{action_id}").get_data(as_text=True))
    refused = client.post(
        f"/staff/actions/{action_id}/translate",
        data={"csrf_token": token, "language": "de", "you_said": "a", "we_did": "b"},
    )
    assert refused.status_code == 400
    assert "Choose one of the offered languages." in refused.get_data(as_text=True)


def test_the_page_stays_within_the_child_page_weight_budget(
    client: FlaskClient, runtime: Runtime
) -> None:
    """Twenty published actions of a typical length, in Arabic (two bytes a letter): the
    page shows the newest ten and, with its CSS, script and icon, fits the budget."""
    from bench.page_weight import ASSETS, BUDGET

    said, did = "ا" * 150, "ب" * 250
    for number in range(20):
        action_id = add_action(runtime, f"Said {number}", f"Did {number}", ["being_heard"])
        with runtime.sessions.begin() as db:
            translate_action(
                db, action_id, "ar", you_said=said, we_did=did, by=None, now=runtime.now()
            )
    html = client.get("/you-said-we-did?lang=ar").get_data()
    assert html.count(b'class="said"') == 10
    assets = sum(len(client.get(path).get_data()) for path in ASSETS)
    assert len(html) + assets <= BUDGET, len(html) + assets


def test_a_withdrawn_action_is_not_broadcast(runtime: Runtime, runner: FlaskCliRunner) -> None:
    action_id = add_action(runtime, "Too big", "Smaller", ["being_heard"])
    with runtime.sessions.begin() as db:
        withdraw_action(db, action_id, by=None, now=runtime.now())
    result = runner.invoke(args=["bot", "broadcast", "--action", str(action_id)])
    assert result.exit_code == 2 and "No published action with that id." in result.output
