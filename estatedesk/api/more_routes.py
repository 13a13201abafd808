"""API routes for activities, tasks, properties, property links and deals (see api.urls)."""


def register(router) -> None:
    """Add this module's viewsets to the API router."""
