"""The API of properties, their photos and property links (routes in `routes.py`)."""
