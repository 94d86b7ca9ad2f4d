"""Quality feedback for a retake (domain.face_quality): each problem named, in Chinese and English."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pension_verification.domain.face_quality import (
    MESSAGES,
    QualityCode,
    QualityMeasurement,
    QualityThresholds,
    assess_quality,
)

GOOD = QualityMeasurement(1, face_count=1, mean_brightness=120.0, sharpness=300.0, face_fraction=0.4, eyes_visible=True)


def test_a_good_frame_needs_no_retake() -> None:
    report = assess_quality([GOOD, replace(GOOD, sequence=2)])
    assert report.usable and report.codes == () and report.advice() == ()


@pytest.mark.parametrize(
    ("changed", "code"),
    [
        ({"face_count": 0}, QualityCode.NO_FACE),
        ({"face_count": 2}, QualityCode.SEVERAL_FACES),
        ({"mean_brightness": 30.0}, QualityCode.TOO_DARK),
        ({"sharpness": 20.0}, QualityCode.TOO_BLURRED),
        ({"face_fraction": 0.1}, QualityCode.FACE_TOO_SMALL),
        ({"eyes_visible": False}, QualityCode.EYES_NOT_VISIBLE),
    ],
)
def test_each_problem_asks_for_a_retake_with_its_code_in_both_languages(changed: dict[str, object], code: str) -> None:
    report = assess_quality([GOOD, replace(GOOD, sequence=2, **changed)])  # type: ignore[arg-type]
    assert not report.usable
    assert report.codes == (code,)
    assert [frame.usable for frame in report.frames] == [True, False]
    (advice,) = report.advice()
    assert advice.code == code and advice.message == MESSAGES[QualityCode(code)][0]
    assert advice.message_zh and all("\u4e00" <= c <= "\u9fff" for c in advice.message_zh if c.isalpha())


def test_every_code_has_a_message_in_english_and_in_chinese() -> None:
    assert set(MESSAGES) == set(QualityCode)
    assert all(english.isascii() and not chinese.isascii() for english, chinese in MESSAGES.values())


def test_a_frame_without_one_face_is_not_judged_on_face_size_or_eyes() -> None:
    report = assess_quality([replace(GOOD, face_count=2, face_fraction=0.05, eyes_visible=False)])
    assert report.codes == (QualityCode.SEVERAL_FACES,)


def test_several_problems_are_advised_once_each_darkness_first() -> None:
    dark_and_faceless = replace(GOOD, mean_brightness=10.0, face_count=0, sharpness=5.0)
    report = assess_quality([dark_and_faceless, replace(dark_and_faceless, sequence=2), replace(GOOD, sequence=3)])
    assert report.codes == (QualityCode.TOO_DARK, QualityCode.NO_FACE, QualityCode.TOO_BLURRED)
    assert [advice.code for advice in report.advice()] == list(report.codes)


def test_no_frame_at_all_is_not_usable() -> None:
    assert not assess_quality([]).usable


def test_the_thresholds_are_parameters_and_the_report_records_them() -> None:
    dim = replace(GOOD, mean_brightness=45.0)
    assert assess_quality([dim]).codes == (QualityCode.TOO_DARK,)
    tolerant = QualityThresholds(min_brightness=40.0)
    report = assess_quality([dim], tolerant)
    assert report.usable and report.thresholds == tolerant
