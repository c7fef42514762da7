"""`sesame.measure`: the measures of `sesame measure`, on files or arrays,
checked against values worked out by hand and against a run's own record."""

import math

import numpy as np
import pandas as pd
import pytest

import sesame

# A triangle 0-1-2, a tie 2-3, and citizen 4 alone.
TIES = np.array([[0, 1], [1, 2], [0, 2], [2, 3]])
SCORES = np.array([400.0, 500.0, 600.0, 700.0, 800.0])


def pearson_over_ties(values):
    """Assortativity as NetworkX defines it: the correlation of the values
    at the two ends of every tie, each tie counted both ways."""
    ends = np.concatenate([TIES, TIES[:, ::-1]])
    return np.corrcoef(values[ends[:, 0]], values[ends[:, 1]])[0, 1]


def test_a_small_network_by_hand():
    m = sesame.measure(TIES, scores=SCORES)
    assert m["ties"] == 4
    assert m["isolated_share"] == pytest.approx(1 / 5)
    assert m["degree_mean"] == pytest.approx(2 * 4 / 5)
    # One triangle; connected triples: 3 at citizen 2, 1 each at 0 and 1.
    assert m["transitivity"] == pytest.approx(3 * 1 / 5)
    # Local clustering 1, 1, 1/3, 0, 0 (citizens with fewer than 2 ties count 0).
    assert m["avg_clustering"] == pytest.approx((1 + 1 + 1 / 3) / 5)
    assert m["components"] == 2
    assert m["largest_component_share"] == pytest.approx(4 / 5)
    assert m["second_component_share"] == pytest.approx(1 / 5)
    degrees = np.bincount(TIES.ravel(), minlength=5).astype(float)
    assert m["degree_assortativity"] == pytest.approx(pearson_over_ties(degrees))
    assert m["score_assortativity"] == pytest.approx(pearson_over_ties(SCORES))
    assert m["score_mean"] == pytest.approx(600.0)
    assert m["score_sd"] == pytest.approx(np.std(SCORES))
    assert m["score_median"] == 600.0
    # Measures come in the order of metrics.csv.
    assert list(m)[:2] == ["score_mean", "score_sd"]


def test_arrays_frames_and_files_agree(tmp_path):
    path = tmp_path / "ties.csv"
    pd.DataFrame(TIES, columns=["source", "target"]).to_csv(path, index=False)
    frame = pd.DataFrame({"target": TIES[:, 1], "source": TIES[:, 0]})
    by_array = sesame.measure(TIES)
    assert sesame.measure(path) == by_array
    assert sesame.measure(frame) == by_array
    assert sesame.measure(TIES.tolist()) == by_array
    assert sesame.measure(TIES.astype(float)) == by_array
    # Without scores there are no score measures, and without citizen 4 no isolation.
    assert "score_mean" not in by_array
    assert by_array["isolated_share"] == 0
    assert sesame.measure(path, scores=SCORES) == sesame.measure(TIES, scores=SCORES)


def test_dropped_ties_are_a_warning_naming_the_edges():
    with pytest.warns(UserWarning, match=r"^edges: dropped 1 self-loop\(s\) and 1 duplicate tie\(s\)$"):
        m = sesame.measure(np.concatenate([TIES, [[3, 2], [4, 4]]]), scores=SCORES)
    assert m == sesame.measure(TIES, scores=SCORES)


def test_bad_ties_and_scores_are_refused():
    with pytest.raises(ValueError, match=r"citizen 4 has a tie, but scores holds 4 values"):
        sesame.measure(np.array([[0, 4]]), scores=SCORES[:4])
    with pytest.raises(ValueError, match="whole numbers from 0"):
        sesame.measure(np.array([[0, -1]]))
    with pytest.raises(ValueError, match=r"\(m, 2\)"):
        sesame.measure(np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="whole numbers"):
        sesame.measure(np.array([[0.5, 1.0]]))
    with pytest.raises(ValueError, match="no such file"):
        sesame.measure("no-such-edges.csv")


def test_a_runs_final_files_give_its_last_record(tmp_path):
    run = sesame.run("scenarios/dissidents.toml", ticks=15, **{"population.size": 1200})
    folder = run.save(tmp_path / "run", charts=False)
    measured = sesame.measure(folder / "edges.csv", scores=folder / "citizens.csv")
    last = run.metrics.iloc[-1]
    assert len(measured) >= 20
    assert "lost_half_share" in measured and "same_tier_share" in measured
    for name, value in measured.items():
        if math.isnan(value):
            assert math.isnan(last[name]), name
        else:
            assert value == pytest.approx(last[name], rel=1e-9, abs=1e-12), name
    # Scores given as an array of the final scores agree on the score measures.
    by_array = sesame.measure(run.edges, scores=run.citizens["score"].to_numpy())
    for name in ("score_mean", "score_sd", "score_median", "score_assortativity", "transitivity", "components"):
        assert by_array[name] == pytest.approx(measured[name], rel=1e-12), name
