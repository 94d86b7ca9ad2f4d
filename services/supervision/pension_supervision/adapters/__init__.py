"""Supervision's adapters to MongoDB."""
