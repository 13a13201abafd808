"""Forms for leads, contacts and relations; the services do the saving.

`base` holds what the three record forms share, `details` their phone and e-mail rows,
`records` the forms themselves.
"""

from .base import RecordForm, source_label
from .details import EmailFormSet, PhoneFormSet
from .records import CategoriesForm, ContactForm, ContactPersonForm, LeadForm, RelationForm

__all__ = [
    "CategoriesForm",
    "ContactForm",
    "ContactPersonForm",
    "EmailFormSet",
    "LeadForm",
    "PhoneFormSet",
    "RecordForm",
    "RelationForm",
    "source_label",
]
