"""The participation officer's dashboard and its CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import IO

from flask import Response, render_template, request, stream_with_context
from openpyxl import Workbook

from analysis.reporting.dashboard import EXPORT_COLUMNS, build_dashboard, export_rows
from analysis.reporting.document import fmt_pct
from analysis.reporting.filters import AGE_BANDS, filter_options
from analysis.reporting.questionnaire_results import (
    RESULT_COLUMNS,
    questionnaire_results,
    result_rows,
)
from service.domain.audit import record_audit
from service.exports import safe_cell
from service.models import Channel, User
from service.web import runtime
from service.web.reporting import READERS, bp
from service.web.reporting.filters import parse_filters
from service.web.staff.identity import current_staff, staff_required


@bp.get("/dashboard")
@staff_required(*READERS)
def dashboard() -> str:
    """Response rates, satisfaction indicators and themes for the chosen filters."""
    rt = runtime()
    filters, problems = parse_filters(request.args, rt.now().date())
    with rt.sessions.begin() as db:
        data = build_dashboard(db, filters, now=rt.now())
        options = filter_options(db)
        record_audit(
            db,
            actor=db.get(User, current_staff().id),
            action="dashboard_viewed",
            now=rt.now(),
            detail=filters.as_query(),
        )
    return render_template(
        "staff/dashboard.html",
        data=data,
        filters=filters,
        query=filters.as_query(),
        options=options,
        age_bands=AGE_BANDS,
        channels=[c.value for c in Channel],
        problems=problems,
        fmt_pct=fmt_pct,
    )


@bp.get("/dashboard/export.csv")
@staff_required(*READERS)
def export_csv() -> Response:
    """Every response under the filters, one row each, safe to open in a spreadsheet."""
    rt = runtime()
    filters, _ = parse_filters(request.args, rt.now().date())
    _audit_export("csv", filters.as_query())

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        with rt.sessions() as db:
            for row in export_rows(db, filters):
                writer.writerow([safe_cell(v) if v is not None else "" for v in row])
                if buffer.tell() > 64 * 1024:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(generate()),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="carevoice-responses.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/dashboard/export.xlsx")
@staff_required(*READERS)
def export_xlsx() -> Response:
    """The same rows as the CSV, as an Excel workbook (write-only, so memory stays flat)."""
    rt = runtime()
    filters, _ = parse_filters(request.args, rt.now().date())
    _audit_export("xlsx", filters.as_query())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    sheet.append(list(EXPORT_COLUMNS))
    with rt.sessions() as db:
        for row in export_rows(db, filters):
            sheet.append([safe_cell(v) for v in row])
    # The finished workbook goes to a temporary file and is sent in pieces, so five years of
    # responses never sit in memory at once.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _file_chunks when sent
    workbook.save(spool)
    spool.seek(0)
    return Response(
        _file_chunks(spool),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": 'attachment; filename="carevoice-responses.xlsx"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/dashboard/results.csv")
@staff_required(*READERS)
def export_results_csv() -> Response:
    """Every questionnaire's counts under the filters: no words, no codes, one row per answer."""
    rt = runtime()
    filters, _ = parse_filters(request.args, rt.now().date())
    _audit_export("results_csv", filters.as_query())
    with rt.sessions() as db:
        rows = result_rows(questionnaire_results(db, filters))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(RESULT_COLUMNS)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="carevoice-questionnaire-results.csv"',
            "Cache-Control": "no-store",
        },
    )


def _file_chunks(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    with file:
        while chunk := file.read(size):
            yield chunk


def _audit_export(kind: str, query: dict[str, str]) -> None:
    rt = runtime()
    with rt.sessions.begin() as db:
        record_audit(
            db,
            actor=db.get(User, current_staff().id),
            action="responses_exported",
            now=rt.now(),
            detail={"format": kind, **query},
        )
