"""Which broker and producer errors the outbox relay parks a record for, and which it waits out."""

from __future__ import annotations

import pytest
from aiokafka import errors

from pension_kit.outbox import refused_for_good


@pytest.mark.parametrize(
    "error",
    [
        errors.MessageSizeTooLargeError(),  # over the producer's max_request_size, or the topic's limit
        errors.RecordTooLargeError(),
        errors.RecordListTooLargeError(),
        errors.CorruptRecordException(),
        errors.InvalidTimestampError(),
        errors.InvalidTopicError(),
        errors.UnknownError(),  # the broker's unexpected error, and codes aiokafka predates (INVALID_RECORD)
    ],
)
def test_a_refusal_of_the_record_itself_is_for_good(error: Exception) -> None:
    assert refused_for_good(error)


@pytest.mark.parametrize(
    "error",
    [
        # Marked retriable by aiokafka.
        errors.NotLeaderForPartitionError(),
        errors.LeaderNotAvailableError(),
        errors.RequestTimedOutError(),
        errors.NotEnoughReplicasError(),
        errors.UnknownTopicOrPartitionError(),
        errors.KafkaStorageError(),
        errors.KafkaConnectionError(),
        errors.NoBrokersAvailable(),
        # Not marked retriable, yet a later attempt succeeds: the producer's own waits and shutdowns.
        errors.KafkaTimeoutError(),
        errors.ProducerClosed(),
        # The producer's session: a new producer numbers its batches afresh.
        errors.OutOfOrderSequenceNumber(),
        errors.InvalidProducerEpoch(),
        errors.UnknownProducerId(),
        # Would refuse every record alike until an operator changes the cluster.
        errors.TopicAuthorizationFailedError(),
        errors.ClusterAuthorizationFailedError(),
        errors.UnsupportedVersionError(),
        # Not a Kafka error at all.
        OSError("connection reset"),
    ],
)
def test_everything_else_is_waited_out_and_retried(error: Exception) -> None:
    assert not refused_for_good(error)
