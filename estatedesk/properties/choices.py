"""Types, statuses and roles of properties, projects and the people linked to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PropertyType(models.TextChoices):
    APARTMENT = "apartment", _("Apartment")
    HOUSE = "house", _("House")
    VILLA = "villa", _("Villa")
    LAND = "land", _("Land")
    COMMERCIAL = "commercial", _("Commercial")
    PARKING = "parking", _("Parking")
    OTHER = "other", _("Other")


class ListingKind(models.TextChoices):
    SALE = "sale", _("For sale")
    RENT = "rent", _("For rent")


class PropertyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AVAILABLE = "available", _("Available")
    UNDER_OFFER = "under_offer", _("Under offer")
    SOLD = "sold", _("Sold")
    LET = "let", _("Let")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProjectPhase(models.TextChoices):
    PLANNING = "planning", _("Planning")
    PRE_SALE = "pre_sale", _("Pre-sale")
    UNDER_CONSTRUCTION = "construction", _("Under construction")
    DELIVERED = "delivered", _("Delivered")


class ProjectRole(models.TextChoices):
    SALES_MANAGER = "sales_manager", _("Sales manager")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    ARCHITECT = "architect", _("Architect")
    OTHER = "other", _("Other")


class LinkRole(models.TextChoices):
    SELLER = "seller", _("Seller")
    BUYER = "buyer", _("Buyer")
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")
    LANDLORD = "landlord", _("Landlord")
    INTERESTED = "interested", _("Interested")
    VIEWED = "viewed", _("Viewed")
    # Offered to the contact in the client portal (estatedesk.portal keeps it in step).
    OFFERED = "offered", _("Offered")
