"""The layouts of the files a county's migration brings (docs/migration-import.md): read by enrolment's import,
written by the synthetic county's legacy export; one definition for both."""

from __future__ import annotations

from typing import Final

# One row per contribution, the resident's columns repeated on each; a resident with no contribution has one row
# with the contribution columns empty.
RESIDENT_COLUMNS: Final = (
    "citizen_id_number",
    "name",
    "village_code",
    "mobile",
    "bank_code",
    "bank_name",
    "bank_card_number",
    "enrolled_on",
    "enrolled_by_agent_id",
    "photo_ref",
    "special_groups",
)
CONTRIBUTION_COLUMNS: Final = (
    "year",
    "kind",
    "channel",
    "grade_fen",
    "personal_fen",
    "subsidy_fen",
    "paid_on_behalf_fen",
    "collective_fen",
    "paid_on",
    "receipt_number",
    "collected_by_agent_id",
)
RESIDENT_FILE_COLUMNS: Final = RESIDENT_COLUMNS + CONTRIBUTION_COLUMNS
# The employees' pension registry (residents who also draw the employees' pension).
REGISTRY_FILE_COLUMNS: Final = ("citizen_id_number", "scheme_ref", "from_month")
