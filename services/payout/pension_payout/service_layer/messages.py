"""The proto mapping of awards, payments and runs lives in adapters/payroll_messages.py; this name stays
importable for the modules that still use it."""

# used by overpayments/reactions until they move to the repositories
from pension_payout.domain.payroll import EXPORTED_RUN_STATUSES as EXPORTED_RUN_STATUSES
