"""Verification's pure rules: proof of life (face and liveness, visits, data), registry matching, certification."""
