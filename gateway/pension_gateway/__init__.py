"""pension_gateway."""
