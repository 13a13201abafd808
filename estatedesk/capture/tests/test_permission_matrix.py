"""Every capture-form Setup URL with an object id answers each persona as the rules say: Setup
is the office administrator's and does not exist for anyone else (404)."""

import pytest

from estatedesk.capture import services
from estatedesk.capture.choices import Assignment
from estatedesk.classification.models import LeadSource
from estatedesk.core.testing.matrix import ADMIN_ONLY, Matrix, Route, check_route, matrix_cases

pytestmark = pytest.mark.django_db


def _form(users):
    office = users.owner.office
    return services.lead_form_save(
        actor=users.office_admin, name="Contact page", fields=["first_name", "email"],
        required_fields=["email"], source=LeadSource.objects.get(office=office, name="Website"),
        assignment=Assignment.FIXED, owner=users.owner,
    )  # fmt: skip


FORM_ROUTES = (
    Route("capture:form_detail"),
    Route("capture:form_edit"),
    Route("capture:form_edit", "post", {}, ok=422),  # reached the form: nothing valid
    Route("capture:form_active", "post", {"active": "0"}),
)

MATRICES = [Matrix("lead capture form", _form, FORM_ROUTES, ADMIN_ONLY)]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)
