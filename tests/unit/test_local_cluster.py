"""The local cluster's configuration (make up-cluster): three KRaft voters with three replicas, the second
instances' ports, and `make up`'s single broker and ports left as they were."""

from __future__ import annotations

from pathlib import Path

from pension_deploy.infra import KafkaBroker, KafkaCluster
from pension_deploy.stack import StackSettings, service_address


def _properties(broker: KafkaBroker) -> dict[str, str]:
    broker._write_config()
    lines = broker.config_path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_the_cluster_is_three_voters_that_keep_every_write_on_two_of_three_replicas(tmp_path: Path) -> None:
    ports = [(19092, 19093), (19094, 19095), (19096, 19097)]
    cluster = KafkaCluster(tmp_path / "kafka", tmp_path / "cluster", ports)
    assert cluster.bootstrap_servers == "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096"
    voters = "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097"
    for node, broker in enumerate(cluster.brokers, start=1):
        broker.data_dir.mkdir(parents=True)
        settings = _properties(broker)
        assert broker.name == f"kafka-{node}"
        assert settings["node.id"] == str(node)
        assert settings["controller.quorum.voters"] == voters
        assert settings["default.replication.factor"] == "3"
        assert settings["min.insync.replicas"] == "2"
        assert settings["offsets.topic.replication.factor"] == "3"
        assert settings["transaction.state.log.replication.factor"] == "3"
        assert settings["transaction.state.log.min.isr"] == "2"
        # One cluster id for the three, so that their storage is formatted for the same cluster.
        assert broker._cluster_id() == (tmp_path / "cluster" / "cluster-id").read_text().strip()


def test_make_up_keeps_its_one_broker_and_its_ports(tmp_path: Path) -> None:
    broker = KafkaBroker(tmp_path / "kafka", tmp_path / "data", 9092, 9093)
    broker.data_dir.mkdir()
    settings = _properties(broker)
    assert broker.name == "kafka"
    assert (settings["controller.quorum.voters"], settings["default.replication.factor"]) == ("1@127.0.0.1:9093", "1")
    assert settings["min.insync.replicas"] == "1"
    stack = StackSettings(run_dir=tmp_path)
    assert set(stack.ports()) == {
        "PENSION_KAFKA_PORT",
        "PENSION_KAFKA_CONTROLLER_PORT",
        "PENSION_FERRETDB_PORT",
        "PENSION_ENROLMENT_PORT",
        "PENSION_PAYOUT_PORT",
        "PENSION_VERIFICATION_PORT",
        "PENSION_SUPERVISION_PORT",
        "PENSION_GATEWAY_PORT",
    }
    assert service_address(stack, "payout") == "127.0.0.1:50052"


def test_the_cluster_adds_the_second_instances_and_brokers_and_names_both_instances_to_callers(
    tmp_path: Path,
) -> None:
    stack = StackSettings(run_dir=tmp_path)
    added = set(stack.ports(cluster=True)) - set(stack.ports())
    assert added == {
        "PENSION_KAFKA_2_PORT",
        "PENSION_KAFKA_2_CONTROLLER_PORT",
        "PENSION_KAFKA_3_PORT",
        "PENSION_KAFKA_3_CONTROLLER_PORT",
        "PENSION_ENROLMENT_2_PORT",
        "PENSION_PAYOUT_2_PORT",
        "PENSION_VERIFICATION_2_PORT",
        "PENSION_SUPERVISION_2_PORT",
        "PENSION_GATEWAY_2_PORT",
    }
    assert len(set(stack.ports(cluster=True).values())) == len(stack.ports(cluster=True))
    assert service_address(stack, "payout", 2) == "ipv4:127.0.0.1:50052,127.0.0.1:50062"
    assert stack.kafka_cluster_ports() == [(9092, 9093), (9094, 9095), (9096, 9097)]
