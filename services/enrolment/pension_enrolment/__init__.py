"""pension_enrolment."""
