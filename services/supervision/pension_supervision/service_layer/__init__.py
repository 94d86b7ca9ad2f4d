"""Use cases of supervision, written against the repository interfaces."""
