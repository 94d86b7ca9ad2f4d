"""The container's health check: the gRPC health check of a service, or the gateway's GET /healthz; exit 0 if serving.

Which process runs is read from PENSION_SERVICE_NAME, or, when only the entrypoint set it, from process 1's command
line (`python -m pension_<name>`); the port from PENSION_GRPC_PORT / PENSION_HTTP_PORT or the service's default.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pension_deploy.stack import SERVING, grpc_health, http_health

# Each service's default port (its config.py), used when the environment does not set PENSION_GRPC_PORT.
DEFAULT_GRPC_PORTS = {"enrolment": 50051, "payout": 50052, "verification": 50053, "supervision": 50054}
DEFAULT_HTTP_PORT = 8000


def _process_name() -> str:
    name = os.environ.get("PENSION_SERVICE_NAME", "")
    if name:
        return name
    try:
        argv = Path("/proc/1/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return ""
    modules = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "-m"]
    return modules[0].removeprefix("pension_") if modules else ""


def main() -> int:
    name = _process_name()
    if name == "gateway":
        port = os.environ.get("PENSION_HTTP_PORT", str(DEFAULT_HTTP_PORT))
        status = http_health(f"http://127.0.0.1:{port}/healthz", deadline=3.0)
    elif name in DEFAULT_GRPC_PORTS:
        port = os.environ.get("PENSION_GRPC_PORT", str(DEFAULT_GRPC_PORTS[name]))
        status = grpc_health(f"127.0.0.1:{port}", deadline=3.0)
    else:
        sys.stderr.write(f"healthcheck: no service runs here (PENSION_SERVICE_NAME={name!r})\n")
        return 1
    sys.stdout.write(f"{name}: {status}\n")
    return 0 if status == SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
