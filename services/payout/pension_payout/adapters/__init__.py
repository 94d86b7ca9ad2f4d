"""Payout's adapters."""
