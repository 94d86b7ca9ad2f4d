"""Bank files and staged payments are the service user's alone: 0600 files in 0700 folders, whatever the umask."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pension_payout.adapters.private_files import open_private, private_folder, tighten_tree
from pension_payout.adapters.staging import STAGED_FILE, StagingWriter


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The loosest umask: the modes asserted below cannot come from it."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_new_file_is_private_before_a_byte_is_written(tmp_path: Path) -> None:
    path = tmp_path / "PR-411731-202612-103.txt.partial"
    with open_private(path) as stream:
        assert mode(path) == 0o600
        stream.write(b"H|PENSION-BATCH|1\n")
    assert mode(path) == 0o600


def test_a_partial_file_left_readable_by_an_older_version_is_truncated_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "PR-411731-202612-103.txt.partial"
    path.write_bytes(b"half of an old batch file\n")
    os.chmod(path, 0o644)
    with open_private(path) as stream:
        assert mode(path) == 0o600
        assert path.read_bytes() == b""
        stream.write(b"new\n")
    assert path.read_bytes() == b"new\n"


def test_a_symbolic_link_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not ours to overwrite\n")
    link = tmp_path / "PR-411731-202612-103.txt.partial"
    link.symlink_to(elsewhere)
    with pytest.raises(OSError) as raised:
        open_private(link)
    assert raised.value.errno == errno.ELOOP
    assert elsewhere.read_bytes() == b"not ours to overwrite\n"


def test_folders_are_created_0700_and_an_existing_one_is_tightened(tmp_path: Path) -> None:
    shared = tmp_path / "var"
    shared.mkdir(mode=0o755)
    run = shared / "bank-files" / "PR-411731-202612"
    private_folder(run)
    assert mode(shared) == 0o755  # a folder above, that existed already, is not ours to change
    assert mode(shared / "bank-files") == 0o700
    assert mode(run) == 0o700
    os.chmod(run, 0o755)
    private_folder(run)
    assert mode(run) == 0o700


def test_staged_payments_are_written_0600_in_a_0700_folder(tmp_path: Path) -> None:
    folder = tmp_path / "bank-files" / "PR-411731-202612"
    writer = StagingWriter(folder)
    assert mode(folder) == 0o700
    assert mode(writer.partial) == 0o600
    writer.finish()
    assert mode(folder / STAGED_FILE) == 0o600


def test_two_preparations_at_once_each_stage_whole_and_the_last_one_stands(tmp_path: Path) -> None:
    folder = tmp_path / "bank-files" / "PR-411731-202612"
    first, second = StagingWriter(folder), StagingWriter(folder)  # two instances asked to prepare together
    assert first.partial != second.partial
    first.finish()
    second.finish()  # with one shared partial name, the first rename took the second pass's file from under it
    assert sorted(path.name for path in folder.iterdir()) == [STAGED_FILE]


def test_partial_staged_files_of_killed_passes_are_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    folder = tmp_path / "bank-files" / "PR-411731-202612"
    folder.mkdir(parents=True)
    host = socket.gethostname()
    killed_here = folder / f"{STAGED_FILE}.{host}~{_ended_pid()}~0a0b0c0d.partial"
    killed_elsewhere_long_ago = folder / f"{STAGED_FILE}.other-host~4242~0a0b0c0e.partial"
    writing_here = folder / f"{STAGED_FILE}.{host}~{os.getpid()}~0e0f1011.partial"
    writing_elsewhere = folder / f"{STAGED_FILE}.other-host~4243~0e0f1012.partial"
    for path in (killed_here, killed_elsewhere_long_ago, writing_here, writing_elsewhere):
        path.write_bytes(b"{}\n")
    day_ago = killed_elsewhere_long_ago.stat().st_mtime - 24 * 3600
    os.utime(killed_elsewhere_long_ago, (day_ago, day_ago))
    StagingWriter(folder).abandon()
    assert not killed_here.exists() and not killed_elsewhere_long_ago.exists()
    assert writing_here.exists() and writing_elsewhere.exists()


def _ended_pid() -> int:
    """The pid of a process that ran and ended (waited for): no process has it now, barring reuse."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_files_written_before_are_closed_at_start(tmp_path: Path) -> None:
    root = tmp_path / "bank-files"
    old_run = root / "PR-411731-202611"
    old_run.mkdir(parents=True, mode=0o755)
    os.chmod(root, 0o755)
    (old_run / "PR-411731-202611-103.txt").write_bytes(b"names and card numbers\n")
    os.chmod(old_run / "PR-411731-202611-103.txt", 0o644)
    (old_run / STAGED_FILE).write_bytes(b"{}\n")
    os.chmod(old_run / STAGED_FILE, 0o600)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not a bank file\n")
    os.chmod(outside, 0o644)
    (old_run / "a-link").symlink_to(outside)

    assert tighten_tree(root) == 2  # the run folder and the batch file; the root is tightened as well
    assert mode(root) == 0o700
    assert mode(old_run) == 0o700
    assert mode(old_run / "PR-411731-202611-103.txt") == 0o600
    assert mode(outside) == 0o644  # a link is neither followed nor changed
    assert tighten_tree(root) == 0
