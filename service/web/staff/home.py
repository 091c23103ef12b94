"""The staff start page: a link to every page this member of staff may use.

The links are read from the routes themselves (a GET page under /staff with no id, and the
roles its `staff_required` names), so a page added later appears for exactly the roles it lets
in, and a link is never shown to someone the page would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, url_for

from service.models import StaffRole
from service.web.staff import bp
from service.web.staff.identity import allowed_roles, current_staff, staff_required

# What each page is called on the start page, in this order; a page not named here is listed
# after them under the first line of its view's docstring.
TITLES = {
    "reporting.dashboard": "Dashboard: response rates, satisfaction, themes and every questionnaire",
    "reporting.cicc": "Children in Care Council summary",
    "reporting.actions": "You said, we did: record, publish, edit and withdraw actions",
    "staff.alert_list": "Safeguarding alerts",
    "staff.reading_list": "Children's words to read",
    "staff.reading_figures": "Reading figures: read in time and overdue",
    "staff.reviews": "Reviews and responses",
    "staff.issue": "Issue letters: consultations before reviews, feedback after, any questionnaire",
    "staff.campaigns": "Campaigns: Feedback Weeks, event feedback and polls",
    "staff.translations": "Translations waiting for a native speaker's review",
    "staff.users": "Staff accounts",
    "staff.audit": "Audit log",
    "staff.change_password": "Change my password",  # nosec B105: a page title
}
# Not pages of their own: the start page itself, and files linked from the page they belong to.
NOT_LINKED = frozenset(
    {
        "staff.home",
        "reporting.export_csv",
        "reporting.export_xlsx",
        "reporting.export_results_csv",
        "staff.audit_csv",
    }
)


@dataclass(frozen=True)
class StaffLink:
    endpoint: str
    title: str


def pages_for(role: StaffRole) -> list[StaffLink]:
    """Every staff page `role` may open, in the start page's order."""
    found: list[StaffLink] = []
    for rule in current_app.url_map.iter_rules():
        view = current_app.view_functions[rule.endpoint]
        roles = allowed_roles(view)
        if (
            rule.arguments
            or "GET" not in (rule.methods or ())
            or rule.endpoint in NOT_LINKED
            or roles is None
            or role not in roles
        ):
            continue
        title = TITLES.get(rule.endpoint) or (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        found.append(StaffLink(rule.endpoint, title.rstrip(".")))
    order = list(TITLES)
    return sorted(
        {link.endpoint: link for link in found}.values(),
        key=lambda link: order.index(link.endpoint) if link.endpoint in order else len(order),
    )


@bp.get("/")
@staff_required()
def home() -> str:
    """What this member of staff can do."""
    me = current_staff()
    links = [(url_for(link.endpoint), link.title) for link in pages_for(me.role)]
    return render_template("staff/home.html", me=me, links=links)
