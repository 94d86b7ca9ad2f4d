"""pension_payout."""
