//! Runs the real binary on the drafts in `fixtures/` and checks exit codes,
//! statuses, values and rendered output.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

const CORE_RULES: [&str; 10] = [
    "children",
    "retention",
    "contact",
    "international-transfer",
    "effective-date",
    "policy-changes",
    "third-party-sharing",
    "user-rights",
    "security",
    "cookies",
];

/// The binary, run from the repository root, with no configuration file
/// and no colour.
fn policylint() -> Command {
    let mut cmd = Command::cargo_bin("policylint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .arg("--no-config");
    cmd
}

fn json(args: &[&str]) -> (Value, i32) {
    let out = policylint()
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    (report, out.status.code().unwrap())
}

fn check<'a>(file: &'a Value, rule: &str) -> &'a Value {
    file["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == rule)
        .unwrap_or_else(|| panic!("no check for {rule}"))
}

fn statuses(file: &Value) -> Vec<(String, String)> {
    file["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn complete_policy_satisfies_every_core_rule() {
    for fixture in [
        "fixtures/complete.md",
        "fixtures/bold-headings.md",
        "fixtures/under-contract.md",
    ] {
        let (report, code) = json(&[fixture]);
        let file = &report["files"][0];
        assert_eq!(code, 0, "{fixture}");
        for (rule, status) in statuses(file) {
            assert_eq!(status, "satisfied", "{fixture}: {rule}");
            assert!(
                !check(file, &rule)["evidence"]
                    .as_array()
                    .unwrap()
                    .is_empty(),
                "{fixture}: {rule} has no evidence"
            );
        }
        assert_eq!(statuses(file).len(), CORE_RULES.len());
    }
    let (report, _) = json(&["fixtures/complete.md"]);
    let file = &report["files"][0];
    assert_eq!(check(file, "children")["values"]["age"], 13);
    assert_eq!(
        check(file, "effective-date")["values"]["date"],
        "2025-03-03"
    );
    assert_eq!(
        check(file, "contact")["values"]["emails"][0],
        "privacy@lumennotes.com"
    );
    assert_eq!(
        check(file, "international-transfer")["values"]["destinations"][0],
        "the United States"
    );
    assert!(
        check(file, "retention")["values"]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "90 days")
    );
    // each value's evidence is labelled with its key in the singular
    let labels: Vec<&str> = check(file, "contact")["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"email"), "{labels:?}");
    assert!(labels.contains(&"postal address"), "{labels:?}");
}

#[test]
fn removing_one_disclosure_violates_exactly_that_rule() {
    for rule in CORE_RULES {
        let fixture = format!("fixtures/missing-{rule}.md");
        let (report, code) = json(&[&fixture]);
        assert_eq!(code, 1, "{fixture}");
        for (id, status) in statuses(&report["files"][0]) {
            let want = if id == rule { "violated" } else { "satisfied" };
            assert_eq!(status, want, "{fixture}: {id}");
        }
    }
}

#[test]
fn age_below_the_minimum_is_reported_where_it_stands() {
    let (report, code) = json(&["fixtures/underage.md"]);
    assert_eq!(code, 1);
    let children = check(&report["files"][0], "children");
    assert_eq!(children["status"], "violated");
    assert_eq!(children["values"]["age"], 12);
    let evidence = &children["evidence"][0];
    assert_eq!(evidence["text"], "under 12");
    let source =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/underage.md"))
            .unwrap();
    let line = source
        .lines()
        .nth(evidence["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert!(line.contains("not directed to anyone under 12"), "{line}");
    let start = evidence["start"].as_u64().unwrap() as usize;
    assert_eq!(
        &source[start..evidence["end"].as_u64().unwrap() as usize],
        "under 12"
    );
}

#[test]
fn age_traps_are_not_ages() {
    let (report, _) = json(&["fixtures/under-contract.md"]);
    assert_eq!(check(&report["files"][0], "children")["values"]["age"], 16);
}

#[test]
fn plain_text_with_crlf_and_bom_passes() {
    for fixture in ["fixtures/plain.txt", "fixtures/crlf-bom.txt"] {
        let (report, code) = json(&[fixture]);
        assert_eq!(code, 0, "{fixture}: {}", report);
        assert!(
            statuses(&report["files"][0])
                .iter()
                .all(|(_, s)| s == "satisfied")
        );
    }
    // offsets count the byte-order mark: the evidence text is found at its offsets in the raw bytes
    let (report, _) = json(&["fixtures/crlf-bom.txt"]);
    let raw =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/crlf-bom.txt")).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBF"));
    let e = &check(&report["files"][0], "children")["evidence"][0];
    let (s, t) = (
        e["start"].as_u64().unwrap() as usize,
        e["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        String::from_utf8_lossy(&raw[s..t]),
        e["text"].as_str().unwrap()
    );
}

#[test]
fn suppression_comment_suppresses_and_exits_zero() {
    let (report, code) = json(&["fixtures/suppressed.md"]);
    assert_eq!(code, 0);
    assert_eq!(
        check(&report["files"][0], "children")["status"],
        "suppressed"
    );
}

#[test]
fn unknown_rule_in_a_directive_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.md");
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/complete.md"))
            .unwrap();
    fs::write(
        &draft,
        format!("<!-- policylint-disable childern -->\n{text}"),
    )
    .unwrap();
    let out = policylint()
        .arg("--format")
        .arg("json")
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warning = &report["files"][0]["warnings"][0];
    assert_eq!(
        warning["message"],
        "unknown rule `childern` in a policylint-disable comment"
    );
    assert_eq!(warning["line"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
}

#[test]
fn next_line_directive_suppresses_a_finding_on_the_next_line() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.md");
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/underage.md"))
            .unwrap();
    let text = text.replace(
        "It is not directed to anyone under 12.",
        "<!-- policylint-disable-next-line children -->\nIt is not directed to anyone under 12.",
    );
    fs::write(&draft, text).unwrap();
    let out = policylint()
        .arg("--format")
        .arg("json")
        .arg(&draft)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        check(&report["files"][0], "children")["status"],
        "suppressed"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn standard_input_is_read_with_its_name() {
    let text =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/underage.md")).unwrap();
    let out = policylint()
        .args(["--format", "json", "-", "--stdin-filename", "drafts/app.md"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["path"], "drafts/app.md");
    assert_eq!(check(&report["files"][0], "children")["values"]["age"], 12);
}

#[test]
fn missing_file_exits_2_naming_it_and_others_are_still_checked() {
    let (report, code) = json(&["no/such/policy.md", "fixtures/complete.md"]);
    assert_eq!(code, 2);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let missing = files
        .iter()
        .find(|f| f["path"] == "no/such/policy.md")
        .unwrap();
    assert_eq!(missing["errors"][0]["message"], "no such file or directory");
    let complete = files
        .iter()
        .find(|f| f["path"] == "fixtures/complete.md")
        .unwrap();
    assert_eq!(complete["checks"].as_array().unwrap().len(), 10);

    policylint()
        .arg("no/such/policy.md")
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "no/such/policy.md: no such file or directory",
        ));
}

#[test]
fn binary_and_latin1_files_are_errors_with_names_and_positions() {
    let out = policylint()
        .args([
            "fixtures/bad/binary.md",
            "fixtures/bad/latin1.md",
            "fixtures/complete.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("fixtures/bad/binary.md: binary file"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "fixtures/bad/latin1.md:3:4: not valid UTF-8 at line 3, column 4 (byte 0xE9)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 files checked: 0 errors, 0 warnings, 2 files unreadable"),
        "{stdout}"
    );
}

#[test]
fn a_directory_is_walked_in_path_order() {
    let (report, code) = json(&["fixtures/addresses"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 9);
    for f in report["files"].as_array().unwrap() {
        let addresses = check(f, "contact")["values"]["postal_addresses"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(addresses, 1, "{}", f["path"]);
    }
}

#[test]
fn walking_skips_hidden_and_ignored_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/complete.md")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("old")).unwrap();
    for f in ["a.md", "b.txt", ".git/c.md", "old/d.md", "notes.rs"] {
        fs::write(root.join(f), &text).unwrap();
    }
    fs::write(root.join(".policylintignore"), "old/\n").unwrap();
    let out = policylint()
        .arg("--format")
        .arg("json")
        .arg(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Path::new(f["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, vec!["a.md", "b.txt"]);
}

#[test]
fn bad_rulesets_are_compiler_errors_with_exit_2() {
    let cases = [
        (
            "fixtures/bad/bad-severity.toml",
            "fixtures/bad/bad-severity.toml:7:12",
            "unknown severity `critical`",
        ),
        (
            "fixtures/bad/bad-term.toml",
            "fixtures/bad/bad-term.toml:11:43",
            "`*` may only end a word",
        ),
        (
            "fixtures/bad/unknown-key.toml",
            "fixtures/bad/unknown-key.toml:11:1",
            "unknown field `headings`",
        ),
    ];
    for (file, location, message) in cases {
        policylint()
            .args(["--ruleset", file, "fixtures/complete.md"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(location).and(predicate::str::contains(message)));
    }
    policylint()
        .args(["--ruleset", "gdrp", "fixtures/complete.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown ruleset `gdrp`"));
}

#[test]
fn own_ruleset_runs_with_forbid_and_examples() {
    let (report, code) = json(&[
        "--ruleset",
        "fixtures/house-rules.toml",
        "fixtures/complete.md",
    ]);
    assert_eq!(code, 0);
    let file = &report["files"][0];
    assert_eq!(statuses(file).len(), 2);
    assert_eq!(
        check(file, "no-indefinite-retention")["status"],
        "satisfied"
    );
    policylint()
        .args(["--ruleset", "fixtures/house-rules.toml", "test"])
        .assert()
        .success()
        .stdout(predicate::str::contains("4 passed, 0 failed"));
}

#[test]
fn configuration_sets_rulesets_severities_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    fs::create_dir_all(root.join("policies/archive")).unwrap();
    fs::copy(
        fixtures.join("missing-cookies.md"),
        root.join("policies/app.md"),
    )
    .unwrap();
    fs::copy(
        fixtures.join("missing-children.md"),
        root.join("policies/archive/old.md"),
    )
    .unwrap();
    fs::write(
        root.join("policylint.toml"),
        "rulesets = [\"core\"]\nexclude = [\"policies/archive/**\"]\n\n[rules.cookies]\nseverity = \"warning\"\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("policylint").unwrap();
    let out = cmd
        .current_dir(root)
        .args(["--format", "json", "policies"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    assert_eq!(check(&report["files"][0], "cookies")["severity"], "warning");
    assert_eq!(out.status.code(), Some(0), "a warning alone exits 0");

    fs::write(
        root.join("policylint.toml"),
        "[rules.childern]\nseverity = \"off\"\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("policylint").unwrap();
    cmd.current_dir(root)
        .arg("policies")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown rule `childern`")
                .and(predicate::str::contains("did you mean `children`")),
        );
}

#[test]
fn rules_and_explain_teach() {
    policylint().arg("rules").assert().success().stdout(
        predicate::str::contains("international-transfer")
            .and(predicate::str::contains("GDPR Art. 13(1)(f)")),
    );
    policylint()
        .args(["explain", "children"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Example fix:").and(predicate::str::contains("COPPA")));
    policylint()
        .args(["explain", "childern"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `children`"));
}

#[test]
fn no_colour_unless_a_terminal() {
    policylint()
        .arg("fixtures/underage.md")
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
    policylint()
        .args(["--color", "always", "fixtures/underage.md"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn human_output_for_an_underage_policy() {
    let out = policylint().arg("fixtures/underage.md").output().unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn human_output_for_a_missing_clause() {
    let out = policylint()
        .arg("fixtures/missing-retention.md")
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn checklist_shows_where_each_disclosure_is() {
    let out = policylint()
        .args([
            "--show-satisfied",
            "fixtures/complete.md",
            "fixtures/suppressed.md",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_report_for_an_underage_policy() {
    let out = policylint()
        .args(["--format", "json", "fixtures/underage.md"])
        .output()
        .unwrap();
    let mut report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // keep the snapshot to the first evidence span of each rule: enough to review
    for c in report["files"][0]["checks"].as_array_mut().unwrap() {
        let evidence = c["evidence"].as_array_mut().unwrap();
        evidence.truncate(1);
    }
    insta::assert_json_snapshot!(report);
}
