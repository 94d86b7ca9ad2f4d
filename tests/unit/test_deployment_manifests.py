"""The production artefacts, checked without a cluster: the Helm chart, the compose file and the Dockerfile.

`helm lint` and `helm template` must pass; the rendered objects must validate strictly against the Kubernetes API's
schemas (kubernetes-validate's, from PyPI) and the MongoDB community operator's CRD; Strimzi's resources, whose CRDs
no registry ships, are checked here by structure. The compose file must pass `docker-compose config` (the real
Compose binary: schema, interpolation, references), the Dockerfile hadolint. The tools come from
scripts/install-deploy-checks.sh (run by `make deploy-checks`, so by `make test` and `make test-unit`); nothing
is downloaded here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from pension_enrolment.config import EnrolmentSettings
from pension_kit.config import KitSettings, ServiceSettings
from pension_payout.config import PayoutSettings
from pension_supervision.config import SupervisionSettings
from pension_verification.config import VerificationSettings

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "pension"
COMPOSE = ROOT / "deploy" / "compose" / "compose.yaml"
DOCKERFILE = ROOT / "deploy" / "docker" / "Dockerfile"
TOOLS = Path(os.environ.get("PENSION_CACHE_DIR", Path.home() / ".cache" / "pension-platform")) / "deploy-checks"
SERVICES = ("enrolment", "payout", "verification", "supervision")
SETTINGS: dict[str, type[ServiceSettings]] = {
    "enrolment": EnrolmentSettings,
    "payout": PayoutSettings,
    "verification": VerificationSettings,
    "supervision": SupervisionSettings,
}
KUBERNETES_VERSION = "1.34.0"

Manifest = dict[str, Any]


def _tool(relative: str) -> Path:
    path = TOOLS / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make deploy-checks` (make test runs it)")
    return path


def _run(*command: str | Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=120, env=env, check=False
    )


@cache
def _helm_environment() -> dict[str, str]:
    # Helm keeps a cache and a configuration under HOME; the checks give it folders of their own.
    home = TOOLS / "helm-home"
    return {
        **os.environ,
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_DATA_HOME": str(home / "data"),
    }


def _helm(*arguments: str) -> subprocess.CompletedProcess[str]:
    return _run(_tool("bin/helm"), *arguments, env=_helm_environment())


# The values a release with secrets.create=true gets with --set-file; made up here, never real keys.
CREATE_SECRETS = [
    "--set",
    "secrets.create=true",
    *(
        arg
        for name in (
            "piiKeys",
            "lookupKey",
            "tokenPublicKeys",
            "tokenSigningKey",
            "auditChainKey",
            "auditHeadSigningKey",
            "livenessChallengeKey",
        )
        for arg in ("--set", f"secrets.values.{name}=test-{name}")
    ),
]


@cache
def _render(*extra: str) -> str:
    result = _helm("template", "pension", str(CHART), "--kube-version", KUBERNETES_VERSION, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _objects(rendered: str) -> list[Manifest]:
    return [document for document in yaml.safe_load_all(rendered) if document]


def _of_kind(objects: list[Manifest], kind: str) -> Iterator[Manifest]:
    return (item for item in objects if item["kind"] == kind)


def _by_name(objects: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {item["metadata"]["name"]: item for item in _of_kind(objects, kind)}


def _check(rendered: str, tmp_path: Path, kubernetes_version: str = KUBERNETES_VERSION) -> dict[str, list[Any]]:
    path = tmp_path / "rendered.yaml"
    path.write_text(rendered, encoding="utf-8")
    result = _run(
        _tool("venv/bin/python"),
        ROOT / "deploy" / "helm" / "check_manifests.py",
        path,
        "--crd",
        _tool("crds/mongodbcommunity.yaml"),
        "--kubernetes-version",
        kubernetes_version,
    )
    assert result.stdout, result.stderr
    report: dict[str, list[Any]] = json.loads(result.stdout)
    return report


# --- the chart ------------------------------------------------------------------------------------------------------


def test_the_chart_passes_helm_lint() -> None:
    result = _helm("lint", "--strict", str(CHART), "--kube-version", KUBERNETES_VERSION)
    assert result.returncode == 0, result.stdout + result.stderr


# A Kubernetes version clusters run today, and the newest whose schemas kubernetes-validate ships.
@pytest.mark.parametrize("kubernetes_version", [KUBERNETES_VERSION, "1.37.0"])
def test_every_rendered_object_validates_against_the_api_schemas(tmp_path: Path, kubernetes_version: str) -> None:
    for rendered in (_render(), _render(*CREATE_SECRETS)):
        report = _check(rendered, tmp_path, kubernetes_version)
        assert report["errors"] == []
        # Only Strimzi's resources are left to the structural checks below.
        assert {where.split("/")[0] for where in report["unchecked"]} == {
            "Kafka",
            "KafkaNodePool",
            "KafkaTopic",
            "KafkaUser",
        }


def test_the_validation_refuses_an_unknown_field_and_a_wrong_type(tmp_path: Path) -> None:
    broken = _render().replace("  revisionHistoryLimit: 5\n", "  revisionHistoryLimit: 5\n  replica: 2\n", 1)
    broken = broken.replace("  members: 3\n", "  members: three\n", 1)
    errors = _check(broken, tmp_path)["errors"]
    assert any("'replica' was unexpected" in error for error in errors), errors
    assert any(error.startswith("MongoDBCommunity/") and "members" in error for error in errors), errors


def test_each_process_runs_with_probes_resources_a_budget_an_autoscaler_and_a_service() -> None:
    objects = _objects(_render())
    deployments = _by_name(objects, "Deployment")
    assert sorted(deployments) == sorted(f"pension-{name}" for name in (*SERVICES, "gateway"))
    budgets, autoscalers = _by_name(objects, "PodDisruptionBudget"), _by_name(objects, "HorizontalPodAutoscaler")
    services = _by_name(objects, "Service")
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert set(container["resources"]) == {"requests", "limits"}
        if name == "pension-gateway":
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        else:
            port = container["ports"][0]["containerPort"]
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                assert container[probe]["grpc"] == {"port": port}, (name, probe)
        labels = deployment["spec"]["selector"]["matchLabels"]
        assert budgets[name]["spec"]["selector"]["matchLabels"] == labels
        assert autoscalers[name]["spec"]["scaleTargetRef"]["name"] == name
        assert services[name]["spec"]["selector"] == labels


def test_grpc_calls_reach_every_instance_of_a_service_through_a_headless_service() -> None:
    """Each gRPC Service resolves to its pods (clusterIP: None) and the addresses given to the clients are dns:///
    targets, which the kit's client balances round robin; the gateway keeps its virtual IP behind the Ingress."""
    objects = _objects(_render())
    services = _by_name(objects, "Service")
    (settings,) = _of_kind(objects, "ConfigMap")
    for name in SERVICES:
        service = services[f"pension-{name}"]
        assert service["spec"]["clusterIP"] == "None", name
        port = service["spec"]["ports"][0]["port"]
        assert settings["data"][f"PENSION_{name.upper()}_ADDRESS"] == f"dns:///pension-{name}:{port}"
    assert "clusterIP" not in services["pension-gateway"]["spec"]


def test_services_scale_on_the_lag_of_their_real_consumer_groups() -> None:
    autoscalers = _by_name(_objects(_render()), "HorizontalPodAutoscaler")
    for service, settings in SETTINGS.items():
        groups = {field.default for name, field in settings.model_fields.items() if name.endswith("_consumer_group")}
        metrics = autoscalers[f"pension-{service}"]["spec"]["metrics"]
        lagged = {m["external"]["metric"]["selector"]["matchLabels"]["consumergroup"] for m in metrics[1:]}
        assert metrics[0]["resource"]["name"] == "cpu"
        assert lagged == groups, service


def test_keys_come_from_secrets_and_only_the_gateway_holds_the_signing_key() -> None:
    rendered = _render()
    assert not list(_of_kind(_objects(rendered), "Secret")), "by default the chart references Secrets it does not make"
    for name, deployment in _by_name(_objects(rendered), "Deployment").items():
        environment = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
        for key in ("PENSION_PII_KEYS", "PENSION_LOOKUP_KEY", "PENSION_TOKEN_PUBLIC_KEYS", "PENSION_MONGO_URI"):
            assert "secretKeyRef" in environment[key]["valueFrom"], (name, key)
        assert ("PENSION_TOKEN_SIGNING_KEY" in environment) == (name == "pension-gateway")
    made = _by_name(_objects(_render(*CREATE_SECRETS)), "Secret")
    assert sorted(made) == [
        "pension-gateway-keys",
        "pension-keys",
        "pension-supervision-keys",
        "pension-verification-keys",
    ]


def test_making_secrets_without_their_values_is_refused_by_name() -> None:
    result = _helm("template", "pension", str(CHART), "--set", "secrets.create=true")
    assert result.returncode != 0
    assert "secrets.values.piiKeys" in result.stderr


def test_only_the_gateway_is_reachable_from_outside() -> None:
    objects = _objects(_render())
    policies = _by_name(objects, "NetworkPolicy")
    deny = policies["pension-default-deny"]
    assert deny["spec"]["policyTypes"] == ["Ingress"] and "ingress" not in deny["spec"]
    from_outside = [
        name
        for name, policy in policies.items()
        for rule in policy["spec"].get("ingress", [])
        for peer in rule["from"]
        if "namespaceSelector" in peer
    ]
    assert from_outside == ["pension-gateway"]
    for service in SERVICES:
        (rule,) = policies[f"pension-{service}"]["spec"]["ingress"]
        platform = {"app.kubernetes.io/instance": "pension", "app.kubernetes.io/part-of": "pension"}
        assert rule["from"] == [{"podSelector": {"matchLabels": platform}}]
    (ingress,) = _of_kind(objects, "Ingress")
    paths = [path for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    backends = {path["backend"]["service"]["name"] for path in paths}
    assert backends == {"pension-gateway"}
    assert [s["metadata"]["name"] for s in _of_kind(objects, "Service") if s["spec"]["type"] != "ClusterIP"] == []


def test_kafka_is_a_strimzi_kraft_cluster_with_a_topic_for_every_topic_the_code_names() -> None:
    objects = _objects(_render())
    (kafka,) = _of_kind(objects, "Kafka")
    (pool,) = _of_kind(objects, "KafkaNodePool")
    assert kafka["metadata"]["annotations"] == {"strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled"}
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    assert pool["spec"]["replicas"] == 3 and sorted(pool["spec"]["roles"]) == ["broker", "controller"]
    config = kafka["spec"]["kafka"]["config"]
    assert config["default.replication.factor"] == 3 and config["min.insync.replicas"] == 2
    assert config["auto.create.topics.enable"] is False
    topics = {t["spec"]["topicName"]: t for t in _of_kind(objects, "KafkaTopic")}
    settings = KitSettings(service_name="deploy-check")
    assert sorted(topics) == sorted([*settings.topics(), *settings.input_topics()])
    for name, topic in topics.items():
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", topic["metadata"]["name"]), name
        assert topic["spec"]["replicas"] == 3 and topic["spec"]["partitions"] >= 6, name
        assert topic["spec"]["config"]["min.insync.replicas"] == 2, name
    users = _by_name(objects, "KafkaUser")
    readable = {acl["resource"]["name"] for acl in users["provincial-systems"]["spec"]["authorization"]["acls"]}
    # The input topics carry citizen ID numbers in the clear: no reader outside verification.
    assert readable - {"provincial-systems"} == set(settings.topics())


def test_mongodb_is_a_replica_set_with_one_user_per_process_on_its_own_database() -> None:
    objects = _objects(_render())
    (mongodb,) = _of_kind(objects, "MongoDBCommunity")
    assert mongodb["spec"]["type"] == "ReplicaSet" and mongodb["spec"]["members"] == 3
    users = {user["name"]: user for user in mongodb["spec"]["users"]}
    assert sorted(users) == sorted([*SERVICES, "gateway"])
    for name, user in users.items():
        assert user["roles"] == [{"name": "readWrite", "db": f"pension_{name}"}]
    for name, deployment in _by_name(objects, "Deployment").items():
        environment = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
        process = name.removeprefix("pension-")
        assert environment["PENSION_MONGO_DATABASE"]["value"] == f"pension_{process}"
        connection = environment["PENSION_MONGO_URI"]["valueFrom"]["secretKeyRef"]["name"]
        assert connection == f"pension-mongodb-admin-{process}"


# --- the compose file and the Dockerfile ----------------------------------------------------------------------------


@cache
def _compose_config(path: Path = COMPOSE) -> subprocess.CompletedProcess[str]:
    return _run(_tool("bin/docker-compose"), "-f", path, "config", "--format", "json")


def test_the_compose_file_passes_docker_compose_config() -> None:
    result = _compose_config()
    assert result.returncode == 0, result.stderr
    project = json.loads(result.stdout)
    services = project["services"]
    for name in (*SERVICES, "gateway"):
        assert services[name]["deploy"]["replicas"] == 2, name
        assert services[name]["healthcheck"]["test"] == ["CMD", "pension", "health"], name
        assert services[name]["read_only"] is True and services[name]["networks"].keys() >= {"backend"}, name
    assert [name for name, service in services.items() if service.get("ports")] == ["gateway"]
    assert project["networks"]["backend"]["internal"] is True
    assert "token_signing_key" in [s["source"] for s in services["gateway"]["secrets"]]
    assert all("token_signing_key" not in [s["source"] for s in services[name]["secrets"]] for name in SERVICES)
    # Each production setting without a development default comes from a secret file (entrypoint.sh reads *_FILE).
    for name, keys in {
        "supervision": ["PENSION_AUDIT_CHAIN_KEY_FILE", "PENSION_AUDIT_HEAD_SIGNING_KEY_FILE"],
        "verification": ["PENSION_LIVENESS_CHALLENGE_KEY_FILE"],
        "gateway": ["PENSION_TOKEN_SIGNING_KEY_FILE"],
    }.items():
        for key in ["PENSION_PII_KEYS_FILE", "PENSION_LOOKUP_KEY_FILE", "PENSION_TOKEN_PUBLIC_KEYS_FILE", *keys]:
            secret = services[name]["environment"][key].removeprefix("/run/secrets/")
            assert secret in [s["source"] for s in services[name]["secrets"]], (name, key)


def test_the_compose_kafka_has_three_brokers_with_two_in_sync_replicas_and_the_charts_partitions() -> None:
    services = json.loads(_compose_config().stdout)["services"]
    brokers = [services[f"kafka-{n}"]["environment"] for n in (1, 2, 3)]
    assert [b["KAFKA_NODE_ID"] for b in brokers] == ["1", "2", "3"]
    assert {b["KAFKA_MIN_INSYNC_REPLICAS"] for b in brokers} == {"2"}
    assert {b["KAFKA_DEFAULT_REPLICATION_FACTOR"] for b in brokers} == {"3"}
    script = "\n".join(services["kafka-topics"]["command"])
    created = dict(re.findall(r"^\s*create (\S+) (\d+)$", script, re.MULTILINE))
    chart_topics = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))["kafka"]["topics"]
    assert {topic: int(count) for topic, count in created.items()} == chart_topics
    mongo_init = "\n".join(services["mongo-init"]["command"])
    assert all(f"mongo-{n}:27017" in mongo_init for n in (1, 2, 3))


@pytest.mark.parametrize(
    ("change", "into"),
    [
        # A key the compose schema does not know (Compose validates each service before merging the x- anchors into
        # it, so a typo inside an anchor passes: the anchors hold only keys this file's tests read back).
        ('    command: ["gateway"]\n', '    command: ["gateway"]\n    readonly: true\n'),
        ("secrets: [pii_keys, lookup_key", "secrets: [pii_key, lookup_key"),  # a secret nobody defines
    ],
)
def test_docker_compose_config_refuses_a_broken_compose_file(tmp_path: Path, change: str, into: str) -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert change in text
    broken = tmp_path / "compose.yaml"
    broken.write_text(text.replace(change, into, 1), encoding="utf-8")
    assert _compose_config(broken).returncode != 0


def test_the_dockerfile_passes_hadolint() -> None:
    result = _run(_tool("venv/bin/hadolint"), "--no-color", DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_processes_the_image_runs_count_the_same_as_the_chart() -> None:
    entrypoint = (ROOT / "deploy" / "docker" / "entrypoint.sh").read_text(encoding="utf-8")
    assert "enrolment | payout | verification | supervision)" in entrypoint
    kinds = Counter(item["kind"] for item in _objects(_render()))
    assert kinds["Deployment"] == kinds["Service"] == kinds["PodDisruptionBudget"] == len(SERVICES) + 1
