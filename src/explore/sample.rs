//! The citizens the page's network view draws: all of a small society, or a
//! few breadth-first neighbourhoods of a large one, chosen once per run.
//!
//! A uniform sample of 2,000 citizens out of 100,000 would keep almost none
//! of the ties between them (each friend is in the sample with probability
//! 2 %), so the view would show dots without a network. Breadth-first balls
//! keep whole neighbourhoods, and with them the local clustering and the ties
//! that ostracism cuts. The choice is deterministic (balls around evenly
//! spaced citizens) and draws no random number, so it can never touch the
//! simulation's streams.

use crate::graph::Graph;
use crate::rules::ties::TieChange;

/// Most citizens the network view draws.
pub const MAX_DRAWN: usize = 2_000;

/// Breadth-first balls a large society's sample is made of.
const BALLS: usize = 4;

/// Marks citizens outside the sample in [`Sample::slot`].
const OUTSIDE: u32 = u32::MAX;

/// The citizens drawn, and where each one sits in the page's arrays.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Citizen ids, in the order the page numbers them.
    pub citizens: Vec<u32>,
    /// Position in `citizens` of each citizen of the society, [`OUTSIDE`] if not drawn.
    slot: Vec<u32>,
}

impl Sample {
    /// Everyone when the society has at most `cap` citizens; otherwise
    /// breadth-first balls of `cap / BALLS` citizens around citizens spaced
    /// evenly through the ids (the last ball takes up what the others could
    /// not reach), topped up in id order if the graph is too fragmented.
    pub fn choose(graph: &Graph, cap: usize) -> Sample {
        let n = graph.citizens();
        if n <= cap {
            return Sample {
                citizens: (0..n as u32).collect(),
                slot: (0..n as u32).collect(),
            };
        }
        let mut slot = vec![OUTSIDE; n];
        let mut citizens: Vec<u32> = Vec::with_capacity(cap);
        let mut take = |c: u32, citizens: &mut Vec<u32>| {
            if slot[c as usize] == OUTSIDE && citizens.len() < cap {
                slot[c as usize] = citizens.len() as u32;
                citizens.push(c);
                true
            } else {
                false
            }
        };
        for ball in 0..BALLS {
            let quota = cap * (ball + 1) / BALLS;
            let start = (ball * n / BALLS) as u32;
            let mut queue = std::collections::VecDeque::from([start]);
            take(start, &mut citizens);
            while let Some(c) = queue.pop_front() {
                if citizens.len() >= quota {
                    break;
                }
                for &f in graph.friends(c as usize) {
                    if citizens.len() >= quota {
                        break;
                    }
                    if take(f, &mut citizens) {
                        queue.push_back(f);
                    }
                }
            }
        }
        let mut next = 0u32;
        while citizens.len() < cap && (next as usize) < n {
            take(next, &mut citizens);
            next += 1;
        }
        Sample { citizens, slot }
    }

    /// Number of citizens drawn.
    pub fn len(&self) -> usize {
        self.citizens.len()
    }

    /// Whether nobody is drawn (an empty society).
    pub fn is_empty(&self) -> bool {
        self.citizens.is_empty()
    }

    /// The position of citizen `c` in the sample, if drawn.
    pub fn slot(&self, c: u32) -> Option<u32> {
        match self.slot.get(c as usize) {
            Some(&s) if s != OUTSIDE => Some(s),
            _ => None,
        }
    }

    /// Every tie between two drawn citizens, as pairs of positions (smaller first).
    pub fn ties(&self, graph: &Graph) -> Vec<[u32; 2]> {
        let mut out = Vec::new();
        for (a, &c) in self.citizens.iter().enumerate() {
            for &f in graph.friends(c as usize) {
                if let Some(b) = self.slot(f) {
                    if (a as u32) < b {
                        out.push([a as u32, b]);
                    }
                }
            }
        }
        out
    }

    /// The changes between two drawn citizens, as pairs of positions.
    pub fn changes(&self, changes: &[TieChange]) -> Vec<[u32; 2]> {
        changes
            .iter()
            .filter_map(|c| Some([self.slot(c.citizen)?, self.slot(c.friend)?]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ties::Cause;

    fn ring(n: usize) -> Graph {
        let edges: Vec<(u32, u32)> = (0..n as u32).map(|i| (i, (i + 1) % n as u32)).collect();
        Graph::from_edges(n, &edges).0
    }

    #[test]
    fn a_small_society_is_drawn_whole() {
        let g = ring(10);
        let s = Sample::choose(&g, 20);
        assert_eq!(s.citizens, (0..10).collect::<Vec<u32>>());
        assert_eq!(s.ties(&g).len(), 10);
    }

    #[test]
    fn a_large_society_is_drawn_as_connected_balls_that_keep_their_ties() {
        let g = ring(1_000);
        let s = Sample::choose(&g, 100);
        assert_eq!(s.len(), 100);
        let mut sorted = s.citizens.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 100, "no citizen twice");
        // Four arcs of 25 citizens on a ring: 24 ties inside each arc,
        // where a uniform sample would keep about one.
        assert_eq!(s.ties(&g).len(), 4 * 24);
        for (k, &c) in s.citizens.iter().enumerate() {
            assert_eq!(s.slot(c), Some(k as u32));
        }
        assert!(s.citizens.contains(&0) && s.citizens.contains(&750));
    }

    #[test]
    fn a_fragmented_society_is_topped_up_in_id_order() {
        let g = Graph::empty(50);
        let s = Sample::choose(&g, 10);
        assert_eq!(s.len(), 10);
        assert!(s.ties(&g).is_empty());
    }

    #[test]
    fn only_changes_between_drawn_citizens_are_kept() {
        let g = ring(1_000);
        let s = Sample::choose(&g, 100);
        let change = |citizen, friend| TieChange {
            citizen,
            friend,
            cause: Cause::Rule(crate::scenario::model::TieRule::Utility),
        };
        let kept = s.changes(&[change(0, 1), change(0, 100), change(250, 251)]);
        assert_eq!(
            kept,
            vec![
                [s.slot(0).unwrap(), s.slot(1).unwrap()],
                [s.slot(250).unwrap(), s.slot(251).unwrap()]
            ]
        );
    }
}
