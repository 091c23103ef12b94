"""Staff names and emails that could rewrite a terminal or a log are refused, anything already
stored is printed visibly, and request logs hide a token however its path is spelled."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from service.domain.users import UserError, create_user
from service.models import StaffRole, User
from service.runtime import Runtime
from service.web.logs import RedactTokens
from tests.factories import make_invitation

HIDDEN = [
    "\x1b]0;owned\x07",
    "\x1b[2J",
    "line\r\nbreak",
    "nul\x00",
    "abc\u202eexe",
    "\u2066x\u2069",
]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_names_with_hidden_characters_are_refused(runtime: Runtime, hidden: str) -> None:
    with runtime.sessions.begin() as db, pytest.raises(UserError, match="hidden characters"):
        create_user(
            db,
            email="kim@council.test",
            display_name=f"Kim {hidden}",
            role=StaffRole.IRO_MANAGER,
            password="a long enough password",
            now=runtime.now(),
        )


@pytest.mark.parametrize("hidden", [*HIDDEN, " ", "\t"])
def test_emails_with_hidden_characters_or_spaces_are_refused(
    runner: FlaskCliRunner, hidden: str
) -> None:
    made = runner.invoke(
        args=[
            *("users", "create", "--email", f"kim{hidden}@council.test"),
            *("--name", "Kim", "--role", "iro_manager"),
        ]
    )
    assert made.exit_code != 0
    assert "Give a work email address" in made.output


def test_users_list_shows_hidden_characters_already_stored_as_visible_escapes(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        db.add(
            User(
                email="old\x1b[2J@council.test",
                display_name="Old\r\nAdmin\u202e\x07",  # PostgreSQL cannot store NUL
                role=StaffRole.ADMIN,
                password_hash="x",
                created_at=runtime.now(),
            )
        )
    listed = runner.invoke(args=["users", "list"])
    assert listed.exit_code == 0
    assert "old\\x1b[2J@council.test" in listed.output
    assert "Old\\r\\nAdmin\\u202e\\x07" in listed.output
    for raw in ("\x1b", "\r", "\x07", "\u202e"):
        assert raw not in listed.output


def _logged_line(request_line: str) -> str:
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '"%s" %s %s', (request_line, "303", "-"), None
    )
    RedactTokens().filter(record)
    return record.getMessage()


@pytest.mark.parametrize("spelling", ["/%72/{t}", "/r%2F{t}", "/r%2f{t}", "/%2572/{t}", "//r//{t}"])
def test_a_token_is_redacted_however_its_path_is_spelled(
    client: FlaskClient, runtime: Runtime, spelling: str
) -> None:
    with runtime.sessions.begin() as db:
        token = make_invitation(db, runtime.now()).token
    path = spelling.format(t=token)
    line = _logged_line(f"GET {path} HTTP/1.1")
    assert token not in line and "[redacted]" in line


def test_an_encoded_path_opens_the_form_so_it_must_be_redacted(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        token = make_invitation(db, runtime.now()).token
    assert client.get(f"/%72/{token}").status_code == 303
