"""`carevoice demo`: a working service on a fresh machine, with data to look at."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.serving import run_simple

from qr.codes import qr_png
from service import migrate
from service.demo_data import load_demo_data, reset_demo_logins
from service.domain.invitations import invitation_url, issue_review_invitations
from service.models import Review, Role
from service.web import runtime


@click.command("demo")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Set up and print the links, but do not serve.")
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Create the database, load demo data, print a staff login and a QR link, and serve."""
    rt = runtime()
    migrate.upgrade(rt.settings.database_url)
    now = rt.now()
    with rt.sessions.begin() as db:
        # Staff first, so the demo's words and worries reach a named reader's queue.
        logins = reset_demo_logins(db, now=now)
        if load_demo_data(db, now=now):
            click.echo("Demo data loaded: six years of reviews and six months of answers.")
        upcoming = db.scalars(
            select(Review).where(Review.review_date > now.date()).order_by(Review.review_date)
        ).first()
        sample = (
            issue_review_invitations(
                db, upcoming, (Role.CHILD,), ttl=timedelta(days=30), now=now, reissue=True
            )
            if upcoming
            else []
        )
    base = f"http://{host}:{port}"
    click.echo("\nStaff logins (new passwords each time the demo starts):")
    for login in logins:
        click.echo(f"  {login.role.value:<22} {login.email:<30} {login.password}")
    if sample:
        url = invitation_url(base, sample[0].token)
        qr_file = Path(current_app.instance_path) / "sample-qr.png"
        qr_file.parent.mkdir(parents=True, exist_ok=True)
        qr_file.write_bytes(qr_png(url))
        click.echo(f"\nSample QR link for a child's review form:\n  {url}\n  (QR code: {qr_file})")
    click.echo(f"\nServing on {base}  (Ctrl+C to stop)")
    if not no_serve:
        # Flask ignores app.run() under its own CLI, so serve with werkzeug directly.
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        run_simple(host, port, app, threaded=True)


commands = [demo_command]
