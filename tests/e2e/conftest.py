"""The end-to-end tests' browser fixture (`phone`, from e2e/browser.py), there for every test of this folder."""

from e2e.browser import phone

__all__ = ["phone"]
