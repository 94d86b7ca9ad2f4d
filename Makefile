# The front door: `make up` runs the whole system with a demo county; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := scripts/uv.sh

.PHONY: help install deploy-checks up up-cluster down status test test-cluster test-unit test-web lint typecheck protos check-protos buf-lint demo

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: ## install everything the project needs (uv, Python packages, Kafka, FerretDB, buf, chromium; builds web/); idempotent
	@scripts/install.sh

deploy-checks: install ## install the tools that check deploy/ without a cluster (helm, kubernetes-validate, hadolint, docker-compose); once, several minutes
	@bash scripts/install-deploy-checks.sh >/dev/null

up: install ## start Kafka, FerretDB, the four services and the gateway, and load the demo county
	@$(UV) run --frozen python -m pension_deploy up

up-cluster: install ## like up, on three Kafka brokers with two instances of each service and of the gateway (docs/cluster.md)
	@$(UV) run --frozen python -m pension_deploy up --cluster --no-demo

down: ## stop exactly what `make up` started
	@$(UV) run --frozen python -m pension_deploy down

status: ## health of every process `make up` started
	@$(UV) run --frozen python -m pension_deploy status

protos: install ## regenerate the checked-in Python code from protos/
	@scripts/gen-protos.sh

check-protos: ## fail if regenerating the protos would change the checked-in code; lint and breaking-check them
	@scripts/check-protos.sh

lint: ## ruff (lint and format check)
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .

typecheck: ## mypy on our own code
	@$(UV) run --frozen mypy

test-unit: install deploy-checks ## unit tests only (no broker, no database)
	@$(UV) run --frozen pytest tests/unit

test-web: install ## the phone app's own checks: its unit tests (Vitest) and TypeScript types
	@cd web && npm test --silent && npm run typecheck --silent

test-cluster: install ## the cluster test: brokers and instances killed mid-payroll on its own cluster (minutes; docs/cluster.md)
	@$(UV) run --frozen pytest -s tests/cluster

test: install deploy-checks check-protos lint typecheck test-web ## everything: protos, lint, types, unit, integration and end-to-end tests
	@$(UV) run --frozen pytest
