"""Viewing requests in the staff API: listed and filtered for staff who may see the contact,
confirmed, rescheduled and cancelled through the same services as the web; 404 for others."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from estatedesk.activities.choices import ActivityType
from estatedesk.core.choices import Visibility
from estatedesk.portal.choices import ViewingStatus
from estatedesk.portal.models import ViewingRequest
from estatedesk.portal.services import viewings as services
from estatedesk.portal.tests.factories import OfferFactory

URL = "/api/viewing-requests/"


@pytest.fixture
def requested(ann, alice):
    offer = OfferFactory(contact=ann.contact, offered_by=alice)
    soon = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    return services.viewing_request(
        access=ann, actor=ann.user, offer=offer, slots=[soon, soon + timedelta(hours=2)],
        client_timezone="Europe/Amsterdam", message="Please",
    )  # fmt: skip


@pytest.fixture
def bens_request(ben, alice):
    offer = OfferFactory(contact=ben.contact, offered_by=alice)
    return services.viewing_request(
        access=ben, actor=ben.user, offer=offer,
        slots=[timezone.now() + timedelta(days=5)], client_timezone="Europe/Amsterdam",
    )  # fmt: skip


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_staff_list_and_filter_by_contact_and_status(alice_api, ann, requested, bens_request):
    assert ids(alice_api.get(URL)) == {requested.pk, bens_request.pk}
    assert ids(alice_api.get(URL, {"contact": ann.contact.pk})) == {requested.pk}
    assert ids(alice_api.get(URL, {"status": "confirmed"})) == set()
    row = alice_api.get(f"{URL}{requested.pk}/").json()
    assert row["status"] == "requested"
    assert len(row["slots"]) == 2
    assert row["contact"] == ann.contact.pk


def test_confirm_through_the_api_makes_the_appointment(alice_api, alice, requested):
    body = {"starts_at": requested.slot_2.isoformat()}

    response = alice_api.post(f"{URL}{requested.pk}/confirm/", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    requested.refresh_from_db()
    assert requested.starts_at == requested.slot_2
    assert requested.appointment.kind == ActivityType.APPOINTMENT
    assert requested.appointment.assigned_to == alice


def test_confirming_a_time_the_client_did_not_propose_is_a_400(alice_api, requested):
    other = requested.slot_1 + timedelta(minutes=30)

    response = alice_api.post(f"{URL}{requested.pk}/confirm/", {"starts_at": other.isoformat()},
                              format="json")  # fmt: skip

    assert response.status_code == 400
    assert "starts_at" in response.json()
    requested.refresh_from_db()
    assert requested.status == ViewingStatus.REQUESTED


def test_propose_and_cancel_through_the_api(bob_api, requested):
    later = timezone.now() + timedelta(days=6)

    proposed = bob_api.post(f"{URL}{requested.pk}/propose/", {"starts_at": later.isoformat()},
                            format="json")  # fmt: skip
    assert proposed.status_code == 200
    assert proposed.json()["status"] == "proposed"

    cancelled = bob_api.post(f"{URL}{requested.pk}/cancel/", {"reason": "Sold"}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_by"] == "agent"


def test_other_office_and_colleague_of_a_personal_contact_get_404(
    carol_api, bob_api, alice, requested
):
    assert carol_api.get(f"{URL}{requested.pk}/").status_code == 404
    assert requested.pk not in ids(carol_api.get(URL))
    assert carol_api.post(f"{URL}{requested.pk}/cancel/", {}, format="json").status_code == 404

    # Ann made personal to Alice: Bob no longer sees her requests
    type(requested.offer.contact).objects.filter(pk=requested.offer.contact_id).update(
        visibility=Visibility.PERSONAL
    )
    assert bob_api.get(f"{URL}{requested.pk}/").status_code == 404
    assert bob_api.post(f"{URL}{requested.pk}/cancel/", {}, format="json").status_code == 404
    assert ViewingRequest.objects.get(pk=requested.pk).status == ViewingStatus.REQUESTED


def test_portal_clients_have_no_api(ann, requested):
    client = APIClient()
    client.force_authenticate(ann.user)

    assert client.get(URL).status_code in (401, 403)
    assert client.get(f"{URL}{requested.pk}/").status_code in (401, 403)


def test_no_create_update_or_delete(alice_api, requested):
    assert alice_api.post(URL, {}, format="json").status_code == 405
    assert alice_api.delete(f"{URL}{requested.pk}/").status_code == 405
    assert alice_api.patch(f"{URL}{requested.pk}/", {}, format="json").status_code == 405
