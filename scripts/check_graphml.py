#!/usr/bin/env python3
"""Reads a run folder's graph.graphml with NetworkX and checks it against the
folder's citizens.csv and edges.csv: the same citizens with the same group,
tier, score, degree and isolation, and the same ties. Exits 1 on a mismatch.

    python3 scripts/check_graphml.py RUN_FOLDER
"""
import csv
import sys
from pathlib import Path

import networkx as nx


def main(folder: Path) -> int:
    graph = nx.read_graphml(folder / "graph.graphml")
    problems = []
    if graph.is_directed():
        problems.append("the graph is directed")
    with open(folder / "citizens.csv", newline="") as f:
        citizens = list(csv.DictReader(f))
    with open(folder / "edges.csv", newline="") as f:
        ties = {frozenset((r["source"], r["target"])) for r in csv.DictReader(f)}
    if graph.number_of_nodes() != len(citizens):
        problems.append(f"{graph.number_of_nodes()} nodes, {len(citizens)} citizens")
    if {frozenset(e) for e in graph.edges()} != ties:
        problems.append("the ties differ from edges.csv")
    for c in citizens:
        node = graph.nodes[c["id"]]
        expected = {
            "group": c["group"],
            "tier": c["tier"],
            "score": float(c["score"]),
            "record": float(c["record"]),
            "degree": int(c["degree"]),
            "isolated": c["degree"] == "0",
        }
        for key, value in expected.items():
            if node.get(key) != value:
                problems.append(f"citizen {c['id']}: {key} {node.get(key)!r}, expected {value!r}")
        if graph.degree(c["id"]) != int(c["degree"]):
            problems.append(f"citizen {c['id']}: degree {graph.degree(c['id'])} in the graph")
    for p in problems[:20]:
        print(p)
    if problems:
        return 1
    print(f"graph.graphml: {graph.number_of_nodes()} citizens and {graph.number_of_edges()} ties agree with the CSV files")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
