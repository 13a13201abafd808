"""Every staff portal URL with an object id × anonymous, owner, colleague, office administrator
and another office's agent (estatedesk.core.testing.matrix). The portal clients' side is in
test_portal_isolation.py and each area's client matrix."""

import pytest

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import (
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)
from estatedesk.portal.choices import AccessStatus
from estatedesk.portal.tests.factories import PortalAccessFactory

from .test_offers_permissions import MATRICES as OFFERS_MATRICES
from .test_viewings_permissions import MATRICES as VIEWINGS_MATRICES

pytestmark = pytest.mark.django_db

# --- access: invitations from a contact's Portal tab -------------------------------------------


def _contact_to_invite(visibility):
    def make(users):
        return ContactFactory(owner=users.owner, visibility=visibility,
                              emails=["invitee@example.net"])  # fmt: skip

    return make


def _invited_contact(visibility):
    def make(users):
        contact = ContactFactory(owner=users.owner, visibility=visibility)
        PortalAccessFactory(contact=contact, status=AccessStatus.INVITED, accepted_at=None,
                            invitation_nonce="n" * 32)  # fmt: skip
        return contact

    return make


ACCESS_INVITE_ROUTES = (
    Route("portal_staff:access_invite", "post", {"email": "invitee@example.net"}),
)
ACCESS_ROUTES = (
    Route("portal_staff:access_resend", "post"),
    Route("portal_staff:access_disable", "post"),
    Route("portal_staff:access_enable", "post"),
    Route("portal_staff:access_household", "post", {"share": "on"}),
)

ACCESS_MATRICES = [
    matrix
    for visibility, row in ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
    for matrix in (
        Matrix(f"portal invite {visibility}", _contact_to_invite(visibility),
               ACCESS_INVITE_ROUTES, row),
        Matrix(f"portal access {visibility}", _invited_contact(visibility), ACCESS_ROUTES, row),
    )
]  # fmt: skip


# Each area keeps its matrices in its own module and tests them there; MATRICES lists them all
# for the URL coverage check (core.testing.urlcoverage).
MATRICES = [*ACCESS_MATRICES, *OFFERS_MATRICES, *VIEWINGS_MATRICES]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(ACCESS_MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)
