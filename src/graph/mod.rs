//! The friendship graph: an undirected, simple graph over citizens `0..n`,
//! stored as a compact adjacency (CSR) with sorted neighbour lists.
//!
//! The hot loops of a tick are passes over every citizen's friends, so the
//! graph is laid out for them: one contiguous `u32` array of neighbours and one
//! array of offsets. Edits (cuts and new ties) are collected during a tick and
//! applied together by [`Graph::apply_edits`], in one parallel pass.
//! `petgraph` is used only for interoperability and reference algorithms
//! ([`Graph::to_petgraph`]).

pub mod edgelist;
pub mod generate;
pub mod prefetch;

use crate::error::{Error, Result};
use rayon::prelude::*;

/// What [`Graph::from_edges`] dropped to keep the graph simple.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Pairs `(i, i)`.
    pub self_loops: u64,
    /// Pairs already present (in either direction).
    pub duplicates: u64,
}

/// An undirected simple graph in compressed sparse row form.
///
/// Invariants (checked by [`Graph::check`]): every neighbour list is sorted and
/// free of duplicates and of the citizen itself, and `j ∈ friends(i)` exactly
/// when `i ∈ friends(j)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    offsets: Vec<usize>,
    neighbours: Vec<u32>,
}

impl Graph {
    /// A graph of `n` citizens and no ties.
    pub fn empty(n: usize) -> Graph {
        Graph {
            offsets: vec![0; n + 1],
            neighbours: Vec::new(),
        }
    }

    /// Builds a graph of `n` citizens from undirected pairs, dropping
    /// self-loops and repeated pairs (reported in [`Dropped`]).
    ///
    /// # Panics
    /// If a pair names a citizen `>= n` (callers validate ids first).
    ///
    /// Complexity: O(n + m log d) time, parallel over citizens.
    pub fn from_edges(n: usize, edges: &[(u32, u32)]) -> (Graph, Dropped) {
        assert!(n <= u32::MAX as usize, "at most 2^32 - 1 citizens");
        let mut degree = vec![0usize; n + 1];
        let mut self_loops = 0u64;
        for &(a, b) in edges {
            assert!(
                (a as usize) < n && (b as usize) < n,
                "tie ({a}, {b}) names a citizen outside 0..{n}"
            );
            if a == b {
                self_loops += 1;
            } else {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0usize;
        for d in &degree[..n] {
            offsets.push(total);
            total += d;
        }
        offsets.push(total);
        let mut cursor = offsets.clone();
        let mut neighbours = vec![0u32; total];
        for &(a, b) in edges {
            if a != b {
                neighbours[cursor[a as usize]] = b;
                cursor[a as usize] += 1;
                neighbours[cursor[b as usize]] = a;
                cursor[b as usize] += 1;
            }
        }
        drop(cursor);
        // Sort and deduplicate each list in place, then compact.
        let lists = split_lists_mut(&mut neighbours, &offsets);
        let kept: Vec<usize> = lists
            .into_par_iter()
            .map(|list| {
                list.sort_unstable();
                let mut w = 0;
                for r in 0..list.len() {
                    if w == 0 || list[r] != list[w - 1] {
                        list[w] = list[r];
                        w += 1;
                    }
                }
                w
            })
            .collect();
        let directed_duplicates: usize = total - kept.iter().sum::<usize>();
        let mut new_offsets = Vec::with_capacity(n + 1);
        let mut write = 0usize;
        for i in 0..n {
            new_offsets.push(write);
            let start = offsets[i];
            if start != write {
                neighbours.copy_within(start..start + kept[i], write);
            }
            write += kept[i];
        }
        new_offsets.push(write);
        neighbours.truncate(write);
        neighbours.shrink_to_fit();
        (
            Graph {
                offsets: new_offsets,
                neighbours,
            },
            Dropped {
                self_loops,
                duplicates: (directed_duplicates / 2) as u64,
            },
        )
    }

    /// Builds a graph directly from sorted, duplicate-free, symmetric
    /// adjacency arrays. Arrays that break an invariant are bad input: the
    /// error describes the first broken one.
    pub fn from_csr(offsets: Vec<usize>, neighbours: Vec<u32>) -> Result<Graph> {
        let g = Graph {
            offsets,
            neighbours,
        };
        match g.violation() {
            Some(broken) => Err(Error::input(broken)),
            None => Ok(g),
        }
    }

    /// A graph of `n` citizens from `(a, step)` pairs, each a tie between
    /// `a mod n` and `(a + step) mod n` (self-ties and repeats dropped):
    /// random graphs for property tests, mostly near ties and some far ones.
    #[cfg(test)]
    pub(crate) fn from_steps(n: usize, pairs: &[(u32, u32)]) -> Graph {
        let edges: Vec<(u32, u32)> = pairs
            .iter()
            .map(|&(a, step)| (a % n as u32, (a + step) % n as u32))
            .collect();
        Graph::from_edges(n, &edges).0
    }

    /// Number of citizens.
    #[inline]
    pub fn citizens(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of (undirected) ties.
    #[inline]
    pub fn ties(&self) -> usize {
        self.neighbours.len() / 2
    }

    /// Number of friends of citizen `i`.
    #[inline]
    pub fn degree(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// The friends of citizen `i`, in increasing order.
    #[inline]
    pub fn friends(&self, i: usize) -> &[u32] {
        &self.neighbours[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Whether `i` and `j` are friends (binary search in the shorter list).
    #[inline]
    pub fn has_tie(&self, i: usize, j: usize) -> bool {
        let (a, b) = if self.degree(i) <= self.degree(j) {
            (i, j)
        } else {
            (j, i)
        };
        self.friends(a).binary_search(&(b as u32)).is_ok()
    }

    /// The offsets array: friends of `i` are `neighbours()[offsets()[i]..offsets()[i + 1]]`.
    #[inline]
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// All neighbour lists, concatenated in citizen order.
    #[inline]
    pub fn neighbours(&self) -> &[u32] {
        &self.neighbours
    }

    /// Every tie once, as `(i, j)` with `i < j`, in increasing order.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.citizens()).flat_map(move |i| {
            self.friends(i)
                .iter()
                .filter(move |&&j| (j as usize) > i)
                .map(move |&j| (i as u32, j))
        })
    }

    /// Degrees of all citizens.
    pub fn degrees(&self) -> Vec<u32> {
        self.offsets
            .windows(2)
            .map(|w| (w[1] - w[0]) as u32)
            .collect()
    }

    /// A new graph with the ties in `cuts` removed and those in `forms` added.
    ///
    /// Pairs are undirected and may be given in either orientation. Cutting a
    /// tie that does not exist, or forming one that already exists, is a
    /// no-op; the caller (the tie phase) guarantees neither happens, and the
    /// invariant checks catch it if it does.
    ///
    /// Complexity: O(n + m + e log e) for e edits; parallel over citizens.
    pub fn apply_edits(&self, cuts: &[(u32, u32)], forms: &[(u32, u32)]) -> Graph {
        self.apply_edits_reusing(cuts, forms, Vec::new())
    }

    /// [`Graph::apply_edits`] writing the new adjacency into `spare`, the
    /// allocation of a graph no longer needed (from [`Graph::into_neighbours`]).
    ///
    /// Why: the adjacency of a large society is rebuilt every tick, and a
    /// fresh allocation of that size costs a page fault per 4 KiB on first
    /// write; reusing last tick's keeps the pages mapped.
    pub fn apply_edits_reusing(
        &self,
        cuts: &[(u32, u32)],
        forms: &[(u32, u32)],
        mut spare: Vec<u32>,
    ) -> Graph {
        if cuts.is_empty() && forms.is_empty() {
            spare.clear();
            spare.extend_from_slice(&self.neighbours);
            return Graph {
                offsets: self.offsets.clone(),
                neighbours: spare,
            };
        }
        let n = self.citizens();
        let Edits {
            removed,
            added,
            offsets,
        } = self.prepare(cuts, forms);
        let total = offsets[n];
        // Every slot is written below, so stale values need no clearing.
        let mut neighbours = spare;
        neighbours.truncate(total);
        neighbours.resize(total, 0);
        let blocks = split_blocks_mut(&mut neighbours, &offsets, EDIT_BLOCK);
        blocks.into_par_iter().for_each(|(first, block)| {
            let last = (first + EDIT_BLOCK).min(n);
            let base = offsets[first];
            let mut edits = EditCursor::at(&removed, &added, first);
            let mut i = first;
            while i < last {
                // The citizens before the next edited one keep their lists,
                // which lie side by side in both graphs: one copy for all.
                let next = edits.next_edited().min(last);
                if next > i {
                    block[offsets[i] - base..offsets[next] - base]
                        .copy_from_slice(&self.neighbours[self.offsets[i]..self.offsets[next]]);
                    i = next;
                    continue;
                }
                let out = &mut block[offsets[i] - base..offsets[i + 1] - base];
                let (gone, new) = edits.pass(i);
                edited_friends(i, self.friends(i), gone, new, out);
                i += 1;
            }
        });
        Graph {
            offsets,
            neighbours,
        }
    }

    /// The directed edits grouped by citizen, and the offsets after them.
    fn prepare(&self, cuts: &[(u32, u32)], forms: &[(u32, u32)]) -> Edits {
        let n = self.citizens();
        // Directed edit lists, grouped by citizen.
        let mut removed: Vec<(u32, u32)> = Vec::with_capacity(cuts.len() * 2);
        for &(a, b) in cuts {
            removed.push((a, b));
            removed.push((b, a));
        }
        removed.par_sort_unstable();
        removed.dedup();
        let mut added: Vec<(u32, u32)> = Vec::with_capacity(forms.len() * 2);
        for &(a, b) in forms {
            added.push((a, b));
            added.push((b, a));
        }
        added.par_sort_unstable();
        added.dedup();
        // New offsets, per block of citizens in parallel: a citizen's list
        // moves by the edits of the citizens before it.
        let mut offsets = vec![0usize; n + 1];
        offsets[..n]
            .par_chunks_mut(EDIT_BLOCK)
            .enumerate()
            .for_each(|(b, chunk)| {
                let first = b * EDIT_BLOCK;
                let mut edits = EditCursor::at(&removed, &added, first);
                for (k, offset) in chunk.iter_mut().enumerate() {
                    // At most offsets[i] directed ties end before i, so no
                    // underflow in this order.
                    *offset = self.offsets[first + k] + edits.added - edits.removed;
                    edits.pass(first + k);
                }
            });
        offsets[n] = self.neighbours.len() + added.len() - removed.len();
        Edits {
            removed,
            added,
            offsets,
        }
    }

    /// [`Graph::apply_edits`] in place: the adjacency is edited within its
    /// own allocation, with no second copy of it.
    ///
    /// Why: at a hundred million citizens the adjacency is gigabytes, and
    /// holding the old and the new one at once doubled it. The lists move
    /// in place: citizens whose list moves right (its new offset is not
    /// below the old) are written from the right end of each such run, the
    /// others from the left, first the former runs then the latter, each
    /// run on its own; no write lands on a list not yet read. Runs are few
    /// when cuts and new ties balance, so this uses fewer threads than
    /// [`Graph::apply_edits_reusing`], which the engine prefers while the
    /// adjacency is small. The result is the same graph (a proptest).
    pub fn apply_edits_in_place(&mut self, cuts: &[(u32, u32)], forms: &[(u32, u32)]) {
        if cuts.is_empty() && forms.is_empty() {
            return;
        }
        let n = self.citizens();
        let Edits {
            removed,
            added,
            offsets: new,
        } = self.prepare(cuts, forms);
        let old = std::mem::take(&mut self.offsets);
        let (old_total, new_total) = (old[n], new[n]);
        if new_total > old_total {
            self.neighbours.resize(new_total, 0);
        }
        // Runs of consecutive citizens moving right (true) or left.
        let right = |i: usize| new[i] >= old[i];
        let mut runs: Vec<(usize, usize, bool)> = Vec::new();
        let mut start = 0;
        for i in 1..=n {
            if i == n || right(i) != right(start) {
                runs.push((start, i, right(start)));
                start = i;
            }
        }
        // The range of the adjacency a run reads and writes, in each pass.
        let span = |(a, b, _): (usize, usize, bool)| {
            let lo = old[a].min(new[a]);
            let hi = if b == n {
                old_total.max(new_total)
            } else {
                old[b].max(new[b])
            };
            lo..hi
        };
        for moving_right in [true, false] {
            let chosen: Vec<(usize, usize, bool)> = runs
                .iter()
                .copied()
                .filter(|r| r.2 == moving_right)
                .collect();
            let mut rest: &mut [u32] = &mut self.neighbours;
            let mut at = 0;
            let mut parts = Vec::with_capacity(chosen.len());
            for &run in &chosen {
                let r = span(run);
                let (_, tail) = rest.split_at_mut(r.start - at);
                let (part, tail) = tail.split_at_mut(r.end - r.start);
                parts.push((run, r.start, part));
                rest = tail;
                at = r.end;
            }
            parts.into_par_iter().for_each(|((a, b, _), base, part)| {
                move_run(a, b, moving_right, &old, &new, &removed, &added, base, part)
            });
        }
        self.neighbours.truncate(new_total);
        self.offsets = new;
    }

    /// The graph's adjacency allocation, for reuse by
    /// [`Graph::apply_edits_reusing`].
    pub fn into_neighbours(self) -> Vec<u32> {
        self.neighbours
    }

    /// Checks every invariant of the graph: an invariant error (a bug in
    /// sesame) describing the first violation.
    pub fn check(&self) -> Result<()> {
        match self.violation() {
            Some(broken) => Err(Error::invariant(broken)),
            None => Ok(()),
        }
    }

    /// The first broken invariant of the graph, in words, or `None` when
    /// every invariant holds: for callers that add their own context.
    pub fn violation(&self) -> Option<String> {
        let n = self.citizens();
        if self.offsets.first() != Some(&0)
            || *self.offsets.last().unwrap() != self.neighbours.len()
        {
            return Some("offsets do not span the neighbour array".into());
        }
        if self.neighbours.len() % 2 != 0 {
            return Some("odd number of directed ties: degree sum is not twice the ties".into());
        }
        // All offsets first: a later list is read to find each reverse tie.
        if let Some(i) = (0..n).find(|&i| self.offsets[i] > self.offsets[i + 1]) {
            return Some(format!("offsets decrease at citizen {i}"));
        }
        for i in 0..n {
            let f = self.friends(i);
            for (k, &j) in f.iter().enumerate() {
                if j as usize >= n {
                    return Some(format!("citizen {i} has friend {j} outside 0..{n}"));
                }
                if j as usize == i {
                    return Some(format!("citizen {i} is its own friend"));
                }
                if k > 0 && f[k - 1] >= j {
                    return Some(format!(
                        "friends of citizen {i} are not strictly increasing"
                    ));
                }
                if self.friends(j as usize).binary_search(&(i as u32)).is_err() {
                    return Some(format!("tie {i}->{j} has no reverse {j}->{i}"));
                }
            }
        }
        None
    }

    /// The same graph as a `petgraph` undirected graph (node `i` is citizen `i`).
    pub fn to_petgraph(&self) -> petgraph::graph::UnGraph<(), ()> {
        let mut g = petgraph::graph::UnGraph::with_capacity(self.citizens(), self.ties());
        for _ in 0..self.citizens() {
            g.add_node(());
        }
        for (a, b) in self.edges() {
            g.add_edge(a.into(), b.into(), ());
        }
        g
    }
}

/// Directed pairs `(citizen, friend)`, sorted.
type Pairs<'a> = &'a [(u32, u32)];

/// A walk through the directed edits (sorted by citizen), citizen by
/// citizen from some first citizen on: how many removed and added pairs
/// belong to the citizens passed, and each citizen's own.
struct EditCursor<'a> {
    all_removed: Pairs<'a>,
    all_added: Pairs<'a>,
    /// Removed pairs of citizens before the current one.
    removed: usize,
    /// Added pairs of citizens before the current one.
    added: usize,
}

impl<'a> EditCursor<'a> {
    /// The cursor at citizen `first`.
    fn at(removed: Pairs<'a>, added: Pairs<'a>, first: usize) -> EditCursor<'a> {
        EditCursor {
            all_removed: removed,
            all_added: added,
            removed: removed.partition_point(|&(a, _)| (a as usize) < first),
            added: added.partition_point(|&(a, _)| (a as usize) < first),
        }
    }

    /// The first citizen from the current one on with an edit (`usize::MAX`
    /// past the last edit); the citizens before it have none, so the cursor
    /// need not pass them.
    #[inline]
    fn next_edited(&self) -> usize {
        let head =
            |pairs: Pairs<'a>, from: usize| pairs.get(from).map_or(usize::MAX, |p| p.0 as usize);
        head(self.all_removed, self.removed).min(head(self.all_added, self.added))
    }

    /// Citizen `i`'s removed and added pairs (i is the current citizen),
    /// moving on to the next citizen.
    #[inline]
    fn pass(&mut self, i: usize) -> (Pairs<'a>, Pairs<'a>) {
        let own = |pairs: Pairs<'a>, from: usize| {
            let count = pairs[from..]
                .iter()
                .take_while(|&&(a, _)| a as usize == i)
                .count();
            &pairs[from..from + count]
        };
        let gone = own(self.all_removed, self.removed);
        let new = own(self.all_added, self.added);
        self.removed += gone.len();
        self.added += new.len();
        (gone, new)
    }
}

/// The directed edits of a tick, sorted, and the offsets after them.
struct Edits {
    removed: Vec<(u32, u32)>,
    added: Vec<(u32, u32)>,
    offsets: Vec<usize>,
}

/// Moves (and edits) the lists of citizens `a..b` within `part`, the slice
/// of the adjacency from `base` that the run reads and writes: right to
/// left for a run moving right, left to right otherwise, so that every list
/// is read before anything is written over it.
#[allow(clippy::too_many_arguments)]
fn move_run(
    a: usize,
    b: usize,
    moving_right: bool,
    old: &[usize],
    new: &[usize],
    removed: Pairs,
    added: Pairs,
    base: usize,
    part: &mut [u32],
) {
    let own = |pairs: Pairs, i: usize| {
        let lo = pairs.partition_point(|&(c, _)| (c as usize) < i);
        let hi = pairs.partition_point(|&(c, _)| (c as usize) <= i);
        lo..hi
    };
    let mut scratch: Vec<u32> = Vec::new();
    let mut one = |i: usize, part: &mut [u32]| {
        let (gone, fresh) = (own(removed, i), own(added, i));
        let from = old[i] - base..old[i + 1] - base;
        let to = new[i] - base;
        if gone.is_empty() && fresh.is_empty() {
            part.copy_within(from, to);
        } else {
            scratch.clear();
            scratch.extend_from_slice(&part[from]);
            let out = &mut part[to..new[i + 1] - base];
            edited_friends(i, &scratch, &removed[gone], &added[fresh], out);
        }
    };
    if moving_right {
        for i in (a..b).rev() {
            one(i, part);
        }
    } else {
        for i in a..b {
            one(i, part);
        }
    }
}

/// Citizens per parallel task when edits are applied.
const EDIT_BLOCK: usize = 4096;

/// Writes into `out` citizen i's friends after the tick's edits: `old`
/// without the friends in `gone`, merged with those in `new` (both sorted
/// directed pairs `(i, friend)`); `out` has exactly the room they need.
#[inline]
fn edited_friends(i: usize, old: &[u32], gone: &[(u32, u32)], new: &[(u32, u32)], out: &mut [u32]) {
    let (mut o, mut g, mut a, mut w) = (0, 0, 0, 0);
    while o < old.len() || a < new.len() {
        let take_old = a >= new.len() || (o < old.len() && old[o] <= new[a].1);
        if take_old {
            let v = old[o];
            o += 1;
            while g < gone.len() && gone[g].1 < v {
                g += 1;
            }
            if g < gone.len() && gone[g].1 == v {
                g += 1;
                continue;
            }
            if w > 0 && out[w - 1] == v {
                continue;
            }
            out[w] = v;
            w += 1;
        } else {
            let v = new[a].1;
            a += 1;
            if w > 0 && out[w - 1] == v {
                continue;
            }
            out[w] = v;
            w += 1;
        }
    }
    debug_assert_eq!(
        w,
        out.len(),
        "edits for citizen {i} were not consistent with the graph"
    );
}

/// Splits `data` into the disjoint mutable ranges holding the lists of
/// blocks of `block` consecutive citizens, each with its first citizen.
fn split_blocks_mut<'a>(
    mut data: &'a mut [u32],
    offsets: &[usize],
    block: usize,
) -> Vec<(usize, &'a mut [u32])> {
    let n = offsets.len() - 1;
    let mut blocks = Vec::with_capacity(n.div_ceil(block));
    for first in (0..n).step_by(block) {
        let last = (first + block).min(n);
        let (head, tail) = data.split_at_mut(offsets[last] - offsets[first]);
        blocks.push((first, head));
        data = tail;
    }
    blocks
}

/// Splits `data` into the disjoint mutable lists delimited by `offsets`.
fn split_lists_mut<'a>(mut data: &'a mut [u32], offsets: &[usize]) -> Vec<&'a mut [u32]> {
    let mut lists = Vec::with_capacity(offsets.len().saturating_sub(1));
    for w in offsets.windows(2) {
        let (head, tail) = data.split_at_mut(w[1] - w[0]);
        lists.push(head);
        data = tail;
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_edges_drops_loops_and_duplicates() {
        let (g, dropped) = Graph::from_edges(4, &[(0, 1), (1, 0), (2, 2), (1, 2), (0, 1)]);
        assert_eq!(g.ties(), 2);
        assert_eq!(
            dropped,
            Dropped {
                self_loops: 1,
                duplicates: 2
            }
        );
        assert_eq!(g.friends(1), &[0, 2]);
        assert_eq!(g.degree(3), 0);
        g.check().unwrap();
    }

    #[test]
    fn broken_arrays_are_bad_input_and_a_broken_graph_an_invariant() {
        use crate::error::ErrorKind;
        // 0 - 1 - 2, as CSR.
        let g = Graph::from_csr(vec![0, 1, 3, 4], vec![1, 0, 2, 1]).unwrap();
        assert_eq!(g.edges().collect::<Vec<_>>(), vec![(0, 1), (1, 2)]);
        assert_eq!(g.violation(), None);
        // 0 -> 1 without 1 -> 0 (and an odd count), 2 -> 2.
        for (offsets, neighbours, broken) in [
            (vec![0, 1, 1], vec![1], "odd number of directed ties"),
            (vec![0, 1, 1, 2], vec![1, 2], "tie 0->1 has no reverse 1->0"),
            (vec![0, 0, 0, 2], vec![2, 2], "citizen 2 is its own friend"),
            (
                vec![0, 2, 1, 2],
                vec![1, 0],
                "offsets decrease at citizen 1",
            ),
        ] {
            let e = Graph::from_csr(offsets.clone(), neighbours.clone()).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::Input(_)), "{e:?}");
            assert!(e.to_string().contains(broken), "{e} vs {broken}");
            let g = Graph {
                offsets,
                neighbours,
            };
            assert!(g.violation().unwrap().contains(broken));
            let e = g.check().unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::Invariant(_)), "{e:?}");
            assert!(e.to_string().contains(broken), "{e} vs {broken}");
        }
    }

    #[test]
    fn apply_edits_removes_and_adds() {
        let (g, _) = Graph::from_edges(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let h = g.apply_edits(&[(2, 1)], &[(0, 4), (1, 3)]);
        h.check().unwrap();
        let edges: Vec<_> = h.edges().collect();
        assert_eq!(edges, vec![(0, 1), (0, 4), (1, 3), (2, 3), (3, 4)]);
    }

    #[test]
    fn reused_allocations_give_the_same_graph() {
        let (g, _) = Graph::from_edges(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let expected = g.apply_edits(&[(2, 1)], &[(0, 4), (1, 3)]);
        // Stale content, shorter and longer than needed.
        for spare in [vec![7u32; 3], vec![9u32; 40]] {
            let h = g.apply_edits_reusing(&[(2, 1)], &[(0, 4), (1, 3)], spare);
            assert_eq!(h, expected);
        }
        let same = g.apply_edits_reusing(&[], &[], vec![1, 2, 3]);
        assert_eq!(same, g);
        assert_eq!(expected.clone().into_neighbours(), expected.neighbours());
    }

    proptest::proptest! {
        /// Applying a tick's edits gives the graph built afresh from the
        /// edited tie list, on graphs spanning several edit blocks, with
        /// runs of unedited citizens of every length and stale content in
        /// the reused allocation.
        #[test]
        fn edits_equal_a_rebuild(
            n in 2usize..(3 * EDIT_BLOCK),
            pairs in proptest::collection::vec((0u32..(3 * EDIT_BLOCK) as u32, 1u32..40), 0..4000),
            cut_every in 1usize..50,
            forms in proptest::collection::vec((0u32..(3 * EDIT_BLOCK) as u32, 1u32..3000), 0..300),
        ) {
            let g = Graph::from_steps(n, &pairs);
            let ties: Vec<(u32, u32)> = g.edges().collect();
            let cuts: Vec<(u32, u32)> = ties.iter().copied().step_by(cut_every).collect();
            let mut kept: std::collections::BTreeSet<(u32, u32)> = ties.iter().copied().collect();
            for c in &cuts {
                kept.remove(c);
            }
            let mut new = Vec::new();
            for &(a, step) in &forms {
                let (a, b) = (a % n as u32, (a + step) % n as u32);
                let key = (a.min(b), a.max(b));
                if a != b && !g.has_tie(a as usize, b as usize) && kept.insert(key) {
                    new.push((b, a));
                }
            }
            let kept: Vec<(u32, u32)> = kept.into_iter().collect();
            let expected = Graph::from_edges(n, &kept).0;
            let h = g.apply_edits_reusing(&cuts, &new, vec![u32::MAX; 2 * ties.len() + 5]);
            proptest::prop_assert_eq!(&h, &expected);
            let mut in_place = g.clone();
            in_place.apply_edits_in_place(&cuts, &new);
            proptest::prop_assert_eq!(&in_place, &expected);
        }
    }
}
