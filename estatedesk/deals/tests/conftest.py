import pytest

from estatedesk.deals.tests.factories import stage


@pytest.fixture
def stages(office):
    """The office's default pipeline by name: stages["Offer"]."""
    names = ["New", "Viewing", "Offer", "Negotiation", "Won", "Lost"]
    return {name: stage(office, name) for name in names}
