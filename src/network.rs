//! The initial friendship graph of a scenario (docs/model.md §7.9): generated from
//! the scenario seed, or read from an edge-list file.

use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::edgelist::{self, EdgeListFormat};
use crate::graph::{generate, Graph};
use crate::scenario::model::{EdgeFileFormat, Network};
use crate::scenario::Scenario;

/// The initial graph, and the original node ids when read from a file.
pub struct InitialNetwork {
    /// The graph over citizens 0..N.
    pub graph: Graph,
    /// Original node id of each citizen (file networks only).
    pub labels: Option<Vec<u64>>,
    /// The planted community of each citizen, numbered from 0
    /// (stochastic-block networks only).
    pub communities: Option<Vec<u32>>,
    /// A note for the user (dropped duplicates and self-loops), if any.
    pub warning: Option<String>,
}

/// Builds the initial graph of `scenario`. Errors in an edge-list file, or
/// generator parameters that cannot be met, are input errors (exit code 2).
pub fn build(scenario: &Scenario) -> Result<InitialNetwork> {
    let file = &scenario.file;
    let seed = file.seed;
    let size = file
        .population
        .size
        .unwrap_or(crate::scenario::model::DEFAULT_POPULATION) as usize;
    let input = |e: Error| Error::input(format!("{}: network: {e}", scenario.source.display()));
    let mut planted = None;
    let graph = match &file.network {
        Network::ErdosRenyi { mean_degree } => {
            generate::erdos_renyi(size, *mean_degree, seed).map_err(input)?
        }
        Network::WattsStrogatz { k, rewire } => {
            generate::watts_strogatz(size, *k as usize, *rewire, seed).map_err(input)?
        }
        Network::BarabasiAlbert { m } => {
            generate::barabasi_albert(size, *m as usize, seed).map_err(input)?
        }
        Network::StochasticBlock {
            communities,
            mean_degree_in,
            mean_degree_out,
        } => {
            let (graph, blocks) = generate::stochastic_block(
                size,
                *communities as usize,
                *mean_degree_in,
                *mean_degree_out,
                seed,
            )
            .map_err(input)?;
            planted = Some(blocks);
            graph
        }
        Network::File { path, format, .. } => return read_file(scenario, Path::new(path), *format),
    };
    Ok(InitialNetwork {
        graph,
        labels: None,
        communities: planted,
        warning: None,
    })
}

fn read_file(scenario: &Scenario, path: &Path, format: EdgeFileFormat) -> Result<InitialNetwork> {
    let path = if path.is_relative() {
        scenario
            .source
            .parent()
            .unwrap_or(Path::new("."))
            .join(path)
    } else {
        path.to_path_buf()
    };
    let format = match format {
        EdgeFileFormat::Csv => EdgeListFormat::Csv,
        EdgeFileFormat::Snap => EdgeListFormat::Snap,
        EdgeFileFormat::Auto => {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                EdgeListFormat::Csv
            } else {
                EdgeListFormat::Snap
            }
        }
    };
    let list = edgelist::read_edge_list(&path, format)?;
    let n = list.graph.citizens();
    if let Some(size) = scenario.file.population.size {
        if size as usize != n {
            return Err(Error::input(format!(
                "{}: population.size = {size} but the edge list {} has {n} citizens; omit population.size for a file network",
                scenario.source.display(),
                path.display()
            )));
        }
    }
    let notes = edgelist::notes(&list, &path.display().to_string());
    let warning = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(InitialNetwork {
        graph: list.graph,
        labels: Some(list.labels),
        communities: None,
        warning,
    })
}
