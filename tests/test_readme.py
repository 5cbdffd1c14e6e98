"""Every example of the README runs as written, in a fresh copy of the repository.

Blocks fenced as ```bash and ```python are run, in order, in one scratch copy of the tracked
files (as a fresh clone would have them), with ``frontmap`` meaning this checkout's command.
The set-up commands, fenced as ```shell, are not run here: they install packages and run
this very test suite. Nothing in the run may use the network.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(bash|python)\n(.*?)^```$", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_is_short_and_its_setup_is_two_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    setup = re.findall(r"^```shell\n(.*?)^```$", text, re.S | re.M)
    assert [command.strip() for command in setup] == ['pip install -e ".[dev]" && frontmap demo', "python3 -m pytest"]
    for name in re.findall(r"(?:examples|docs)/[\w./-]+\.\w+", text):
        assert (ROOT / name).exists(), f"the README names {name}, which is not in the repository"


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory) -> Path:
    """The tracked files of this checkout, copied as a clone would have them, and a `frontmap` on PATH."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    copy = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    bin_dir = copy / ".test-bin"
    bin_dir.mkdir()
    (bin_dir / "frontmap").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m frontmap.cli "$@"\n')
    (bin_dir / "frontmap").chmod(0o755)
    return copy


@pytest.mark.parametrize("number", range(len(blocks())))
def test_readme_block_runs(number, fresh_copy):
    language, code = blocks()[number]
    env = {**os.environ, "PYTHONPATH": str(fresh_copy),
           "PATH": f"{fresh_copy / '.test-bin'}{os.pathsep}{os.environ['PATH']}"}
    command = ["bash", "-euo", "pipefail", "-c", code] if language == "bash" else [sys.executable, "-c", code]
    run = subprocess.run(command, cwd=fresh_copy, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"README block {number + 1} ({language}) failed:\n{code}\n{run.stderr[-3000:]}"
    assert "Traceback" not in run.stderr
