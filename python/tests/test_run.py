"""Runs and stepped simulations: the same numbers whatever the threads, a
Simulation stepped to the end equals a run, snapshots agree with the tables,
and without pandas the tables are dicts of numpy arrays."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import sesame

SMALL = {"ticks": 25, "population.size": 1500, "output.metrics_every": 4}


def test_results_do_not_depend_on_the_thread_count():
    one = sesame.run("scenarios/dissidents.toml", threads=1, **SMALL)
    three = sesame.run("scenarios/dissidents.toml", threads=3, **SMALL)
    for table in ("metrics", "tiers", "groups", "citizens", "edges"):
        pd.testing.assert_frame_equal(getattr(one, table), getattr(three, table), check_exact=True, obj=table)
    with pytest.raises(ValueError, match="threads = 0"):
        sesame.run("scenarios/dissidents.toml", threads=0, **SMALL)


def test_recorded_ticks_follow_metrics_every():
    run = sesame.run("scenarios/baseline.toml", **SMALL)
    assert list(run.metrics["tick"]) == [0, 4, 8, 12, 16, 20, 24, 25]
    assert run.tick == 25
    tiers = run.tiers
    # Every recorded tick counts every citizen once across tiers and across groups.
    assert (tiers.groupby("tick")["count"].sum() == 1500).all()
    assert (run.groups.groupby("tick")["count"].sum() == 1500).all()
    assert len(run.citizens) == 1500
    assert run.metrics["ties"].iloc[-1] == len(run.edges)


def test_a_simulation_stepped_to_the_end_is_the_run():
    run = sesame.run("scenarios/dissidents.toml", **SMALL)
    sim = sesame.Simulation("scenarios/dissidents.toml", **SMALL)
    assert sim.tick == 0 and sim.ticks == 25
    assert list(sim.metrics["tick"]) == [0]
    sim.step(10)
    assert sim.tick == 10
    assert list(sim.metrics["tick"]) == [0, 4, 8]
    sim.step()
    sim.step(0)
    assert sim.tick == 11
    sim.run_to_end()
    assert sim.tick == 25
    for table in ("metrics", "tiers", "groups", "citizens", "edges"):
        pd.testing.assert_frame_equal(sim.table(table), getattr(run, table), check_exact=True, obj=table)
    # The measures of a recorded tick are its row of metrics.csv.
    assert sim.measures() == pytest.approx(run.metrics.iloc[-1].to_dict(), nan_ok=True, rel=0, abs=0)
    # Stepping on past the last tick records every metrics_every ticks.
    sim.step(3)
    assert sim.tick == 28
    assert list(sim.metrics["tick"])[-2:] == [25, 28]
    with pytest.raises(ValueError):
        sim.step(-1)


def test_snapshots_agree_with_the_tables_and_are_read_only():
    sim = sesame.Simulation("scenarios/dissidents.toml", **SMALL).step(7)
    citizens = sim.table("citizens")
    np.testing.assert_array_equal(sim.scores, citizens["score"].to_numpy())
    np.testing.assert_array_equal(sim.records, citizens["record"].to_numpy())
    np.testing.assert_array_equal(sim.degrees, citizens["degree"].to_numpy())
    names = np.array(sim.group_names, dtype=object)
    assert list(names[sim.groups]) == list(citizens["group"])
    tiers = np.array(sim.tier_names, dtype=object)
    assert list(tiers[sim.tiers]) == list(citizens["tier"])
    edges = sim.edges
    assert edges.shape == (len(sim.table("edges")), 2) and edges.dtype == np.int64
    np.testing.assert_array_equal(edges, sim.table("edges")[["source", "target"]].to_numpy())
    # Degrees are the ties counted from both ends.
    np.testing.assert_array_equal(np.bincount(edges.ravel(), minlength=1500), sim.degrees)
    measures = sim.measures()
    assert measures["tick"] == 7
    assert measures["score_mean"] == pytest.approx(sim.scores.mean(), rel=1e-12)
    assert measures["ties"] == len(edges)
    for array in (sim.scores, sim.records, sim.degrees, sim.groups, sim.tiers, edges):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 0
    before = sim.scores
    sim.step()
    assert not np.array_equal(before, sim.scores), "a snapshot is not the live state"


def test_without_pandas_tables_are_dicts_of_numpy_arrays(root):
    # pandas made unimportable in a fresh interpreter.
    code = """
import sys
sys.modules["pandas"] = None
import numpy as np
import sesame
run = sesame.run("scenarios/baseline.toml", ticks=3, **{"population.size": 300})
m = run.metrics
assert isinstance(m, dict), type(m)
assert list(m)[:3] == ["tick", "score_mean", "score_sd"], list(m)[:3]
assert m["tick"].dtype == np.int64 and list(m["tick"]) == [0, 1, 2, 3]
c = run.citizens
assert isinstance(c, dict) and c["score"].dtype == np.float64 and c["group"].dtype == object
assert len(c["id"]) == 300
sim = sesame.Simulation("scenarios/baseline.toml", ticks=3, **{"population.size": 300}).step(2)
assert isinstance(sim.metrics, dict)
runs, results, summary = sesame.sweep({"base": "scenarios/baseline.toml", "parameters": {"score.friend_weight": [0.1, 0.2]},
                                       "overrides": {"ticks": 2, "population.size": 200}})
assert isinstance(summary, dict) and summary["measure"].dtype == object
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_bad_input_is_a_value_error_naming_the_problem(tmp_path):
    edges = tmp_path / "net.csv"
    edges.write_text("source,target\n0,1\n1,x\n")
    scenario = tmp_path / "file.toml"
    scenario.write_text(f'ticks = 2\n[network]\nkind = "file"\npath = "{edges}"\n')
    with pytest.raises(ValueError, match=r"net.csv.*line 3"):
        sesame.run(scenario)
