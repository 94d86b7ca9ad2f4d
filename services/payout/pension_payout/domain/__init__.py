"""Payout's pure rules: awards, monthly amounts, bank files, reactions."""
