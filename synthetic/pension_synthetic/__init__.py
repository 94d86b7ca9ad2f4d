"""pension_synthetic."""
