"""API tokens: personal, named, stored hashed, revocable."""
