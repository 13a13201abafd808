"""The API of deals and pipeline stages (routes in `routes.py`)."""
