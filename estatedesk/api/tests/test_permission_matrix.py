"""The API token pages with an object id answer each persona as the rules say: a token is its
user's alone, to anyone else (the administrator too) it does not exist.

(The endpoints under /api/ are in the matrices of the apps that own them.)"""

import pytest

from estatedesk.api.services import token_create
from estatedesk.core.testing.matrix import PERSONAL, Matrix, Route, check_route, matrix_cases

pytestmark = pytest.mark.django_db


def _token(users):
    token, _key = token_create(actor=users.owner, name="Zapier")
    return token


TOKEN_ROUTES = (
    Route("api:token_revoke", "post"),
    Route("api:token_rename", "post", {"name": "Renamed"}),
)

MATRICES = [Matrix("API token", _token, TOKEN_ROUTES, PERSONAL)]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)
