"""Health checks for load balancers; `/healthz` is also the benchmarks' bare-endpoint ceiling."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from service.web import runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """A constant answer: the process is up and serving."""
    return "ok", 200, {"Content-Type": "text/plain"}


@bp.get("/readyz")
def readyz() -> tuple[str, int, dict[str, str]]:
    """Ready only when the database answers, so a load balancer skips a cut-off worker."""
    try:
        with runtime().engine.connect() as conn:
            conn.execute(text("select 1"))
    except OperationalError:
        return "database unavailable", 503, {"Content-Type": "text/plain"}
    return "ready", 200, {"Content-Type": "text/plain"}
