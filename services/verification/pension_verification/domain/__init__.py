"""Verification's pure rules: the certification cycle, registry matching, and face proof with its liveness challenge."""
