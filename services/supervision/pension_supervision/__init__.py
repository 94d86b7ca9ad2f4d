"""pension_supervision."""
