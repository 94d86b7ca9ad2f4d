"""A refusal crosses gRPC bounded whatever it repeats, and a status nobody can read still becomes a problem."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2

from pension_gateway.api.problems import has_chinese, rpc_error_handler
from pension_kit.errors import MAX_FIELD_CHARS, MAX_MESSAGE_CHARS, NotFound
from pension_kit.grpc_errors import ERROR_DOMAIN, from_rpc_error, to_status

# The metadata a gRPC client accepts by default (grpc.max_metadata_size); a status over it is lost.
CLIENT_METADATA_LIMIT = 8 * 1024


def call_failing_with(status: grpc.Status) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(
        status.code, grpc.aio.Metadata(), grpc.aio.Metadata(*status.trailing_metadata), status.details
    )


def wire_size(status: grpc.Status) -> int:
    """The bytes the status's trailers take on the wire: binary values base64, the message percent-encoded."""
    size = len(quote(status.details, safe=" "))
    for key, value in status.trailing_metadata:
        size += len(key) + len(base64.b64encode(value) if isinstance(value, bytes) else value)
    return size


def test_a_refusal_that_repeats_a_huge_input_is_cut_short_and_still_read_back() -> None:
    huge = "R" + "7" * 7999
    error = NotFound("RESIDENT_NOT_FOUND", f"no resident {huge}", field=huge, message_zh=f"未找到参保人{huge}")
    status = to_status(error)
    assert wire_size(status) < CLIENT_METADATA_LIMIT / 2
    remote = from_rpc_error(call_failing_with(status))
    assert (remote.code, remote.reason) == (grpc.StatusCode.NOT_FOUND, "RESIDENT_NOT_FOUND")
    assert len(remote.message) == MAX_MESSAGE_CHARS and remote.message.startswith("no resident R777")
    assert remote.message.endswith("…") and remote.message_zh.endswith("…")
    assert len(remote.field) == MAX_FIELD_CHARS and len(remote.message_zh) == MAX_MESSAGE_CHARS


def test_a_short_refusal_crosses_unchanged() -> None:
    error = NotFound("RESIDENT_NOT_FOUND", "no resident R1", field="resident_id", message_zh="未找到该参保人")
    remote = from_rpc_error(call_failing_with(to_status(error)))
    assert (remote.message, remote.field, remote.message_zh) == ("no resident R1", "resident_id", "未找到该参保人")


def _details_of(code: grpc.StatusCode) -> bytes:
    info = error_details_pb2.ErrorInfo(reason="RESIDENT_NOT_FOUND", domain=ERROR_DOMAIN, metadata={"field": "x"})
    detail = any_pb2.Any()
    detail.Pack(info)
    status = status_pb2.Status(code=code.value[0], message="no resident", details=[detail])
    serialized: bytes = status.SerializeToString()
    return serialized


def overflowed_call() -> grpc.aio.AioRpcError:
    """What a client saw when a refusal's trailers overflowed its limit: RESOURCE_EXHAUSTED, the details NOT_FOUND."""
    return grpc.aio.AioRpcError(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.aio.Metadata(),
        grpc.aio.Metadata(("grpc-status-details-bin", _details_of(grpc.StatusCode.NOT_FOUND))),
        "received trailing metadata size exceeds limit",
    )


def test_a_status_whose_details_disagree_with_its_code_gives_the_code_and_no_internals() -> None:
    remote = from_rpc_error(overflowed_call())
    assert (remote.code, remote.reason, remote.error_info) == (
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "RESOURCE_EXHAUSTED",
        False,
    )
    assert "metadata" not in remote.message and has_chinese(remote.message_zh)


def test_details_that_do_not_parse_give_the_code() -> None:
    call = grpc.aio.AioRpcError(
        grpc.StatusCode.NOT_FOUND,
        grpc.aio.Metadata(),
        grpc.aio.Metadata(("grpc-status-details-bin", b"\xff\x00 not a status")),
        "garbled",
    )
    assert from_rpc_error(call).reason == "NOT_FOUND"


async def test_the_gateway_answers_an_unreadable_status_with_a_problem_not_a_500() -> None:
    response = await rpc_error_handler(None, overflowed_call())  # type: ignore[arg-type]
    problem = json.loads(bytes(response.body))
    assert response.status_code == 429 and response.media_type == "application/problem+json"
    assert problem["code"] == "RESOURCE_EXHAUSTED" and has_chinese(problem["title_zh"])
    assert "metadata" not in problem["title"]


async def test_a_service_refusal_without_chinese_gets_chinese_at_the_gateway() -> None:
    # A service of another team (or an older build) that sends our ErrorInfo with English only.
    status = to_status(NotFound("AWARD_NOT_FOUND", "no award", field="resident_id"))
    response = await rpc_error_handler(None, call_failing_with(status))  # type: ignore[arg-type]
    problem = json.loads(bytes(response.body))
    assert response.status_code == 404 and problem["code"] == "AWARD_NOT_FOUND"
    assert has_chinese(problem["title_zh"]) and problem["field"] == "resident_id"
