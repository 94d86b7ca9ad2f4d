"""Files holding names and card numbers (bank batch files, staged payments): 0600 in 0700 folders, any umask."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path
from typing import BinaryIO, Final

log = logging.getLogger(__name__)

FILE_MODE: Final = 0o600
FOLDER_MODE: Final = 0o700


def private_folder(path: Path) -> Path:
    """`path` as a folder only its owner can open: missing folders on the way are created 0700, `path` is set 0700.

    Folders above `path` that exist already are left as they are (they may be shared, like /var); `path` itself is
    tightened, since a folder created earlier by hand or by an older version may be 0755.
    """
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        if at.parent == at:
            break
        at = at.parent
    for folder in reversed(missing):
        # Made meanwhile by another writer of the same run: tightened below all the same.
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=FOLDER_MODE)
        # mkdir's mode passes through the umask, which may take the owner's own bits away.
        os.chmod(folder, FOLDER_MODE)
    os.chmod(path, FOLDER_MODE)
    return path


def open_private(path: Path) -> BinaryIO:
    """`path` opened for writing from its start, readable and writable by its owner alone before a byte is written.

    The mode given to O_CREAT passes through the umask, and a file that existed (a partial file left by an
    interrupted run of an older version) keeps the mode it had: hence the fchmod. O_NOFOLLOW refuses to write
    through a symbolic link planted in place of the file.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


def tighten_tree(root: Path) -> int:
    """Makes `root` and every folder under it 0700 and every file 0600; returns how many it had to change.

    Run when the service starts: bank files written before this rule (mode 0644) are closed to other users.
    Symbolic links are neither followed nor changed.
    """
    private_folder(root)
    changed = 0
    for folder, folders, files in os.walk(root):
        for name, wanted in [(name, FOLDER_MODE) for name in folders] + [(name, FILE_MODE) for name in files]:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == wanted:
                    continue
                os.chmod(path, wanted)
            except OSError as error:
                # Another user's file, or one removed meanwhile: named in the log; the service still starts, and
                # the folder above is already closed to other users.
                log.error("bank files folder %s: cannot set the mode of %s: %s", root, path, error)
                continue
            changed += 1
    if changed:
        log.warning("bank files folder %s: closed %d files and folders to other users", root, changed)
    return changed
