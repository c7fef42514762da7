#!/usr/bin/env python3
"""Compares two builds of sesame on the κ table: the bundled baseline at six
friend weights and five seeds, the measures of the README's κ table at the
last tick. For each κ and measure it prints each build's mean and standard
deviation over the seeds and the difference of the means in units of its
standard error; |z| below about 3 is agreement within sampling noise.

Used when a version changes the model's random streams but not its
statistics (CHANGELOG.md): the two builds must agree within noise.

    python3 scripts/compare-versions.py OLD_SESAME NEW_SESAME [--seeds 5]
"""
import argparse
import csv
import math
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KAPPAS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
MEASURES = [
    ("degree_mean", "mean degree"),
    ("lost_half_share", "lost-half share"),
    ("score_assortativity", "score assortativity"),
    ("same_tier_share", "same-tier share"),
    ("isolated_share", "isolated share"),
]


def last_row(binary, kappa, seed, work):
    out = Path(work) / f"{Path(binary).parent.name}-{kappa}-{seed}"
    subprocess.run(
        [binary, "run", "scenarios/baseline.toml", "--seed", str(seed),
         "--set", f"score.friend_weight={kappa}", "--out", str(out),
         "--no-charts", "--quiet", "--force"],
        check=True,
    )
    with open(out / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: float(rows[-1][k]) for k, _ in MEASURES}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    seeds = range(1, a.seeds + 1)
    worst = 0.0
    print("| κ | measure | old: mean (sd) | new: mean (sd) | z |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for kappa in KAPPAS:
            runs = {b: [last_row(b, kappa, s, work) for s in seeds] for b in (a.old, a.new)}
            for key, name in MEASURES:
                old = [r[key] for r in runs[a.old]]
                new = [r[key] for r in runs[a.new]]
                se = math.sqrt((statistics.variance(old) + statistics.variance(new)) / len(old))
                z = (statistics.mean(new) - statistics.mean(old)) / se if se > 0 else 0.0
                worst = max(worst, abs(z))
                print(f"| {kappa} | {name} | {statistics.mean(old):.4f} ({statistics.stdev(old):.4f}) "
                      f"| {statistics.mean(new):.4f} ({statistics.stdev(new):.4f}) | {z:+.2f} |")
    print(f"\nlargest |z|: {worst:.2f} over {len(KAPPAS) * len(MEASURES)} comparisons")


if __name__ == "__main__":
    sys.exit(main())
