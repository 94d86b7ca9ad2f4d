"""pension_kit."""
