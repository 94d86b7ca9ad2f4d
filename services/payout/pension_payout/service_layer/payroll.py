"""The payroll's use cases live in payroll_preparation, payroll_approval, bank_returns, payroll_close and
payroll_queries; this name stays importable for the modules that still use it."""

# used by overpayments/reactions until they move to the repositories
from pension_payout.service_layer.payment_withdrawal import withdraw_payment as withdraw_payment
