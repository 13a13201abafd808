"""An agent drags a deal card to another column of the board; after a reload it is still there."""

import pytest
from playwright.sync_api import expect

from estatedesk.deals import services
from estatedesk.deals.models import Deal

pytestmark = pytest.mark.e2e


def test_dragged_card_stays_in_its_new_column_after_reload(logged_in, live_server, agent):
    stages = {s.name: s for s in services.stages_for_office(agent.office)}
    deal = services.deal_save(deal=Deal(title="Flat on the Amstel", value=425_000), actor=agent)
    page = logged_in
    page.goto(f"{live_server.url}/deals/board/")
    card = page.locator(f"#deal-{deal.pk}")
    new_column = page.locator(f"#column-{stages['New'].pk}")
    offer_column = page.locator(f"#column-{stages['Offer'].pk}")
    expect(new_column.locator(f"#deal-{deal.pk}")).to_be_visible()

    with page.expect_response(lambda r: r.url.endswith(f"/deals/{deal.pk}/move/")) as answer:
        card.drag_to(offer_column.locator(".board-cards"))
    assert answer.value.status == 200
    expect(page.locator("#board-status")).to_have_text("Moved.")
    expect(offer_column.locator(".column-count")).to_have_text("1")

    page.reload()
    expect(page.locator(f"#column-{stages['Offer'].pk} #deal-{deal.pk}")).to_be_visible()
    expect(page.locator(f"#column-{stages['New'].pk} #deal-{deal.pk}")).to_have_count(0)
    deal.refresh_from_db()
    assert deal.stage == stages["Offer"]
    assert deal.events.filter(kind="stage", from_text="New", to_text="Offer").exists()
