"""Subject access and erasure for one child (UK GDPR articles 15 and 17).

Erasure removes what the child said and the link to their case reference. Alerts and the audit
log are kept: they are the record that a concern was followed up, which the council must keep
to meet its legal safeguarding duties (article 17(3)(b)).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from service.domain.audit import Actor, record_audit
from service.domain.errors import DomainError
from service.domain.rollup_invalidation import invalidate_invited, invalidate_sent
from service.models import (
    ERASED_REF_PREFIX,
    ActionLink,
    Alert,
    AuditEvent,
    BotChat,
    Child,
    Invitation,
    OutboxMessage,
    ReadingItem,
    Response,
    Review,
    Role,
)

# Carers and parents answer about the child's review, but what they wrote, and anything that
# could single them out, is their personal data, not the child's (DPA 2018 schedule 2 part 3:
# a subject access need not disclose another person's information without their consent).
THIRD_PARTY_ROLES = frozenset({Role.CARER, Role.PARENT})
THIRD_PARTY_WITHHELD = "their own words, the language and channel they used, and exact times"
ABOUT_THIRD_PARTIES = (
    "Everything here is about you. Some answers came from your carer or a parent "
    '(marked "third party"): we show only the choices they picked, not their own words, their '
    "language or exactly when they answered, because that is about them."
)


class ChildNotFound(DomainError):
    """No child has that case reference."""


def find_child(session: Session, child_ref: str) -> Child:
    child = session.scalar(select(Child).where(Child.child_ref == child_ref.strip()))
    if child is None:
        raise ChildNotFound("No child has that case reference.")
    return child


def _fields(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of `obj`, as plain JSON values."""
    return {name: _plain(getattr(obj, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def collect_child_data(session: Session, child: Child) -> dict[str, Any]:
    """Everything held about one child, as plain JSON-ready data (token hashes are not data about them)."""
    reviews = session.scalars(
        select(Review).where(Review.child_id == child.id).order_by(Review.review_date)
    ).all()
    review_ids = [r.id for r in reviews]
    invitations = session.scalars(
        select(Invitation).where(Invitation.review_id.in_(review_ids)).order_by(Invitation.id)
    ).all()
    responses = session.scalars(
        select(Response)
        .where(Response.child_id == child.id)
        .options(selectinload(Response.answers))
        .order_by(Response.id)
    ).all()
    alerts = session.scalars(
        select(Alert)
        .where(Alert.child_id == child.id)
        .options(selectinload(Alert.events))
        .order_by(Alert.id)
    ).all()
    from_others = {r.id for r in responses if _third_party(r.role)}
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.child_id == child.id).order_by(AuditEvent.id)
    ).all()
    reading = {
        item.response_id: item
        for item in session.scalars(
            select(ReadingItem).where(ReadingItem.response_id.in_([r.id for r in responses]))
        )
    }
    return {
        "about_this_export": ABOUT_THIRD_PARTIES,
        "child": {
            "case_reference": child.child_ref,
            "code": child.code,
            "language": child.language,
            "recorded_since": _plain(child.created_at),
            "erased_at": _plain(child.erased_at),
        },
        "reviews": [
            _fields(
                r,
                (
                    "review_date",
                    "iro",
                    "team",
                    "participation_code",
                    "held_in_timescale",
                    "report_completed",
                    "age_at_review",
                    "language",
                ),
            )
            for r in reviews
        ],
        "invitations": [_invitation(i) for i in invitations],
        "responses": [_read(_response(r), r, reading.get(r.id)) for r in responses],
        "alerts": [_alert(a, a.response_id in from_others) for a in alerts],
        "access_log": [
            {"at": _plain(e.at), "by": e.actor_label, "action": e.action} for e in audit
        ],
    }


def _read(shown: dict[str, Any], response: Response, item: ReadingItem | None) -> dict[str, Any]:
    """Who was to read the child's own words, by when, and what they made of it (the reading
    queue); a carer's or parent's reading note is about their words, so it is not shown."""
    if item is None or _third_party(response.role):
        return shown
    fields = ("received_at", "due_at", "read_at", "outcome", "needs_interpreter", "note")
    return {**shown, "reading": _fields(item, fields)}


def _third_party(role: Role) -> bool:
    return role in THIRD_PARTY_ROLES


def _invitation(invitation: Invitation) -> dict[str, Any]:
    if not _third_party(invitation.role):
        return {
            **_fields(
                invitation,
                ("role", "questionnaire_key", "language", "created_at", "expires_at", "used_at"),
            ),
            "third_party": False,
        }
    # When the adult answered, and in which language, says something about them: only whether.
    return {
        **_fields(invitation, ("role", "questionnaire_key", "created_at", "expires_at")),
        "third_party": True,
        "answered": invitation.used_at is not None,
    }


def _response(response: Response) -> dict[str, Any]:
    if not _third_party(response.role):
        return {
            **_fields(
                response,
                (
                    "questionnaire_key",
                    "role",
                    "channel",
                    "language",
                    "status",
                    "started_at",
                    "submitted_at",
                ),
            ),
            "third_party": False,
            "answers": [
                _fields(a, ("question_id", "value", "values", "text", "sentiment_label", "themes"))
                for a in response.answers
            ],
        }
    sent = response.submitted_at
    return {
        **_fields(response, ("questionnaire_key", "role", "status")),
        "third_party": True,
        "submitted_month": sent.strftime("%Y-%m") if sent else None,
        "answers": [
            {"question_id": a.question_id, "their_words_withheld": True}
            if a.text is not None
            else _fields(a, ("question_id", "value", "values"))
            for a in response.answers
        ],
        "withheld": THIRD_PARTY_WITHHELD,
    }


def _alert(alert: Alert, third_party: bool) -> dict[str, Any]:
    shown: tuple[str, ...] = (
        "category",
        "urgency",
        "status",
        "created_at",
        "acknowledged_at",
        "closed_at",
        "outcome",
    )
    if not third_party:  # an adult's words that raised the alert are theirs
        shown = (*shown, "excerpt")
    return {
        **_fields(alert, shown),
        "third_party": third_party,
        "events": [_fields(e, ("kind", "at", "note")) for e in alert.events],
    }


def export_child_data(
    session: Session, child_ref: str, *, now: datetime, actor: Actor | None = None
) -> dict[str, Any]:
    """A subject access export; the export itself is recorded in the audit log."""
    child = find_child(session, child_ref)
    data = collect_child_data(session, child)
    record_audit(
        session,
        actor=actor,
        action="sar_export",
        now=now,
        object_type="child",
        object_id=child.id,
        child_id=child.id,
    )
    return data


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def to_readable(data: dict[str, Any]) -> str:
    """The same export as plain text a young person (or their advocate) can read."""
    lines = ["What carevoice holds about you", "=" * 30, ""]
    for section, content in data.items():
        title = section.replace("_", " ").capitalize()
        lines.append(title)
        lines.append("-" * len(title))
        if isinstance(content, str):
            lines.extend([content, "", ""])
            continue
        items = content if isinstance(content, list) else [content]
        if not items:
            lines.append("Nothing held.")
        for item in items:
            lines.extend(_readable_item(item, indent=""))
            lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _readable_item(item: dict[str, Any], indent: str) -> list[str]:
    out: list[str] = []
    for key, value in item.items():
        label = key.replace("_", " ")
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{indent}{label}:")
            for sub in value:
                out.extend(_readable_item(sub, indent + "    "))
                out.append("")
        elif isinstance(value, bool):
            out.append(f"{indent}{label}: {'yes' if value else 'no'}")
        elif value not in (None, [], ""):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            out.append(f"{indent}{label}: {shown}")
    return out


@dataclass(frozen=True)
class ErasureReport:
    responses_deleted: int
    answers_blanked: int
    invitations_deleted: int
    chats_deleted: int


def erase_child(
    session: Session, child_ref: str, *, now: datetime, actor: Actor | None = None
) -> ErasureReport:
    """Erase what a child said and who they are, keeping alerts (with their excerpt) and the audit log."""
    child = find_child(session, child_ref)
    responses = session.scalars(select(Response).where(Response.child_id == child.id)).all()
    alerted = set(session.scalars(select(Alert.response_id).where(Alert.child_id == child.id)))
    review_ids = select(Review.id).where(Review.child_id == child.id).scalar_subquery()
    invitation_ids = (
        select(Invitation.id).where(Invitation.review_id.in_(review_ids)).scalar_subquery()
    )
    response_ids = [r.id for r in responses]
    chats = session.execute(
        delete(BotChat).where(
            BotChat.invitation_id.in_(invitation_ids) | BotChat.response_id.in_(response_ids)
        )
    )
    gone = [r.id for r in responses if r.id not in alerted]
    # Figures already rolled up for those months no longer hold (their invitations go too).
    invalidate_sent(session, [r.submitted_at for r in responses if r.id not in alerted])
    invalidate_invited(session, Invitation.review_id.in_(review_ids))
    # A "we did" stays published; it just no longer points at this child's words.
    session.execute(delete(ActionLink).where(ActionLink.response_id.in_(gone)))
    # Reading items go with the words they were about (their notification keeps no words).
    items_gone = select(ReadingItem.id).where(ReadingItem.response_id.in_(gone))
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.reading_item_id.in_(items_gone.scalar_subquery()))
        .values(reading_item_id=None)
    )
    session.execute(delete(ReadingItem).where(ReadingItem.response_id.in_(gone)))
    deleted = blanked = 0
    for response in responses:
        if response.id in alerted:
            # The response an alert points at stays, but without the child's free text.
            for answer in response.answers:
                if answer.text is not None:
                    answer.text = None
                    blanked += 1
        else:
            session.delete(response)
            deleted += 1
    session.flush()
    kept = (
        select(Response.invitation_id).where(Response.invitation_id.is_not(None)).scalar_subquery()
    )
    invitations = session.execute(
        delete(Invitation).where(Invitation.review_id.in_(review_ids), Invitation.id.not_in(kept))
    )
    report = ErasureReport(
        responses_deleted=deleted,
        answers_blanked=blanked,
        invitations_deleted=int(getattr(invitations, "rowcount", 0) or 0),
        chats_deleted=int(getattr(chats, "rowcount", 0) or 0),
    )
    # The case reference is what identifies the child to the council; the random code stays for counts.
    child.child_ref = f"{ERASED_REF_PREFIX}{child.id}"
    child.erased_at = now
    record_audit(
        session,
        actor=actor,
        action="child_erased",
        now=now,
        object_type="child",
        object_id=child.id,
        child_id=child.id,
        detail={
            "responses_deleted": report.responses_deleted,
            "answers_blanked": report.answers_blanked,
            "invitations_deleted": report.invitations_deleted,
            "chats_deleted": report.chats_deleted,
        },
    )
    return report
