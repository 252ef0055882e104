//! Inputs a linter meets in CI: pathological Markdown, odd encodings, empty
//! files. Each gets an answer (a report or a clear per-file error) and the
//! other files in the run are still checked. Speed is measured by the bench,
//! not asserted here.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn run_json(dir: &Path, files: &[&str]) -> (Value, i32) {
    let out = Command::cargo_bin("policylint")
        .unwrap()
        .current_dir(dir)
        .args(["--no-config", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap())
}

fn complete() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/complete.md")).unwrap()
}

#[test]
fn pathological_markdown_is_checked_and_good_files_still_pass() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("quotes.md", ">".repeat(200_000) + " deep quote\n"),
        (
            "lists.md",
            (0..3000)
                .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
                .collect(),
        ),
        ("long-line.md", "word ".repeat(2_000_000)),
        ("emphasis.md", "*open **strong _under ".repeat(30_000)),
        ("links.md", "[text [more](unclosed ![img](x ".repeat(30_000)),
        ("comments.md", "<!-- never closed ".repeat(30_000)),
        ("backticks.md", "`a ``b ```c ".repeat(30_000)),
        ("tables.md", "| a | b |\n".repeat(50_000)),
        ("empty.md", String::new()),
    ];
    let mut names = Vec::new();
    for (name, text) in &cases {
        fs::write(dir.path().join(name), text).unwrap();
        names.push(*name);
    }
    fs::write(dir.path().join("good.md"), complete()).unwrap();
    names.push("good.md");
    let (report, code) = run_json(dir.path(), &names);
    assert_eq!(code, 1, "the pathological files lack disclosures");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), cases.len() + 1);
    for f in files {
        assert!(f["errors"].as_array().unwrap().is_empty(), "{}", f["path"]);
        assert_eq!(f["checks"].as_array().unwrap().len(), 10, "{}", f["path"]);
    }
    let good = files.iter().find(|f| f["path"] == "good.md").unwrap();
    assert!(
        good["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "satisfied")
    );
}

#[test]
fn odd_encodings_are_named_errors_and_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "# Privacy".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    fs::write(dir.path().join("utf16.md"), utf16).unwrap();
    fs::write(
        dir.path().join("word-export.txt"),
        b"Caf\xe9 privacy notice\r\n",
    )
    .unwrap();
    fs::write(dir.path().join("good.md"), complete()).unwrap();
    // sparse: over 4 GiB long, refused before a byte of it is read
    fs::File::create(dir.path().join("huge.md"))
        .unwrap()
        .set_len(u64::from(u32::MAX) + 1)
        .unwrap();
    let (report, code) = run_json(
        dir.path(),
        &["utf16.md", "word-export.txt", "huge.md", "good.md"],
    );
    assert_eq!(code, 2);
    let by_path = |p: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_path("utf16.md")["errors"][0]["message"],
        "UTF-16 text (little-endian byte-order mark); save the file as UTF-8"
    );
    assert_eq!(
        by_path("huge.md")["errors"][0]["message"],
        "file too large (4294967296 bytes); policylint reads files of up to 4 GiB"
    );
    let latin1 = by_path("word-export.txt");
    assert_eq!(latin1["errors"][0]["line"], 1);
    assert_eq!(latin1["errors"][0]["column"], 4);
    assert_eq!(by_path("good.md")["checks"].as_array().unwrap().len(), 10);
}

#[test]
fn outputs_are_written_whole_and_inputs_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.md");
    fs::write(&draft, complete()).unwrap();
    let before = fs::read(&draft).unwrap();
    let modified = fs::metadata(&draft).unwrap().modified().unwrap();
    let run = || {
        let mut cmd = Command::cargo_bin("policylint").unwrap();
        cmd.current_dir(dir.path()).args([
            "--no-config",
            "--format",
            "sarif=out/report.sarif",
            "--format",
            "json",
            "--output",
            "report.json",
            "draft.md",
        ]);
        cmd
    };
    run()
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot write out/report.sarif"));
    fs::create_dir(dir.path().join("out")).unwrap();
    run().assert().success().stdout("");
    let sarif: Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let json: Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(fs::read(&draft).unwrap(), before);
    assert_eq!(fs::metadata(&draft).unwrap().modified().unwrap(), modified);
    // no temporary files left behind
    let left: Vec<_> = fs::read_dir(dir.path().join("out")).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |threads: &str| {
        Command::cargo_bin("policylint")
            .unwrap()
            .args(["--no-config", "--format", "json", "-j", threads])
            .arg(&fixtures)
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("4"));
}

/// A run of several chunks of files (they are checked 64 at a time and
/// written a chunk at once): every file once, in path order, the same in
/// each format and whatever the thread count, and counted once in the
/// summary.
#[test]
fn many_files_are_each_reported_once_in_order() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let drafts: Vec<String> = [
        "complete.md",
        "underage.md",
        "missing-retention.md",
        "plain.txt",
    ]
    .iter()
    .map(|name| fs::read_to_string(fixtures.join(name)).unwrap())
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let count = 150;
    for i in 0..count {
        let name = format!("policy{i:03}.md");
        if i == 77 {
            // one unreadable file among them
            fs::write(dir.path().join(name), b"\x00\x01binary").unwrap();
        } else {
            fs::write(dir.path().join(name), &drafts[i % drafts.len()]).unwrap();
        }
    }
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("policylint")
            .unwrap()
            .current_dir(dir.path())
            .args(["--no-config", "--today", "2026-01-01"])
            .args(args)
            .arg(".")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let json = run(&["--format", "json", "-j", "1"]);
    assert_eq!(json, run(&["--format", "json", "-j", "3"]));
    let report: Value = serde_json::from_slice(&json).unwrap();
    let files = report["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..count).map(|i| format!("policy{i:03}.md")).collect();
    assert_eq!(paths, expected);
    assert_eq!(report["summary"]["files"], count);
    assert_eq!(report["summary"]["input_errors"], 1);
    let errors: usize = files
        .iter()
        .map(|f| {
            f["checks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["status"] == "violated" && c["severity"] == "error")
                .count()
        })
        .sum();
    assert!(errors > 0);
    assert_eq!(report["summary"]["errors"], errors);
    // JSON Lines: one line per file, each the JSON report's entry
    let lines = run(&["--format", "jsonl", "-j", "2"]);
    let lines: Vec<Value> = String::from_utf8(lines)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(&lines, files);
    // people's output: each file named once, the summary line last
    let human = String::from_utf8(run(&["--format", "human", "-j", "2"])).unwrap();
    assert!(
        human.ends_with(&format!(
            "{count} files checked: {errors} errors, 0 warnings, 1 file unreadable\n"
        )),
        "{}",
        &human[human.len().saturating_sub(300)..]
    );
}

/// Every input fuzzing ever crashed on (`fuzz/regressions/`) is checked like
/// a draft: a report or a per-file error, never a crash (exit 101).
#[test]
fn fuzz_regressions_never_crash() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    for target in fs::read_dir(&root).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let bytes = fs::read(&input).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let mut cmd = Command::cargo_bin("policylint").unwrap();
            cmd.current_dir(dir.path())
                .args(["--no-config", "--format", "json"]);
            if name == "ruleset" || name == "term" {
                // a ruleset (or a term inside one) is loaded, then used on a draft
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let ruleset = if name == "term" {
                    format!(
                        "[ruleset]\nid = \"t\"\ntitle = \"t\"\n[[rule]]\nid = \"r\"\nseverity = \"error\"\ntitle = \"t\"\nmessage = \"m\"\nhelp = \"h\"\nsentence = [[{}]]\n",
                        toml_string(&text)
                    )
                } else {
                    text
                };
                fs::write(dir.path().join("rules.toml"), ruleset).unwrap();
                fs::write(dir.path().join("draft.md"), complete()).unwrap();
                cmd.args(["--ruleset", "rules.toml", "draft.md"]);
            } else {
                fs::write(dir.path().join("draft.md"), &bytes).unwrap();
                cmd.arg("draft.md");
            }
            let code = cmd.output().unwrap().status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{}: exit {code:?}",
                input.display()
            );
            count += 1;
        }
    }
    assert!(count > 0, "no regression inputs found");
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text built to make wildcard phrases try every way to split a long
/// hyphenated run gets the same answer the term's regex gives.
#[test]
fn wildcard_phrases_on_long_hyphenated_runs_get_the_regex_answer() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("rules.toml"),
        r#"[ruleset]
id = "wild"
title = "Wildcards"

[[rule]]
id = "kept-safe"
severity = "error"
title = "Kept safe"
message = "not kept safe"
help = "say it"
sentence = [["keeping your * safe"]]

[[rule]]
id = "child-data"
severity = "error"
title = "Child data"
message = "no child data"
help = "say it"
sentence = [["child* data"]]
"#,
    )
    .unwrap();
    let run = format!("keeping your {}x safe.\n", "x-".repeat(20_000));
    fs::write(dir.path().join("run.md"), &run).unwrap();
    fs::write(
        dir.path().join("children.md"),
        "child-".repeat(50_000) + "end.\n",
    )
    .unwrap();
    let out = Command::cargo_bin("policylint")
        .unwrap()
        .current_dir(dir.path())
        .args(["--no-config", "--ruleset", "rules.toml", "--format", "json"])
        .args(["children.md", "run.md"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |file: usize, rule: usize| {
        report["files"][file]["checks"][rule]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // children.md: neither phrase; run.md: "keeping your x-…-x safe"
    assert_eq!(status(0, 0), "violated");
    assert_eq!(status(0, 1), "violated");
    assert_eq!(status(1, 0), "satisfied");
    assert_eq!(status(1, 1), "violated");
}
