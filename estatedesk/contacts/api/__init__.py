"""The API of leads, contacts and relations (routes in `routes.py`)."""
