"""The background worker: sends the notification outbox, escalates unacknowledged alerts, chases
unread words in the reading queue, keeps the dashboard's monthly rollups filled and (when
SCHEDULE_ENABLED) runs the council's timetable."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from analysis.reporting.rollup_refresh import refresh_rollups
from service import worry_spool
from service.domain.alerts import AlertPolicy, escalate_overdue, record_delivery
from service.domain.answering import Subject, Via, rescue
from service.domain.outbox import DEFAULT_LEASE, claim_due, mark_failed, mark_sent
from service.domain.reading import chase_unread
from service.models import Channel
from service.notify import DeliveryError, Sender
from service.notify.routing import build_senders, resolve
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from service.scheduled_letters import run_scheduled

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundReport:
    """What one round did, for logs and tests."""

    escalated: int
    sent: int
    failed: int
    rollups_stored: int  # months of monthly rollups counted and stored
    scheduled: int = 0  # invitations the council's timetable issued (SCHEDULE_ENABLED)
    reading_reminded: int = 0  # unread items whose reader was reminded
    reading_escalated: int = 0  # unread items passed to the IRO managers


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


class Worker:
    """One worker process; several may run at once (leases keep them from sending twice)."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        senders: Mapping[str, Sender] | None = None,
        lease: timedelta = DEFAULT_LEASE,
        name: str | None = None,
    ) -> None:
        self.runtime = runtime
        self.senders = build_senders(runtime.settings) if senders is None else senders
        self.policy = AlertPolicy.from_settings(runtime.settings)
        self.lease = lease
        self.name = name or worker_id()

    def run_once(self) -> RoundReport:
        """Store worries kept on disk while the database was down, escalate what is overdue,
        chase unread words, send everything due, then refresh the monthly rollups (last: alerts
        never wait for counting, and a refresh that fails leaves them sent)."""
        worry_spool.drain(self.runtime.settings.worry_spool_dir, self._store_kept_worry)
        with self.runtime.sessions.begin() as db:
            escalated = len(escalate_overdue(db, policy=self.policy, now=self.runtime.now()))
        with self.runtime.sessions.begin() as db:
            chased = chase_unread(db, policy=self.policy.reading, now=self.runtime.now())
        sent = failed = 0
        while True:
            with self.runtime.sessions.begin() as db:
                batch = claim_due(
                    db,
                    worker=self.name,
                    now=self.runtime.now(),
                    lease=self.lease,
                )
            if not batch:
                break
            for message in batch:
                try:
                    sender = self.senders.get(message.channel)
                    if sender is None:
                        raise DeliveryError(f"no {message.channel} sender configured")
                    sender.send(resolve(message, self.runtime.settings))
                except DeliveryError as error:
                    failed += 1
                    log.warning("outbox %s not sent: %s", message.id, error)
                    with self.runtime.sessions.begin() as db:
                        mark_failed(
                            db, message, worker=self.name, error=str(error), now=self.runtime.now()
                        )
                    continue
                with self.runtime.sessions.begin() as db:
                    if mark_sent(db, message.id, worker=self.name, now=self.runtime.now()):
                        record_delivery(db, message, now=self.runtime.now())
                        sent += 1
        with self.runtime.sessions.begin() as db:
            rollups_stored = refresh_rollups(db, self.runtime.now())
        scheduled = 0
        settings = self.runtime.settings
        if settings.schedule_enabled:
            run = run_scheduled(self.runtime, settings.schedule_letters_dir)
            scheduled = run.pre_review + run.feedback
        return RoundReport(
            escalated=escalated,
            sent=sent,
            failed=failed,
            rollups_stored=rollups_stored,
            scheduled=scheduled,
            reading_reminded=chased.reminded,
            reading_escalated=chased.escalated,
        )

    def _store_kept_worry(self, worry: worry_spool.KeptWorry) -> None:
        """A worry the web kept on disk: stored, with its alert, as it would have been then."""
        subject = None
        if worry.invitation_id is not None or worry.campaign_id is not None:
            subject = Subject(
                worry.at,
                worry.questionnaire_key,
                invitation_id=worry.invitation_id,
                campaign_id=worry.campaign_id,
                submission_key=worry.submission_key,
            )
        via = Via(Channel(worry.channel), worry.language, worry.at, self.policy)
        questionnaire = get_questionnaire(worry.questionnaire_key)
        with self.runtime.sessions.begin() as db:
            rescue(db, subject, questionnaire, worry.raw, via)

    def run_forever(self, interval: float, stop: threading.Event) -> None:
        """Rounds every `interval` seconds until stopped; a failing round is logged, not fatal."""
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("worker round failed; trying again in %s s", interval)
            stop.wait(interval)
