"""Payout's entrypoints."""
