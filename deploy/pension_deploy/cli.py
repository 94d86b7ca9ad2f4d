"""Command line of the local stack: `python -m pension_deploy up|down|status` (what `make up` runs)."""

from __future__ import annotations

import argparse
import logging
import sys

from pension_deploy.stack import SERVING, StackError, down, load_stack_settings, status, up


def _say(line: str) -> None:
    print(line, flush=True)


def _up(demo: bool, cluster: bool) -> int:
    endpoints = up(load_stack_settings(), _say, demo=demo, cluster=cluster)
    _say(f"the stack is up; logs and data are in {endpoints.run_dir}")
    _say(f"gateway:      {endpoints.gateway_url}")
    _say(f"OpenAPI docs: {endpoints.docs_url}")
    _say("stop it with `make down`; check it with `make status`")
    return 0


def _down() -> int:
    down(load_stack_settings(), _say)
    return 0


def _status() -> int:
    settings = load_stack_settings()
    health = status(settings)
    if not health:
        _say("the stack is not up (`make up` starts it)")
        return 1
    for item in health:
        _say(f"{item.name:<15} pid {item.pid:<8} {item.status:<12} {item.target}")
    unhealthy = [item for item in health if item.status != SERVING]
    for item in unhealthy:
        _say(f"{item.name} is {item.status}: read {item.log}")
    return 1 if unhealthy else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pension_deploy", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "status"])
    parser.add_argument("--no-demo", action="store_true", help="up: do not load the demo county")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="up: three Kafka brokers and two instances of each service and of the gateway (docs/cluster.md)",
    )
    args = parser.parse_args(argv)
    # The probes' client libraries log every refused connection while a process is still starting.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    commands = {"up": lambda: _up(not args.no_demo, args.cluster), "down": _down, "status": _status}
    try:
        return commands[args.command]()
    except StackError as exc:
        print(f"{args.command} failed: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print(f"{args.command} interrupted", file=sys.stderr, flush=True)
        return 130
