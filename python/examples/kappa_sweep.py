# %% [markdown]
# # Does friend spillover cause ostracism?
#
# The credit score mixes in the friends' records with weight κ
# (`score.friend_weight`). As κ grows, a friend with a poor record costs more,
# so citizens should start dropping low-scored friends. This notebook sweeps κ
# and plots the share of citizens who lost at least half of their ties
# (`lost_half_share`) against κ, with 95 % confidence intervals over the
# replicates.
#
# A notebook in the percent format: open it in Jupyter (with jupytext) or
# VS Code, or run it as a script from the repository root:
#
#     python python/examples/kappa_sweep.py [FIGURE]
#
# The figure goes to FIGURE, else to $SESAME_FIGURE, else to
# output/kappa-ostracism.png. Needs pandas and matplotlib.

# %%
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files; no window
import matplotlib.pyplot as plt

import sesame

figure = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SESAME_FIGURE", "output/kappa-ostracism.png"))

# %% [markdown]
# The sweep: the baseline scenario, made small enough to run in seconds
# (2,000 citizens, 100 ticks), at five values of κ with two replicates each.
# Replicate r uses the same seed at every κ (common random numbers), so
# differences between points are not seed noise.

# %%
kappas = [0.0, 0.1, 0.2, 0.3, 0.4]
runs, results, summary = sesame.sweep(
    {
        "base": "scenarios/baseline.toml",
        "replicates": 2,
        "parameters": {"score.friend_weight": kappas},
        "overrides": {"ticks": 100, "population.size": 2000, "output.metrics_every": 10},
    }
)
runs

# %% [markdown]
# `summary` is long: one row per point, tick and measure, with the mean over
# the replicates and its 95 % interval. Ostracism at the last tick:

# %%
last = summary[(summary["measure"] == "lost_half_share") & (summary["tick"] == summary["tick"].max())]
last = last.sort_values("score.friend_weight")
last[["score.friend_weight", "mean", "ci95_low", "ci95_high", "n"]]

# %%
fig, ax = plt.subplots(figsize=(6, 4))
kappa = last["score.friend_weight"]
ax.errorbar(
    kappa,
    last["mean"],
    yerr=[last["mean"] - last["ci95_low"], last["ci95_high"] - last["mean"]],
    marker="o",
    capsize=3,
)
ax.set_xlabel("friend weight κ (score.friend_weight)")
ax.set_ylabel("share who lost half their ties")
ax.set_title(f"Ostracism after {int(last['tick'].iloc[0])} ticks (mean, 95 % CI, n = {int(last['n'].min())})")
fig.tight_layout()
figure.parent.mkdir(parents=True, exist_ok=True)
fig.savefig(figure, dpi=100)
print(f"wrote {figure}")
