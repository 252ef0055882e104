//! Parse and check throughput per MB of policy text (`cargo bench`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policylint::check::{self, CheckOptions};
use policylint::document::{Decoded, Document, Syntax};
use policylint::ruleset::{BUILTIN, Ruleset};

// the allocator the program runs with
#[global_allocator]
static GLOBAL: policylint::alloc::SplitAlloc = policylint::alloc::SplitAlloc;

/// About 1 MB of the fixtures' policies, one after another.
fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut one = String::new();
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md") {
            one.push_str(&std::fs::read_to_string(&path).expect("fixture"));
            one.push_str("\n\n");
        }
    }
    one.repeat(1_000_000 / one.len() + 1)
}

fn decoded(text: &str) -> Decoded {
    Decoded {
        text: text.to_string(),
        bom_len: 0,
    }
}

fn parse(text: &str) -> Document {
    Document::parse(decoded(text), Syntax::Markdown)
}

fn throughput(c: &mut Criterion) {
    let text = corpus();
    let mut ruleset = Ruleset::default();
    ruleset.add("core", BUILTIN[0].1).expect("core compiles");
    let options = CheckOptions::default();
    let doc = parse(&text);
    // the term index is built once per run, outside the measurement
    let _ = check::check(&doc, &ruleset, &options);

    let mut group = c.benchmark_group("policy text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("parse", |b| b.iter(|| parse(&text)));
    // a parsed document's text is rebuilt for these two
    group.bench_function("term scan (core)", |b| {
        b.iter(|| check::hits::Hits::scan(&doc, &ruleset))
    });
    group.bench_function("check (core)", |b| {
        b.iter(|| check::check(&doc, &ruleset, &options))
    });
    // as the CLI checks a file: the term scan reads each block as it is parsed
    group.bench_function("parse + check (core)", |b| {
        b.iter(|| {
            let mut scan = check::hits::Scan::new(&ruleset);
            let doc =
                Document::parse_with(decoded(&text), Syntax::Markdown, |block| scan.block(block));
            let hits = scan.finish(doc.sentences.len());
            check::check_with_hits(&doc, &hits, &ruleset, &options)
        })
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
