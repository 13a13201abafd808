"""A permission matrix: every record URL × anonymous, owner, colleague, other office.

Rows are (url name, method); each persona's expected status follows the sharing rules, so a
new view is covered by adding one row.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    name: str
    method: str = "get"
    data: dict | None = None


def record_routes(model_name: str) -> list[Route]:
    routes = [
        Route(f"contacts:{model_name}_detail"),
        Route(f"contacts:{model_name}_edit"),
        Route(f"contacts:{model_name}_delete"),
        Route(f"contacts:{model_name}_categories", "post", {"categories": []}),
        Route(f"contacts:{model_name}_share", "post", {"visibility": "office"}),
    ]
    if model_name == "lead":
        routes.append(Route("contacts:lead_convert"))
    if model_name == "relation":
        routes.append(Route("contacts:relation_person_add", "post", {}))
    return routes
