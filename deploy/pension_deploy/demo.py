"""The demo county of `make up`: a generated county migrated with its contribution histories, pensioners awarded."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grpc
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_service_pb2, payout_service_pb2_grpc
from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_deploy.endpoints import Endpoints, Say
from pension_gateway.auth import USERS, UserStore, issue_token
from pension_kit.clock import today_in_china
from pension_kit.config import KitSettings
from pension_kit.errors import AlreadyExists
from pension_kit.grpc_client import create_channel
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.policy import PolicyVersion, demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.tokens import SigningKey, TokenSigner, bearer_metadata
from pension_payout.config import PayoutSettings
from pension_payout.domain.benefit import Candidate, eligible_month
from pension_synthetic import MIN_SIZE, County, ResidentRecord, VillageAgent, generate_county, iter_residents
from pension_synthetic.legacy import write_legacy_csv

DEMO_SEED = 20260101
# The day the legacy system's export was taken: contributions and ages are as of then.
DEMO_REFERENCE_DATE = date(2026, 1, 1)
# Residents loaded: the first villages of a generated county, whole villages, until there are this many. Each
# resident brings about ten events (enrolled, then one per contribution year) that payout applies one by one, a
# few dozen a second on FerretDB: this number sets how long `make up` takes (500: about two minutes on 2 CPUs).
DEMO_SIZE = int(os.environ.get("PENSION_DEMO_SIZE", "500"))
# How long payout may take to apply the imported histories before the load gives up (a slow laptop, a cold JVM).
CATCH_UP_DEADLINE = 900.0
_PROGRESS_EVERY = 15.0
_POLL_INTERVAL = 0.5

LOADER = Caller("demo-loader", Role.COUNTY_OFFICER)
LOADER_TOKEN_SECONDS = 3600
# How long the printed bearer tokens of the demo users last (the gateway's own sign-in gives the same).
DEMO_TOKEN_SECONDS = 8 * 3600


def loader_metadata(endpoints: Endpoints) -> Sequence[tuple[str, str]]:
    """Who the demo loader is on each gRPC call: the one place that says how it signs in."""
    return bearer_metadata(_signer(endpoints).mint(LOADER, LOADER_TOKEN_SECONDS))


def _signer(endpoints: Endpoints) -> TokenSigner:
    return TokenSigner(SigningKey.from_jwk(endpoints.token_signing_key))


@dataclass(frozen=True)
class ImportResult:
    """What one run of enrolment's migration import reported."""

    imported: int
    contributions: int
    already_imported: int
    already_enrolled: int

    @property
    def events(self) -> int:
        """Events it put in enrolment's outbox: ResidentEnrolled, then ContributionRecorded per contribution."""
        return self.imported + self.contributions


@dataclass(frozen=True)
class AwardTotals:
    months: int
    granted: int
    short_of_years: int
    already_awarded: int


@dataclass(frozen=True)
class DemoSummary:
    residents: int
    contributors: int
    contributions: int
    pensioners_awarded: int
    short_of_years: int | None  # as the last award run of this load found; None when none ran
    award_months: tuple[Month, Month] | None
    younger_events_pending: int
    seconds: float


def demo_county(size: int = DEMO_SIZE) -> County:
    """The generated county the demo residents come from (the generator makes counties of MIN_SIZE and more)."""
    return generate_county(DEMO_SEED, max(size, MIN_SIZE), DEMO_REFERENCE_DATE)


def demo_residents(county: County, size: int = DEMO_SIZE) -> list[ResidentRecord]:
    """The residents of the county's first villages, whole villages, until there are `size` of them."""
    chosen: list[ResidentRecord] = []
    for record in iter_residents(county, DEMO_SEED, county.size, DEMO_REFERENCE_DATE):
        if len(chosen) >= size and record.village_code != chosen[-1].village_code:
            break
        chosen.append(record)
    return chosen


def county_policy(region: str) -> PolicyVersion:
    """The demo region's policy as enrolment seeds it in development (in force since the scheme's start)."""
    return demo_policy(region, datetime(2011, 7, 1, tzinfo=UTC))


def first_month(record: ResidentRecord, region: str, policy: PolicyVersion) -> Month:
    """The first month payout can pay this resident (payout's own rule: after the 60th birthday and enrolment)."""
    candidate = Candidate(record.citizen_id, region, record.birth_date, record.enrolled_on, 0, 0)
    return eligible_month(candidate, policy)


def split_by_pension_age(
    residents: Sequence[ResidentRecord], region: str, policy: PolicyVersion, month: Month
) -> tuple[list[ResidentRecord], list[ResidentRecord]]:
    """Those payout may award by the month after `month` (their histories must reach payout before the award
    runs), and the younger rest."""
    horizon = month.next()
    near: list[ResidentRecord] = []
    younger: list[ResidentRecord] = []
    for record in residents:
        (near if first_month(record, region, policy) <= horizon else younger).append(record)
    return near, younger


def award_months(near: Sequence[ResidentRecord], region: str, policy: PolicyVersion, before: Month) -> list[Month]:
    """The months before `before` in which someone first became payable, oldest first.

    Running the award job in each of them, in order, grants every award in its first month, as a county that ran
    the job monthly did: no award is found late, so none carries back pay it was in fact paid by the legacy system.
    """
    return sorted({m for m in (first_month(r, region, policy) for r in near) if m < before})


# --- the migration import ----------------------------------------------------------------------------------------

_IMPORTED = re.compile(r"^imported: (\d+) residents, (\d+) contributions$", re.MULTILINE)
_ALREADY_IMPORTED = re.compile(r"^already imported earlier \(skipped\): (\d+)$", re.MULTILINE)
_ALREADY_ENROLLED = re.compile(r"^already enrolled on the platform \(not imported\): (\d+)$", re.MULTILINE)


def _private_folder(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)  # mkdir's mode passes through the umask; an older folder may be looser
    return path


def write_legacy_file(path: Path, residents: Sequence[ResidentRecord], policy: PolicyVersion) -> None:
    """The residents as the legacy export (names, ID and card numbers, if synthetic): 0600 from its creation."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        write_legacy_csv(out, residents, policy)


def parse_import_output(text: str) -> ImportResult:
    """The counts from the import's summary on standard output (docs/migration-import.md)."""
    found = [pattern.search(text) for pattern in (_IMPORTED, _ALREADY_IMPORTED, _ALREADY_ENROLLED)]
    imported, already_imported, already_enrolled = found
    if imported is None or already_imported is None or already_enrolled is None:
        raise RuntimeError(f"the migration import printed no summary this loader understands: {text.strip()!r}")
    return ImportResult(
        int(imported.group(1)),
        int(imported.group(2)),
        int(already_imported.group(1)),
        int(already_enrolled.group(1)),
    )


async def run_import(endpoints: Endpoints, path: Path, region: str) -> ImportResult:
    """Enrolment's migration import, as a county officer runs it on the server, with the enrolment service's settings.

    It writes through enrolment's own code into enrolment's database; the running service's outbox relay
    publishes the events. A resident imported before is skipped, so loading twice is harmless.
    """
    environment = {**os.environ, **endpoints.environment, "PENSION_SERVICE_NAME": "enrolment"}
    errors = path.with_name(f"{path.stem}.errors.csv")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "pension_enrolment.entrypoints.cli",
        "import-residents",
        str(path),
        "--pooling-region",
        region,
        "--actor",
        LOADER.user_id,
        "--errors",
        str(errors),
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    text = out.decode()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"the migration import failed (exit {process.returncode}): {err.decode().strip()[-500:]}")
    result = parse_import_output(text)
    if result.already_enrolled:
        raise RuntimeError(
            f"{result.already_enrolled} demo residents were enrolled by an older demo loader, without their "
            f"contributions; to load the county afresh: make down, delete {endpoints.run_dir}, make up"
        )
    if process.returncode == 1:
        raise RuntimeError(f"the migration import refused rows of the demo county; read {errors}")
    return result


# --- waiting for the events to reach payout ---------------------------------------------------------------------


class EventFlow:
    """Offsets on the topics that carry enrolment's events to payout: what is published, what payout applied."""

    def __init__(self, bootstrap: str, topics: Sequence[str], group: str) -> None:
        self.bootstrap = bootstrap
        self.topics = list(topics)
        self.group = group

    async def offsets(self) -> tuple[dict[TopicPartition, int], dict[TopicPartition, int]]:
        """The end offset of each partition, and the offset payout's consumer group has committed there."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, client_id="pension-demo-loader")
        await admin.start()
        try:
            described = await admin.describe_topics(self.topics)
            partitions = [
                TopicPartition(topic["topic"], partition["partition"])
                for topic in described
                for partition in topic["partitions"]
            ]
            committed = await admin.list_consumer_group_offsets(self.group, partitions=partitions)
        finally:
            await admin.close()
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, client_id="pension-demo-loader")
        await consumer.start()
        try:
            ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        finally:
            await consumer.stop()
        # The consumer commits the offset after the last record it applied: equal to the end means all applied.
        return ends, {tp: max(committed[tp].offset, 0) if tp in committed else 0 for tp in partitions}

    async def published(self) -> int:
        ends, _ = await self.offsets()
        return sum(ends.values())

    async def wait(self, *, published_at_least: int, say: Say, deadline: float = CATCH_UP_DEADLINE) -> tuple[int, int]:
        """Polls until `published_at_least` events are on the topics and payout has applied every one of them.

        Returns (events published, seconds waited). Raises TimeoutError, naming how far it got, after `deadline`.
        """
        started = time.monotonic()
        next_word = started + _PROGRESS_EVERY
        while True:
            ends, committed = await self.offsets()
            published = sum(ends.values())
            lag = sum(ends[tp] - committed[tp] for tp in ends)
            if published >= published_at_least and lag == 0:
                return published, int(time.monotonic() - started)
            now = time.monotonic()
            if now - started > deadline:
                raise TimeoutError(
                    f"payout had not applied enrolment's events within {deadline:.0f} s "
                    f"({published} published of {published_at_least} expected, {lag} not applied yet)"
                )
            if now >= next_word:
                waiting = (
                    f"enrolment has published {published:,} of {published_at_least:,} events"
                    if published < published_at_least
                    else f"payout has {lag:,} of them still to apply"
                )
                say(f"  ... {waiting} ({now - started:.0f} s)")
                next_word = now + _PROGRESS_EVERY
            await asyncio.sleep(_POLL_INTERVAL)


# --- the villages' catalogue -------------------------------------------------------------------------------------


def demo_villages(county: County) -> list[enrolment_pb2.Village]:
    """The county's villages as enrolment's catalogue keeps them, each with its committee's position (verification
    checks an agent's visit against it)."""
    townships = {township.division_code: township.name for township in county.townships}
    return [
        enrolment_pb2.Village(
            village_code=village.division_code,
            name=village.name,
            township_code=village.division_code[:9],
            township_name=townships.get(village.township_code, ""),
            pooling_region_code=county.pooling_region,
            position=types_pb2.GeoPoint(latitude_e6=village.latitude_micro, longitude_e6=village.longitude_micro),
        )
        for village in county.villages
    ]


async def load_villages(endpoints: Endpoints, county: County) -> int:
    """Enrolment's LoadVillages with the county's villages (the same request each time: a second load changes
    nothing); returns how many were added or changed, each announced as VillageRegistered."""
    channel = create_channel(endpoints.service_addresses["enrolment"])
    stub = enrolment_service_pb2_grpc.EnrolmentServiceStub(channel)
    try:
        response = await stub.LoadVillages(
            enrolment_service_pb2.LoadVillagesRequest(
                request_id=f"demo-villages-{county.pooling_region}-{DEMO_SEED}",
                pooling_region_code=county.pooling_region,
                villages=demo_villages(county),
                reason="demo county's villages",
            ),
            metadata=loader_metadata(endpoints),
            timeout=300,
        )
    finally:
        await channel.close()
    if response.violations:
        first = response.violations[0]
        raise RuntimeError(f"the demo villages were refused: {first.location} {first.field} {first.reason_code}")
    return int(response.loaded)


# --- awards ----------------------------------------------------------------------------------------------------


async def run_award_months(endpoints: Endpoints, region: str, months: Sequence[Month]) -> AwardTotals:
    """Payout's award job for each month in order (each run is safe to repeat: its request id is the month's)."""
    channel = create_channel(endpoints.service_addresses["payout"])
    stub = payout_service_pb2_grpc.PayoutServiceStub(channel)
    granted = short = already = 0
    try:
        for month in months:
            response = await stub.RunAwards(
                payout_service_pb2.RunAwardsRequest(
                    request_id=f"demo-awards-{region}-{month}", pooling_region_code=region, month=to_year_month(month)
                ),
                metadata=loader_metadata(endpoints),
                timeout=300,
            )
            granted += response.granted
            already += response.already_awarded
            # Each run finds short again everyone still short: the last run's count is how many are short now.
            short = response.short_of_years
    finally:
        await channel.close()
    return AwardTotals(len(months), granted, short, already)


# --- the whole load ----------------------------------------------------------------------------------------------


def _payout_flow(endpoints: Endpoints) -> EventFlow:
    kit = KitSettings.model_fields
    topics = [
        endpoints.environment.get("PENSION_TOPIC_ENROLMENT_RESIDENT", str(kit["topic_enrolment_resident"].default)),
        endpoints.environment.get("PENSION_TOPIC_ENROLMENT_REGION", str(kit["topic_enrolment_region"].default)),
    ]
    group = endpoints.environment.get(
        "PENSION_ENROLMENT_CONSUMER_GROUP", str(PayoutSettings.model_fields["enrolment_consumer_group"].default)
    )
    return EventFlow(endpoints.kafka_bootstrap_servers, topics, group)


@dataclass
class LoadState:
    """How far earlier loads got, kept in the run folder: a `make up` on loaded data redoes nothing.

    Deleting the run folder deletes this with the data; a load of another size starts again (every step is
    safe to repeat, so starting again only costs time).
    """

    size: int = 0
    imported: bool = False
    awards_through: str = ""

    @classmethod
    def read(cls, path: Path, size: int) -> LoadState:
        try:
            data = json.loads(path.read_text())
            state = cls(int(data["size"]), bool(data["imported"]), str(data["awards_through"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(size)
        return state if state.size == size else cls(size)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)) + "\n")


# One demo pensioner in this many has no recent proof of life: overdue, suspended, on the agents' task lists.
DEMO_OVERDUE_EVERY = 10
# Signs of life of the demo's other pensioners are spread over this many recent days (data proofs count if recent).
DEMO_PROOF_SPREAD_DAYS = 80


async def awarded_residents(endpoints: Endpoints, region: str) -> list[str]:
    """The resident ids of the region's awards (every status), page by page."""
    channel = create_channel(endpoints.service_addresses["payout"])
    stub = payout_service_pb2_grpc.PayoutServiceStub(channel)
    found: list[str] = []
    token = ""
    try:
        while True:
            page = await stub.ListAwards(
                payout_service_pb2.ListAwardsRequest(pooling_region_code=region, page_size=1000, page_token=token),
                metadata=loader_metadata(endpoints),
                timeout=300,
            )
            found.extend(award.resident_id for award in page.awards)
            token = page.next_page_token
            if not token:
                return found
    finally:
        await channel.close()


async def certify_pensioners(endpoints: Endpoints, region: str, residents: Sequence[str]) -> tuple[int, int]:
    """Gives the demo's pensioners the proofs of life a running county has: a recent sign of life (a hospital
    visit) for all but one in DEMO_OVERDUE_EVERY, whose award was their last proof; then runs the deadlines job,
    so that those are overdue and suspended now rather than at the next 01:30. Returns (certified, overdue).

    Verification starts each cycle from payout's award event: a pensioner it does not follow yet is waited for.
    Every request id is the resident's, so a second `make up` records nothing twice.
    """
    channel = create_channel(endpoints.service_addresses["verification"])
    stub = verification_service_pb2_grpc.VerificationServiceStub(channel)
    today = today_in_china()
    certified = 0
    try:
        for index, resident_id in enumerate(sorted(residents)):
            if index % DEMO_OVERDUE_EVERY == DEMO_OVERDUE_EVERY - 1:
                continue
            observed_on = today - timedelta(days=index % DEMO_PROOF_SPREAD_DAYS)
            request = verification_service_pb2.RecordDataCertificationRequest(
                request_id=f"demo-proof-{resident_id}",
                resident_id=resident_id,
                source=verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT,
                source_ref=f"DEMO-HIS-{resident_id[-8:]}",
                observed_on=to_calendar_date(observed_on),
                reason="demo: a recent hospital visit",
            )
            deadline = time.monotonic() + CATCH_UP_DEADLINE
            while True:
                try:
                    await stub.RecordDataCertification(request, metadata=loader_metadata(endpoints), timeout=60)
                    break
                except grpc.aio.AioRpcError as error:
                    if error.code() is not grpc.StatusCode.NOT_FOUND or time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.5)  # the award event is on its way to verification
            certified += 1
        ran = await stub.RunCertificationDeadlines(
            verification_service_pb2.RunCertificationDeadlinesRequest(
                request_id="demo-load", pooling_region_code=region, as_of=to_calendar_date(today)
            ),
            metadata=loader_metadata(endpoints),
            timeout=300,
        )
    finally:
        await channel.close()
    return certified, ran.overdue


async def load_county(endpoints: Endpoints, say: Say, *, size: int = DEMO_SIZE) -> DemoSummary:
    """Migrates the county with its histories, lets payout learn them, and runs the award job month by month.

    Those who reach pension age by next month are imported first, and the award runs wait until payout has
    applied their histories; the younger residents are imported last, and payout applies their histories after
    `make up` returns (no award depends on them before then).
    """
    started = time.monotonic()
    county = demo_county(size)
    region = county.pooling_region
    policy = county_policy(region)
    residents = demo_residents(county, size)
    this_month = Month.of(today_in_china())
    near, younger = split_by_pension_age(residents, region, policy, this_month)
    folder = _private_folder(endpoints.run_dir / "demo")
    state_path = folder / "state.json"
    state = LoadState.read(state_path, size)
    younger_events = 0

    # The villages first, with their positions: their events are on the region topic the flow below counts, so
    # they are waited for here, not taken for the import's.
    villages_flow = _payout_flow(endpoints)
    published_before_villages = await villages_flow.published()
    villages = await load_villages(endpoints, county)
    if villages:
        await villages_flow.wait(published_at_least=published_before_villages + villages, say=say)
        say(f"  {villages} villages in enrolment's catalogue, with their committees' positions")

    if not state.imported:
        flow = _payout_flow(endpoints)
        published_before = await flow.published()
        near_file = folder / f"county-{region}-{DEMO_SEED}-{size}-near-pension-age.csv"
        write_legacy_file(near_file, near, policy)
        result = await run_import(endpoints, near_file, region)
        near_file.unlink()
        say(
            f"  migrated {len(near)} residents at or near pension age ({result.imported} new, "
            f"{result.contributions:,} contributions) in {time.monotonic() - started:.0f} s; "
            "waiting for payout to learn their histories ..."
        )
        await flow.wait(published_at_least=published_before + result.events, say=say)

    months = award_months(near, region, policy, this_month)
    to_run = [month for month in months if not state.awards_through or str(month) > state.awards_through]
    awards = await run_award_months(endpoints, region, to_run)
    if to_run:
        state.awards_through = str(to_run[-1])
        state.write(state_path)
        say(
            f"  award job run for {awards.months} months: {awards.granted} granted, {awards.short_of_years} "
            f"short of years ({time.monotonic() - started:.0f} s)"
        )

    awarded = await awarded_residents(endpoints, region)
    certified, overdue = await certify_pensioners(endpoints, region, awarded)
    say(f"  proofs of life: {certified} pensioners certified by a recent sign of life, {overdue} newly overdue")

    if not state.imported:
        younger_file = folder / f"county-{region}-{DEMO_SEED}-{size}-younger.csv"
        write_legacy_file(younger_file, younger, policy)
        younger_events = (await run_import(endpoints, younger_file, region)).events
        younger_file.unlink()
        state.imported = True
        state.write(state_path)
    return DemoSummary(
        residents=len(residents),
        contributors=sum(1 for r in residents if r.contributions),
        contributions=sum(len(r.contributions) for r in residents),
        pensioners_awarded=len(awarded),
        short_of_years=awards.short_of_years if to_run else None,
        award_months=(months[0], months[-1]) if months else None,
        younger_events_pending=younger_events,
        seconds=time.monotonic() - started,
    )


def demo_agent(county: County, residents: Sequence[ResidentRecord]) -> VillageAgent:
    """The demo's village agent: the agent of the demo village with the most pensioners (the first such village on a
    tie), so that their phone shows proof-of-life tasks, face proofs and visits as well as contributors."""
    region = county.pooling_region
    policy = county_policy(region)
    this_month = Month.of(today_in_china())
    pensioners = Counter(r.village_code for r in residents if first_month(r, region, policy) <= this_month)
    villages = list(dict.fromkeys(r.village_code for r in residents))  # in the demo's order
    best = max(villages, key=lambda village: (pensioners[village], -villages.index(village)), default=None)
    return next((agent for agent in county.agents if agent.village_code == best), county.agents[0])


def notice_to_show(county: County, residents: Sequence[ResidentRecord]) -> tuple[str, Month]:
    """The demo agent's village and the last month its residents contributed in: a notice with lines on it."""
    village = demo_agent(county, residents).village_code
    months = [
        Month.of(contribution.paid_on)
        for resident in residents
        if resident.village_code == village
        for contribution in resident.contributions
    ]
    return village, max(months, default=Month.of(today_in_china()))


def demo_users(county: County, residents: Sequence[ResidentRecord]) -> list[tuple[str, Caller]]:
    """One user per role, the village agent being the demo agent (demo_agent)."""
    agent = demo_agent(county, residents)
    return [
        ("village agent", Caller(agent.agent_id.lower(), Role.VILLAGE_AGENT, frozenset({agent.village_code}))),
        ("county officer", Caller("officer-1", Role.COUNTY_OFFICER)),
        ("county approver 1", Caller("approver-1", Role.COUNTY_APPROVER)),
        ("county approver 2", Caller("approver-2", Role.COUNTY_APPROVER)),
        ("auditor", Caller("auditor-1", Role.AUDITOR)),
        ("12333 hotline", Caller("hotline-1", Role.HOTLINE)),
    ]


def _read_passwords(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    pairs = (line.partition("=") for line in path.read_text().splitlines() if not line.startswith("#"))
    return {user: password for user, sep, password in pairs if sep}


def _write_passwords(path: Path, passwords: dict[str, str]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("# The demo users' passwords, made by `make up` for this local stack only.\n")
        out.writelines(f"{user}={password}\n" for user, password in sorted(passwords.items()))


async def ensure_demo_users(endpoints: Endpoints, users: Sequence[Caller]) -> dict[str, str]:
    """Each demo user can sign in (`python -m pension_payout.entrypoints.cli login`, POST /v1/auth/token).

    Returns their passwords.

    What `python -m pension_gateway users add` does, through the gateway's own user store, in this process (a
    command per user would cost seconds each). Passwords are random, made by the first load and kept (mode 600)
    in the run folder, so that they stay the same from one `make up` to the next; a demo user whose password is
    not kept there is given a new one.
    """
    path = endpoints.run_dir / "demo-passwords.env"
    passwords = _read_passwords(path)
    database = endpoints.environment.get("PENSION_MONGO_DATABASE") or "pension_gateway"
    client: AsyncMongoClient[Document] = AsyncMongoClient(endpoints.mongo_uri, tz_aware=True)
    try:
        store = UserStore(client[database][USERS])
        for user in users:
            known = user.user_id in passwords
            password = passwords.setdefault(user.user_id, secrets.token_urlsafe(12))
            try:
                await store.add(user.user_id, user.role, user.villages, password)
            except AlreadyExists:
                if not known:
                    await store.set_password(user.user_id, password)
    finally:
        await client.close()
    _write_passwords(path, passwords)
    return passwords


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def load_demo(endpoints: Endpoints) -> None:
    """Called by `python -m pension_deploy up` once every process is healthy."""
    summary = await load_county(endpoints, _say)
    county = demo_county()
    months = f" (first months {summary.award_months[0]} to {summary.award_months[1]})" if summary.award_months else ""
    short = "" if summary.short_of_years is None else f", {summary.short_of_years} short of years"
    _say(
        f"demo county {county.name} ({county.pooling_region}): {summary.residents:,} residents, "
        f"{summary.contributors:,} with contributions ({summary.contributions:,} in all, {county.reference_date} "
        f"export); {summary.pensioners_awarded:,} pensioners awarded{months}{short} ({summary.seconds:.0f} s)"
    )
    if summary.younger_events_pending:
        _say(
            f"payout is still applying the histories of the younger residents ({summary.younger_events_pending:,} "
            "events, a few minutes); no award of this month depends on them"
        )
    residents = demo_residents(county)
    users = demo_users(county, residents)
    passwords = await ensure_demo_users(endpoints, [caller for _, caller in users])
    signer = _signer(endpoints)
    _say(
        f"demo users (passwords kept in {endpoints.run_dir / 'demo-passwords.env'}; bearer tokens valid 8 hours; "
        "`scripts/uv.sh run python -m pension_payout.entrypoints.cli login --user USER` signs in the payroll command "
        "line):"
    )
    for label, caller in users:
        token = issue_token(signer, caller, DEMO_TOKEN_SECONDS)
        _say(f"  {label:18} {caller.user_id:16} password {passwords[caller.user_id]}  token {token}")
    village, month = notice_to_show(county, residents)
    _say(
        "supervision pages (send a token above as `Authorization: Bearer ...`; the village agent reads their own "
        "village's notice, officers and auditors every one):"
    )
    _say(f"  notice board   {endpoints.gateway_url}/v1/notices/{village}/{month}.html  (and .pdf, or JSON without)")
    _say(f"  disclosure     {endpoints.gateway_url}/v1/disclosure/{county.pooling_region}/{month.year}.html")
