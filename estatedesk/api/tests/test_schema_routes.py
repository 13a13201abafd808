"""The schema lists every operation the API has had: moving or regrouping viewsets must not lose
(or rename) a route. A new endpoint is added here on purpose."""

from rest_framework.test import APIClient

from .test_schema_docs import load_schema

# "method operationId" of each path, as the schema listed them when the endpoints moved into
# their apps' api/ packages.
OPERATIONS = {
    "/api/activities/": {"get activities_list", "post activities_create"},
    "/api/activities/{id}/": {
        "get activities_retrieve",
        "put activities_update",
        "patch activities_partial_update",
        "delete activities_destroy",
    },
    "/api/categories/": {"get categories_list", "post categories_create"},
    "/api/categories/{id}/": {
        "get categories_retrieve",
        "put categories_update",
        "patch categories_partial_update",
        "delete categories_destroy",
    },
    "/api/contacts/": {"get contacts_list", "post contacts_create"},
    "/api/contacts/{id}/": {
        "get contacts_retrieve",
        "put contacts_update",
        "patch contacts_partial_update",
        "delete contacts_destroy",
    },
    "/api/contacts/{id}/changes/": {"get contacts_changes_list"},
    "/api/custom-fields/": {"get custom_fields_list", "post custom_fields_create"},
    "/api/custom-fields/{id}/": {
        "get custom_fields_retrieve",
        "put custom_fields_update",
        "patch custom_fields_partial_update",
    },
    "/api/deals/": {"get deals_list", "post deals_create"},
    "/api/deals/{id}/": {
        "get deals_retrieve",
        "put deals_update",
        "patch deals_partial_update",
        "delete deals_destroy",
    },
    "/api/deals/{id}/changes/": {"get deals_changes_list"},
    "/api/deals/{id}/events/": {"get deals_events_list"},
    "/api/deals/{id}/move/": {"post deals_move_create"},
    "/api/lead-sources/": {"get lead_sources_list", "post lead_sources_create"},
    "/api/lead-sources/{id}/": {
        "get lead_sources_retrieve",
        "put lead_sources_update",
        "patch lead_sources_partial_update",
    },
    "/api/leads/": {"get leads_list", "post leads_create"},
    "/api/leads/{id}/": {
        "get leads_retrieve",
        "put leads_update",
        "patch leads_partial_update",
        "delete leads_destroy",
    },
    "/api/leads/{id}/changes/": {"get leads_changes_list"},
    "/api/leads/{id}/convert/": {"post leads_convert_create"},
    "/api/leads/{id}/matches/": {"get leads_matches_list"},
    "/api/pipeline-stages/": {"get pipeline_stages_list"},
    "/api/pipeline-stages/{id}/": {"get pipeline_stages_retrieve"},
    "/api/portal-offers/": {"get portal_offers_list", "post portal_offers_create"},
    "/api/portal-offers/{id}/": {"get portal_offers_retrieve"},
    "/api/portal-offers/{id}/messages/": {"get portal_offers_messages_list"},
    "/api/portal-offers/{id}/withdraw/": {"post portal_offers_withdraw_create"},
    "/api/properties/": {"get properties_list", "post properties_create"},
    "/api/properties/{id}/": {
        "get properties_retrieve",
        "put properties_update",
        "patch properties_partial_update",
        "delete properties_destroy",
    },
    "/api/properties/{id}/changes/": {"get properties_changes_list"},
    "/api/properties/{id}/photos/": {"get properties_photos_list"},
    "/api/property-links/": {"get property_links_list", "post property_links_create"},
    "/api/property-links/{id}/": {"get property_links_retrieve", "delete property_links_destroy"},
    "/api/relations/": {"get relations_list", "post relations_create"},
    "/api/relations/{id}/": {
        "get relations_retrieve",
        "put relations_update",
        "patch relations_partial_update",
        "delete relations_destroy",
    },
    "/api/relations/{id}/changes/": {"get relations_changes_list"},
    "/api/relations/{id}/people/": {"get relations_people_list", "post relations_people_create"},
    "/api/relations/{id}/people/{person_id}/": {"delete relations_people_destroy"},
    "/api/tasks/": {"get tasks_list", "post tasks_create"},
    "/api/tasks/{id}/": {
        "get tasks_retrieve",
        "put tasks_update",
        "patch tasks_partial_update",
        "delete tasks_destroy",
    },
    "/api/tasks/{id}/complete/": {"post tasks_complete_create"},
    # The client portal's viewing requests (issue 18).
    "/api/viewing-requests/": {"get viewing_requests_list"},
    "/api/viewing-requests/{id}/": {"get viewing_requests_retrieve"},
    "/api/viewing-requests/{id}/cancel/": {"post viewing_requests_cancel_create"},
    "/api/viewing-requests/{id}/confirm/": {"post viewing_requests_confirm_create"},
    "/api/viewing-requests/{id}/propose/": {"post viewing_requests_propose_create"},
}


def test_every_route_keeps_its_operations(db):
    paths = load_schema(APIClient())["paths"]

    found = {
        path: {f"{method} {operation['operationId']}" for method, operation in item.items()}
        for path, item in paths.items()
    }
    assert found == OPERATIONS
