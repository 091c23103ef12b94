"""The CiCC summary as a page to put on a screen at a meeting."""

from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, request

from analysis.reporting.cicc import build_cicc_summary, cicc_document, face_chart
from analysis.reporting.document import to_html_body
from service.web import runtime
from service.web.reporting import READERS, bp
from service.web.staff.identity import staff_required

DEFAULT_DAYS = 183


@bp.get("/cicc")
@staff_required(*READERS)
def cicc() -> str:
    """What children said and what changed, suppressed and in young people's words."""
    rt = runtime()
    today = rt.now().date()
    start = _date(request.args.get("from"), today - timedelta(days=DEFAULT_DAYS))
    end = _date(request.args.get("to"), today)
    if end < start:
        start, end = end, start
    with rt.sessions() as db:
        summary = build_cicc_summary(db, start, end + timedelta(days=1), now=rt.now())
    document = cicc_document(summary)
    return render_template(
        "staff/cicc.html",
        title=document.title,
        body=to_html_body(document, heading_offset=0),
        has_chart=face_chart(summary) is not None,
        start=start,
        end=end,
    )


def _date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default
