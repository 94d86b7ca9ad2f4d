"""pension_deploy."""
