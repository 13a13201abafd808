"""What other apps' APIs use of accounts (the accounts app has no endpoints of its own)."""
