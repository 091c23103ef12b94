"""Benchmark: the officer's dashboard, its exports and the IRO/CiCC reports over a million responses.

Run: .venv/bin/python bench/reports_at_scale.py [--responses N] [--keep] [--database NAME]

Creates its own PostgreSQL database on 127.0.0.1:5432 (user postgres, trust auth), migrates it,
fills it with about 12 reporting years of a large region (children, reviews with PN codes and
timeliness, invitations, N submitted responses with answers analysed as the pipeline stores them,
campaigns, alerts and "we did" actions) using set-based SQL and COPY, then times every dashboard
query (those the monthly rollups serve also cold and warm with them), the dashboard page as a
signed-in participation officer, the CSV/XLSX exports and the `carevoice report iro|cicc`
commands (as subprocesses, with their peak RSS). The rollups are filled as `carevoice worker`
fills them (analysis.reporting.rollup_refresh), and that refresh is timed too. It prints figures
against the issue's targets; it asserts nothing. The database is dropped at the end unless
--keep; --database NAME reuses a kept database (generating only if it is empty).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess  # nosec B404 - runs our own CLI
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import delete, event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from analysis.reporting.comments import theme_examples, unthemed_texts  # noqa: E402
from analysis.reporting.dashboard import build_dashboard  # noqa: E402
from analysis.reporting.filters import Filters, filter_options  # noqa: E402
from analysis.reporting.indicators import indicators  # noqa: E402
from analysis.reporting.periods import reporting_year, reporting_year_of, year_label  # noqa: E402
from analysis.reporting.response_rates import response_rates  # noqa: E402
from analysis.reporting.rollup_refresh import refresh_rollups  # noqa: E402
from analysis.reporting.theme_figures import theme_figures  # noqa: E402
from analysis.text.emerging import emerging_phrases  # noqa: E402
from analysis.text.pipeline import ANALYSER_VERSION, analyse_text  # noqa: E402
from service import migrate  # noqa: E402
from service.db import make_engine, make_session_factory, utcnow  # noqa: E402
from service.models import MonthlyRollup, StaffRole  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
YEARS = 12
CAMPAIGN_SHARE = 0.10
OFFICER_EMAIL = "bench-officer@council.test"
OFFICER_PASSWORD = "bench officer password 1"  # nosec B105 - throwaway database
DATA = ROOT / "tests" / "analysis" / "data"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as service.domain.reviews.new_child_code
TARGET_QUERY_MS = 500.0
TARGET_IRO_S = 10.0
TARGET_IRO_MB = 500.0

# Answer mixes (weights), close to what a council's QR survey sees; later years lean slightly happier.
YES_NO = (("yes", 0.70), ("no", 0.17), ("not_sure", 0.09), ("prefer_not_say", 0.04))
FACES = (
    ("very_happy", 0.33),
    ("happy", 0.32),
    ("ok", 0.20),
    ("sad", 0.08),
    ("very_sad", 0.04),
    ("prefer_not_say", 0.03),
)
FEEL_SAFE = (("safe", 0.955), ("not_sure", 0.025), ("not_safe", 0.008), ("prefer_not_say", 0.012))
AGE_GROUP = (("under11", 0.2), ("11to15", 0.45), ("16to17", 0.2), ("18plus", 0.15))
PRIORITIES = (
    "being_heard",
    "meetings",
    "family_contact",
    "school",
    "health",
    "leaving_care",
    "activities",
)
PN_OVER4 = (
    ("PN1", 0.58),
    ("PN2", 0.005),
    ("PN3", 0.003),
    ("PN4", 0.012),
    ("PN5", 0.02),
    ("PN6", 0.33),
    ("PN7", 0.04),
)  # the remaining 1% have no code recorded
LANGUAGES = (("en", 0.85), ("ar", 0.05), ("ps", 0.04), ("prs", 0.03), ("ckb", 0.03))
REVIEW_QS = ("review_child", "review_carer", "review_parent")
TEAMS = tuple(
    f"{area} {kind}"
    for area in ("North", "South", "East", "West", "Central", "Coast", "Valley", "City")
    for kind in ("CLA", "Disabled Children", "Leaving Care", "UASC")
)


# --- generation ------------------------------------------------------------------------------


def _case(choices: tuple[tuple[str, float], ...], var: str = "x") -> str:
    """SQL picking a choice key from a uniform random `var` by cumulative weight."""
    parts, total = [], 0.0
    for key, weight in choices[:-1]:
        total += weight
        parts.append(f"WHEN {var} < {total:.4f} THEN '{key}'")
    return f"CASE {' '.join(parts)} ELSE '{choices[-1][0]}' END"


def _trend_x(first_year: int) -> str:
    """A uniform random number bent towards the first choice a little more each year."""
    return (
        "power(random(), 1 + 0.04 * greatest(0, extract(year from r.submitted_at)::int - "
        f"{first_year}))"
    )


def _pool_sources() -> tuple[list[str], list[str]]:
    feedback, safety = [], []
    for name in ("feedback_labelled.jsonl", "feedback_heldout.jsonl"):
        feedback += [json.loads(line)["text"] for line in (DATA / name).open(encoding="utf-8")]
    for line in (DATA / "safety_labelled.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("flag"):
            safety.append(row["text"])
    return list(dict.fromkeys(feedback)), list(dict.fromkeys(safety))


def text_pool(seed: int, size: int = 2000) -> tuple[list[tuple[Any, ...]], int]:
    """Comments (real wording from the labelled sets, some pairs joined) analysed by the pipeline.

    Returns rows (i, text, sentiment, label, themes, safety) with the unflagged comments first,
    and how many are unflagged.
    """
    feedback, flagged = _pool_sources()
    rnd = random.Random(seed)
    texts = list(feedback)
    while len(texts) < size:
        a, b = rnd.sample(feedback, 2)
        texts.append(f"{a.rstrip('.!? ')}. {b[0].upper()}{b[1:]}")
    calm, worrying = [], []
    for text in [*texts, *flagged]:
        analysis = analyse_text(text, "en")
        row = (
            text,
            analysis.sentiment,
            analysis.label,
            json.dumps(list(analysis.themes)),
            json.dumps(analysis.safety.to_dict()),
        )
        (worrying if analysis.safety.flag else calm).append(row)
    rows = [(i, *row) for i, row in enumerate([*calm, *worrying])]
    return rows, len(calm)


@dataclass
class Plan:
    """How much of everything to make for N submitted responses."""

    responses: int
    today: date
    seed: int
    first_year: int = 0
    start: date = date.min
    reviews: int = 0
    children: int = 0
    iros: int = 0

    def __post_init__(self) -> None:
        self.first_year = reporting_year_of(self.today) - (YEARS - 1)
        self.start = date(self.first_year, 4, 1)
        invited = self.responses * (1 - CAMPAIGN_SHARE)
        # about 1.3 responses per review (child 55%, carer 62%, parent 30% of 60% invited)
        self.reviews = int(invited / 1.3 * 1.08)
        self.children = self.reviews // 3
        per_year = self.reviews / YEARS
        self.iros = max(5, round(per_year / 130))  # about 60 children, 2.2 reviews a year each


@contextmanager
def step(name: str, timings: dict[str, float]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - started
    print(f"  {name:<44} {timings[name]:7.1f} s", flush=True)


def generate(url: str, plan: Plan) -> dict[str, float]:
    """Fill an empty migrated database; returns seconds per step."""
    t: dict[str, float] = {}
    now = datetime.combine(plan.today, datetime.min.time())
    p = {
        "start": plan.start,
        "today": plan.today,
        "now": now,
        "window": (plan.today - plan.start).days,
        "seed": plan.seed,
    }
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with step("text pool: analyse comments (pipeline)", t):
            pool, calm = text_pool(plan.seed)
        cur.execute("SELECT setseed(%s)", (((plan.seed % 1000) / 1000.0),))
        with step("children and reviews", t):
            _children_and_reviews(cur, plan, p)
        with step("invitations", t):
            _invitations(cur, plan, p)
        with step("responses (invited, campaigns, in progress)", t):
            _responses(cur, plan, p)
        with step("text pool: COPY", t):
            cur.execute(
                "CREATE TEMP TABLE text_pool (i int PRIMARY KEY, text text, sentiment float8, "
                "label text, themes json, safety json)"
            )
            with cur.copy(
                "COPY text_pool (i, text, sentiment, label, themes, safety) FROM STDIN"
            ) as copy:
                for row in pool:
                    copy.write_row(row)
        with step("answers", t):
            _answers(cur, plan, calm, len(pool) - calm)
        with step("alerts and their history", t):
            _alerts(cur, p)
        with step("actions (you said, we did)", t):
            _actions(cur, plan, p)
        with step("commit", t):
            conn.commit()
    with psycopg.connect(url, autocommit=True) as conn, step("VACUUM ANALYZE", t):
        conn.execute("VACUUM ANALYZE")
    return t


def _children_and_reviews(cur: psycopg.Cursor[Any], plan: Plan, p: dict[str, Any]) -> None:
    code_chars = " || ".join(
        f"substr('{CODE_ALPHABET}', ((v >> {5 * k}) & 31)::int + 1, 1)" for k in range(6)
    )
    cur.execute(
        f"""
        CREATE TEMP TABLE child_plan AS
        SELECT g AS id,
               mod(g::bigint * 747796405, 1073741824) AS v,
               %(start)s::date - 1100 + floor(random() * (%(window)s + 1100))::int AS entry_date,
               floor(power(random(), 0.7) * 17.5 * 365.25)::int AS age_days,
               90 + floor(-ln(1 - random()) * 1000)::int AS stay_days,
               {_case(LANGUAGES, "lx")} AS language,
               1 + floor(random() * {len(TEAMS)})::int AS team_no,
               1 + floor(random() * {plan.iros})::int AS iro_no
        FROM (SELECT g, random() AS lx FROM generate_series(1, {plan.children}) g) s
        """,
        p,
    )
    cur.execute(
        """
        CREATE TEMP TABLE review_plan AS
        SELECT c.id AS child_id, d.review_date,
               floor((d.review_date - (c.entry_date - c.age_days)) / 365.25)::int AS age,
               c.language, c.team_no, c.iro_no, random() AS x
        FROM child_plan c
        CROSS JOIN LATERAL generate_series(0, c.stay_days / 150 + 1) k
        CROSS JOIN LATERAL (
            SELECT c.entry_date + 28 + CASE WHEN k = 0 THEN 0 ELSE 91 + (k - 1) * 182 END
                   + floor(random() * 15)::int - 7 AS review_date
        ) d
        WHERE d.review_date >= %(start)s AND d.review_date < %(today)s
          AND d.review_date < c.entry_date + c.stay_days
          AND d.review_date < c.entry_date - c.age_days + 6574  -- 18th birthday
        """,
        p,
    )
    # Keep whole children, in id order, until the planned number of reviews is reached.
    cur.execute(
        """
        DELETE FROM review_plan WHERE child_id > coalesce((
            SELECT min(child_id) FROM (
                SELECT child_id, sum(count(*)) OVER (ORDER BY child_id) AS running
                FROM review_plan GROUP BY child_id) s
            WHERE running >= %s), 2147483647)
        """,
        (plan.reviews,),
    )
    cur.execute(
        f"""
        INSERT INTO children (child_ref, code, language, created_at)
        SELECT 'REF-' || lpad(c.id::text, 7, '0'), 'C-' || {code_chars}, c.language,
               greatest(c.entry_date, %(start)s)::timestamp
        FROM child_plan c WHERE c.id IN (SELECT child_id FROM review_plan)
        ORDER BY c.id
        """,
        p,
    )
    pn = _case(PN_OVER4, "r.x")  # x >= 0.99 (1%) has no code recorded
    cur.execute(
        f"""
        INSERT INTO reviews (child_id, review_date, iro, team, participation_code,
                             held_in_timescale, report_completed, age_at_review, language,
                             created_at, updated_at)
        SELECT ch.id, r.review_date, 'IRO ' || lpad(r.iro_no::text, 3, '0'),
               (ARRAY[{", ".join(f"'{t}'" for t in TEAMS)}])[r.team_no],
               CASE WHEN r.age < 4 THEN 'PN0' WHEN r.x >= 0.99 THEN NULL
                    ELSE {pn} END,
               random() < 0.985,
               CASE WHEN r.review_date > %(today)s - 30 AND random() < 0.5 THEN NULL
                    ELSE r.review_date + 3 + floor(-ln(1 - random()) * 9)::int END,
               r.age, r.language, r.review_date - 14, r.review_date - 14
        FROM review_plan r JOIN children ch ON ch.child_ref = 'REF-' || lpad(r.child_id::text, 7, '0')
        ORDER BY r.review_date, ch.id
        """,
        p,
    )


def _invitations(cur: psycopg.Cursor[Any], plan: Plan, p: dict[str, Any]) -> None:
    cur.execute(
        """
        INSERT INTO invitations (token_hash, review_id, role, questionnaire_key, language,
                                 created_at, expires_at)
        SELECT encode(sha256(convert_to(r.id || ':' || v.role || ':' || %(seed)s, 'UTF8')), 'hex'),
               r.id, v.role, v.q,
               CASE WHEN v.role = 'carer' THEN 'en' ELSE coalesce(r.language, 'en') END,
               (r.review_date - 7)::timestamp + interval '9 hours',
               (r.review_date - 7)::timestamp + interval '9 hours' + interval '120 days'
        FROM reviews r
        CROSS JOIN (VALUES ('child', 'review_child'), ('carer', 'review_carer'),
                           ('parent', 'review_parent')) v(role, q)
        WHERE (v.role <> 'child' OR r.age_at_review >= 4)
          AND (v.role <> 'parent' OR random() < 0.6)
        ORDER BY r.id
        """,
        p,
    )


def _responses(cur: psycopg.Cursor[Any], plan: Plan, p: dict[str, Any]) -> None:
    invited_target = plan.responses - round(plan.responses * CAMPAIGN_SHARE)
    cur.execute(
        """
        CREATE TEMP TABLE answered AS
        SELECT i.id AS invitation_id, i.review_id, i.role, i.questionnaire_key, i.language,
               r.child_id, r.age_at_review,
               r.review_date::timestamp + floor(-ln(1 - random()) * 5)::int * interval '1 day'
                 + interval '7 hours' + random() * interval '15 hours' AS submitted_at,
               random() AS x
        FROM invitations i JOIN reviews r ON r.id = i.review_id
        WHERE random() < CASE i.role WHEN 'child' THEN 0.55 WHEN 'carer' THEN 0.62 ELSE 0.30 END
        """
    )
    cur.execute("DELETE FROM answered WHERE submitted_at >= %(now)s", p)
    cur.execute(
        """
        DELETE FROM answered WHERE invitation_id IN (
            SELECT invitation_id FROM answered ORDER BY x OFFSET %s)
        """,
        (invited_target,),
    )
    channel = "CASE WHEN random() < 0.22 THEN 'telegram' ELSE 'web' END"
    age_band = (
        "CASE WHEN a.age_at_review IS NULL THEN NULL WHEN a.age_at_review < 8 THEN 'under8' "
        "WHEN a.age_at_review <= 12 THEN '8to12' WHEN a.age_at_review <= 17 THEN '13plus' "
        "ELSE '18plus' END"
    )
    cur.execute(
        f"""
        INSERT INTO responses (invitation_id, review_id, child_id, questionnaire_key,
                               questionnaire_version, role, age_band, channel, language, status,
                               started_at, submitted_at)
        SELECT a.invitation_id, a.review_id, a.child_id, a.questionnaire_key, 1, a.role,
               {age_band}, {channel}, a.language, 'submitted',
               a.submitted_at - (2 + random() * 10) * interval '1 minute', a.submitted_at
        FROM answered a ORDER BY a.submitted_at
        """
    )
    cur.execute(
        """
        UPDATE invitations i SET used_at = r.submitted_at
        FROM responses r WHERE r.invitation_id = i.id
        """
    )
    invited = cur.execute("SELECT count(*) FROM responses").fetchone()[0]  # type: ignore[index]
    # Campaigns: a Feedback Week each October, an event each July, a CiCC poll each January.
    cur.execute(
        """
        INSERT INTO campaigns (code, title, kind, questionnaire_key, language, opens_at,
                               closes_at, created_at)
        SELECT k.prefix || y, k.title || ' ' || y, k.kind, k.q, 'en', d.opens, d.opens + interval '7 days',
               d.opens - interval '14 days'
        FROM generate_series(extract(year from %(start)s::date)::int,
                             extract(year from %(today)s::date)::int) y
        CROSS JOIN (VALUES ('FW', 'Feedback Week', 'feedback_week', 'feedback_week', 10),
                           ('EV', 'Summer event', 'event', 'event_feedback', 7),
                           ('CP', 'CiCC poll', 'cicc_poll', 'cicc_poll', 1)) k(prefix, title, kind, q, month)
        CROSS JOIN LATERAL (SELECT make_timestamp(y, k.month, 8, 9, 0, 0) AS opens) d
        WHERE d.opens >= %(start)s AND d.opens + interval '7 days' < %(now)s
        ORDER BY d.opens
        """,
        p,
    )
    campaign_responses = max(0, plan.responses - int(invited))
    cur.execute(
        f"""
        INSERT INTO responses (campaign_id, questionnaire_key, questionnaire_version, role,
                               channel, language, status, submission_key, started_at, submitted_at)
        SELECT c.id, c.questionnaire_key, 1, 'child', {channel}, {_case(LANGUAGES, "s.lx")},
               'submitted',
               encode(sha256(convert_to('campaign:' || s.g || ':' || %(seed)s, 'UTF8')), 'hex'),
               c.opens_at + s.offs - interval '4 minutes', c.opens_at + s.offs
        FROM (SELECT g, random() AS lx, random() * interval '7 days' AS offs,
                     1 + floor(random() * (SELECT count(*) FROM campaigns))::int AS n
              FROM generate_series(1, {campaign_responses}) g) s
        JOIN (SELECT id, questionnaire_key, opens_at, row_number() OVER (ORDER BY id) AS n
              FROM campaigns) c ON c.n = s.n
        ORDER BY c.opens_at + s.offs
        """,
        p,
    )
    # A few people opened the link and stopped part-way.
    cur.execute(
        f"""
        INSERT INTO responses (invitation_id, review_id, child_id, questionnaire_key,
                               questionnaire_version, role, channel, language, status, started_at)
        SELECT i.id, i.review_id, r.child_id, i.questionnaire_key, 1, i.role, {channel},
               i.language, 'in_progress', i.created_at + interval '8 days'
        FROM invitations i JOIN reviews r ON r.id = i.review_id
        WHERE i.used_at IS NULL AND random() < 0.02 AND i.created_at + interval '8 days' < %(now)s
        """,
        p,
    )


def _answers(cur: psycopg.Cursor[Any], plan: Plan, calm: int, worrying: int) -> None:
    x = _trend_x(plan.first_year)
    submitted = "r.status = 'submitted'"

    def choice(qs: tuple[str, ...], question: str, choices: Any, skip: float = 0.02) -> None:
        cur.execute(
            f"""
            INSERT INTO answers (response_id, question_id, value, submitted_at)
            SELECT id, %s, {_case(choices)}, submitted_at FROM (
                SELECT r.id, r.submitted_at, {x} AS x, random() AS skip FROM responses r
                WHERE r.questionnaire_key = ANY(%s) AND {submitted}) s
            WHERE skip >= %s
            """,
            (question, list(qs), skip),
        )

    def text(qs: tuple[str, ...], question: str, rate: float) -> None:
        cur.execute(
            f"""
            INSERT INTO answers (response_id, question_id, text, sentiment, sentiment_label,
                                 themes, safety, analyser_version, submitted_at)
            SELECT s.id, %s, t.text, t.sentiment, t.label, t.themes, t.safety, %s,
                   s.submitted_at FROM (
                SELECT r.id, r.submitted_at, random() AS x,
                       CASE WHEN random() < 0.004 THEN {calm} + floor(random() * {worrying})
                            ELSE floor(random() * {calm}) END::int AS k
                FROM responses r WHERE r.questionnaire_key = ANY(%s) AND {submitted}) s
            JOIN text_pool t ON t.i = s.k
            WHERE s.x < %s
            """,
            (question, ANALYSER_VERSION, list(qs), rate),
        )

    choice(REVIEW_QS, "spoke_to_iro", YES_NO)
    choice(REVIEW_QS, "felt_involved", YES_NO)
    choice(REVIEW_QS, "review_rating", FACES, 0.01)
    text(("review_child",), "do_better", 0.38)
    text(("review_carer",), "do_better", 0.45)
    text(("review_parent",), "do_better", 0.50)
    choice(("review_child", "feedback_week", "event_feedback"), "feel_safe", FEEL_SAFE, 0.01)
    choice(("feedback_week", "cicc_poll"), "age_group", AGE_GROUP, 0.03)
    choice(("feedback_week",), "how_things", FACES)
    choice(("feedback_week",), "listened_to", YES_NO)
    text(("feedback_week",), "going_well", 0.5)
    text(("feedback_week",), "change_one_thing", 0.45)
    choice(("event_feedback",), "event_rating", FACES)
    text(("event_feedback",), "liked", 0.5)
    text(("event_feedback",), "next_time", 0.4)
    text(("cicc_poll",), "idea", 0.35)
    keys = ", ".join(f"'{k}'" for k in PRIORITIES)
    cur.execute(
        f"""
        INSERT INTO answers (response_id, question_id, "values", submitted_at)
        SELECT r.id, 'priorities',
               (SELECT json_agg(k) FROM (SELECT k FROM unnest(ARRAY[{keys}]) k
                                         WHERE r.id > 0 ORDER BY random()
                                         LIMIT 1 + floor(random() * 3)::int) picked),
               r.submitted_at
        FROM responses r WHERE r.questionnaire_key = 'cicc_poll' AND {submitted}
        """
    )


def _alerts(cur: psycopg.Cursor[Any], p: dict[str, Any]) -> None:
    cur.execute(
        """
        INSERT INTO users (email, display_name, role, password_hash, totp_enabled, is_active,
                           failed_logins, must_change_password, created_at)
        VALUES ('safeguarding@council.test', 'Safeguarding lead', 'safeguarding_lead', '!',
                false, true, 0, false, %(start)s)
        """,
        p,
    )
    cur.execute(
        """
        INSERT INTO alerts (response_id, child_id, anonymous, question_id, source, category,
                            urgency, matched, excerpt, status, created_at, acknowledge_due_at,
                            acknowledged_at, acknowledged_by_id, closed_at, closed_by_id, outcome,
                            escalation_level)
        SELECT s.response_id, s.child_id, s.child_id IS NULL, s.question_id, s.source,
               s.category, s.urgency, s.matched, s.excerpt,
               CASE WHEN s.at < %(now)s - interval '30 days' THEN 'closed'
                    WHEN s.at < %(now)s - interval '1 day' THEN 'acknowledged' ELSE 'open' END,
               s.at,
               s.at + CASE s.urgency WHEN 'urgent' THEN interval '60 minutes'
                                     ELSE interval '24 hours' END,
               CASE WHEN s.at < %(now)s - interval '1 day'
                    THEN s.at + random() * interval '50 minutes' END,
               CASE WHEN s.at < %(now)s - interval '1 day'
                    THEN (SELECT id FROM users WHERE email = 'safeguarding@council.test') END,
               CASE WHEN s.at < %(now)s - interval '30 days' THEN s.at + interval '5 days' END,
               CASE WHEN s.at < %(now)s - interval '30 days'
                    THEN (SELECT id FROM users WHERE email = 'safeguarding@council.test') END,
               CASE WHEN s.at < %(now)s - interval '30 days'
                    THEN 'Spoke with the young person and their social worker.' END,
               0
        FROM (
            SELECT r.id AS response_id, r.child_id, a.question_id, 'answer' AS source,
                   'unsafe_scared' AS category,
                   CASE a.value WHEN 'not_safe' THEN 'urgent' ELSE 'high' END AS urgency,
                   json_build_array(a.value) AS matched, NULL AS excerpt, r.submitted_at AS at
            FROM answers a JOIN responses r ON r.id = a.response_id
            WHERE a.question_id = 'feel_safe' AND a.value IN ('not_sure', 'not_safe')
            UNION ALL
            SELECT r.id, r.child_id, a.question_id, 'free_text', a.safety->>'category',
                   a.safety->>'urgency', a.safety->'matched', left(a.text, 200), r.submitted_at
            FROM answers a JOIN responses r ON r.id = a.response_id
            WHERE a.text IS NOT NULL AND (a.safety->>'flag')::boolean
              AND a.safety->>'urgency' IN ('urgent', 'high')
        ) s ORDER BY s.at
        """,
        p,
    )
    cur.execute(
        """
        INSERT INTO alert_events (alert_id, kind, actor_id, at, note, detail)
        SELECT id, 'raised', NULL, created_at, NULL, json_build_object('source', source)
        FROM alerts
        UNION ALL
        SELECT id, 'acknowledged', acknowledged_by_id, acknowledged_at, NULL, NULL
        FROM alerts WHERE acknowledged_at IS NOT NULL
        UNION ALL
        SELECT id, 'closed', closed_by_id, closed_at, outcome, NULL
        FROM alerts WHERE closed_at IS NOT NULL
        """
    )


def _actions(cur: psycopg.Cursor[Any], plan: Plan, p: dict[str, Any]) -> None:
    themes = ", ".join(
        f"'{t}'"
        for t in (
            "being_heard",
            "meeting_experience",
            "preparation",
            "iro_relationship",
            "social_worker",
            "family_contact",
            "leaving_care",
        )
    )
    cur.execute(
        f"""
        INSERT INTO actions (you_said, we_did, theme_ids, created_at, published_at)
        SELECT 'You said: ' || t.theme || ' needs to get better (' || y || ')',
               'We did: the IRO service changed how it works on ' || t.theme || '.',
               json_build_array(t.theme), make_timestamp(y, 3, 1, 10, 0, 0),
               make_timestamp(y, 3, 15, 10, 0, 0)
        FROM generate_series({plan.first_year + 1}, extract(year from %(today)s::date)::int) y
        CROSS JOIN unnest(ARRAY[{themes}]) t(theme)
        WHERE make_timestamp(y, 3, 15, 10, 0, 0) < %(now)s
        """,
        p,
    )
    cur.execute(
        """
        INSERT INTO action_links (action_id, response_id)
        SELECT a.id, picked.id FROM actions a
        CROSS JOIN LATERAL (
            SELECT r.id FROM responses r
            WHERE r.submitted_at >= a.created_at - interval '180 days'
              AND r.submitted_at < a.created_at AND a.id > 0
            ORDER BY r.submitted_at LIMIT 5) picked
        """
    )


# --- measuring -------------------------------------------------------------------------------


@dataclass
class StatementLog:
    """Every SQL statement run on an engine, with its time."""

    times: list[tuple[float, str]] = field(default_factory=list)

    def attach(self, engine: Engine) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            conn.info.setdefault("started", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            started = conn.info["started"].pop()
            self.times.append(((time.perf_counter() - started) * 1000, statement))


@dataclass
class Timed:
    ms: float  # median wall time of the call
    statements: int
    slowest_ms: float  # slowest single statement in the median run


def timed(log: StatementLog, fn: Callable[[], Any], repeat: int) -> Timed:
    fn()  # warm the cache, as an officer's second look would be
    runs = []
    for _ in range(repeat):
        log.times.clear()
        started = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - started) * 1000
        runs.append(Timed(elapsed, len(log.times), max((ms for ms, _ in log.times), default=0.0)))
    runs.sort(key=lambda r: r.ms)
    return runs[len(runs) // 2]


def filter_variants(url: str, today: date) -> list[tuple[str, dict[str, str]]]:
    """The dashboard's default view, each filter on its own, and the longest period allowed."""
    with psycopg.connect(url) as conn:
        team = conn.execute("SELECT team FROM reviews GROUP BY team ORDER BY team LIMIT 1")
        iro = conn.execute("SELECT iro FROM reviews GROUP BY iro ORDER BY iro LIMIT 1")
        team_name, iro_name = team.fetchone()[0], iro.fetchone()[0]  # type: ignore[index]
    five_years = (today - timedelta(days=366 * 5)).isoformat()
    return [
        ("last 12 months", {}),
        ("+ team", {"team": team_name}),
        ("+ iro", {"iro": iro_name}),
        ("+ age_band 13plus", {"age_band": "13plus"}),
        ("+ channel telegram", {"channel": "telegram"}),
        ("+ questionnaire review_child", {"questionnaire": "review_child"}),
        ("5 years (the most allowed)", {"from": five_years}),
    ]


def _dashboard_calls(
    db: Any, filters: Filters, themes: list[str]
) -> list[tuple[str, Callable[[], Any]]]:
    """Each query function the dashboard runs, ready to time, as the dashboard runs them: with
    the monthly rollups (filled by a refresh before any is timed)."""
    now = utcnow()
    return [
        ("response_rates", lambda: response_rates(db, filters, now=now)),
        ("indicators", lambda: indicators(db, filters, now=now)),
        ("theme_figures", lambda: theme_figures(db, filters)),
        (
            f"theme_examples ({len(themes)} themes)",
            lambda: theme_examples(db, filters, themes),
        ),
        ("unthemed_texts(500)", lambda: unthemed_texts(db, filters, limit=500)),
        (
            "emerging_phrases (Python)",
            lambda: emerging_phrases(unthemed_texts(db, filters, 500), limit=10),
        ),
        ("build_dashboard (all)", lambda: build_dashboard(db, filters, now=now)),
    ]


def measure_queries(
    url: str, today: date, repeat: int, variants: list[tuple[str, dict[str, str]]]
) -> list[tuple[str, str, Timed]]:
    """Each dashboard query function on its own, for each filter variant."""
    from service.web.reporting.filters import parse_filters

    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    log = StatementLog()
    log.attach(engine)
    sessions = make_session_factory(engine)
    with sessions.begin() as db:
        refresh_rollups(db, utcnow(), wait=True)
    results: list[tuple[str, str, Timed]] = []
    with sessions() as db:
        results.append(("filter_options", "-", timed(log, lambda: filter_options(db), repeat)))
        for label, args in variants:
            filters, problems = parse_filters(args, today)
            assert not problems, problems  # nosec B101 - a bench's own inputs
            themes = [f.theme_id for f in theme_figures(db, filters)]
            calls = _dashboard_calls(db, filters, themes)
            for name, fn in calls:
                results.append((name, label, timed(log, fn, repeat)))
                db.rollback()
    engine.dispose()
    return results


ROLLUP_CALLS: dict[str, Callable[..., Any]] = {
    "response_rates": response_rates,
    "indicators": indicators,
    "build_dashboard (all)": build_dashboard,
}


@dataclass
class Refresh:
    cold_ms: float  # the first refresh after emptying the rollups: every closed month
    cold_months: int
    warm: Timed  # a refresh with nothing new to store, as most worker rounds are


def measure_rollups(
    url: str, today: date, repeat: int, variants: list[tuple[str, dict[str, str]]]
) -> tuple[list[tuple[str, str, Timed, float, Timed]], Refresh]:
    """The queries the monthly rollups serve: live, cold (the first call after emptying the
    rollups: counted live, nothing stored) and warm (after a refresh, as the worker leaves
    them); and the refresh itself, cold and warm, each committed."""
    from service.web.reporting.filters import parse_filters

    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    log = StatementLog()
    log.attach(engine)
    sessions = make_session_factory(engine)
    results = []
    for label, args in variants:
        filters, _ = parse_filters(args, today)
        for name, call in ROLLUP_CALLS.items():
            with sessions() as db:  # the live run also warms the page cache
                live = timed(log, partial(call, db, filters, now=None), repeat)
            with sessions.begin() as db:
                db.execute(delete(MonthlyRollup))
            started = time.perf_counter()
            with sessions() as db:
                call(db, filters, now=utcnow())
            cold_ms = (time.perf_counter() - started) * 1000
            with sessions.begin() as db:
                refresh_rollups(db, utcnow(), wait=True)
            with sessions() as db:
                warm = timed(log, partial(call, db, filters, now=utcnow()), repeat)
            results.append((name, label, live, cold_ms, warm))
    with sessions.begin() as db:
        db.execute(delete(MonthlyRollup))
    started = time.perf_counter()
    with sessions.begin() as db:
        months = refresh_rollups(db, utcnow(), wait=True)
    cold_refresh_ms = (time.perf_counter() - started) * 1000

    def warm_refresh() -> None:
        with sessions.begin() as db:
            refresh_rollups(db, utcnow())

    refresh = Refresh(cold_refresh_ms, months, timed(log, warm_refresh, repeat))
    engine.dispose()
    return results, refresh


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def signed_in_client(url: str) -> Any:
    """A Flask test client signed in as the bench's participation officer."""
    from service.web import create_app

    app = create_app({"DATABASE_URL": url.replace("postgresql://", "postgresql+psycopg://")})
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    match = _CSRF.search(page)
    if match is None:
        raise SystemExit("no CSRF token on /staff/login")
    client.post(
        "/staff/login",
        data={"csrf_token": match.group(1), "email": OFFICER_EMAIL, "password": OFFICER_PASSWORD},
    )
    if client.get("/staff/dashboard?from=2000-01-01&to=2000-01-02").status_code != 200:
        raise SystemExit("could not sign in as the participation officer")
    return app, client


def create_officer(url: str) -> None:
    from service.domain.users import create_user
    from service.models import User

    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with make_session_factory(engine).begin() as db:
        if db.query(User).filter_by(email=OFFICER_EMAIL).one_or_none() is None:
            create_user(
                db,
                email=OFFICER_EMAIL,
                display_name="Bench officer",
                role=StaffRole.PARTICIPATION_OFFICER,
                password=OFFICER_PASSWORD,
                now=datetime.now(),
            )
    engine.dispose()


def measure_pages(
    url: str, repeat: int, variants: list[tuple[str, dict[str, str]]]
) -> list[tuple[str, Timed]]:
    """GET /staff/dashboard through Flask's test client, as a signed-in participation officer."""
    from urllib.parse import urlencode

    app, client = signed_in_client(url)
    rt = app.extensions["carevoice"]
    with rt.sessions.begin() as db:  # as the worker leaves them
        refresh_rollups(db, utcnow(), wait=True)
    log = StatementLog()
    log.attach(rt.engine)
    results = []
    for label, args in variants:

        def get(args: dict[str, str] = args) -> None:
            response = client.get(f"/staff/dashboard?{urlencode(args)}")
            if response.status_code != 200:
                raise SystemExit(f"dashboard answered {response.status_code}")

        results.append((label, timed(log, get, repeat)))
    return results


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    output: str


def run_measured(cmd: list[str], env: dict[str, str]) -> Run:
    """Run a command; its wall time and its own peak RSS, from /usr/bin/time.

    (Not wait4 or RUSAGE_CHILDREN: a child forked from this process starts with this process's
    pages counted in its maximum RSS, so every child would report at least the bench's size.)
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        started = time.perf_counter()
        returncode = subprocess.call(  # nosec B603
            ["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        elapsed = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        kilobytes = int(rss.read().split()[-1])
    return Run(elapsed, kilobytes / 1024, returncode, text)


def export_child(kind: str, url: str, start: str, end: str) -> None:
    """(In a subprocess.) Stream one export through the test client; print its size and rows."""
    _, client = signed_in_client(url)
    response = client.get(f"/staff/dashboard/export.{kind}?from={start}&to={end}", buffered=False)
    size, lines = 0, 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        lines += data.count(b"\n")
    response.close()
    print(json.dumps({"status": response.status_code, "bytes": size, "lines": lines}))


def measure_exports(url: str, today: date) -> list[tuple[str, Run, dict[str, Any]]]:
    results = []
    for years in (1, 5):
        start = (today - timedelta(days=365 * years if years == 1 else 366 * 5)).isoformat()
        for kind in ("csv", "xlsx"):
            run = run_measured(
                [sys.executable, __file__, "--export-child", kind, url, start, today.isoformat()],
                dict(os.environ),
            )
            info = json.loads(run.output.strip().splitlines()[-1]) if run.returncode == 0 else {}
            results.append((f"export.{kind}, {years} year{'s' if years > 1 else ''}", run, info))
    return results


def measure_reports(url: str, today: date, out: Path) -> list[tuple[str, Run]]:
    env = {**os.environ, "DATABASE_URL": url.replace("postgresql://", "postgresql+psycopg://")}
    carevoice = str(Path(sys.executable).with_name("carevoice"))
    year = reporting_year_of(today) - 1
    results = []
    for fmt in ("all", "md", "html", "docx", "json"):
        cmd = [carevoice, "report", "iro", "--year", str(year), "--format", fmt, "--out", str(out)]
        results.append((f"report iro --year {year} --format {fmt}", run_measured(cmd, env)))
    period = reporting_year(year)
    for label, start, end in (
        ("last 12 months", today - timedelta(days=365), today),
        (year_label(year), period.start, period.end - timedelta(days=1)),
    ):
        cmd = [
            carevoice,
            "report",
            "cicc",
            "--from",
            start.isoformat(),
            "--to",
            end.isoformat(),
            "--out",
            str(out),
        ]
        results.append((f"report cicc ({label}) --format all", run_measured(cmd, env)))
    return results


# --- database lifecycle and the table -----------------------------------------------------------


def create_database(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", help="use (or fill) this database; implies --keep")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query (median)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--skip", default="", help="comma list: queries,rollups,pages,exports,reports"
    )
    parser.add_argument("--export-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(*args.export_child)
        return

    name = args.database or f"carevoice_bench_{uuid.uuid4().hex[:8]}"
    keep = args.keep or bool(args.database)
    today = date.today()
    url = create_database(name)
    skip = set(filter(None, args.skip.split(",")))
    try:
        print(f"database {name} on 127.0.0.1:5432")
        started = time.perf_counter()
        migrate.upgrade(url.replace("postgresql://", "postgresql+psycopg://"))
        print(
            f"  migrate                                      {time.perf_counter() - started:7.1f} s"
        )
        with psycopg.connect(url) as conn:
            existing = conn.execute("SELECT count(*) FROM responses").fetchone()[0]  # type: ignore[index]
        generation: dict[str, float] = {}
        if not existing:
            plan = Plan(args.responses, today, args.seed)
            print(
                f"generating {plan.responses:,} submitted responses over {YEARS} reporting years "
                f"from {plan.start} (about {plan.reviews:,} reviews, {plan.iros} IROs)",
                flush=True,
            )
            generation = generate(url, plan)
        create_officer(url)
        with psycopg.connect(url) as conn:
            counts = {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]  # nosec B608
                for table in (
                    "children",
                    "reviews",
                    "invitations",
                    "responses",
                    "answers",
                    "alerts",
                    "alert_events",
                    "campaigns",
                    "actions",
                )
            }
            submitted = conn.execute(
                "SELECT count(*) FROM responses WHERE status = 'submitted'"
            ).fetchone()[0]  # type: ignore[index]
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            db_size = size.fetchone()[0]  # type: ignore[index]
        print()
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        print(f"submitted responses: {submitted:,}; database size: {db_size}")
        if generation:
            print(f"generation: {sum(generation.values()):.1f} s")

        variants = filter_variants(url, today)
        if "queries" not in skip:
            print(
                f"\nDashboard queries, as the dashboard runs them (rollups filled by a refresh "
                f"first; median of {args.repeat} warm runs; target <= 500 ms each)"
            )
            print(f"{'query':<30} {'filters':<30} {'ms':>8} {'stmts':>6} {'slowest':>8}  target")
            for fn_name, label, t in measure_queries(url, today, args.repeat, variants):
                is_total = fn_name.startswith(("build_dashboard", "emerging"))
                mark = "-" if is_total else verdict(t.slowest_ms, TARGET_QUERY_MS)
                print(
                    f"{fn_name:<30} {label:<30} {t.ms:8.1f} {t.statements:6d} "
                    f"{t.slowest_ms:8.1f}  {mark}"
                )
        if "rollups" not in skip:
            print(
                f"\nMonthly rollups (live and warm: median of {args.repeat}; cold: the first "
                "call after emptying the rollups; warm: after a refresh)"
            )
            print(
                f"{'query':<24} {'filters':<30} {'live':>8} {'cold':>8} {'warm':>8} {'stmts':>6}"
                f" {'slowest':>8}  target"
            )
            chosen = [variants[0], variants[-1]]  # the default view and the longest period
            rows, refresh = measure_rollups(url, today, args.repeat, chosen)
            for fn_name, label, live, cold_ms, warm in rows:
                mark = "-" if fn_name.startswith("build") else verdict(warm.slowest_ms, 500.0)
                print(
                    f"{fn_name:<24} {label:<30} {live.ms:8.1f} {cold_ms:8.1f} {warm.ms:8.1f} "
                    f"{warm.statements:6d} {warm.slowest_ms:8.1f}  {mark}"
                )
            print(
                f"refresh (as the worker runs it): cold {refresh.cold_ms:.1f} ms "
                f"({refresh.cold_months} months stored); warm {refresh.warm.ms:.1f} ms, "
                f"{refresh.warm.statements} statements, slowest {refresh.warm.slowest_ms:.1f} ms"
            )
        if "pages" not in skip:
            print(f"\nGET /staff/dashboard as a participation officer (median of {args.repeat})")
            print(f"{'filters':<30} {'ms':>8} {'stmts':>6} {'slowest':>8}  slowest query target")
            for label, t in measure_pages(url, args.repeat, variants):
                print(
                    f"{label:<30} {t.ms:8.1f} {t.statements:6d} {t.slowest_ms:8.1f}  "
                    f"{verdict(t.slowest_ms, TARGET_QUERY_MS)}"
                )
        if "exports" not in skip:
            print("\nExports, streamed through the test client in a subprocess")
            print(f"{'export':<24} {'s':>7} {'peak MB':>8} {'rows':>9} {'bytes':>13}")
            for label, run, info in measure_exports(url, today):
                rows = info.get("lines", 0) - 1 if "csv" in label else "-"
                print(
                    f"{label:<24} {run.seconds:7.1f} {run.peak_mb:8.1f} {rows!s:>9} "
                    f"{info.get('bytes', 0):13,}" + ("" if run.returncode == 0 else " FAILED")
                )
                if run.returncode:
                    print(run.output[-2000:])
        if "reports" not in skip:
            print("\nReports, as `carevoice` subprocesses (target for IRO: <= 10 s, <= 500 MB)")
            print(f"{'command':<44} {'s':>7} {'peak MB':>8}  target")
            with tempfile.TemporaryDirectory() as out:
                for label, run in measure_reports(url, today, Path(out)):
                    mark = "-"
                    if "iro" in label:
                        ok = run.seconds <= TARGET_IRO_S and run.peak_mb <= TARGET_IRO_MB
                        mark = "ok" if ok else "MISSED"
                    failed = "" if run.returncode == 0 else " FAILED"
                    print(f"{label:<44} {run.seconds:7.1f} {run.peak_mb:8.1f}  {mark}{failed}")
                    if run.returncode:
                        print(run.output[-2000:])
    finally:
        if keep:
            print(f"\nkept database {name}")
        else:
            drop_database(name)


if __name__ == "__main__":
    main()
