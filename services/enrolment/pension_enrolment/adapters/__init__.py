"""Enrolment's adapters to MongoDB."""
