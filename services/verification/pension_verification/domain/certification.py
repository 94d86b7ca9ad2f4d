"""A pensioner's proof-of-life cycle (资格认证): in force, due soon, overdue, ended; and what each step announces."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.identifiers import Month
from pension_kit.policy import PolicyVersion
from pension_kit.text import EVIDENCE_REF_MAX, check_free_text

# pension.verification.v1.CertificationMethod, by name.
FACE: Final = "FACE"
AGENT_VISIT: Final = "AGENT_VISIT"
DATA: Final = "DATA"
METHODS: Final = (FACE, AGENT_VISIT, DATA)

# pension.verification.v1.CertificationState, by name.
CURRENT: Final = "CURRENT"
DUE_SOON: Final = "DUE_SOON"
OVERDUE: Final = "OVERDUE"
DECEASED: Final = "DECEASED"
NOT_REQUIRED: Final = "NOT_REQUIRED"  # transferred out or otherwise no longer a pensioner here
ENDED: Final = (DECEASED, NOT_REQUIRED)


@dataclass(frozen=True, slots=True)
class CertificationPolicy:
    """The policy values the cycle runs on, from the pooling region's policy in force (never constants here)."""

    validity_months: int  # PolicyVersion.certification_period_months (demo 12)
    due_days_before: int  # PolicyVersion.certification_notice_days (demo 30)
    # PolicyVersion.data_certification_sources: the signs of life that count as proof (demo all three).
    data_sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, version: PolicyVersion) -> CertificationPolicy:
        return cls(
            version.certification_period_months,
            version.certification_notice_days,
            tuple(version.data_certification_sources),
        )


def months_after(day: date, months: int) -> date:
    """The same day `months` later; a day the later month lacks (31 January + 1) becomes its last day."""
    month = Month.of(day).plus_months(months)
    return date(month.year, month.month, min(day.day, month.last_day.day))


# --- what the cycle announces (plain values; the adapters make the contract's messages of them) ----------


@dataclass(frozen=True, slots=True)
class CertificationPassed:
    """A proof of life; when it came while overdue, payout resumes from `resumes_from` with back pay."""

    resident_id: str
    certification_id: str
    method: str
    certified_on: date
    evidence_ref: str
    agent_id: str
    next_due_on: date
    was_overdue: bool
    resumes_from: Month | None
    village_code: str
    pooling_region_code: str


@dataclass(frozen=True, slots=True)
class CertificationDueSoon:
    resident_id: str
    due_on: date
    last_certified_on: date
    village_code: str
    pooling_region_code: str


@dataclass(frozen=True, slots=True)
class CertificationOverdue:
    """Past the due date without proof: payout suspends from `suspend_from`, the month after the due date."""

    resident_id: str
    due_on: date
    last_certified_on: date
    suspend_from: Month
    village_code: str
    pooling_region_code: str


CycleEvent = CertificationPassed | CertificationDueSoon | CertificationOverdue


@dataclass(frozen=True, slots=True)
class CertificationState:
    """One pensioner's certification.

    `valid_until` is the due date: the proof in force covers every day up to it, and the day after it the
    pensioner is overdue. `last_proof_kind` is None while the award that started the cycle stands in for a
    proof (see `started`). `applied_events` holds the ids of the inputs applied (the award event, proofs,
    the death or transfer event), so that an input delivered twice changes nothing the second time.
    """

    resident_id: str
    award_id: str
    pooling_region_code: str
    village_code: str
    status: str
    valid_until: date
    last_proof_on: date
    last_proof_kind: str | None
    applied_events: frozenset[str] = frozenset()

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    def require_open(self) -> None:
        """Refuses any proof of life for a cycle that ended (death, transfer out)."""
        if self.ended:
            raise FailedPrecondition(
                "CERTIFICATION_ENDED",
                f"the certification of {self.resident_id} has ended ({self.status})",
                field="resident_id",
                message_zh="该人员已死亡或已转出，无需资格认证",
            )

    @property
    def suspended(self) -> bool:
        """Whether payout has been told to suspend (the Overdue event went out) and not yet to resume."""
        return self.status == OVERDUE

    @classmethod
    def started(
        cls,
        event_id: str,
        *,
        resident_id: str,
        award_id: str,
        pooling_region_code: str,
        village_code: str,
        first_month: Month,
        policy: CertificationPolicy,
    ) -> CertificationState:
        """The cycle of a pension just awarded.

        The award counts as the first proof, dated the first day of the first month paid: the pensioner's
        eligibility was checked when the award was decided, so nobody is due before a full validity period
        has run from the first payment (12 months under the demo policy). The kind stays None: no proof of
        life was taken yet, and the task list says so.
        """
        start = first_month.first_day
        return cls(
            resident_id=resident_id,
            award_id=award_id,
            pooling_region_code=pooling_region_code,
            village_code=village_code,
            status=CURRENT,
            valid_until=months_after(start, policy.validity_months),
            last_proof_on=start,
            last_proof_kind=None,
            applied_events=frozenset({event_id}),
        )

    def record_proof(
        self,
        proof_id: str,
        *,
        kind: str,
        on: date,
        evidence_ref: str,
        policy: CertificationPolicy,
        agent_id: str = "",
        recorded_on: date | None = None,
    ) -> Transition:
        """A passed proof of life: in force until `on` plus the policy's validity; announced as passed.

        A proof while overdue says so (`was_overdue`) and names the month payout resumes from: the month it is
        recorded in (`recorded_on`, the day of the proof when not given). Not the month of the proof itself: a
        sign of life observed in March but recorded in May must not leave April, whose payroll ran without the
        pensioner, unpaid; every suspended month before the resumption is back paid. A proof older than the one
        in force would shorten the cycle and is refused.
        """
        if proof_id in self.applied_events:
            return Transition(self, self, ())
        if kind not in METHODS:
            raise InvalidArgument(
                "CERTIFICATION_METHOD_UNKNOWN",
                f"{kind!r} is not a certification method ({', '.join(METHODS)})",
                field="method",
                message_zh="认证方式不正确",
            )
        if not evidence_ref.strip():
            raise InvalidArgument(
                "EVIDENCE_REQUIRED",
                "a proof of life needs its evidence",
                field="evidence_ref",
                message_zh="缺少认证依据",
            )
        check_free_text(evidence_ref, field="evidence_ref", max_length=EVIDENCE_REF_MAX)
        self.require_open()
        if on < self.last_proof_on:
            raise FailedPrecondition(
                "PROOF_OLDER_THAN_LAST",
                f"a proof of {on.isoformat()} is older than the last one ({self.last_proof_on.isoformat()})",
                field="certified_on",
                message_zh="认证日期早于上次认证日期",
            )
        was_overdue = self.status == OVERDUE
        valid_until = months_after(on, policy.validity_months)
        after = replace(
            self,
            status=CURRENT,
            valid_until=valid_until,
            last_proof_on=on,
            last_proof_kind=kind,
            applied_events=self.applied_events | {proof_id},
        )
        passed = CertificationPassed(
            resident_id=self.resident_id,
            certification_id=proof_id,
            method=kind,
            certified_on=on,
            evidence_ref=evidence_ref,
            agent_id=agent_id,
            next_due_on=valid_until,
            was_overdue=was_overdue,
            resumes_from=Month.of(recorded_on or on) if was_overdue else None,
            village_code=self.village_code,
            pooling_region_code=self.pooling_region_code,
        )
        return Transition(self, after, (passed,))

    def advance(self, today: date, policy: CertificationPolicy) -> Transition:
        """The daily sweep's decision for this pensioner on `today`.

        Current -> due soon from `due_days_before` days before the due date (DueSoon announced once); due
        soon or current -> overdue the day after the due date (Overdue announced once: payout suspends on
        it). A sweep that missed the due-soon days announces only the Overdue: the notice is moot by then.
        Running it again the same day, or any day before the next step, changes nothing and announces nothing.
        """
        if self.ended or self.status == OVERDUE:
            return Transition(self, self, ())
        due_on = self.valid_until
        if today > due_on:
            overdue = CertificationOverdue(
                resident_id=self.resident_id,
                due_on=due_on,
                last_certified_on=self.last_proof_on,
                suspend_from=Month.of(due_on).next(),
                village_code=self.village_code,
                pooling_region_code=self.pooling_region_code,
            )
            return Transition(self, replace(self, status=OVERDUE), (overdue,))
        if self.status == CURRENT and (due_on - today).days <= policy.due_days_before:
            due_soon = CertificationDueSoon(
                resident_id=self.resident_id,
                due_on=due_on,
                last_certified_on=self.last_proof_on,
                village_code=self.village_code,
                pooling_region_code=self.pooling_region_code,
            )
            return Transition(self, replace(self, status=DUE_SOON), (due_soon,))
        return Transition(self, self, ())

    def end(self, event_id: str, *, deceased: bool) -> Transition:
        """Death (confirmed) or transfer out ends the cycle: no due or overdue step follows, no proof is taken."""
        if event_id in self.applied_events or self.ended:
            noted = replace(self, applied_events=self.applied_events | {event_id})
            return Transition(self, noted, ())
        return Transition(
            self,
            replace(
                self, status=DECEASED if deceased else NOT_REQUIRED, applied_events=self.applied_events | {event_id}
            ),
            (),
        )


@dataclass(frozen=True, slots=True)
class Transition:
    """A state before and after one input, and the events to announce with the change (in one write)."""

    before: CertificationState
    after: CertificationState
    events: tuple[CycleEvent, ...]

    @property
    def changed(self) -> bool:
        return self.after != self.before


@dataclass(frozen=True, slots=True)
class Task:
    """One line of a village agent's list: whom to see, by when, and how they last proved they are alive."""

    resident_id: str
    due_on: date
    overdue: bool
    days_past_due: int  # 0 while not yet past the due date
    last_proof_on: date
    last_proof_kind: str | None


def task_list(states: Iterable[CertificationState], village_code: str, today: date) -> list[Task]:
    """The agent's list for a village on `today`: the due and the overdue, the oldest due date first.

    Someone past the due date is listed as overdue even before the sweep has marked them: the agent
    should not wait for the job to go and see them.
    """
    tasks = [
        Task(
            resident_id=state.resident_id,
            due_on=state.valid_until,
            overdue=today > state.valid_until,
            days_past_due=max(0, (today - state.valid_until).days),
            last_proof_on=state.last_proof_on,
            last_proof_kind=state.last_proof_kind,
        )
        for state in states
        if state.village_code == village_code
        and not state.ended
        and (state.status in (DUE_SOON, OVERDUE) or today > state.valid_until)
    ]
    return sorted(tasks, key=lambda task: (task.due_on, task.resident_id))
