"""Every table, re-exported so callers import from `service.models`."""

from service.models.audit import Action, ActionLink, ActionRevision, ActionTranslation, AuditEvent
from service.models.enums import (
    AlertStatus,
    Channel,
    OutboxStatus,
    ReadingOutcome,
    ResponseStatus,
    Role,
    StaffRole,
    Urgency,
)
from service.models.feedback import Answer, Campaign, Invitation, Response
from service.models.people import (
    ERASED_REF_PREFIX,
    EXPIRED_REF_PREFIX,
    REMOVED_REF_PREFIXES,
    Child,
    PendingSignIn,
    StaffSession,
    User,
)
from service.models.reading import ReadingItem
from service.models.reviews import PARTICIPATION_CODES, Review
from service.models.rollups import MonthBasis, MonthlyRollup, RollupFigure, RollupGeneration
from service.models.safeguarding import Alert, AlertEvent, OutboxMessage
from service.models.telegram import BotChat, BotUpdate
from service.models.translations import TranslationReview

__all__ = [
    "ERASED_REF_PREFIX",
    "EXPIRED_REF_PREFIX",
    "PARTICIPATION_CODES",
    "REMOVED_REF_PREFIXES",
    "Action",
    "ActionLink",
    "ActionRevision",
    "ActionTranslation",
    "Alert",
    "AlertEvent",
    "AlertStatus",
    "Answer",
    "AuditEvent",
    "BotChat",
    "BotUpdate",
    "Campaign",
    "Channel",
    "Child",
    "Invitation",
    "MonthBasis",
    "MonthlyRollup",
    "OutboxMessage",
    "OutboxStatus",
    "PendingSignIn",
    "ReadingItem",
    "ReadingOutcome",
    "Response",
    "ResponseStatus",
    "Review",
    "Role",
    "RollupFigure",
    "RollupGeneration",
    "StaffRole",
    "StaffSession",
    "TranslationReview",
    "Urgency",
    "User",
]
