#!/bin/sh
# The image's entrypoint: the first argument names the process to run, as the local launcher starts them.
set -eu

usage() {
  cat <<'USAGE'
usage: pension SERVICE [ARGS...]
  enrolment | payout | verification | supervision    a gRPC service (PENSION_GRPC_PORT)
  gateway [users|keys|token ...]                      the HTTPS/JSON gateway, or its operators' commands
  payout-cli ARGS...                                  the officers' payroll command line
  health                                              the container's health check (exit 0 when serving)
  python ARGS...                                      any other module of the image, e.g. an import job
USAGE
}

# Docker's and Kubernetes' secrets arrive as files: PENSION_X_FILE=/run/secrets/x becomes PENSION_X, so that a key
# is never written into the compose file, the image or `docker inspect`'s environment.
for var in $(env | sed -n 's/^\(PENSION_[A-Z0-9_]*\)_FILE=.*/\1/p'); do
  file="$(printenv "${var}_FILE")"
  [ -r "$file" ] || { echo "pension: ${var}_FILE names $file, which cannot be read" >&2; exit 2; }
  export "$var=$(cat "$file")"
  unset "${var}_FILE"
done

[ "$#" -gt 0 ] || { usage; exit 2; }
process="$1"
shift
case "$process" in
  enrolment | payout | verification | supervision)
    # Each service's settings default their name; set it anyway so that the logs and the token audience agree.
    export PENSION_SERVICE_NAME="$process"
    exec python -m "pension_$process" "$@"
    ;;
  gateway)
    export PENSION_SERVICE_NAME=gateway
    exec python -m pension_gateway "$@"
    ;;
  payout-cli) exec python -m pension_payout.entrypoints.cli "$@" ;;
  health) exec python /opt/pension/bin/healthcheck.py ;;
  python) exec python "$@" ;;
  help | -h | --help) usage ;;
  *)
    echo "pension: unknown process '$process'" >&2
    usage >&2
    exit 2
    ;;
esac
