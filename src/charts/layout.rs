//! Where each citizen goes in the network picture: a seeded, connected
//! sample of at most [`MAX_DRAWN`] citizens ([`sample`]: breadth-first
//! snowballs, and the isolated in proportion), a Fruchterman–Reingold
//! force-directed layout of those with ties, and rings at the edge for the
//! isolated.
//!
//! Convention: positions are in layout units; the citizens with ties fill
//! the unit disk (the farthest at radius 1), isolated citizens sit on
//! rings from radius [`RING_RADIUS`] outwards.
//!
//! Determinism: the only randomness is `rng::stream(seed, 0, Chart, key)`
//! (key 0: the sample, key 1: the initial positions); forces are summed
//! per citizen in a fixed order, so the layout is the same on any number
//! of threads.

use rayon::prelude::*;

use crate::rng::{self, Purpose};

/// Most citizens drawn in the network picture; larger runs are sampled.
pub const MAX_DRAWN: usize = 3000;

/// Radius of the innermost ring of isolated citizens, in layout units.
pub(crate) const RING_RADIUS: f64 = 1.08;

/// Iterations of the force-directed layout (a fixed number, so the result
/// does not depend on a convergence test).
const ITERATIONS: usize = 300;

/// Breadth-first snowballs a large run's picture is made of (more start
/// when the first ones exhaust their components).
pub(crate) const SNOWBALLS: usize = 8;

/// The citizens a picture draws: all of a small run; of a large one, a
/// connected sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sample {
    /// The drawn citizens' ids, increasing.
    pub citizens: Vec<u32>,
    /// Snowballs grown (0 when every citizen is drawn).
    pub snowballs: usize,
    /// Isolated citizens drawn.
    pub isolated: usize,
    /// Isolated citizens in the run.
    pub total_isolated: usize,
}

/// Up to `max` citizens of `0..n` to draw, with `edges` (pairs of ids):
/// all of them when `n <= max`; otherwise a connected sample.
///
/// A uniform sample keeps almost none of the ties of a large sparse graph
/// (each friend of a drawn citizen is drawn with probability max / n), so
/// most drawn citizens would look isolated. Instead, the isolated
/// citizens are drawn in proportion (their share of the run, uniformly
/// among them), and the rest of the picture is made of breadth-first
/// snowballs from [`SNOWBALLS`] citizens with ties chosen at random (each
/// snowball up to an equal part; one that exhausts its component leaves
/// the rest to the next). Every citizen joins through a tie to one already
/// drawn, except the starts, and a start has a friend drawn after it or
/// before it, so every drawn citizen with friends has a drawn tie: only
/// the truly isolated sit on the rings.
///
/// Determinism: `rng::stream(seed, 0, Chart, 0)` orders the isolated and
/// the starts; friends are visited in increasing id order.
///
/// Complexity: O(n + edges) time and memory.
pub(crate) fn sample(n: usize, edges: &[(u32, u32)], max: usize, seed: u64) -> Sample {
    let mut degree = vec![0u32; n];
    for &(a, b) in edges {
        degree[a as usize] += 1;
        degree[b as usize] += 1;
    }
    let isolated_ids: Vec<u32> = (0..n as u32).filter(|&c| degree[c as usize] == 0).collect();
    let total_isolated = isolated_ids.len();
    if n <= max {
        return Sample {
            citizens: (0..n as u32).collect(),
            snowballs: 0,
            isolated: total_isolated,
            total_isolated,
        };
    }
    let with_ties = n - total_isolated;
    let isolated_quota = ((max as f64 * total_isolated as f64 / n as f64).round() as usize)
        .max(max.saturating_sub(with_ties))
        .min(total_isolated);
    let quota = (max - isolated_quota).min(with_ties);
    let mut rng = rng::stream(seed, 0, Purpose::Chart, 0);
    let mut shuffle = |ids: &mut Vec<u32>, take: usize| {
        for i in 0..take.min(ids.len()) {
            let j = i + rng::below(&mut rng, (ids.len() - i) as u64) as usize;
            ids.swap(i, j);
        }
    };
    let mut chosen_isolated = isolated_ids;
    shuffle(&mut chosen_isolated, isolated_quota);
    chosen_isolated.truncate(isolated_quota);
    let mut starts: Vec<u32> = (0..n as u32).filter(|&c| degree[c as usize] > 0).collect();
    shuffle(&mut starts, usize::MAX);

    // Friends of each citizen, increasing (compressed rows).
    let mut offset = vec![0usize; n + 1];
    for c in 0..n {
        offset[c + 1] = offset[c] + degree[c] as usize;
    }
    let mut fill = offset.clone();
    let mut friends = vec![0u32; offset[n]];
    for &(a, b) in edges {
        friends[fill[a as usize]] = b;
        fill[a as usize] += 1;
        friends[fill[b as usize]] = a;
        fill[b as usize] += 1;
    }
    for c in 0..n {
        friends[offset[c]..offset[c + 1]].sort_unstable();
    }

    let mut taken = vec![false; n];
    let mut citizens: Vec<u32> = Vec::with_capacity(max);
    let mut snowballs = 0;
    let mut queue = std::collections::VecDeque::new();
    for &start in &starts {
        // A start needs room for a friend after it.
        if citizens.len() + 2 > quota {
            break;
        }
        if taken[start as usize] {
            continue;
        }
        let part = (quota * (snowballs + 1) / SNOWBALLS).clamp(citizens.len() + 2, quota);
        snowballs += 1;
        taken[start as usize] = true;
        citizens.push(start);
        queue.clear();
        queue.push_back(start);
        'ball: while let Some(c) = queue.pop_front() {
            for &f in &friends[offset[c as usize]..offset[c as usize + 1]] {
                if citizens.len() >= part {
                    break 'ball;
                }
                if !taken[f as usize] {
                    taken[f as usize] = true;
                    citizens.push(f);
                    queue.push_back(f);
                }
            }
        }
    }
    let isolated = chosen_isolated.len();
    citizens.extend(chosen_isolated);
    citizens.sort_unstable();
    Sample {
        citizens,
        snowballs,
        isolated,
        total_isolated,
    }
}

/// Radius of a drawn citizen, in layout units, when `n` are drawn: about
/// a third of the spacing citizens would have if spread evenly over the
/// unit disk, within bounds that keep a dot visible and a small graph tidy.
pub(crate) fn node_radius(n: usize) -> f64 {
    (0.3 * (std::f64::consts::PI / n.max(1) as f64).sqrt()).clamp(0.007, 0.045)
}

/// Positions of `n` citizens on rings at the edge: as many per ring as fit
/// without overlap, rings from [`RING_RADIUS`] outwards, starting at the
/// top and going clockwise, in the order given.
pub(crate) fn rings(n: usize, spacing: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(n);
    let mut radius = RING_RADIUS;
    while out.len() < n {
        let capacity = ((2.0 * std::f64::consts::PI * radius / spacing).floor() as usize).max(1);
        let here = capacity.min(n - out.len());
        for k in 0..here {
            let angle =
                -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * k as f64 / here as f64;
            out.push((radius * angle.cos(), radius * angle.sin()));
        }
        radius += spacing;
    }
    out
}

/// Fruchterman–Reingold layout of `n` citizens with `ties` (pairs of
/// indices below `n`), scaled so that the farthest citizen is at radius 1.
///
/// Repulsion k²/d acts between citizens closer than 2k, found through a
/// grid of cells of side 2k (the grid variant of the original paper);
/// attraction d²/k acts along ties; a weak pull towards the centre keeps
/// separate components together. The temperature (largest step) falls
/// linearly over a fixed number of iterations.
///
/// Complexity: O(ITERATIONS × (n × c + ties)) with c the citizens in nine
/// cells (a few dozen when citizens are spread evenly).
pub(crate) fn force_directed(n: usize, ties: &[(u32, u32)], seed: u64) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let mut rng = rng::stream(seed, 0, Purpose::Chart, 1);
    let mut pos: Vec<[f64; 2]> = (0..n)
        .map(|_| {
            [
                2.0 * rng::uniform(&mut rng) - 1.0,
                2.0 * rng::uniform(&mut rng) - 1.0,
            ]
        })
        .collect();
    // Ideal distance for the 2×2 square the layout starts in.
    let k = (4.0 / n as f64).sqrt();
    let reach = 2.0 * k;
    let gravity = 1.0;
    let start_temperature = 0.15;
    let mut cell_of: Vec<usize> = vec![0; n];
    let mut order: Vec<u32> = vec![0; n];
    for iteration in 0..ITERATIONS {
        let temperature = start_temperature * (1.0 - iteration as f64 / ITERATIONS as f64) + 1e-4;
        // Grid over the bounding box, at most 1024 cells a side.
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in &pos {
            min_x = min_x.min(p[0]);
            min_y = min_y.min(p[1]);
            max_x = max_x.max(p[0]);
            max_y = max_y.max(p[1]);
        }
        let cell = reach.max((max_x - min_x).max(max_y - min_y) / 1024.0);
        let cols = ((max_x - min_x) / cell).floor() as usize + 1;
        let rows = ((max_y - min_y) / cell).floor() as usize + 1;
        let mut starts = vec![0usize; cols * rows + 1];
        for (i, p) in pos.iter().enumerate() {
            let cx = (((p[0] - min_x) / cell) as usize).min(cols - 1);
            let cy = (((p[1] - min_y) / cell) as usize).min(rows - 1);
            cell_of[i] = cy * cols + cx;
            starts[cell_of[i] + 1] += 1;
        }
        for c in 0..cols * rows {
            starts[c + 1] += starts[c];
        }
        let mut fill = starts.clone();
        for i in 0..n {
            order[fill[cell_of[i]]] = i as u32;
            fill[cell_of[i]] += 1;
        }
        let pos_ref = &pos;
        let (starts_ref, order_ref, cell_ref) = (&starts, &order, &cell_of);
        let mut disp: Vec<[f64; 2]> = (0..n)
            .into_par_iter()
            .map(|i| {
                let p = pos_ref[i];
                let (cx, cy) = (cell_ref[i] % cols, cell_ref[i] / cols);
                let mut d = [0.0, 0.0];
                for ny in cy.saturating_sub(1)..(cy + 2).min(rows) {
                    for nx in cx.saturating_sub(1)..(cx + 2).min(cols) {
                        let c = ny * cols + nx;
                        for &j in &order_ref[starts_ref[c]..starts_ref[c + 1]] {
                            let j = j as usize;
                            if j == i {
                                continue;
                            }
                            let dx = p[0] - pos_ref[j][0];
                            let dy = p[1] - pos_ref[j][1];
                            let dist2 = dx * dx + dy * dy;
                            if dist2 < reach * reach {
                                if dist2 > 1e-18 {
                                    let f = k * k / dist2;
                                    d[0] += dx * f;
                                    d[1] += dy * f;
                                } else {
                                    // Coincident: push apart along a direction fixed by the pair.
                                    let sign = if i < j { 1.0 } else { -1.0 };
                                    d[0] += sign * k;
                                }
                            }
                        }
                    }
                }
                // Pull towards the centre, growing with distance: at the
                // starting square's edge, as strong as one close neighbour.
                d[0] -= gravity * k * p[0];
                d[1] -= gravity * k * p[1];
                d
            })
            .collect();
        for &(a, b) in ties {
            let (a, b) = (a as usize, b as usize);
            let dx = pos[a][0] - pos[b][0];
            let dy = pos[a][1] - pos[b][1];
            let dist = (dx * dx + dy * dy).sqrt();
            let f = dist / k;
            disp[a][0] -= dx * f;
            disp[a][1] -= dy * f;
            disp[b][0] += dx * f;
            disp[b][1] += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 {
                let step = len.min(temperature) / len;
                p[0] += d[0] * step;
                p[1] += d[1] * step;
            }
        }
    }
    // Centre on the mean and scale the farthest citizen to radius 1.
    let (sx, sy) = pos.iter().fold((0.0, 0.0), |a, p| (a.0 + p[0], a.1 + p[1]));
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let far = pos
        .iter()
        .map(|p| ((p[0] - mx).powi(2) + (p[1] - my).powi(2)).sqrt())
        .fold(0.0, f64::max);
    let scale = if far > 0.0 { 1.0 / far } else { 1.0 };
    pos.iter()
        .map(|p| ((p[0] - mx) * scale, (p[1] - my) * scale))
        .collect()
}

/// The picture of the final friendship graph, ready to draw.
pub(crate) struct NetworkLayout {
    /// Rows (ids) of the drawn citizens, increasing.
    pub citizens: Vec<u32>,
    /// Position of each drawn citizen, in layout units.
    pub positions: Vec<(f64, f64)>,
    /// Ties among drawn citizens, as indices into `citizens`.
    pub ties: Vec<(u32, u32)>,
    /// Whether each drawn citizen has no ties at all (in the whole graph).
    pub isolated: Vec<bool>,
    /// Citizens in the run.
    pub total_citizens: usize,
    /// Ties in the run's final graph.
    pub total_ties: usize,
    /// Radius of a drawn citizen, in layout units.
    pub radius: f64,
    /// How the citizens were sampled (its `citizens` left empty: they are
    /// the field above).
    pub sample: Sample,
}

impl NetworkLayout {
    /// Lays out the graph of `n` citizens with `edges` (pairs of ids,
    /// each tie once), sampling [`MAX_DRAWN`] citizens when there are more
    /// ([`sample`]).
    /// Isolated citizens are ordered around the rings by `ring_key` (e.g.
    /// tier), then by id.
    pub fn new(
        n: usize,
        edges: &[(u32, u32)],
        seed: u64,
        ring_key: impl Fn(u32) -> u32,
    ) -> NetworkLayout {
        let drawn = sample(n, edges, MAX_DRAWN, seed);
        let citizens = drawn.citizens.clone();
        let mut local = vec![u32::MAX; n];
        for (k, &c) in citizens.iter().enumerate() {
            local[c as usize] = k as u32;
        }
        let mut has_tie = vec![false; n];
        let mut ties = Vec::new();
        for &(a, b) in edges {
            has_tie[a as usize] = true;
            has_tie[b as usize] = true;
            let (la, lb) = (local[a as usize], local[b as usize]);
            if la != u32::MAX && lb != u32::MAX {
                ties.push((la.min(lb), la.max(lb)));
            }
        }
        ties.sort_unstable();
        ties.dedup();
        let isolated: Vec<bool> = citizens.iter().map(|&c| !has_tie[c as usize]).collect();
        // Lay out the citizens with ties; the isolated go on the rings.
        let connected: Vec<usize> = (0..citizens.len()).filter(|&k| !isolated[k]).collect();
        let mut index_in_connected = vec![u32::MAX; citizens.len()];
        for (k, &c) in connected.iter().enumerate() {
            index_in_connected[c] = k as u32;
        }
        let connected_ties: Vec<(u32, u32)> = ties
            .iter()
            .map(|&(a, b)| {
                (
                    index_in_connected[a as usize],
                    index_in_connected[b as usize],
                )
            })
            .collect();
        let inner = force_directed(connected.len(), &connected_ties, seed);
        let radius = node_radius(citizens.len());
        let mut lonely: Vec<usize> = (0..citizens.len()).filter(|&k| isolated[k]).collect();
        lonely.sort_by_key(|&k| (ring_key(citizens[k]), citizens[k]));
        let ring = rings(lonely.len(), 2.6 * radius);
        let mut positions = vec![(0.0, 0.0); citizens.len()];
        for (&k, &p) in connected.iter().zip(&inner) {
            positions[k] = p;
        }
        for (&k, &p) in lonely.iter().zip(&ring) {
            positions[k] = p;
        }
        NetworkLayout {
            citizens,
            positions,
            ties,
            isolated,
            total_citizens: n,
            total_ties: edges.len(),
            radius,
            sample: Sample {
                citizens: Vec::new(),
                ..drawn
            },
        }
    }

    /// Whether the picture shows a sample rather than every citizen.
    pub fn sampled(&self) -> bool {
        self.citizens.len() < self.total_citizens
    }

    /// Largest distance of a drawn citizen from the centre.
    pub fn extent(&self) -> f64 {
        self.positions
            .iter()
            .map(|p| (p.0 * p.0 + p.1 * p.1).sqrt())
            .fold(1.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    /// A sparse random graph of `n` citizens, the first `isolated` of them
    /// without ties, the others with two to four random ties each.
    fn sparse(n: u32, isolated: u32, seed: u64) -> Vec<(u32, u32)> {
        let mut rng = rng::stream(seed, 0, Purpose::Chart, 99);
        let mut edges = Vec::new();
        for a in isolated..n {
            for _ in 0..1 + rng::below(&mut rng, 2) {
                let b = isolated + rng::below(&mut rng, (n - isolated) as u64) as u32;
                if a != b {
                    edges.push((a.min(b), a.max(b)));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        edges
    }

    #[test]
    fn a_large_graph_is_sampled_connected_with_the_isolated_in_proportion() {
        let (n, isolated) = (40_000u32, 4_000u32);
        let edges = sparse(n, isolated, 1);
        let s = sample(n as usize, &edges, 3000, 7);
        assert_eq!(s.citizens.len(), 3000);
        assert!(s.citizens.windows(2).all(|w| w[0] < w[1]));
        let mut degree = vec![0u32; n as usize];
        for &(a, b) in &edges {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let truly_isolated = degree.iter().filter(|&&d| d == 0).count();
        assert!(truly_isolated >= isolated as usize);
        assert_eq!(s.total_isolated, truly_isolated);
        // The isolated are drawn in proportion: 3,000 × their share.
        let share = truly_isolated as f64 / n as f64;
        assert_eq!(s.isolated, (3000.0 * share).round() as usize);
        assert!(s.snowballs >= SNOWBALLS);
        // Every drawn citizen with friends has a friend drawn; the drawn
        // isolated are counted.
        let drawn: std::collections::HashSet<u32> = s.citizens.iter().copied().collect();
        let mut has_drawn_tie = std::collections::HashSet::new();
        for &(a, b) in &edges {
            if drawn.contains(&a) && drawn.contains(&b) {
                has_drawn_tie.insert(a);
                has_drawn_tie.insert(b);
            }
        }
        for &c in &s.citizens {
            assert_eq!(
                degree[c as usize] == 0,
                !has_drawn_tie.contains(&c),
                "citizen {c}"
            );
        }
        let drawn_isolated = s.citizens.iter().filter(|&&c| degree[c as usize] == 0);
        assert_eq!(drawn_isolated.count(), s.isolated);
        // Seeded: the same seed draws the same citizens, another seed others.
        assert_eq!(s, sample(n as usize, &edges, 3000, 7));
        assert_ne!(s.citizens, sample(n as usize, &edges, 3000, 8).citizens);
    }

    #[test]
    fn small_or_fragmented_graphs_are_drawn_whole_or_in_pairs() {
        let s = sample(5, &[(0, 1)], 3000, 1);
        assert_eq!(s.citizens, vec![0, 1, 2, 3, 4]);
        assert_eq!((s.snowballs, s.isolated, s.total_isolated), (0, 3, 3));
        // 1,000 separate pairs and 1,000 isolated: each snowball is one pair.
        let edges: Vec<(u32, u32)> = (0..1000u32).map(|k| (2 * k, 2 * k + 1)).collect();
        let s = sample(3000, &edges, 100, 3);
        let pairs = s.citizens.iter().filter(|&&c| c < 2000).count();
        assert_eq!(s.isolated, 33, "a third of the run is isolated");
        assert_eq!(s.citizens.len() - pairs, 33);
        // 67 places for citizens with ties: 33 pairs, and the last place
        // stays empty (a start needs room for a friend).
        assert_eq!((s.snowballs, pairs), (33, 66));
        for &c in s.citizens.iter().filter(|&&c| c < 2000) {
            assert!(s.citizens.contains(&(c ^ 1)), "{c} drawn without its pair");
        }
    }

    #[test]
    fn communities_lie_apart() {
        // Two cliques of 12 joined by one tie.
        let mut ties = Vec::new();
        for base in [0u32, 12] {
            for a in 0..12 {
                for b in a + 1..12 {
                    ties.push((base + a, base + b));
                }
            }
        }
        ties.push((0, 12));
        let p = force_directed(24, &ties, 3);
        let mut within = (0.0, 0);
        let mut between = (0.0, 0);
        for a in 0..24 {
            for b in a + 1..24 {
                let d = distance(p[a], p[b]);
                if (a < 12) == (b < 12) {
                    within = (within.0 + d, within.1 + 1);
                } else {
                    between = (between.0 + d, between.1 + 1);
                }
            }
        }
        let (within, between) = (within.0 / within.1 as f64, between.0 / between.1 as f64);
        assert!(between > 2.0 * within, "within {within}, between {between}");
        let far = p
            .iter()
            .map(|&q| distance(q, (0.0, 0.0)))
            .fold(0.0, f64::max);
        assert!((far - 1.0).abs() < 1e-12);
    }

    #[test]
    fn layout_is_deterministic_and_finite() {
        let ties: Vec<(u32, u32)> = (0..200u32).map(|i| (i, (i + 1) % 200)).collect();
        let a = force_directed(200, &ties, 11);
        let b = force_directed(200, &ties, 11);
        assert_eq!(a, b);
        assert!(a.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        assert_eq!(a, pool.install(|| force_directed(200, &ties, 11)));
    }

    #[test]
    fn isolated_citizens_ring_the_graph() {
        // Citizens 0..10 in a cycle, 10..15 isolated.
        let edges: Vec<(u32, u32)> = (0..10u32)
            .map(|i| (i.min((i + 1) % 10), i.max((i + 1) % 10)))
            .collect();
        let layout = NetworkLayout::new(15, &edges, 5, |_| 0);
        assert_eq!(layout.citizens.len(), 15);
        assert!(!layout.sampled());
        assert_eq!(layout.ties.len(), 10);
        for k in 0..15 {
            let r = distance(layout.positions[k], (0.0, 0.0));
            if k < 10 {
                assert!(!layout.isolated[k]);
                assert!(r <= 1.0 + 1e-12);
            } else {
                assert!(layout.isolated[k]);
                assert!(r >= RING_RADIUS - 1e-12);
            }
        }
    }

    #[test]
    fn large_graphs_are_sampled_with_their_ties() {
        let n = 5000u32;
        let edges: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let layout = NetworkLayout::new(n as usize, &edges, 9, |_| 0);
        assert!(layout.sampled());
        assert_eq!(layout.citizens.len(), MAX_DRAWN);
        assert_eq!(layout.total_ties, edges.len());
        // Every drawn tie joins drawn citizens that are consecutive ids.
        for &(a, b) in &layout.ties {
            let (ca, cb) = (layout.citizens[a as usize], layout.citizens[b as usize]);
            assert_eq!(cb, ca + 1);
        }
        let expected = layout
            .citizens
            .windows(2)
            .filter(|w| w[1] == w[0] + 1)
            .count();
        assert_eq!(layout.ties.len(), expected);
        // A snowball on a path is a stretch of it: every drawn citizen has
        // a drawn tie, so none sits on the ring.
        assert!(layout.isolated.iter().all(|&i| !i));
        let mut in_tie = vec![false; layout.citizens.len()];
        for &(a, b) in &layout.ties {
            in_tie[a as usize] = true;
            in_tie[b as usize] = true;
        }
        assert!(in_tie.iter().all(|&t| t));
    }

    #[test]
    fn rings_do_not_overlap() {
        let spacing = 0.05;
        let p = rings(500, spacing);
        assert_eq!(p.len(), 500);
        for a in 0..p.len() {
            for b in a + 1..p.len() {
                assert!(distance(p[a], p[b]) > spacing * 0.99);
            }
        }
    }
}
