"""Links between two contacts (partner, family, colleague, referred by, assistant)."""
