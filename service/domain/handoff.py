"""Carrying a form from the web to the bot without its token.

The "answer in Telegram" link on a form page must not hold the invitation's token (the page
and its cookie can be read, copied or cached). It holds instead a short code that names the
invitation and when the code stops working, signed with the service's secret (HMAC-SHA256), so
it cannot be made up or stretched. It opens only what the page already had open, for a day.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from datetime import datetime, timedelta

PREFIX = "w"  # a deep link's payload that is a handoff, not a token (tokens have 22 characters)
LIFETIME = timedelta(days=1)
_SIGNATURE_BYTES = 12
_EPOCH = datetime(2020, 1, 1)


def handoff_code(secret: str, invitation_id: int, now: datetime) -> str:
    """A code that opens `invitation_id` in the bot until a day from `now`; 33 characters, all
    allowed in a Telegram deep link."""
    until = int((now + LIFETIME - _EPOCH).total_seconds() // 60)
    body = struct.pack(">QI", invitation_id, until)
    return PREFIX + _b64(body + _sign(secret, body))


def read_handoff(secret: str, code: str, now: datetime) -> int | None:
    """The invitation a genuine, unexpired code opens; None for anything else."""
    if not code.startswith(PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(code[len(PREFIX) :] + "=" * (-len(code) % 4))
    except (ValueError, TypeError):
        return None
    body, signature = raw[:12], raw[12:]
    if len(body) != 12 or not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    invitation_id, until = struct.unpack(">QI", body)
    if _EPOCH + timedelta(minutes=until) <= now:
        return None
    return int(invitation_id)


def _sign(secret: str, body: bytes) -> bytes:
    key = hashlib.sha256(b"carevoice-handoff:" + secret.encode()).digest()
    return hmac.new(key, body, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
