"""The project's scripts on a fresh machine: code generation never damages the tree, no command assumes a bare uv."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _copy_of_the_generator(tmp_path: Path) -> Path:
    """The generator script, uv.sh and the contracts with their checked-in code, in a folder of their own."""
    copy = tmp_path / "project"
    (copy / "scripts").mkdir(parents=True)
    for script in ("gen-protos.sh", "uv.sh"):
        shutil.copy2(ROOT / "scripts" / script, copy / "scripts" / script)
    shutil.copytree(ROOT / "protos", copy / "protos", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _generate(copy: Path) -> subprocess.CompletedProcess[str]:
    # The copy has no project of its own: uv runs the generator from this checkout's environment.
    environment = {**os.environ, "UV_PROJECT": str(ROOT)}
    return subprocess.run(
        ["bash", "scripts/gen-protos.sh"], cwd=copy, env=environment, capture_output=True, text=True, timeout=300
    )


def test_a_failed_generation_leaves_the_checked_in_code_as_it_was(tmp_path: Path) -> None:
    copy = _copy_of_the_generator(tmp_path)
    before = _tree_digest(copy / "protos" / "gen")
    broken = copy / "protos" / "pension" / "common" / "v1" / "types.proto"
    broken.write_text(broken.read_text() + "\nmessage Broken { this is not protobuf }\n")

    result = _generate(copy)

    assert result.returncode != 0, result.stdout + result.stderr
    assert _tree_digest(copy / "protos" / "gen") == before


def test_a_successful_generation_reproduces_the_checked_in_code(tmp_path: Path) -> None:
    copy = _copy_of_the_generator(tmp_path)
    before = _tree_digest(copy / "protos" / "gen")

    result = _generate(copy)

    assert result.returncode == 0, result.stdout + result.stderr
    assert _tree_digest(copy / "protos" / "gen") == before
    assert not list((copy / "protos" / "gen").glob("pension.old"))


# A command that runs uv, or one of our modules with a bare python, fails on a machine with no uv on PATH:
# every command a document or script shows goes through the project's own scripts/uv.sh (or make).
_BARE_UV = re.compile(r"(?:^|[\s`(;&|])uv\s+(?:run|sync|add|lock|pip)\b")
_OUR_MODULE = re.compile(r"python3?\s+-m\s+(?:pension_|bench\.)")
_THROUGH_UV_SH = re.compile(r"(?:scripts/uv\.sh|\$\(UV\))\s+run(?:\s+--frozen)?\s+$")


def _bare_commands(line: str) -> bool:
    if _BARE_UV.search(line):
        return True
    return any(not _THROUGH_UV_SH.search(line[: match.start()]) for match in _OUR_MODULE.finditer(line))


def test_scripts_and_documents_call_only_what_the_project_installs() -> None:
    documents = [ROOT / "README.md", ROOT / "Makefile", *ROOT.glob("docs/*.md"), *ROOT.glob("deploy/*.md")]
    scripts = [*ROOT.glob("scripts/*.sh"), *ROOT.glob("deploy/local/*.sh"), ROOT / ".ci" / "run"]
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in documents + scripts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if _bare_commands(line)
    ]
    assert offending == []
