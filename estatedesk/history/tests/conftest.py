"""The capture app's web form fixtures, for the history of a lead a public form created."""

from estatedesk.capture.tests.conftest import contact_form, website

__all__ = ["contact_form", "website"]
