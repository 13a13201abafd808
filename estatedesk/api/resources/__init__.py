"""The API's resources for leads, contacts, relations, classification and custom fields."""


def register(router) -> None:
    """Add this package's viewsets to the API router."""
    from . import classification, customfields, records

    records.register(router)
    classification.register(router)
    customfields.register(router)
