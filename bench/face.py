"""Benchmark: face proofs of life of 3 frames each through the service's use case, against the model's own work on
the same frames.

    python -m bench.face [--size 200]

--size counts frames: size // 3 proofs of 3 frames each (real photographs, pension_deploy.face_photos: obama.jpg
facing the camera, obama2.jpg looking to his right, obama2.jpg mirrored looking to his left), each proof for a
pensioner of its own whose enrolment template (obama.jpg, measured once) and challenge ([TURN_RIGHT, TURN_LEFT],
drawn by the service until it asks exactly that) are made first (not timed), on a FerretDB of its own.

Timed as "ours": FaceService.record_face (service_layer/face.py) for every proof, one after another, as the gRPC
servicer calls it: the token checked, the certification and the sealed template read, the challenge consumed,
each frame decoded within limits and measured once, the frames stored in GridFS, the domain's decision, and the
proof with its CertificationPassed event written through the unit of work. The floor, in the same run, is the
model's own work on the same frames: dlib's face detection, 68 landmarks and 128-number descriptor of each frame,
already decoded to pixels (not timed), nothing else; measured after each proof, so that both see the same load
of a shared machine. ratio = floor / ours; items = frames (3 x proofs, so --size 200 times 198 frames).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps
from pymongo import AsyncMongoClient

from bench.floors import house_line
from pension_contracts.policy import policy_message
from pension_deploy.face_photos import photos
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, ensure_indexes
from pension_kit.outbox import outbox_indexes
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_verification.adapters.certification_repository import CertificationRepository
from pension_verification.adapters.face_model import DlibFaceModel, decode_image, load_face_model
from pension_verification.adapters.face_templates import FaceTemplates
from pension_verification.adapters.liveness_challenges import LivenessChallenges
from pension_verification.adapters.photo_store import PhotoStore
from pension_verification.adapters.resident_villages import ResidentVillages
from pension_verification.adapters.store import CERTIFICATIONS, INDEXES
from pension_verification.config import VerificationSettings
from pension_verification.domain.liveness import Action
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.face import FaceService
from pension_verification.service_layer.proofs import ProofService

REGION = "411723"
VILLAGE = "411723101201"
TOPIC = "pension.verification.resident.v1"
FRAMES_PER_PROOF = 3
AGENT = Caller("bench-agent", Role.VILLAGE_AGENT, frozenset({VILLAGE}))
WANTED = (Action.TURN_RIGHT, Action.TURN_LEFT)


def _ignore(collection: str, ids: object) -> None:
    return None  # no relay runs here: the events stay in the outbox


def frames() -> list[bytes]:
    """Front, his right, his left: [TURN_RIGHT, TURN_LEFT] shown."""
    found = photos()
    out = io.BytesIO()
    ImageOps.mirror(Image.open(io.BytesIO(found["obama2.jpg"])).convert("RGB")).save(out, "JPEG", quality=92)
    return [found["obama.jpg"], found["obama2.jpg"], out.getvalue()]


def model_work(model: DlibFaceModel, pixels: list[npt.NDArray[np.uint8]]) -> float:
    """Seconds of the model's own work on decoded frames: detection, 68 landmarks and the descriptor of each,
    nothing else (dlib's objects as the adapter loaded them, with its upsampling)."""
    started = time.perf_counter()
    for image in pixels:
        (box,) = model._detector(image, model.upsample)
        shape = model._predictor(image, box)
        model._recogniser.compute_face_descriptor(image, shape)
    return time.perf_counter() - started


async def bench(mongo_uri: str, size: int) -> None:
    proofs = size // FRAMES_PER_PROOF
    images = frames()
    settings = VerificationSettings(mongo_uri=mongo_uri)
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
    try:
        database = client[f"bench_face_{uuid.uuid4().hex[:8]}"]
        await ensure_indexes(database, [*INDEXES, *outbox_indexes(CERTIFICATIONS)])
        repository = CertificationRepository(database)
        await repository.record_policy(policy_message(demo_policy(REGION, datetime(2011, 1, 1, tzinfo=UTC))))
        proof_service = ProofService(repository, topic=TOPIC, notify_relay=_ignore, data_max_age_days=90)
        templates = FaceTemplates(database, PersonalDataVault.from_settings(settings))
        model = load_face_model()
        face = FaceService(
            repository,
            proofs=proof_service,
            templates=templates,
            challenges=LivenessChallenges(database),
            photos=PhotoStore(database),
            villages=ResidentVillages(database),
            model=load_face_model,
            challenge_key=settings.liveness_challenge_key,
            challenge_ttl=timedelta(hours=1),
            topic=TOPIC,
            notify_relay=_ignore,
        )
        seeding = time.perf_counter()
        enrolment = model.measure(photos()["obama.jpg"])
        assert enrolment.descriptor is not None
        cycle = CycleService(repository, topic=TOPIC, notify_relay=_ignore)
        tokens: list[tuple[str, str]] = []
        for index in range(proofs):
            resident = f"RBENCH{index:06d}"
            await cycle.start(
                f"award-{resident}",
                resident_id=resident,
                award_id=f"AW-{resident}",
                pooling_region_code=REGION,
                village_code=VILLAGE,
                first_month=Month.of(today_in_china()),
            )
            await templates.replace(
                resident,
                enrolment.descriptor,
                model=model.model,
                photo_ref=f"EP-bench-{index}",
                request_id=f"enrol-{index}",
                created_at=datetime.now(UTC),
            )
            while True:
                issued = await face.issue_liveness_challenge(resident, caller=AGENT)
                if issued.challenge.actions == WANTED:
                    tokens.append((resident, issued.token))
                    break
        print(f"seeded {proofs} pensioners with templates and challenges in {time.perf_counter() - seeding:.1f} s")

        # The floor's frames decoded as the adapter decodes them (upright, scaled to its measure side): not timed.
        pixels = [np.asarray(decode_image(data, model.limits).rgb, dtype=np.uint8) for data in images]
        # One proof through ours, then the model's work on the same frames, and so on: both see the same load of
        # a machine that is shared (the difference is what the service adds, not what the neighbours did).
        ours = floor = 0.0
        passed = 0
        for index, (resident, token) in enumerate(tokens):
            started = time.perf_counter()
            answer = await face.record_face(
                resident, request_id=f"proof-{index}", challenge_token=token, frames=images, caller=AGENT
            )
            ours += time.perf_counter() - started
            passed += answer.passed
            floor += model_work(model, pixels)
        assert passed == proofs, f"{passed} of {proofs} proofs passed"
    finally:
        await client.close()
    items = proofs * FRAMES_PER_PROOF
    print(f"ours (FaceService.record_face, {proofs} proofs of 3 frames): {ours:.3f} s, {items / ours:.2f} frames/s")
    print(f"floor (dlib detection + landmarks + descriptor per frame): {floor:.3f} s, {items / floor:.2f} frames/s")
    print(house_line("face", ours, floor, items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200, help="frames, 3 a proof (default 200: 66 proofs)")
    args = parser.parse_args()
    if args.size < FRAMES_PER_PROOF:
        parser.error(f"--size counts frames: at least {FRAMES_PER_PROOF}, one proof")
    installation = ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-face-") as folder:
        database = FerretDB(installation.ferretdb_binary, Path(folder) / "ferretdb", free_port())
        database.start()
        try:
            asyncio.run(bench(database.mongo_uri, args.size))
        finally:
            database.stop()


if __name__ == "__main__":
    main()
