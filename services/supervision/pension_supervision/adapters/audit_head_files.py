"""The signed daily head files: one JSON file per day in the heads folder, written whole (temporary file, fsync,
rename), 0600 in a 0700 folder, and read back with their signatures checked."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pension_supervision.domain.audit_heads import DayHead, ForgedHead, read_head

FILE_MODE: Final = 0o600
FOLDER_MODE: Final = 0o700
PREFIX: Final = "audit-head-"


class HeadFileError(Exception):
    """A head file that is not genuine: its name and why."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path.name}: {why}")
        self.path = path
        self.why = why


class AuditHeadFiles:
    def __init__(self, folder: Path, public_key: Ed25519PublicKey) -> None:
        self.folder = folder
        self._public_key = public_key

    def path_of(self, head: DayHead) -> Path:
        return self.folder / f"{PREFIX}{head.day.isoformat()}.json"

    def exists(self, head: DayHead) -> bool:
        return self.path_of(head).exists()

    def write(self, head: DayHead) -> Path:
        """Writes the day's file whole: a reader sees the old file, or none, or the new one, never a part."""
        self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        os.chmod(self.folder, FOLDER_MODE)  # mkdir's mode passes through the umask; an older folder may be 0755
        final = self.path_of(head)
        partial = final.with_suffix(".partial")
        # O_NOFOLLOW refuses to write through a symbolic link planted in place of the file; fchmod because a
        # partial file left by an interrupted run keeps its mode.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | os.O_NOFOLLOW, FILE_MODE)
        with os.fdopen(fd, "wb") as stream:
            os.fchmod(fd, FILE_MODE)
            stream.write(json.dumps(head.to_json(), sort_keys=True, indent=1).encode() + b"\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, final)
        with contextlib.suppress(OSError):  # the rename itself survives a power cut once the folder is synced
            folder_fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(folder_fd)
            finally:
                os.close(folder_fd)
        return final

    def read_all(self) -> list[DayHead]:
        """Every published head, oldest first; HeadFileError for the first file that is not genuine (a forged or
        damaged file is never trusted, nor quietly passed over)."""
        if not self.folder.exists():
            return []
        heads = []
        for path in sorted(self.folder.glob(f"{PREFIX}*.json")):
            try:
                document = json.loads(path.read_bytes())
                head = read_head(document, self._public_key)
            except (ValueError, ForgedHead) as exc:
                raise HeadFileError(path, str(exc)) from None
            if path != self.path_of(head):
                raise HeadFileError(path, f"holds the head of {head.day.isoformat()}")
            heads.append(head)
        return heads
