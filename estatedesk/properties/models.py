"""Properties, their photos, projects (new developments) and the people linked to them."""
