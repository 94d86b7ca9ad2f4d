"""Payout's service_layer."""
