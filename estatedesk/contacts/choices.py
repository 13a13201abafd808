from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    QUALIFIED = "qualified", _("Qualified")
    NEGOTIATING = "negotiating", _("Negotiating")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


CONVERTIBLE_STATUSES = (LeadStatus.QUALIFIED, LeadStatus.NEGOTIATING)


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Timeframe(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    WITHIN_3_MONTHS = "3m", _("Within 3 months")
    WITHIN_6_MONTHS = "6m", _("Within 6 months")
    WITHIN_12_MONTHS = "12m", _("Within a year")
    LATER = "later", _("More than a year")
    UNKNOWN = "unknown", _("Not known yet")


class PropertyType(models.TextChoices):
    APARTMENT = "apartment", _("Apartment")
    HOUSE = "house", _("House")
    VILLA = "villa", _("Villa")
    TOWNHOUSE = "townhouse", _("Townhouse")
    LAND = "land", _("Land")
    COMMERCIAL = "commercial", _("Commercial")
    OFFICE = "office", _("Office")
    PARKING = "parking", _("Parking")


class PhoneLabel(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    HOME = "home", _("Home")
    WORK = "work", _("Work")
    WHATSAPP = "whatsapp", _("WhatsApp")
    FAX = "fax", _("Fax")
    OTHER = "other", _("Other")


class EmailLabel(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    WORK = "work", _("Work")
    OTHER = "other", _("Other")


class Salutation(models.TextChoices):
    MR = "mr", _("Mr")
    MRS = "mrs", _("Mrs")
    MS = "ms", _("Ms")
    MX = "mx", _("Mx")
    DR = "dr", _("Dr")
    PROF = "prof", _("Prof")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    PARTNERSHIP = "partnership", _("Registered partnership")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    POST = "post", _("Post")


class ConsentMethod(models.TextChoices):
    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    WRITTEN = "written", _("Signed form")


class IdDocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")


class RelationType(models.TextChoices):
    DEVELOPER = "developer", _("Developer")
    AGENCY = "agency", _("Agency")
    BANK = "bank", _("Bank")
    VENDOR = "vendor", _("Vendor")
    COMPETITOR = "competitor", _("Competitor")
    SPONSOR = "sponsor", _("Sponsor")
    OTHER = "other", _("Other")


class ContactRole(models.TextChoices):
    SALES_MANAGER = "sales_manager", _("Sales manager")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    FINANCE = "finance", _("Finance")
    SUPPORT = "support", _("Support")
    DIRECTOR = "director", _("Director")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class CommissionType(models.TextChoices):
    PERCENTAGE = "percentage", _("Percentage")
    FIXED = "fixed", _("Fixed amount")
