"""End-to-end tests in headless Chromium (`make e2e`) and the documentation screenshots."""
