//! Connected components of the friendship graph (NetworkX's
//! `connected_components`): their sizes, and the shares of the population in
//! the largest and second-largest. An isolated citizen is a component of
//! size 1.

use crate::graph::Graph;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// Sizes of the connected components, largest first (isolated citizens
/// count as components of size 1; no components for no citizens).
///
/// Small graphs (below two million tie ends) are searched breadth first on
/// one thread. Larger ones use a concurrent union-find: every tie `(u, v)`,
/// `u < v`, links the root with the larger id under the root with the
/// smaller id by compare-and-swap, finds use path halving. Linking always
/// towards smaller ids keeps the forest acyclic under any interleaving, and
/// the partition it ends with is the components, so the sizes do not depend
/// on the thread count.
///
/// Complexity: O(n + m) for the search; O((n + m) α) expected work in
/// practice for the union-find, parallel over citizens; O(n) memory;
/// O(c log c) to sort c components.
pub fn component_sizes(g: &Graph) -> Vec<usize> {
    let size = if g.neighbours().len() < SEQUENTIAL_BELOW {
        sizes_by_root_here(g)
    } else {
        sizes_by_root_concurrent(g)
    };
    let mut sizes: Vec<usize> = size.into_iter().filter(|&s| s > 0).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes
}

/// Component sizes indexed by root, the smallest id of each component (0
/// for a citizen that is not a root), by breadth-first search on this
/// thread. The queue is one array of n ids: each citizen enters it once, so
/// a component is the range of the queue its search filled.
fn sizes_by_root_here(g: &Graph) -> Vec<usize> {
    let n = g.citizens();
    let (offsets, neighbours) = (g.offsets(), g.neighbours());
    let mut size = vec![0usize; n];
    let mut seen = vec![false; n];
    // One slot more than citizens: the branch-free search below writes a
    // friend at the tail before knowing whether it is new.
    let mut queue = vec![0u32; n + 1];
    let mut tail = 0;
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let start = tail;
        queue[tail] = root as u32;
        tail += 1;
        let mut head = start;
        while head < tail {
            let u = queue[head] as usize;
            head += 1;
            // Branch-free: every friend is written at the tail, which
            // moves past it only if it was not seen (whether a friend was
            // seen is a coin toss to the branch predictor).
            for &v in &neighbours[offsets[u]..offsets[u + 1]] {
                let fresh = !seen[v as usize];
                seen[v as usize] = true;
                queue[tail] = v;
                tail += fresh as usize;
            }
        }
        size[root] = tail - start;
    }
    size
}

/// [`sizes_by_root_here`] by the concurrent union-find, in parallel.
fn sizes_by_root_concurrent(g: &Graph) -> Vec<usize> {
    let n = g.citizens();
    let parent: Vec<AtomicU32> = (0..n as u32).map(AtomicU32::new).collect();
    (0..n).into_par_iter().with_min_len(1024).for_each(|u| {
        for &v in g.friends(u) {
            if v as usize > u {
                union(&parent, u as u32, v);
            }
        }
    });
    let mut size = vec![0usize; n];
    for i in 0..n as u32 {
        size[find(&parent, i) as usize] += 1;
    }
    size
}

/// Tie ends below which [`component_sizes`] searches the graph on one
/// thread: on small graphs the compare-and-swap traffic of the concurrent
/// union-find costs more than the work it shares.
const SEQUENTIAL_BELOW: usize = 1 << 21;

/// The root of `x`, halving the path on the way (each visited node is
/// pointed at its grandparent, which is still an ancestor).
#[inline]
fn find(parent: &[AtomicU32], mut x: u32) -> u32 {
    loop {
        let p = parent[x as usize].load(Ordering::Acquire);
        if p == x {
            return x;
        }
        let gp = parent[p as usize].load(Ordering::Acquire);
        if gp != p {
            // Failure only means another thread moved x closer to the root.
            let _ = parent[x as usize].compare_exchange_weak(
                p,
                gp,
                Ordering::AcqRel,
                Ordering::Relaxed,
            );
        }
        x = gp;
    }
}

/// Joins the sets of `a` and `b`: the root with the larger id is linked
/// under the other, retried if another thread linked it first.
#[inline]
fn union(parent: &[AtomicU32], a: u32, b: u32) {
    let (mut a, mut b) = (a, b);
    loop {
        a = find(parent, a);
        b = find(parent, b);
        if a == b {
            return;
        }
        let (child, root) = if a > b { (a, b) } else { (b, a) };
        if parent[child as usize]
            .compare_exchange(child, root, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return;
        }
    }
}

/// Largest component size / `citizens`, from sizes sorted largest first
/// (as [`component_sizes`] returns them); NaN for no citizens.
pub fn largest_component_share(sizes: &[usize], citizens: usize) -> f64 {
    nth_share(sizes, 0, citizens)
}

/// Second-largest component size / `citizens`, from sizes sorted largest
/// first; 0 with fewer than two components, NaN for no citizens.
pub fn second_component_share(sizes: &[usize], citizens: usize) -> f64 {
    nth_share(sizes, 1, citizens)
}

fn nth_share(sizes: &[usize], k: usize, citizens: usize) -> f64 {
    if citizens == 0 {
        return f64::NAN;
    }
    sizes.get(k).map_or(0.0, |&s| s as f64 / citizens as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The search and the concurrent union-find give the same sizes by
        /// root (the smallest id of each component, whatever the order of
        /// unions), with 1 and 4 threads.
        #[test]
        fn search_and_union_find_agree(
            n in 1usize..300,
            pairs in proptest::collection::vec((0u32..300, 0u32..300), 0..400),
        ) {
            let edges: Vec<(u32, u32)> =
                pairs.iter().map(|&(a, b)| (a % n as u32, b % n as u32)).collect();
            let g = Graph::from_edges(n, &edges).0;
            let here = sizes_by_root_here(&g);
            for threads in [1, 4] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                proptest::prop_assert_eq!(&pool.install(|| sizes_by_root_concurrent(&g)), &here);
            }
            proptest::prop_assert_eq!(here.iter().sum::<usize>(), n);
        }
    }

    #[test]
    fn sizes_include_isolated_citizens() {
        let (g, _) = Graph::from_edges(9, &[(0, 1), (1, 2), (5, 6), (7, 8), (8, 6)]);
        let sizes = component_sizes(&g);
        assert_eq!(sizes, vec![4, 3, 1, 1]);
        assert_eq!(largest_component_share(&sizes, 9), 4.0 / 9.0);
        assert_eq!(second_component_share(&sizes, 9), 3.0 / 9.0);
    }

    #[test]
    fn shares_with_few_components() {
        let (g, _) = Graph::from_edges(3, &[(0, 1), (1, 2)]);
        let sizes = component_sizes(&g);
        assert_eq!(sizes, vec![3]);
        assert_eq!(largest_component_share(&sizes, 3), 1.0);
        assert_eq!(second_component_share(&sizes, 3), 0.0);
        let none = component_sizes(&Graph::empty(0));
        assert!(none.is_empty());
        assert!(largest_component_share(&none, 0).is_nan());
        assert!(second_component_share(&none, 0).is_nan());
    }

    #[test]
    fn long_path_joins_into_one_component() {
        // A path numbered against the linking order stresses re-rooting.
        let n = 10_000u32;
        let edges: Vec<_> = (0..n - 1).map(|i| (n - 1 - i, n - 2 - i)).collect();
        let (g, _) = Graph::from_edges(n as usize, &edges);
        assert_eq!(component_sizes(&g), vec![n as usize]);
    }
}
