"""Staff see which translations nobody the council trusts has checked yet, sign a language off
(who and when, audited), and see it unreviewed again when its translations change."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from service.catalogues import catalogue_status, languages
from service.domain import translation_reviews
from service.domain.translation_reviews import NothingToSignOff, sign_off
from service.models import AuditEvent, StaffRole, TranslationReview
from service.runtime import Runtime
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import make_staff, sign_in


def test_admin_sees_every_catalogue_unreviewed(client: FlaskClient, runtime: Runtime) -> None:
    sign_in(client, runtime, make_staff(runtime, StaffRole.ADMIN))
    page = client.get("/staff/translations")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for language in ("ar", "ps", "prs", "fa", "ckb", "ti", "vi", "sq", "am"):
        assert f"({language})" in html
        assert f"Sign off {language}: every string checked" in html
    assert html.count("<strong>Not reviewed</strong>") == 9
    assert "machine-translated; needs review by a native speaker" in html


def test_signing_off_names_who_and_when_and_is_audited(
    client: FlaskClient, runtime: Runtime, runner: FlaskCliRunner
) -> None:
    officer = make_staff(runtime, StaffRole.PARTICIPATION_OFFICER)
    sign_in(client, runtime, officer)
    page = client.get("/staff/translations").get_data(as_text=True)
    signed = client.post("/staff/translations/ps", data={"csrf_token": csrf_token(page)})
    assert signed.status_code == 303
    html = client.get("/staff/translations").get_data(as_text=True)
    when = runtime.now().strftime("%d %B %Y, %H:%M")
    assert f"Reviewed: signed off by {officer.email} on {when}" in html
    with runtime.sessions() as db:
        (event,) = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "translation_signed_off")
        )
        assert (event.actor_id, event.object_type, event.object_id) == (
            officer.id,
            "catalogue",
            "ps",
        )
        assert event.detail["digest"] == catalogue_status("ps").digest
    status = json.loads(runner.invoke(args=["translations", "status", "--json"]).output)
    assert status["ps"]["reviewed"] is True
    assert [lang for lang, s in status.items() if s["reviewed"]] == ["ps"]


def test_a_change_after_signing_off_makes_it_unreviewed_again(
    client: FlaskClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = make_staff(runtime, StaffRole.ADMIN)
    with runtime.sessions.begin() as db:
        sign_off(db, "ti", by=officer, now=runtime.now())
    changed = replace(catalogue_status("ti"), digest="0" * 64)
    real = translation_reviews.catalogue_status
    monkeypatch.setattr(
        translation_reviews,
        "catalogue_status",
        lambda lang: changed if lang == "ti" else real(lang),
    )
    sign_in(client, runtime, officer)
    html = client.get("/staff/translations").get_data(as_text=True)
    assert f"changed since {officer.email} signed it off" in html
    with runtime.sessions() as db:
        state = next(
            s for s in translation_reviews.translation_states(db) if s.status.language == "ti"
        )
    assert state.changed_since_sign_off and not state.reviewed


def test_only_a_whole_catalogue_of_a_known_language_can_be_signed_off(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = make_staff(runtime, StaffRole.ADMIN)
    with runtime.sessions.begin() as db, pytest.raises(NothingToSignOff):
        sign_off(db, "de", by=officer, now=runtime.now())
    half = replace(catalogue_status("am"), translated=1)
    monkeypatch.setattr(translation_reviews, "catalogue_status", lambda lang: half)
    with runtime.sessions.begin() as db, pytest.raises(NothingToSignOff):
        sign_off(db, "am", by=officer, now=runtime.now())
    with runtime.sessions() as db:
        assert db.scalars(select(TranslationReview)).first() is None


def test_translations_status_prints_json_for_every_language(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["translations", "status", "--json"])
    assert result.exit_code == 0
    status = json.loads(result.output)
    assert set(status) == set(languages())
    for language, figures in status.items():
        assert set(figures) == {"translated", "total", "reviewed"}, language
        assert figures["translated"] == figures["total"] > 0, language
        assert figures["reviewed"] is False


def test_participation_officer_may_see_translations(client: FlaskClient, runtime: Runtime) -> None:
    sign_in(client, runtime, make_staff(runtime, StaffRole.PARTICIPATION_OFFICER))
    assert client.get("/staff/translations").status_code == 200


def test_an_iro_may_neither_see_nor_sign_off(client: FlaskClient, runtime: Runtime) -> None:
    sign_in(client, runtime, make_staff(runtime, StaffRole.IRO))
    assert client.get("/staff/translations").status_code == 403
    assert client.post("/staff/translations/ps").status_code in (400, 403)
