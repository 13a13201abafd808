"""Webhooks: subscriptions to events and their signed deliveries."""
