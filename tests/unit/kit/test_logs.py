"""Log lines are JSON with the trace id, and never carry a citizen ID, bank card or mobile number in the clear."""

import io
import json
import logging

import pytest
from opentelemetry.sdk.trace import TracerProvider

from pension_kit.logs import JsonFormatter, PersonalDataFilter

CITIZEN_ID = "11010519491231002X"
BANK_CARD = "6228480402564890018"
MOBILE = "13812345678"


@pytest.fixture
def capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("enrolment"))
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("test.logs")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_personal_numbers_are_masked_in_the_message_its_arguments_and_extras(
    capture: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = capture
    logger.info("居民 %s 的银行卡 %s 已登记", CITIZEN_ID, BANK_CARD, extra={"contact": f"tel {MOBILE}"})
    line = stream.getvalue()
    assert CITIZEN_ID not in line and BANK_CARD not in line and MOBILE not in line
    record = json.loads(line)
    assert record["service"] == "enrolment" and record["level"] == "INFO"
    assert "1101**********002X" in record["message"]
    assert record["contact"] == "tel 138****5678"


def test_an_exception_carrying_a_number_is_masked_too(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    try:
        raise ValueError(f"duplicate enrolment of {CITIZEN_ID}")
    except ValueError:
        logger.exception("refused")
    assert CITIZEN_ID not in stream.getvalue()
    assert "duplicate enrolment" in json.loads(stream.getvalue())["exception"]


def test_a_line_inside_a_span_carries_its_trace_id(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("enrol") as span:
        logger.info("enrolled")
    record = json.loads(stream.getvalue())
    assert record["trace_id"] == format(span.get_span_context().trace_id, "032x")
