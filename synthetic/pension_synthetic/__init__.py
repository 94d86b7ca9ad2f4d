"""Deterministic synthetic population of one county, streamed, for demos, tests and benchmarks."""

from pension_synthetic.county import DEFAULT_POOLING_REGION, MAX_SIZE, MIN_SIZE, generate_county
from pension_synthetic.records import (
    ContributionRecord,
    County,
    PensionRecord,
    ResidentRecord,
    SpecialGroupRecord,
    Township,
    Village,
    VillageAgent,
)
from pension_synthetic.residents import SCHEME_START, iter_residents

__all__ = [
    "DEFAULT_POOLING_REGION",
    "MAX_SIZE",
    "MIN_SIZE",
    "SCHEME_START",
    "ContributionRecord",
    "County",
    "PensionRecord",
    "ResidentRecord",
    "SpecialGroupRecord",
    "Township",
    "Village",
    "VillageAgent",
    "generate_county",
    "iter_residents",
]
