"""Serializers and viewsets of the second half of the API: activities, tasks, properties,
property links, deals and pipeline stages (routes in `estatedesk.api.more_routes`)."""
