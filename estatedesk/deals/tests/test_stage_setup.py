"""Office administrators configure the pipeline; agents do not see that Setup page."""

import pytest
from django.urls import reverse

from estatedesk.deals import services
from estatedesk.deals.models import PipelineStage
from estatedesk.deals.tests.factories import DealFactory

pytestmark = pytest.mark.django_db


def names(office):
    return [s.name for s in PipelineStage.objects.for_office(office.pk)]


def test_an_office_gets_the_default_pipeline_on_first_use(office, other_office):
    assert not PipelineStage.objects.exists()
    stages = services.stages_for_office(office)
    assert [(s.name, s.kind) for s in stages] == [
        ("New", "open"), ("Viewing", "open"), ("Offer", "open"), ("Negotiation", "open"),
        ("Won", "won"), ("Lost", "lost"),
    ]  # fmt: skip
    services.stages_for_office(office)
    assert PipelineStage.objects.filter(office=office).count() == 6
    assert not PipelineStage.objects.filter(office=other_office).exists()


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_agents_get_404_on_stage_setup(who, request, admin, stages):
    client = request.getfixturevalue(f"as_{who}")
    offer = stages["Offer"]
    assert client.get(reverse("deals:stages")).status_code == 404
    assert client.post(reverse("deals:stages"), {"name": "X", "kind": "open"}).status_code == 404
    assert client.post(reverse("deals:stage_rename", args=[offer.pk]),
                       {"name": "X"}).status_code == 404  # fmt: skip
    assert client.post(reverse("deals:stage_delete", args=[offer.pk])).status_code == 404
    assert "Offer" in names(offer.office)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("deals:stages"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_admin_adds_renames_reorders_and_deactivates(as_admin, office, stages):
    response = as_admin.post(reverse("deals:stages"), {"name": "Notary", "kind": "open"})
    assert response.status_code == 302
    assert names(office)[-1] == "Notary"
    notary = PipelineStage.objects.get(office=office, name="Notary")

    as_admin.post(reverse("deals:stage_move", args=[notary.pk]), {"direction": "up"})
    assert names(office)[-2:] == ["Notary", "Lost"]

    as_admin.post(reverse("deals:stage_rename", args=[notary.pk]), {"name": "At the notary"})
    as_admin.post(reverse("deals:stage_active", args=[notary.pk]), {"active": "0"})
    notary.refresh_from_db()
    assert (notary.name, notary.is_active) == ("At the notary", False)
    board = as_admin.get(reverse("deals:board")).content.decode()
    assert f'id="column-{notary.pk}"' not in board
    assert f'id="column-{stages["Offer"].pk}"' in board


def test_duplicate_stage_name_is_refused_on_the_field(as_admin, office, stages):
    response = as_admin.post(reverse("deals:stages"), {"name": "offer", "kind": "open"})
    assert response.status_code == 422
    assert "There is already a stage called “offer”." in response.content.decode()


def test_stage_with_deals_cannot_be_deleted_only_deactivated(as_admin, alice, stages):
    offer = stages["Offer"]
    DealFactory(owner=alice, stage=offer)

    response = as_admin.post(reverse("deals:stage_delete", args=[offer.pk]), follow=True)

    assert PipelineStage.objects.filter(pk=offer.pk).exists()
    assert "holds 1 deal(s) and cannot be deleted. Deactivate it instead" in (
        response.content.decode()
    )
    as_admin.post(reverse("deals:stage_delete", args=[stages["Viewing"].pk]))
    assert not PipelineStage.objects.filter(pk=stages["Viewing"].pk).exists()


def test_another_offices_stage_is_404_for_an_admin(as_admin, carol):
    foreign = services.stages_for_office(carol.office)[0]
    url = reverse("deals:stage_rename", args=[foreign.pk])
    assert as_admin.post(url, {"name": "Hacked"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "New"


def test_last_active_open_stage_stays(admin, stages):
    for name in ("New", "Viewing", "Offer"):
        services.stage_set_active(stage=stages[name], actor=admin, active=False)
    with pytest.raises(Exception, match="at least one active open stage"):
        services.stage_set_active(stage=stages["Negotiation"], actor=admin, active=False)


def test_a_long_pipeline_is_paged_and_moves_stay_whole_pipeline(as_admin, office, monkeypatch):
    from estatedesk.deals import views

    monkeypatch.setattr(views, "STAGES_PER_PAGE", 4)
    services.stages_for_office(office)  # the six default stages

    first = as_admin.get(reverse("deals:stages")).content.decode()
    second = as_admin.get(reverse("deals:stages"), {"page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert "<td>Won" not in first
    assert "<td>Won" in second
    # the first stage of page 2 can still move up: up is about the whole pipeline
    assert second.count('value="up"') == 2
    assert second.count('value="down"') == 1


def test_the_stage_page_lists_the_pipeline_order_not_the_creation_order(as_admin, office, admin):
    stages = {s.name: s for s in services.stages_for_office(office)}
    for _ in range(5):  # Lost climbs to the top of the pipeline
        services.stage_reorder(stage=stages["Lost"], actor=admin, direction=-1)

    page = as_admin.get(reverse("deals:stages")).content.decode()

    positions = [page.index(f'id="stage-{stages[name].pk}"') for name in
                 ["Lost", "New", "Viewing", "Offer", "Negotiation", "Won"]]  # fmt: skip
    assert positions == sorted(positions)
