"""Every URL that takes an object id is in some app's permission matrix."""

from django.http import HttpResponse
from django.urls import include, path, re_path

from estatedesk.core.testing.urlcoverage import (
    covered_url_names,
    project_matrices,
    uncovered_urls,
    urls_with_object_ids,
)


def test_every_url_with_an_object_id_is_in_a_permission_matrix():
    covered = covered_url_names(project_matrices())
    missing = uncovered_urls(covered)
    assert not missing, (
        "These URLs take an object id but no tests/test_permission_matrix.py lists them; add "
        "them to their app's MATRICES:\n" + "\n".join(f"  {entry}" for entry in missing)
    )


def test_the_matrices_name_only_urls_that_exist():
    # A renamed URL would otherwise leave a stale row that covers nothing.
    names = {entry.name for entry in urls_with_object_ids()}
    assert covered_url_names(project_matrices()) - names == set()


def _view(request, **kwargs):
    return HttpResponse()


FAKE_THINGS = (
    [
        path("things/", _view, name="thing_list"),
        path("things/<int:pk>/", _view, name="thing_detail"),
        path("things/<int:pk>/parts/<int:part_pk>/", _view, name="part_remove"),
        path("things/by-code/<str:code>/", _view, name="thing_by_code"),
        re_path(r"^api/things/(?P<pk>[^/]+)/$", _view, name="thing-detail"),
        re_path(r"^api/things\.(?P<format>[a-z0-9]+)/?$", _view, name="thing-list"),
    ],
    "things",
)
FAKE_URLCONF = [
    path("a/", include(FAKE_THINGS, namespace="things")),
    path("boxes/<int:box_pk>/", include([path("open/", _view, name="box_open")])),
    path("unnamed/<int:pk>/", _view),
]


def test_the_check_names_each_uncovered_url_with_an_object_id():
    missing = uncovered_urls({"things:thing_detail"}, FAKE_URLCONF)

    assert [str(entry) for entry in missing] == [
        "box_open  (boxes/<int:box_pk>/open/)",
        "things:part_remove  (a/things/<int:pk>/parts/<int:part_pk>/)",
        "things:thing-detail  (a/^api/things/(?P<pk>[^/]+)/$)",
        "unnamed/<int:pk>/  (unnamed/<int:pk>/)",
    ]
