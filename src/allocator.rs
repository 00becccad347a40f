//! The global allocator: mimalloc, asked for a plain block whenever the alignment allows.
//!
//! The `mimalloc` crate sends every request through `mi_malloc_aligned`, whose fast path gives
//! up whenever the next free block of a size class is not aligned to the request, and then
//! over-allocates. Nearly every request Rust makes needs 8 or 16 bytes, which every mimalloc block
//! of that size has anyway, so those go to `mi_malloc` — as std's own `System` allocator does with
//! `malloc`. (The measured gain is in docs/benchmarks.md.)

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment every mimalloc block of at least this size has (`MI_MAX_ALIGN_SIZE` on 64-bit
/// targets); smaller blocks are aligned to their size class.
const PLAIN_ALIGN: usize = 16;

/// Whether a block of `size` bytes from the plain functions is aligned enough for `align`.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// A new block for `layout`: from `plain` when its alignment suffices, else from `aligned`.
///
/// # Safety
/// `plain` and `aligned` are mimalloc's allocation functions of one kind (`mi_malloc` and
/// `mi_malloc_aligned`, or the zeroing pair).
#[inline(always)]
unsafe fn block(
    layout: Layout,
    plain_fn: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_fn: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: the caller passes mimalloc's functions, which accept any size and alignment.
    unsafe {
        if plain(layout.align(), layout.size()) {
            plain_fn(layout.size()).cast()
        } else {
            aligned_fn(layout.size(), layout.align()).cast()
        }
    }
}

pub struct Mimalloc;

// SAFETY: every function hands mimalloc's own pointers back to mimalloc, and a block from a
// plain function is used only when `plain` says its alignment suffices.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc accepts any size and any power-of-two alignment.
        unsafe { block(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from mimalloc; the new block keeps the alignment `layout` asks for.
        unsafe {
            if plain(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for() {
        let allocator = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 15, 16, 24, 100, 1000, 100_000] {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: a non-zero size; the block is freed with the layout it was made with.
                unsafe {
                    let p = allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    let q = allocator.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    let grown = Layout::from_size_align(size * 3, align).unwrap_or(layout);
                    allocator.dealloc(q, grown);
                    let z = allocator.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    allocator.dealloc(z, layout);
                }
            }
        }
    }
}
