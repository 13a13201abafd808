"""Leads, contacts and relations: the three kinds of people an office keeps.

parts: the abstract pieces; records: leads, contacts, search profiles; relations: relations and
their contact persons; details: phones, e-mail addresses, category links. Import from here.
"""

from .details import (
    CategoryLink,
    ContactCategory,
    ContactEmail,
    ContactPhone,
    EmailAddress,
    LeadCategory,
    LeadEmail,
    LeadPhone,
    PhoneNumber,
    RelationCategory,
    RelationEmail,
    RelationPhone,
)
from .parts import AREA, MONEY, Address, Person, PropertyPreferences
from .records import Contact, Lead, SearchProfile
from .relations import ContactPerson, Relation

__all__ = [
    "AREA",
    "MONEY",
    "Address",
    "CategoryLink",
    "Contact",
    "ContactCategory",
    "ContactEmail",
    "ContactPerson",
    "ContactPhone",
    "EmailAddress",
    "Lead",
    "LeadCategory",
    "LeadEmail",
    "LeadPhone",
    "Person",
    "PhoneNumber",
    "PropertyPreferences",
    "Relation",
    "RelationCategory",
    "RelationEmail",
    "RelationPhone",
    "SearchProfile",
]
