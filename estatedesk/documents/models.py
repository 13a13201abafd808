"""Documents uploaded to a record, stored privately and served only to who may see the record."""
