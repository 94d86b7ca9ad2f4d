"""Pure rules of supervision: no I/O."""
