"""pension_verification."""
