"""`sesame.run(...).save(folder)` writes the folder `sesame run` writes, byte
for byte (the manifest aside: wall time, threads and command differ), and
the in-memory tables are the CSV files."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sesame

from conftest import run_cli

# Each case: a scenario and the changes given both ways. Together they cover
# a generated network with charts, an edge-list file (copied into the run
# folder), events changing parameters, and the tie-event log.
CASES = {
    "baseline": ("scenarios/baseline.toml", {"seed": 11, "ticks": 40}, {"population.size": 3000}, True),
    "karate-club": ("scenarios/karate-club.toml", {"ticks": 30}, {}, False),
    "social-credit-2020": (
        "scenarios/social-credit-2020.toml",
        {"ticks": 60},
        {"population.size": 2000, "output.tie_events": True, "output.metrics_every": 7},
        False,
    ),
}


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_saved_run_equals_the_command_line(case, sesame_bin, tmp_path):
    scenario, flags, sets, charts = CASES[case]
    args = ["run", scenario, "--out", str(tmp_path / "cli"), "--quiet"]
    for flag, value in flags.items():
        args += [f"--{flag}", str(value)]
    for key, value in sets.items():
        args += ["--set", f"{key}={str(value).lower() if isinstance(value, bool) else value}"]
    if not charts:
        args.append("--no-charts")
    run_cli(sesame_bin, *args)

    result = sesame.run(scenario, threads=2, **flags, **{k: v for k, v in sets.items()})
    saved = result.save(tmp_path / "py", charts=charts)
    assert saved == tmp_path / "py"

    cli, py = files(tmp_path / "cli"), files(tmp_path / "py")
    assert sorted(cli) == sorted(py)
    assert "metrics.csv" in cli and "edges.csv" in cli
    if charts:
        assert "report.html" in cli and any(name.startswith("charts/") for name in cli)
    if sets.get("output.tie_events"):
        assert "events.csv" in cli and len(cli["events.csv"].splitlines()) > 1
    if case == "karate-club":
        assert "network.csv" in cli
    different = [name for name in cli if name != "manifest.json" and cli[name] != py[name]]
    assert different == []

    manifests = [json.loads(m[ "manifest.json"]) for m in (cli, py)]
    for m in manifests:
        del m["wall_seconds"], m["command"], m["threads"]
    assert manifests[0] == manifests[1]
    assert manifests[1]["complete"] is True

    # The tables in memory are the files.
    for table in ("metrics", "tiers", "groups", "citizens", "edges"):
        from_file = pd.read_csv(tmp_path / "py" / f"{table}.csv", keep_default_na=False, na_values=[""])
        in_memory = getattr(result, table)
        assert list(in_memory.columns) == list(from_file.columns), table
        pd.testing.assert_frame_equal(in_memory, from_file, check_dtype=False, check_exact=True, obj=table)
    if sets.get("output.tie_events"):
        from_file = pd.read_csv(tmp_path / "py" / "events.csv")
        pd.testing.assert_frame_equal(result.events, from_file, check_dtype=False, check_exact=True)
    else:
        assert result.events is None
    assert result.scenario == (tmp_path / "py" / "scenario.toml").read_text() or case == "karate-club"


def test_dtypes_are_fixed_by_column_not_by_values():
    result = sesame.run("scenarios/baseline.toml", ticks=3, **{"population.size": 500})
    m = result.metrics
    assert m["tick"].dtype == np.int64
    assert all(m[c].dtype == np.float64 for c in m.columns if c != "tick")
    c = result.citizens
    for column in ("id", "label", "degree", "initial_degree", "sanctions", "wrongful_sanctions", "reports_made"):
        assert c[column].dtype == np.int64, column
    for column in ("group", "employment", "tier"):
        assert pd.api.types.is_string_dtype(c[column]), column
    assert list(c["id"]) == list(range(500))
    assert result.edges.dtypes.tolist() == [np.int64, np.int64]
    assert (result.edges["source"] < result.edges["target"]).all()


def test_refuses_to_overwrite_unless_forced(tmp_path):
    result = sesame.run("scenarios/baseline.toml", ticks=2, **{"population.size": 300})
    folder = tmp_path / "run"
    result.save(folder, charts=False)
    with pytest.raises(ValueError, match=r"folder exists and is not empty.*pass force=True to replace it"):
        result.save(folder, charts=False)
    # A user's file is never deleted, even with force.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(ValueError):
        result.save(mine, force=True, charts=False)
    assert (mine / "notes.txt").read_text() == "mine"
    before = (folder / "metrics.csv").read_bytes()
    result.save(folder, force=True, charts=False)
    assert (folder / "metrics.csv").read_bytes() == before
    with pytest.raises(ValueError, match="chart_format"):
        result.save(tmp_path / "other", chart_format="gif")
