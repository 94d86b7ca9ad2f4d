"""Verification's rules: the certification cycle and registry matching (pure: no I/O, no contract)."""
