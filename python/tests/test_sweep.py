"""Sweeps from Python: the tables `sesame sweep` writes, from a file or a dict."""

import csv
import io

import pandas as pd
import pytest

import sesame

from conftest import run_cli

SWEEP = """
description = "test"
base = "../scenarios/baseline.toml"
replicates = 2
[parameters]
"score.friend_weight" = [0.0, 0.3]
"ties.cut_rate" = { from = 0.1, to = 0.2, steps = 2 }
[overrides]
ticks = 12
"population.size" = 400
"output.metrics_every" = 4
"""


def without_wall_time(text: bytes) -> list:
    rows = list(csv.reader(io.StringIO(text.decode())))
    assert rows[0][-1] == "wall_seconds"
    return [row[:-1] for row in rows]


def test_a_sweep_file_gives_the_tables_of_sesame_sweep(root, tmp_path, sesame_bin):
    path = root / "target" / "python-test-sweep.toml"
    path.write_text(SWEEP)
    try:
        run_cli(sesame_bin, "sweep", str(path), "--out", str(tmp_path / "cli"), "--quiet")
        kept = sesame.sweep(path, threads=2, out=tmp_path / "py")
        runs, results, summary = sesame.sweep(path)
    finally:
        path.unlink()
    cli, py = tmp_path / "cli", tmp_path / "py"
    assert kept.folder == py and kept.complete
    assert kept.parameters == ["score.friend_weight", "ties.cut_rate"]
    assert len(kept.runs) == 8 and set(kept.runs["status"]) == {"ok"}
    for name in ("results.csv", "summary.csv", "sweep.toml"):
        assert (py / name).read_bytes() == (cli / name).read_bytes(), name
    assert without_wall_time((py / "runs.csv").read_bytes()) == without_wall_time((cli / "runs.csv").read_bytes())
    # The tables returned are the files, and a temporary folder gives the same.
    for table, name in ((kept.results, "results.csv"), (kept.summary, "summary.csv"), (kept.runs, "runs.csv")):
        pd.testing.assert_frame_equal(table, pd.read_csv(py / name), check_dtype=False, check_exact=True)
    pd.testing.assert_frame_equal(results, kept.results, check_exact=True)
    pd.testing.assert_frame_equal(summary, kept.summary, check_exact=True)
    assert list(runs["seed"]) == list(kept.runs["seed"])
    # One row per run and recorded tick (0, 4, 8, 12).
    assert len(results) == 8 * 4
    # Two replicates a point, or none where a measure is undefined (NaN).
    assert set(summary["n"]) == {0, 2}
    assert set(summary[summary["measure"] == "score_mean"]["n"]) == {2}


def test_a_sweep_given_as_a_dict():
    result = sesame.sweep(
        {
            "base": "scenarios/baseline.toml",
            "replicates": 2,
            "parameters": {"score.friend_weight": [0.0, 0.4]},
            "overrides": {"ticks": 6, "population.size": 300},
        },
        threads=1,
    )
    assert result.folder is None and result.name == "sweep"
    runs, results, summary = result
    assert list(runs["score.friend_weight"]) == [0.0, 0.0, 0.4, 0.4]
    # Replicate r shares its seed across points (common random numbers).
    assert list(runs["seed"][:2]) == list(runs["seed"][2:])
    last = summary[(summary["tick"] == 6) & (summary["measure"] == "score_mean")]
    assert len(last) == 2
    # The summary's mean is the mean over the replicates in results.
    for _, row in last.iterrows():
        at = results[(results["tick"] == 6) & (results["score.friend_weight"] == row["score.friend_weight"])]
        assert row["mean"] == pytest.approx(at["score_mean"].mean(), rel=1e-12)


def test_a_bad_sweep_lists_every_problem():
    with pytest.raises(sesame.ScenarioError) as caught:
        sesame.sweep({"base": "scenarios/baseline.toml", "replicates": 0, "colour": 1,
                      "parameters": {"score.frend_weight": [0.1]}})
    problems = caught.value.problems
    assert len(problems) >= 3, problems
    assert all(p.startswith("<dict>: ") for p in problems)
    assert any("colour" in p for p in problems)
    assert any("frend_weight" in p for p in problems)
    with pytest.raises(sesame.ScenarioError, match="cannot read the sweep file"):
        sesame.sweep("scenarios/sweeps/no-such.toml")


def test_a_sweep_folder_is_not_overwritten_unless_asked(tmp_path):
    small = {"base": "scenarios/baseline.toml", "parameters": {"score.friend_weight": [0.1]},
             "overrides": {"ticks": 2, "population.size": 200}}
    first = sesame.sweep(small, out=tmp_path / "s")
    with pytest.raises(ValueError, match="force=True") as caught:
        sesame.sweep(small, out=tmp_path / "s")
    assert "--force" not in str(caught.value)
    again = sesame.sweep(small, out=tmp_path / "s", force=True)
    pd.testing.assert_frame_equal(again.results, first.results, check_exact=True)
    resumed = sesame.sweep(small, out=tmp_path / "s", resume=True)
    assert resumed.complete and len(resumed.runs) == 1
