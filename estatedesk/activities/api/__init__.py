"""The API of activities and tasks (routes in `routes.py`)."""
