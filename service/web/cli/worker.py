"""`carevoice worker`: send staff notifications, escalate alerts nobody has acknowledged and keep
the dashboard's monthly rollups filled."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta
from types import FrameType

import click
from flask.cli import with_appcontext

from service.web import runtime
from service.worker import Worker


@click.command("worker")
@click.option("--once", is_flag=True, help="One round, then exit (for cron or tests).")
@click.option("--interval", default=15.0, show_default=True, help="Seconds between rounds.")
@click.option(
    "--lease-seconds",
    default=120,
    show_default=True,
    help="How long a claimed message is held before another worker may retry it.",
)
@with_appcontext
def worker_command(once: bool, interval: float, lease_seconds: int) -> None:
    """Send the outbox (email, staff Telegram), escalate overdue alerts, chase unread words,
    refresh the rollups."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    worker = Worker(runtime(), lease=timedelta(seconds=lease_seconds))
    if once:
        report = worker.run_once()
        click.echo(
            f"escalated {report.escalated}, sent {report.sent}, failed {report.failed}, "
            f"rollup months stored {report.rollups_stored}, scheduled {report.scheduled}, "
            f"reading reminders {report.reading_reminded}, "
            f"reading escalations {report.reading_escalated}"
        )
        return
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    click.echo(f"worker {worker.name} running every {interval} s; Ctrl+C to stop")
    worker.run_forever(interval, stop)


commands = [worker_command]
