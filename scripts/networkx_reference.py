#!/usr/bin/env python3
"""Reference values of sesame's graph measures, computed by NetworkX.

Writes tests/data/networkx_reference.json, read by `cargo test`
(tests/it/networkx.rs), so that the Rust tests need no Python. The file holds
test graphs (the small graphs of docs/model.md §7.10, Zachary's karate club, and
random graphs of 1-300 citizens with random scores, tiers and groups) and, for
each, the values NetworkX gives for every measure of docs/model.md §7.10.

Pinned versions (CI installs exactly these and fails if the file changes):
    networkx==3.6.1, numpy==2.4.6 (numeric assortativity uses numpy)
    pip install networkx==3.6.1 numpy==2.4.6

Usage (from the repository root):
    python3 scripts/networkx_reference.py [DATA_DIR] [--output PATH]
DATA_DIR defaults to scenarios/data in the repository (it holds
zachary-karate-club.csv, the copy the karate-club scenario reads).

The output is deterministic: graphs come from seeded `random.Random`
generators written here (not NetworkX's, which may change between versions),
keys are sorted, floats are written by `repr` (shortest round-trip form), and
NaN (a measure NetworkX leaves undefined or raises on) is written as null.
Rerunning the script gives a byte-identical file.
"""

import argparse
import csv
import json
import math
import os
import random
import sys
import warnings

import networkx as nx
import numpy as np

PINNED_NETWORKX = "3.6.1"
SEED = 20_240_503
RANDOM_GRAPHS = 220


# ---------------------------------------------------------------- graphs


def gnp_edges(rng, n, p):
    """G(n, p): each pair i < j independently with probability p."""
    if p <= 0.0:
        return []
    return [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < p]


def preferential_edges(rng, n, m):
    """A simple preferential attachment graph: each new citizen ties to up to
    m distinct earlier citizens drawn proportionally to degree + 1."""
    edges = []
    ends = []  # each citizen once, plus once per tie end
    for v in range(n):
        targets = set()
        if v > 0:
            while len(targets) < min(m, v):
                targets.add(rng.choice(ends))
        for u in sorted(targets):
            edges.append((u, v))
            ends.extend((u, v))
        ends.append(v)
    return edges


def normalised(edges):
    return sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})


def labelled(name, n, edges, scores, tiers, groups, group_count):
    return {
        "name": name,
        "n": n,
        "edges": normalised(edges),
        "scores": scores,
        "tiers": tiers,
        "groups": groups,
        "group_count": group_count,
    }


def model_graphs(rng):
    """The small graphs of docs/model.md §7.10."""
    return [
        labelled(
            "triangle_with_tail",
            5,
            [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)],
            [10.0, 2.0, 5.0, 15.0, 7.5],
            [0, 0, 0, 1, 1],
            [0, 1, 0, 1, 0],
            2,
        ),
        labelled(
            "path_of_4",
            4,
            [(0, 1), (1, 2), (2, 3)],
            [1.0, 2.0, 3.0, 4.0],
            [0, 1, 1, 0],
            [0, 0, 1, 1],
            2,
        ),
        labelled(
            "two_joined_triangles",
            6,
            [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)],
            [0.5, 0.25, 0.125, 3.0, 2.5, 2.0],
            [0, 0, 0, 1, 1, 1],
            [0, 0, 0, 1, 1, 1],
            3,
        ),
    ]


def karate_club(data_dir, rng):
    path = os.path.join(data_dir, "zachary-karate-club.csv")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    edges = [(int(r["source"]), int(r["target"])) for r in rows]
    n = 1 + max(max(e) for e in edges)
    return labelled(
        "karate_club",
        n,
        edges,
        random_scores(rng, n),
        [rng.randrange(3) for _ in range(n)],
        [rng.randrange(2) for _ in range(n)],
        2,
    )


def special_graphs(rng):
    """Shapes whose measures sit at the edges of their ranges."""
    out = []
    out.append(labelled("single_citizen", 1, [], [3.0], [0], [0], 1))
    out.append(labelled("no_ties", 12, [], random_scores(rng, 12), [i % 3 for i in range(12)], [0] * 12, 2))
    n = 8
    out.append(
        labelled(
            "complete_8",
            n,
            [(i, j) for i in range(n) for j in range(i + 1, n)],
            random_scores(rng, n),
            [i % 2 for i in range(n)],
            [i % 3 for i in range(n)],
            3,
        )
    )
    out.append(labelled("star_9", 9, [(0, i) for i in range(1, 9)], random_scores(rng, 9), [0] + [1] * 8, [0] * 9, 1))
    out.append(labelled("ring_12", 12, [(i, (i + 1) % 12) for i in range(12)], random_scores(rng, 12), [i // 6 for i in range(12)], [i % 2 for i in range(12)], 2))
    out.append(labelled("one_tie", 2, [(0, 1)], [1.5, -2.25], [0, 1], [0, 0], 1))
    return out


def random_scores(rng, n):
    return [round(rng.uniform(-50.0, 1000.0), 3) for _ in range(n)]


def random_graph(rng, index):
    """Random graph number `index`: every tenth is empty, and the kinds below
    cycle so that each edge case appears about twenty times (1: every score
    equal, 2: every tier equal, 3: one group used, 4: preferential
    attachment, 5: small and dense, 6: few distinct scores, 7: hubs)."""
    kind = index % 10
    n = max(1, min(300, int(math.exp(rng.uniform(0.0, math.log(301.0))))))
    if index % 25 == 0:
        n = 300
    if kind == 0:
        edges = []
    elif kind == 4:
        edges = preferential_edges(rng, n, rng.randint(1, 4))
    elif kind == 5:
        n = min(n, 30)
        edges = gnp_edges(rng, n, rng.uniform(0.3, 0.95))
    elif kind == 7:
        # Sparse G(n, p) plus hubs tied to many citizens: skewed degrees
        # with triangles through the hubs.
        edges = gnp_edges(rng, n, min(1.0, rng.uniform(0.5, 3.0) / max(1, n - 1)))
        reach = rng.uniform(0.3, 0.9)
        for hub in rng.sample(range(n), min(n, rng.randint(1, 3))):
            edges += [(hub, i) for i in range(n) if rng.random() < reach]
    else:
        mean_degree = rng.choice([0.3, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 12.0])
        edges = gnp_edges(rng, n, min(1.0, mean_degree / max(1, n - 1)))
    scores = random_scores(rng, n)
    if kind == 1:
        scores = [round(rng.uniform(0.0, 1.0), 3)] * n
    elif kind == 6:
        scores = [float(rng.randrange(4)) for _ in range(n)]  # many equal values
    tier_count = 1 if kind == 2 else rng.randint(1, 5)
    tiers = [rng.randrange(tier_count) for _ in range(n)]
    group_count = rng.randint(1, 4)
    used_groups = 1 if kind == 3 else group_count
    groups = [rng.randrange(used_groups) for _ in range(n)]  # labels >= used_groups are empty
    return labelled(f"random_{index:03}", n, edges, scores, tiers, groups, group_count)


# ---------------------------------------------------------------- measures


def number(x):
    """A float for JSON: NaN becomes null."""
    x = float(x)
    return None if math.isnan(x) else x


def undefined_on_error(f):
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return number(f())
    except ZeroDivisionError:
        return None


def measure(graph):
    n = graph["n"]
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(graph["edges"])
    for i in range(n):
        G.nodes[i]["score"] = graph["scores"][i]
    m = G.number_of_edges()
    degree = [G.degree(i) for i in range(n)]
    clustering = nx.clustering(G)
    tiers, groups, k = graph["tiers"], graph["groups"], graph["group_count"]

    communities = [{i for i in range(n) if tiers[i] == t} for t in sorted(set(tiers))]
    internal = sum(1 for a, b in graph["edges"] if tiers[a] == tiers[b])
    external = m - internal

    by_group = {}
    for c in range(k):
        members = [i for i in range(n) if groups[i] == c]
        ends = sum(degree[i] for i in members)
        inside = sum(1 for a, b in graph["edges"] if groups[a] == c and groups[b] == c)
        by_group.setdefault("group_same_share", []).append(None if ends == 0 else number(2 * inside / ends))
        by_group.setdefault("group_avg_clustering", []).append(
            undefined_on_error(lambda: nx.average_clustering(G, nodes=members))
        )
        by_group.setdefault("group_mean_degree", []).append(None if not members else number(ends / len(members)))
        by_group.setdefault("group_isolated_share", []).append(
            None if not members else number(sum(1 for i in members if degree[i] == 0) / len(members))
        )

    values = {
        "transitivity": number(nx.transitivity(G)),
        "average_clustering": undefined_on_error(lambda: nx.average_clustering(G)),
        "clustering": [number(clustering[i]) for i in range(n)],
        "triangles": [nx.triangles(G, i) for i in range(n)],
        "component_sizes": sorted((len(c) for c in nx.connected_components(G)), reverse=True),
        "degree_assortativity": undefined_on_error(lambda: nx.degree_assortativity_coefficient(G)),
        "score_assortativity": undefined_on_error(lambda: nx.numeric_assortativity_coefficient(G, "score")),
        "tier_modularity": undefined_on_error(lambda: nx.community.modularity(G, communities, weight=None)),
        "same_tier_share": None if m == 0 else number(internal / m),
        "ei_index": None if m == 0 else number((external - internal) / m),
        "isolated_share": number(sum(1 for d in degree if d == 0) / n),
    }
    values.update(by_group)
    graph = dict(graph)
    # Edges as one flat list [a0, b0, a1, b1, ...] to keep the file small.
    graph["edges"] = [v for e in graph["edges"] for v in e]
    graph.update(values)
    return graph


# ---------------------------------------------------------------- main


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir",
        nargs="?",
        default=os.path.join(repo, "scenarios", "data"),
        help="folder holding zachary-karate-club.csv (default: scenarios/data)",
    )
    parser.add_argument(
        "--output",
        default=os.path.join(repo, "tests", "data", "networkx_reference.json"),
    )
    args = parser.parse_args()
    print(f"networkx {nx.__version__}, numpy {np.__version__}", file=sys.stderr)
    if nx.__version__ != PINNED_NETWORKX:
        print(f"warning: values are pinned to networkx {PINNED_NETWORKX}", file=sys.stderr)

    rng = random.Random(SEED)
    graphs = model_graphs(rng) + [karate_club(args.data_dir, rng)] + special_graphs(rng)
    graphs += [random_graph(rng, i) for i in range(RANDOM_GRAPHS)]
    lines = [json.dumps(measure(g), sort_keys=True, separators=(",", ":"), allow_nan=False) for g in graphs]
    text = '{"networkx":' + json.dumps(nx.__version__) + ',"graphs":[\n' + ",\n".join(lines) + "\n]}\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", newline="\n") as f:
        f.write(text)
    print(f"wrote {len(graphs)} graphs, {len(text)} bytes to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
