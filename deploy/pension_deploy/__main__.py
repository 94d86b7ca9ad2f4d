"""`python -m pension_deploy up|down|status`: start, stop and check the developer's local stack."""

from pension_deploy.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
