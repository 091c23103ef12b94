"""Timeliness counts English working days; caseloads count the children each IRO reviewed."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from analysis.reporting.caseloads import iro_caseloads
from analysis.reporting.periods import Period
from analysis.reporting.timeliness import timeliness, working_days_after
from tests.factories import make_review


def test_weekends_are_not_working_days() -> None:
    # Friday 3 March 2023 -> Friday 31 March 2023: 20 working days.
    assert working_days_after(date(2023, 3, 3), date(2023, 3, 31)) == 20


def test_english_bank_holidays_are_not_working_days() -> None:
    # Thursday 15 Dec 2022 -> Monday 16 Jan 2023: 22 weekdays, less Boxing Day (26th), the
    # Christmas substitute (27th) and the New Year substitute (2 Jan).
    assert working_days_after(date(2022, 12, 15), date(2023, 1, 16)) == 19


def test_a_report_on_the_20th_working_day_is_on_time_and_the_21st_is_late(session: Session) -> None:
    on_time = make_review(session, child_ref="A", review_date=date(2023, 3, 3))
    on_time.report_completed = date(2023, 3, 31)  # 28 calendar days, 20 working days
    over_christmas = make_review(session, child_ref="B", review_date=date(2022, 12, 15))
    over_christmas.report_completed = date(
        2023, 1, 17
    )  # 33 calendar days, 20 working days: on time
    later = make_review(session, child_ref="C", review_date=date(2023, 3, 3))
    later.report_completed = date(2023, 4, 3)  # 31 calendar days, 21 working days: late
    session.flush()
    figures = timeliness(session, Period(date(2022, 4, 1), date(2023, 4, 1)))
    assert (figures.reports_recorded, figures.reports_on_time) == (3, 2)


def test_children_reviewed_counts_distinct_children_per_iro(session: Session) -> None:
    make_review(session, child_ref="A", review_date=date(2022, 5, 1), iro="IRO-A")
    make_review(session, child_ref="A", review_date=date(2022, 11, 1), iro="IRO-A")
    make_review(session, child_ref="B", review_date=date(2022, 6, 1), iro="IRO-A")
    make_review(session, child_ref="C", review_date=date(2022, 6, 1), iro="IRO-B")
    make_review(session, child_ref="D", review_date=date(2021, 6, 1), iro="IRO-B")
    caseloads = iro_caseloads(session, Period(date(2022, 4, 1), date(2023, 4, 1)))
    assert caseloads.reviewed == {"IRO-A": 2, "IRO-B": 1}
    assert caseloads.to_dict()["reviewed_in_year"]["average"] == 1.5


def test_the_caseload_is_the_children_allocated_on_the_last_day(session: Session) -> None:
    """Allocated: the IRO of each child's latest review, while another is still due. A child
    who moved IRO counts only for the new one; one with no review for 7 months has left."""
    make_review(session, child_ref="MOVED", review_date=date(2022, 5, 1), iro="IRO-A")
    make_review(session, child_ref="MOVED", review_date=date(2022, 11, 1), iro="IRO-B")
    make_review(session, child_ref="STAYS", review_date=date(2023, 1, 10), iro="IRO-A")
    make_review(session, child_ref="LEFT", review_date=date(2022, 6, 1), iro="IRO-A")
    make_review(session, child_ref="NEXT-YEAR", review_date=date(2023, 4, 20), iro="IRO-A")
    caseloads = iro_caseloads(session, Period(date(2022, 4, 1), date(2023, 4, 1)))
    assert caseloads.on == date(2023, 3, 31)
    assert caseloads.by_iro == {"IRO-A": 1, "IRO-B": 1}
    assert caseloads.reviewed == {"IRO-A": 3, "IRO-B": 1}  # MOVED, STAYS and LEFT; MOVED
    assert caseloads.to_dict()["average"] == 1.0
