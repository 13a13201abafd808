"""Posting to a web form: leads, their source and agent, repeats, errors, JSON and form posts."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.activities.models import ActivityLink
from estatedesk.capture.choices import Outcome
from estatedesk.capture.models import Submission
from estatedesk.contacts.models import Lead
from estatedesk.properties.models import Property, PropertyLink


def url(form) -> str:
    return reverse("capture:submit", args=[form.key])


def post_json(form, data: dict, ip: str = "203.0.113.5", **extra):
    return Client().post(
        url(form), json.dumps(data), content_type="application/json", REMOTE_ADDR=ip, **extra
    )


def post_form(form, data: dict, ip: str = "203.0.113.5"):
    return Client().post(url(form), data, REMOTE_ADDR=ip)


def notes_of(lead):
    return [link.activity for link in ActivityLink.objects.filter(lead=lead)
            .select_related("activity")]  # fmt: skip


def test_form_post_creates_a_lead_with_the_forms_source_and_agent(contact_form, alice, website):
    response = post_form(
        contact_form,
        {"first_name": "Eva", "last_name": "de Vries", "email": "Eva@Example.org",
         "phone": "06 12345678", "message": "I would like a viewing."},
    )  # fmt: skip

    assert response.status_code == 303
    assert response["Location"] == "https://homes.example/thanks"
    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name) == ("Eva", "de Vries")
    assert lead.owner == alice
    assert lead.source == website
    assert lead.office_id == contact_form.office_id
    assert list(lead.emails.values_list("email", flat=True)) == ["eva@example.org"]
    assert list(lead.phones.values_list("number", flat=True)) == ["+31612345678"]
    [note] = notes_of(lead)
    assert note.body == "I would like a viewing."
    assert note.logged_by == alice
    submission = Submission.objects.get()
    assert (submission.outcome, submission.lead, submission.ip_address) == (
        Outcome.CREATED, lead, "203.0.113.5",
    )  # fmt: skip


def test_json_post_answers_201_ok(contact_form):
    response = post_json(contact_form, {"last_name": "Jansen", "email": "j@example.org"})

    assert response.status_code == 201
    assert response.json() == {"status": "ok"}
    assert response["Access-Control-Allow-Origin"] == "*"
    assert Lead.objects.get().last_name == "Jansen"


def test_form_post_without_thank_you_page_shows_one(rotating_form):
    response = post_form(rotating_form, {"email": "x@example.org"})

    assert response.status_code == 200
    assert b"Thank you" in response.content
    # A lead without a name is called by its address until someone asks.
    assert Lead.objects.get().last_name == "x@example.org"


def test_round_robin_alternates_agents(rotating_form, alice, bob):
    for i in range(3):
        assert post_json(rotating_form, {"email": f"p{i}@example.org"}).status_code == 201

    owners = list(Lead.objects.order_by("pk").values_list("owner_id", flat=True))
    assert owners == [alice.pk, bob.pk, alice.pk]


def test_round_robin_skips_a_deactivated_agent(rotating_form, alice, bob):
    bob.is_active = False
    bob.save()
    for i in range(2):
        post_json(rotating_form, {"email": f"p{i}@example.org"})

    assert set(Lead.objects.values_list("owner_id", flat=True)) == {alice.pk}


def test_filled_honeypot_answers_like_success_and_creates_nothing(contact_form):
    response = post_json(contact_form, {"email": "bot@example.org", "website": "http://spam"})
    form_response = post_form(contact_form, {"email": "bot@example.org", "website": "x"})

    assert response.status_code == 201
    assert response.json() == {"status": "ok"}
    assert form_response.status_code == 303
    assert not Lead.objects.exists()
    assert list(Submission.objects.values_list("outcome", flat=True)) == [Outcome.SPAM] * 2


def test_over_the_limit_per_address_is_429_and_creates_nothing(contact_form):
    for i in range(5):
        assert post_json(contact_form, {"email": f"p{i}@example.org"}).status_code == 201

    response = post_json(contact_form, {"email": "sixth@example.org"})

    assert response.status_code == 429
    assert Lead.objects.count() == 5
    assert not Lead.objects.filter(emails__email="sixth@example.org").exists()
    assert Submission.objects.filter(outcome=Outcome.RATE_LIMITED).count() == 1
    # Another address is not held back by the first one.
    other = post_json(contact_form, {"email": "other@example.org"}, ip="198.51.100.7")
    assert other.status_code == 201


def test_over_the_limit_per_form_is_429(contact_form, settings):
    settings.CAPTURE_LIMIT_PER_FORM_HOUR = 3
    for i in range(3):
        post_json(contact_form, {"email": f"p{i}@example.org"}, ip=f"198.51.100.{i}")

    response = post_form(contact_form, {"email": "late@example.org"})

    assert response.status_code == 429
    assert Lead.objects.count() == 3


def test_earlier_posts_outside_the_minute_do_not_count(contact_form):
    for i in range(5):
        post_json(contact_form, {"email": f"p{i}@example.org"})
    earlier = Submission.objects.first().created_at - timedelta(minutes=2)
    Submission.objects.update(created_at=earlier)

    assert post_json(contact_form, {"email": "again@example.org"}).status_code == 201


def test_client_address_honours_trusted_proxies(contact_form, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    post_json(contact_form, {"email": "a@example.org"}, ip="10.0.0.1",
              HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")  # fmt: skip

    assert Submission.objects.get().ip_address == "203.0.113.9"


def test_repeat_within_a_day_adds_to_the_existing_lead(contact_form):
    post_json(contact_form, {"last_name": "Bakker", "email": "bakker@example.org",
                             "message": "First question"})  # fmt: skip
    response = post_json(contact_form, {"last_name": "Bakker", "email": "BAKKER@example.org ",
                                        "message": "Second question"})  # fmt: skip

    assert response.status_code == 201
    lead = Lead.objects.get()
    assert sorted(a.body for a in notes_of(lead)) == ["First question", "Second question"]
    assert list(Submission.objects.order_by("pk").values_list("outcome", "lead")) == [
        (Outcome.CREATED, lead.pk), (Outcome.DUPLICATE, lead.pk),
    ]  # fmt: skip


def test_repeat_by_phone_in_another_notation_is_the_same_person(contact_form):
    post_json(contact_form, {"email": "one@example.org", "phone": "+31 6 1234 5678"})
    post_json(contact_form, {"email": "two@example.org", "phone": "0612345678"})

    assert Lead.objects.count() == 1


def test_repeat_after_a_day_makes_a_new_lead(contact_form):
    post_json(contact_form, {"email": "bakker@example.org", "message": "First"})
    Submission.objects.update(created_at=Submission.objects.get().created_at - timedelta(hours=25))

    post_json(contact_form, {"email": "bakker@example.org", "message": "Again"})

    assert Lead.objects.count() == 2


def test_invalid_email_is_400_naming_the_field(contact_form):
    response = post_json(contact_form, {"first_name": "Eva", "email": "not-an-address"})

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not Lead.objects.exists()
    assert Submission.objects.get().outcome == Outcome.INVALID


def test_missing_required_field_and_bad_phone_are_named(contact_form):
    response = post_json(contact_form, {"phone": "12"})

    assert response.status_code == 400
    assert set(response.json()) == {"email", "phone"}
    assert response.json()["email"] == ["This field is required."]


def test_invalid_form_post_shows_the_errors(contact_form):
    response = post_form(contact_form, {"email": "nope"})

    assert response.status_code == 400
    assert b"E-mail address" in response.content
    assert not Lead.objects.exists()


def test_fields_the_form_does_not_accept_are_ignored(rotating_form):
    post_json(rotating_form, {"email": "a@example.org", "budget_max": "nonsense", "owner": 1})

    assert Lead.objects.get().budget_max is None


def test_property_reference_is_named_on_the_note(contact_form, alice):
    Property.objects.create(office=alice.office, owner=alice, reference="P-000123",
                            street="Keizersgracht", house_number="1", city="Amsterdam")  # fmt: skip
    post_json(contact_form, {"email": "a@example.org", "property_reference": "p-000123"})

    [note] = notes_of(Lead.objects.get())
    assert "P-000123" in note.body


def test_property_reference_links_the_new_lead_as_interested(contact_form, alice, bob):
    prop = Property.objects.create(
        office=alice.office, owner=bob, reference="P-000123", street="Keizersgracht",
        house_number="1", city="Amsterdam",
    )  # fmt: skip
    post_json(contact_form, {"email": "a@example.org", "property_reference": "p-000123"})
    # A repeat post within the window lands on the same lead and does not link twice.
    post_json(contact_form, {"email": "a@example.org", "property_reference": "P-000123"})

    lead = Lead.objects.get()
    link = PropertyLink.objects.get()
    assert (link.property, link.lead, link.contact, link.role) == (prop, lead, None, "interested")
    assert link.created_by == alice  # the form's agent, who owns the lead


def test_unknown_or_invisible_property_reference_links_nothing(contact_form, alice, bob):
    Property.objects.create(office=bob.office, owner=bob, reference="P-000777",
                            visibility="personal", street="Dam", house_number="1",
                            city="Amsterdam")  # fmt: skip
    post_json(contact_form, {"email": "a@example.org", "property_reference": "P-000999"})
    post_json(contact_form, {"email": "b@example.org", "property_reference": "P-000777"})

    assert Lead.objects.count() == 2  # the leads are made all the same
    assert not PropertyLink.objects.exists()


@pytest.mark.parametrize("method", ["get", "put"])
def test_only_post_is_answered(contact_form, method):
    assert getattr(Client(), method)(url(contact_form)).status_code == 405


def test_unknown_key_is_404(contact_form):
    response = Client().post(reverse("capture:submit", args=["nope"]), {"email": "a@example.org"})

    assert response.status_code == 404


def test_inactive_form_is_404(contact_form, admin):
    from estatedesk.capture.services import lead_form_set_active

    lead_form_set_active(form=contact_form, actor=admin, active=False)

    assert post_json(contact_form, {"email": "a@example.org"}).status_code == 404
    assert not Lead.objects.exists()


def test_json_that_is_not_an_object_is_400(contact_form):
    response = Client().post(url(contact_form), "[1, 2]", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Send a JSON object."}


# A JSON client gets every refusal as the API gives it, never a page: {"detail": …} for the
# post as a whole, {"field": [messages]} for fields; with the CORS header, so a script can read it.


def assert_json_refusal(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert list(body) == ["detail"]
    return body["detail"]


def test_an_unknown_key_answers_a_json_client_in_json(contact_form):
    unknown = Client().post(
        reverse("capture:submit", args=["nope"]), "{}", content_type="application/json"
    )
    asked_for_json = Client().post(
        reverse("capture:submit", args=["nope"]), {"email": "a@example.org"},
        HTTP_ACCEPT="application/json",
    )  # fmt: skip

    assert "no form with this key" in assert_json_refusal(unknown, 404)
    assert "no form with this key" in assert_json_refusal(asked_for_json, 404)


def test_a_wrong_method_answers_a_json_client_in_json(contact_form):
    response = Client().get(url(contact_form), HTTP_ACCEPT="application/json")

    assert assert_json_refusal(response, 405) == "Method “GET” not allowed."
    assert response["Allow"] == "POST, OPTIONS"


def test_too_much_data_is_a_413_in_json_and_as_a_page(contact_form):
    big = {"email": "a@example.org", "message": "x" * 70_000}

    as_json = post_json(contact_form, big)
    as_form = post_form(contact_form, big)

    assert assert_json_refusal(as_json, 413) == "Too much data."
    assert as_form.status_code == 413
    assert as_form["Content-Type"].startswith("text/html")
    assert not Lead.objects.exists()


def test_a_rate_limited_json_client_gets_the_detail(contact_form, settings):
    settings.CAPTURE_LIMIT_PER_FORM_HOUR = 1
    post_json(contact_form, {"email": "first@example.org"})

    response = post_json(contact_form, {"email": "second@example.org"})

    assert assert_json_refusal(response, 429) == "Too many submissions. Try again in a minute."


def test_a_problem_not_about_one_field_is_named_as_the_api_names_it(contact_form, alice, admin):
    # Nobody left to give the lead to: the post is refused, not about any one field.
    for user in (alice, admin):
        user.is_active = False
        user.save(update_fields=["is_active"])

    response = post_json(contact_form, {"email": "a@example.org"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This form has no agent."]}
