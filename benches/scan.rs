//! The term scan alone over many documents, timed a pass at a time: the
//! measure to compare two builds of the scan by, run alternately (a build
//! of this file at each commit), since one pass is too short and the
//! machine too noisy for a single run to tell a few percent.
//!
//!     cargo bench --bench scan -- DIR [PASSES]
//!
//! DIR is any folder of policies; without one, the tree `bench/run.sh`
//! generates in `$BENCH_DIR/tree`, and with neither, the bench is skipped
//! (so a plain `cargo bench`, or one with a criterion filter, still runs).
//! Every file is parsed once, before the clock starts; each pass then scans
//! all of them with the core ruleset. Prints the median and the fastest
//! pass, in milliseconds.

use policylint::check::hits::Hits;
use policylint::document::{Document, Syntax, decode};
use policylint::ruleset::{BUILTIN, Ruleset};
use policylint::walk;
use std::path::PathBuf;
use std::time::Instant;

// the allocator the program runs with
#[global_allocator]
static GLOBAL: policylint::alloc::SplitAlloc = policylint::alloc::SplitAlloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let given = args.first().map(PathBuf::from).filter(|dir| dir.is_dir());
    let generated = std::env::var_os("BENCH_DIR")
        .map(|dir| PathBuf::from(dir).join("tree"))
        .filter(|dir| dir.is_dir());
    let Some(dir) = given.or(generated) else {
        println!("scan: skipped (give a folder: cargo bench --bench scan -- DIR [PASSES])");
        return;
    };
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(10);
    let mut ruleset = Ruleset::default();
    ruleset.add("core", BUILTIN[0].1).expect("core compiles");
    ruleset.index();
    // the files the CLI would check in DIR, in its order
    let files = walk::collect(&[dir], &walk::Filter::default()).files;
    let docs: Vec<Document> = files
        .iter()
        .filter_map(|path| {
            let decoded = decode(std::fs::read(path).ok()?).ok()?;
            Some(Document::parse(
                decoded,
                Syntax::for_path(&path.to_string_lossy()),
            ))
        })
        .collect();
    let bytes: usize = docs.iter().map(Document::text_len).sum();
    let mut times: Vec<f64> = (0..passes.max(1))
        .map(|_| {
            let start = Instant::now();
            let hit: usize = docs
                .iter()
                .map(|doc| Hits::scan(doc, &ruleset).sentences(0).count())
                .sum();
            std::hint::black_box(hit);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "term scan of {} documents ({:.1} MB of text): median {:.1} ms, fastest {:.1} ms, {} passes",
        docs.len(),
        bytes as f64 / 1e6,
        times[times.len() / 2],
        times[0],
        times.len()
    );
}
