"""The API of categories and lead sources (routes in `routes.py`)."""
