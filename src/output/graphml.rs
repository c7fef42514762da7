//! `graph.graphml`: the final friendship graph with each citizen's
//! attributes, for network tools (`output.graphml = true`).
//!
//! GraphML rather than GEXF: it is the exchange format every common tool
//! reads and writes — Gephi, NetworkX (`read_graphml`), igraph, graph-tool,
//! Cytoscape, yEd — with typed attributes declared once by `<key>`, and its
//! schema is a published standard (graphml.graphdrawing.org). GEXF is
//! Gephi's own; Gephi opens GraphML just as well.
//!
//! The graph is undirected; node ids are citizen ids (as in citizens.csv
//! and edges.csv), edges are listed with source < target. Node attributes:
//! `group`, `tier` (names), `score` and `record` (doubles), `degree` (int),
//! `isolated` (boolean: no ties), and when the scenario has them, `label`
//! (the node's id in the edge-list file) and `community` (the planted
//! community of a stochastic-block network).

use std::io::Write;

use crate::engine::Simulation;
use crate::output::number;

/// Name of the file in a run folder.
pub const GRAPHML: &str = "graph.graphml";

/// Escapes text for XML content and attribute values.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the final graph of `sim` as GraphML; `labels` are the citizens'
/// ids in an edge-list file, `communities` their planted communities.
pub fn write_graphml(
    out: &mut dyn Write,
    sim: &Simulation,
    labels: Option<&[u64]>,
    communities: Option<&[u32]>,
) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    let mut keys = vec![
        ("group", "string"),
        ("tier", "string"),
        ("score", "double"),
        ("record", "double"),
        ("degree", "int"),
        ("isolated", "boolean"),
    ];
    if labels.is_some() {
        keys.push(("label", "long"));
    }
    if communities.is_some() {
        keys.push(("community", "int"));
    }
    for (name, kind) in &keys {
        writeln!(
            out,
            r#"  <key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    let name = xml(&sim.params.name);
    writeln!(out, r#"  <graph id="{name}" edgedefault="undirected">"#)?;
    let s = &sim.society;
    let groups: Vec<String> = sim.params.population.groups.names().map(xml).collect();
    let tiers: Vec<String> = sim.params.tiers.names().map(xml).collect();
    for i in 0..s.len() {
        let degree = sim.graph.degree(i);
        write!(
            out,
            r#"    <node id="{i}"><data key="group">{}</data><data key="tier">{}</data><data key="score">{}</data><data key="record">{}</data><data key="degree">{degree}</data><data key="isolated">{}</data>"#,
            groups[s.group[i] as usize],
            tiers[s.tier[i] as usize],
            number(s.score[i]),
            number(s.record[i]),
            degree == 0
        )?;
        if let Some(labels) = labels {
            write!(out, r#"<data key="label">{}</data>"#, labels[i])?;
        }
        if let Some(c) = communities {
            write!(out, r#"<data key="community">{}</data>"#, c[i])?;
        }
        writeln!(out, "</node>")?;
    }
    for (a, b) in sim.graph.edges() {
        writeln!(out, r#"    <edge source="{a}" target="{b}"/>"#)?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }
}
