"""EstateDesk: an open-source CRM for real-estate agencies."""
