"""Shared fixtures: the repository's folders and the `sesame` binary."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (tests run scenarios from it by relative path)."""
    return ROOT


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    # Scenario paths in messages and relative edge lists read as in the README.
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def sesame_bin() -> Path:
    """The `sesame` command-line binary to compare against.

    SESAME_BIN names it (CI sets it, and then it must exist); otherwise the
    release build at target/release/sesame is used if present, and the
    comparisons are skipped, saying why, if not.
    """
    named = os.environ.get("SESAME_BIN")
    if named:
        path = Path(named)
        if not path.is_absolute():
            path = ROOT / path
        assert path.is_file(), f"SESAME_BIN={named}: no such file"
        return path
    built = ROOT / "target" / "release" / "sesame"
    if built.is_file():
        return built
    pytest.skip("no sesame binary: run `cargo build --release` at the repository root, or set SESAME_BIN")


def run_cli(binary: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs the sesame binary from the repository root; fails the test on a non-zero exit."""
    done = subprocess.run([str(binary), *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"sesame {' '.join(args)} exited {done.returncode}:\n{done.stderr}"
    return done
