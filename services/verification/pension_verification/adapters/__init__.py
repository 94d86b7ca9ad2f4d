"""Verification's adapters."""
