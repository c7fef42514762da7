"""Ctrl-C (SIGINT, as Jupyter's "interrupt kernel" sends it) stops a
computation at the end of its tick and raises KeyboardInterrupt; the
interpreter and the package live on."""

import json
import os
import signal
import threading
import time

import pytest

import sesame

# About a minute on two cores: long enough that a run the interrupt did not
# stop fails the time limits below, short enough not to hang the suite.
LONG = {"ticks": 3_000, "population.size": 20_000}
LIMIT = 15


def interrupt_in(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def assert_idle():
    """No computation goes on after the interrupt."""
    before = time.process_time()
    time.sleep(0.5)
    assert time.process_time() - before < 0.25


def test_ctrl_c_stops_a_run():
    interrupt_in(1.0)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        sesame.run("scenarios/baseline.toml", **LONG)
    assert time.monotonic() - started < LIMIT
    assert_idle()
    assert sesame.run("scenarios/baseline.toml", ticks=3, **{"population.size": 300}).tick == 3


def test_ctrl_c_stops_a_step_and_keeps_the_ticks_done():
    sim = sesame.Simulation("scenarios/baseline.toml", threads=2, **LONG)
    interrupt_in(1.0)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        sim.step(3_000)
    assert time.monotonic() - started < LIMIT
    done = sim.tick
    assert 0 < done < 3_000
    assert_idle()
    sim.step(2)
    assert sim.tick == done + 2
    assert sim.measures()["tick"] == done + 2


def test_ctrl_c_stops_a_sweep_and_its_folder_says_so(tmp_path):
    big = {
        "base": "scenarios/baseline.toml",
        "replicates": 8,
        "parameters": {"score.friend_weight": [0.1, 0.2]},
        "overrides": {"ticks": 2000, "population.size": 5000},
    }
    interrupt_in(1.5)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        sesame.sweep(big, out=tmp_path / "sweep")
    assert time.monotonic() - started < LIMIT
    assert_idle()
    manifest = json.loads((tmp_path / "sweep" / "manifest.json").read_text())
    assert manifest["complete"] is False
    assert manifest["interrupted_by_signal"] == 2
    assert manifest["runs_done"] < 16
