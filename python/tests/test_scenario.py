"""Scenarios from Python: the library's loader, its dotted keys and its
messages, every problem listed."""

import copy
import subprocess

import pytest

import sesame

from conftest import run_cli

BAD = 'seed = 1\nticks = -3\n[score]\nfriend_weight = 2.5\n[ties]\ncut_rate = "x"\n'


def test_load_reads_a_scenario_file():
    s = sesame.load("scenarios/baseline.toml")
    assert isinstance(s, sesame.Scenario)
    assert (s.name, s.seed, s.ticks) == ("baseline", 1, 200)
    assert s.get("population.size") == 10000
    assert s.get("network.kind") == "watts_strogatz"
    # Defaults are filled in.
    assert s.get("score.friend_weight") == 0.2
    assert "friend_weight = 0.2" in s.toml
    assert repr(s).startswith('<sesame.Scenario "baseline" seed=1 ticks=200')
    with pytest.raises(KeyError):
        s.get("score.no_such_key")


def test_every_problem_is_listed_as_sesame_check_lists_them(tmp_path, sesame_bin):
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    with pytest.raises(sesame.ScenarioError) as caught:
        sesame.load(path)
    problems = caught.value.problems
    assert len(problems) == 3
    assert str(caught.value) == "\n".join(problems)
    assert f"{path}: ticks = -3 at line 2: must be an integer in [1, 10000000]" in problems
    assert any("score.friend_weight = 2.5 at line 4: must be in [0, 1)" in p for p in problems)
    assert any('ties.cut_rate = "x" at line 6' in p for p in problems)
    # The very lines of `sesame check`.
    done = subprocess.run([str(sesame_bin), "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    checked = [line.removeprefix("error: ") for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(checked) == sorted(problems)
    # A ScenarioError is a ValueError.
    assert isinstance(caught.value, ValueError)


def test_a_missing_file_is_named():
    with pytest.raises(sesame.ScenarioError, match="no-such.toml: cannot read the scenario: no such file"):
        sesame.load("scenarios/no-such.toml")


def test_set_checks_as_the_command_line_does_and_chains():
    s = sesame.Scenario.from_toml("ticks = 10\n[population]\nsize = 400\n")
    assert s.source == "<toml>"  # names it in messages
    same = s.set("score.friend_weight", 0.4).set("ties.rule", "threshold")
    assert same is s
    assert s.get("score.friend_weight") == 0.4
    assert s.get("ties.rule") == "threshold"
    # A problem leaves the scenario as it was.
    with pytest.raises(sesame.ScenarioError) as caught:
        s.set("score.friend_weight", 1.7)
    assert caught.value.problems == ["<toml>: score.friend_weight = 1.7 (from --set): must be in [0, 1)"]
    assert s.get("score.friend_weight") == 0.4
    with pytest.raises(sesame.ScenarioError, match="unknown key"):
        s.set("score.frend_weight", 0.1)
    with pytest.raises(sesame.ScenarioError, match=r"found a string"):
        s.set("score.friend_weight", "0.3")
    # Changes valid only together are made together, as several --set flags.
    with pytest.raises(sesame.ScenarioError, match="group shares sum to 1.25; they must sum to 1"):
        s.set("population.groups.dissidents", {"share": 0.3})
    assert s.get("population.groups.dissidents.share") == 0.05
    same = s.update({"population.groups.dissidents": {"share": 0.3}, "population.groups.conformists.share": 0.6})
    assert same is s
    assert s.get("population.groups.dissidents.share") == 0.3
    assert s.get("population.groups.dissidents.dissent") == {"alpha": 8.0, "beta": 2.0}
    with pytest.raises(TypeError):
        s.set("score.friend_weight", object())


def test_a_bad_value_in_the_file_can_be_set_right_as_on_the_command_line(tmp_path):
    path = tmp_path / "fixable.toml"
    path.write_text("ticks = 5\n[population]\nsize = 300\n[score]\nfriend_weight = 2.5\n")
    with pytest.raises(sesame.ScenarioError):
        sesame.load(path)
    run = sesame.run(path, score__friend_weight=0.3)
    assert run.tick == 5
    assert "friend_weight = 0.3" in run.scenario


def test_copies_are_independent():
    s = sesame.load("scenarios/baseline.toml")
    c = s.copy()
    d = copy.deepcopy(s)
    c.set("ticks", 7)
    assert (s.ticks, c.ticks, d.ticks) == (200, 7, 200)


def test_run_leaves_a_given_scenario_alone_and_reads_keyword_keys():
    s = sesame.Scenario.from_toml("ticks = 4\n[population]\nsize = 300\n")
    run = sesame.run(s, seed=9, ticks=3, score__friend_weight=0.35, **{"ties.cut_rate": 0.2})
    assert (s.seed, s.ticks, s.get("score.friend_weight"), s.get("ties.cut_rate")) != (9, 3, 0.35, 0.2)
    assert s.ticks == 4
    assert run.tick == 3
    for line in ("seed = 9", "ticks = 3", "friend_weight = 0.35", "cut_rate = 0.2"):
        assert line in run.scenario
    with pytest.raises(sesame.ScenarioError, match=r"seed = .*must be an integer in \[0, 9223372036854775807\]"):
        sesame.run(s, seed=2**63)
    with pytest.raises(TypeError, match="give a sesame.Scenario or the path"):
        sesame.run(42)


def test_set_values_reach_the_run_as_the_command_line_gives_them(tmp_path, sesame_bin):
    s = sesame.load("scenarios/baseline.toml").set("ticks", 5).set("population.size", 400)
    s.set("name", "2024").set("score.friend_weight", 0.25)
    run_cli(sesame_bin, "run", "scenarios/baseline.toml", "--out", str(tmp_path / "cli"), "--quiet",
            "--no-charts", "--set", "ticks=5", "--set", "population.size=400", "--set", "name=2024",
            "--set", "score.friend_weight=0.25")
    sesame.run(s).save(tmp_path / "py", charts=False)
    for name in ("scenario.toml", "metrics.csv", "citizens.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
