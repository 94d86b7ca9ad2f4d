"""The county officers' pages at /office/ (server-rendered Chinese HTML, no JavaScript): see views.py."""

from pension_gateway.office.views import router

__all__ = ["router"]
