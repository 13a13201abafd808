"""id_url gives what reverse gives, also under a script prefix (a site served below a path)."""

import pytest
from django.urls import reverse, set_script_prefix

from estatedesk.core.urlcache import id_url, plain_url


@pytest.mark.parametrize(
    "name", ["contacts:contact_detail", "contacts:lead_detail", "properties:property_detail"]
)
@pytest.mark.parametrize("pk", [1, 42, 987654])
def test_id_url_matches_reverse(name, pk):
    assert id_url(name, pk) == reverse(name, args=[pk])


def test_id_url_follows_the_script_prefix():
    try:
        set_script_prefix("/crm/")
        assert id_url("contacts:contact_detail", 7) == reverse("contacts:contact_detail", args=[7])
        assert id_url("contacts:contact_detail", 7).startswith("/crm/")
    finally:
        set_script_prefix("/")


def test_id_url_refuses_a_url_without_an_int_argument():
    with pytest.raises(Exception):  # noqa: B017, PT011 - NoReverseMatch for a URL without args
        id_url("contacts:contact_list", 1)


@pytest.mark.parametrize("name", ["contacts:contact_list", "deals:board", "api:tokens", "home"])
def test_plain_url_matches_reverse(name):
    assert plain_url(name) == reverse(name)


def test_plain_url_follows_the_script_prefix():
    try:
        set_script_prefix("/crm/")
        assert plain_url("contacts:contact_list") == reverse("contacts:contact_list")
        assert plain_url("contacts:contact_list").startswith("/crm/")
    finally:
        set_script_prefix("/")
    assert not plain_url("contacts:contact_list").startswith("/crm/")


def test_the_route_tag_writes_the_url_of_its_name():
    from django.template import Context, Template

    html = Template('{% load estatedesk %}<a href="{% route "contacts:lead_list" %}">').render(
        Context()
    )
    assert html == f'<a href="{reverse("contacts:lead_list")}">'
