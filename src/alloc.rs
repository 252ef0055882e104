//! The program's allocator: small blocks from mimalloc, the rest from the
//! system's allocator.
//!
//! A run allocates hundreds of small blocks per file (a sentence's list, a
//! value, a finding's message) and frees them as the file is done; glibc's
//! allocator spent 8% of a run over the bench tree on them, and mimalloc
//! does the same work in a tenth fewer instructions overall. The large
//! blocks are few but hold the memory: a 50 MB file's source, its blocks
//! and its sentences, which grow by doubling while it is parsed. glibc
//! hands each such block back to the system when it is freed or moved, so
//! the peak is what the document holds; under mimalloc alone the 50 MB
//! file's peak rose from 89 to 110-148 MiB, past the memory goal. So blocks
//! of a page or more stay with glibc.
//!
//! mimalloc is built without transparent huge pages (its `no_thp`
//! feature): it would otherwise ask for 2 MiB pages for its regions, and a
//! region touched at all would count 2 MiB towards the peak (4-11 MiB more
//! for the 50 MB file with blocks under 1-64 KiB from mimalloc).

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout, System};

/// Small blocks from mimalloc, blocks of [`LARGE`] bytes or more from the
/// system's allocator. Which one holds a block follows from its size alone,
/// so a block is freed by the allocator that made it; a block resized
/// across the line moves from one to the other.
pub struct SplitAlloc;

/// The smallest block the system's allocator makes: a page. A line of
/// 1 KiB or 16 KiB did as much work (`bench/count.sh`); from 16 KiB up the
/// 50 MB file's peak grows.
pub const LARGE: usize = 4 << 10;

fn is_large(size: usize) -> bool {
    size >= LARGE
}

// SAFETY: each method passes its block to the allocator its size selects,
// with the caller's layout; a block keeps its size, and so its allocator,
// until `realloc` moves it, which copies it into a block the new size's
// allocator makes before the old one is freed by its own.
unsafe impl GlobalAlloc for SplitAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `layout`, passed on
        unsafe {
            if is_large(layout.size()) {
                System.alloc(layout)
            } else {
                MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`
        unsafe {
            if is_large(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was made with `layout`, so by the allocator its
        // size selects
        unsafe {
            if is_large(layout.size()) {
                System.dealloc(ptr, layout)
            } else {
                MiMalloc.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was made with `layout` by the allocator its size
        // selects; `new_size` with `layout`'s alignment is a valid layout
        // (the caller's contract), and the copy stays within both blocks
        unsafe {
            match (is_large(layout.size()), is_large(new_size)) {
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                _ => {
                    let moved = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(moved);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" {
        /// mimalloc's own test of whether it made a block.
        fn mi_is_in_heap_region(p: *const std::ffi::c_void) -> bool;
    }

    fn in_mimalloc(ptr: *mut u8) -> bool {
        // SAFETY: mimalloc answers for any address
        unsafe { mi_is_in_heap_region(ptr.cast()) }
    }

    fn fill(ptr: *mut u8, len: usize) {
        for i in 0..len {
            // SAFETY: `ptr` holds at least `len` bytes
            unsafe { ptr.add(i).write(i as u8) }
        }
    }

    fn holds_fill(ptr: *mut u8, len: usize) -> bool {
        // SAFETY: `ptr` holds at least `len` bytes
        (0..len).all(|i| unsafe { ptr.add(i).read() } == i as u8)
    }

    #[test]
    fn small_blocks_come_from_mimalloc_and_large_ones_from_the_system() {
        for (size, align) in [(1, 1), (24, 8), (LARGE - 1, 16), (LARGE, 8), (1 << 20, 64)] {
            let layout = Layout::from_size_align(size, align).unwrap();
            for zeroed in [false, true] {
                // SAFETY: a layout of non-zero size, freed as made
                unsafe {
                    let ptr = if zeroed {
                        SplitAlloc.alloc_zeroed(layout)
                    } else {
                        SplitAlloc.alloc(layout)
                    };
                    assert!(!ptr.is_null());
                    assert_eq!(ptr as usize % align, 0, "{size} bytes aligned to {align}");
                    assert_eq!(in_mimalloc(ptr), size < LARGE, "{size} bytes");
                    if zeroed {
                        assert!((0..size).all(|i| ptr.add(i).read() == 0));
                    }
                    fill(ptr, size);
                    SplitAlloc.dealloc(ptr, layout);
                }
            }
        }
    }

    #[test]
    fn a_block_resized_across_the_line_moves_with_its_bytes() {
        // small to small, small to large, large to large, large to small
        let sizes = [100, 200, LARGE + 1, 3 * LARGE, LARGE - 1, 10];
        let align = 32;
        let mut layout = Layout::from_size_align(sizes[0], align).unwrap();
        // SAFETY: each resize passes the block's current layout, and the
        // block is freed with its last one
        unsafe {
            let mut ptr = SplitAlloc.alloc(layout);
            fill(ptr, layout.size());
            for &size in &sizes[1..] {
                let kept = layout.size().min(size);
                ptr = SplitAlloc.realloc(ptr, layout, size);
                assert!(!ptr.is_null());
                layout = Layout::from_size_align(size, align).unwrap();
                assert_eq!(ptr as usize % align, 0, "{size} bytes");
                assert_eq!(in_mimalloc(ptr), size < LARGE, "{size} bytes");
                assert!(holds_fill(ptr, kept), "resized to {size}");
                fill(ptr, size);
            }
            SplitAlloc.dealloc(ptr, layout);
        }
    }
}
