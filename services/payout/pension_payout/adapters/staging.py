"""A run's payments staged on disk at preparation, so that the export reads one file instead of the database.

The database stays the truth: the run records the staged file's line count, total and SHA-256, and an
export that finds the file missing or different (another host, a lost disk, an interrupted prepare)
rebuilds it from the payments themselves. Card numbers and names stay sealed in the staged file; they
are opened only into the bank's batch file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import socket
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

from pension_payout.adapters.private_files import open_private, private_folder
from pension_payout.domain.payroll import Payment, StagedSummary

STAGED_FILE: Final = "staged-payments.jsonl"
# A partial file this old was left by a pass that was killed: no preparation runs this long.
ABANDONED_AFTER_SECONDS: Final = 6 * 3600


def _sealed(document: Mapping[str, Any]) -> dict[str, str]:
    return {
        "key_id": document["key_id"],
        "nonce": base64.b64encode(document["nonce"]).decode(),
        "ciphertext": base64.b64encode(document["ciphertext"]).decode(),
    }


def unseal_document(staged: dict[str, str]) -> dict[str, Any]:
    """A staged sealed value back in the stored form (bytes), for PersonalDataVault.open."""
    return {
        "key_id": staged["key_id"],
        "nonce": base64.b64decode(staged["nonce"]),
        "ciphertext": base64.b64decode(staged["ciphertext"]),
    }


def staged_line(payment: Payment) -> dict[str, Any]:
    """What the export needs of a payment."""
    assert payment.sealed_name is not None, "a payment to pay is read with its sealed name"
    bank = payment.bank_account
    return {
        "payment_id": payment.payment_id,
        "month": str(payment.month),
        "kind": payment.kind,
        "amount_fen": payment.amount_fen,
        "batch_id": payment.batch_id,
        "bank_code": bank.bank_code,
        "bank_name": bank.bank_name,
        "sealed_name": _sealed(payment.sealed_name),
        "sealed_card_number": _sealed(bank.sealed_card_number),
    }


class StagingWriter:
    """Writes staged lines beside the final name; `finish` makes the file whole in one rename.

    The lines carry sealed values, yet name the payments and banks: the file is 0600 in a 0700 folder, like the
    bank files beside it.
    """

    def __init__(self, folder: Path) -> None:
        private_folder(folder)
        _remove_abandoned(folder)
        self.final = folder / STAGED_FILE
        # A name of this pass's own: two passes at once (two instances asked together) each write their own file,
        # and the last rename wins whole; the run's recorded digest then tells the export whether to trust it.
        self.partial = folder / f"{STAGED_FILE}.{_HOST}~{os.getpid()}~{secrets.token_hex(4)}.partial"
        self._stream: IO[bytes] = open_private(self.partial)  # closed by finish/abandon
        self._digest = hashlib.sha256()
        self._count = 0
        self._total = 0

    def add(self, payment: Payment) -> None:
        data = json.dumps(staged_line(payment), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        self._stream.write(data)
        self._digest.update(data)
        self._count += 1
        self._total += payment.amount_fen

    def finish(self) -> StagedSummary:
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        os.replace(self.partial, self.final)
        return StagedSummary(self._count, self._total, self._digest.hexdigest())

    def abandon(self) -> None:
        self._stream.close()
        self.partial.unlink(missing_ok=True)


_HOST: Final = socket.gethostname().replace("~", "-")


def _remove_abandoned(folder: Path) -> None:
    """Partial staged files of passes that were killed: those written on this host by a process no longer running
    (a restarted instance), and any older than a preparation ever takes (another host's). A live pass's file stays."""
    now = time.time()
    for path in folder.glob(f"{STAGED_FILE}.*.partial"):
        host, _, rest = path.name.removeprefix(f"{STAGED_FILE}.").rpartition("~")[0].rpartition("~")
        pid = int(rest) if rest.isdigit() else 0
        with contextlib.suppress(FileNotFoundError):
            if (host == _HOST and pid and not _running(pid)) or now - path.stat().st_mtime > ABANDONED_AFTER_SECONDS:
                path.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def read_staged(folder: Path, expected: StagedSummary | None) -> Iterator[dict[str, Any]] | None:
    """The staged lines if the file is there and is exactly what the run recorded; None otherwise."""
    path = folder / STAGED_FILE
    if expected is None or not path.is_file():
        return None
    digest = hashlib.sha256()
    count = 0
    with open(path, "rb") as stream:
        for data in stream:
            digest.update(data)
            count += 1
    if digest.hexdigest() != expected.sha256 or count != expected.count:
        return None
    return _lines(path)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as stream:
        for data in stream:
            yield json.loads(data)
