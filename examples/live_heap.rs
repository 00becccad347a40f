//! Peak live heap of a lint run, measured by a counting allocator:
//! `cargo run --release --example live_heap -- PATH...`. Unlike peak RSS it leaves out what the
//! allocator holds on to, so it shows what the run itself keeps.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use svcctl::lint::driver::{Input, LintOptions, lint};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's layout contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let inputs: Vec<Input> = std::env::args()
        .skip(1)
        .map(|a| Input::from_arg(&a))
        .collect();
    let report = lint(&inputs, &LintOptions::default());
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "{} objects, {} diagnostics: peak live heap {:.1} MB, live at the end {:.1} MB",
        report.summary.objects,
        report.diagnostics.len(),
        mb(PEAK.load(Ordering::Relaxed)),
        mb(LIVE.load(Ordering::Relaxed)),
    );
}
