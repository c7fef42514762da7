//! Asking the processor for a friend's value before a pass over the ties
//! needs it.
//!
//! A pass over the ties reads each friend's value at a place set by the
//! friend's id: about one friend in ten on a small-world graph, most of them
//! on a scale-free one, lies far from the citizen. At a million citizens the
//! `f64` values span 8 MB, more than the processor's address translation
//! covers, so each far read waits for a page-table walk and a cache miss
//! that the processor does not start early enough on its own. Naming the
//! value [`AHEAD`] tie ends early lets those waits overlap: the friends' mean
//! at 1M × 20 became 2–2.5× faster on the machine of docs/performance.md.

/// How many tie ends ahead of the one being read a pass asks for a value.
/// At 1M × 20 (Watts–Strogatz) 64, 128 and 256 were about as fast as each
/// other, and 8, 16 and 32 slower.
pub const AHEAD: usize = 64;

/// Asks the processor to start loading `data[i]` into its caches without
/// waiting for it; an `i` past the end is ignored. It changes no value, only
/// when memory is read.
#[inline(always)]
pub fn prefetch<T>(data: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if i < data.len() {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: `prefetch` is an SSE instruction, part of every x86-64
        // processor, and a hint only: it never faults and changes no state
        // a program can see. The address lies inside `data` besides.
        // Measured reason: see the module documentation.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(data.as_ptr().add(i).cast()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (data, i);
}

/// For a pass over the ties in order, asks for the values of the friends
/// [`AHEAD`] tie ends past each of `ends` (positions in `neighbours`).
#[inline(always)]
pub fn friends_ahead<T>(neighbours: &[u32], ends: std::ops::Range<usize>, values: &[T]) {
    for e in ends {
        if let Some(&j) = neighbours.get(e + AHEAD) {
            prefetch(values, j as usize);
        }
    }
}
