"""A domain error crosses gRPC as a status with our ErrorInfo and comes back with its reason and field."""

import grpc

from pension_kit.errors import AlreadyExists
from pension_kit.grpc_errors import from_rpc_error, to_status


def test_reason_field_and_chinese_message_survive_the_wire() -> None:
    error = AlreadyExists(
        "DUPLICATE_ENROLMENT", "already enrolled", field="citizen_id_number", message_zh="该身份证号码已参保"
    )
    status = to_status(error)
    call = grpc.aio.AioRpcError(
        status.code, grpc.aio.Metadata(), grpc.aio.Metadata(*status.trailing_metadata), status.details
    )
    remote = from_rpc_error(call)
    assert remote.code is grpc.StatusCode.ALREADY_EXISTS
    assert (remote.reason, remote.field, remote.message_zh) == (
        "DUPLICATE_ENROLMENT",
        "citizen_id_number",
        "该身份证号码已参保",
    )


def test_a_status_from_elsewhere_keeps_its_code_name_as_reason() -> None:
    call = grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(), grpc.aio.Metadata(), "down")
    assert from_rpc_error(call).reason == "UNAVAILABLE"
