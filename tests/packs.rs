//! The jurisdiction packs (gdpr, ccpa, coppa, caloppa) on the drafts in
//! `fixtures/packs/`: a compliant draft satisfies every rule of its pack, a
//! draft with gaps reports exactly the missing items, and facts and
//! `min_age` in policylint.toml change what applies.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;

/// The date the fixtures' "last updated" dates are compared with.
const TODAY: &str = "2025-12-01";

const GDPR_RULES: [&str; 21] = [
    "controller-identity",
    "eu-representative",
    "data-protection-officer",
    "legal-basis",
    "legitimate-interests",
    "recipients",
    "transfer-safeguards",
    "transfer-safeguards-copy",
    "storage-period",
    "right-of-access",
    "right-to-rectification",
    "right-to-erasure",
    "right-to-restriction",
    "right-to-object",
    "right-to-portability",
    "withdraw-consent",
    "statutory-requirement",
    "automated-decisions",
    "data-source",
    "digital-consent-age",
    "supervisory-complaint",
];

const CCPA_RULES: [&str; 19] = [
    "ccpa-last-updated",
    "ccpa-categories-collected",
    "ccpa-sources",
    "ccpa-purposes",
    "ccpa-sale-sharing",
    "ccpa-right-to-know",
    "ccpa-right-to-delete",
    "ccpa-right-to-correct",
    "ccpa-right-to-opt-out",
    "ccpa-right-to-limit",
    "ccpa-non-discrimination",
    "ccpa-how-to-exercise",
    "ccpa-verification",
    "ccpa-authorized-agent",
    "ccpa-opt-out-preference-signal",
    "ccpa-do-not-sell-link",
    "ccpa-under-16",
    "ccpa-toll-free-number",
    "ccpa-online-only-email",
];

const COPPA_RULES: [&str; 11] = [
    "coppa-parental-rights",
    "coppa-operator-name",
    "coppa-operator-address",
    "coppa-operator-phone",
    "coppa-operator-email",
    "coppa-information-collected",
    "coppa-public-posting",
    "coppa-information-use",
    "coppa-third-party-disclosure",
    "coppa-retention-policy",
    "coppa-age-threshold",
];

const CALOPPA_RULES: [&str; 7] = [
    "do-not-track",
    "caloppa-pii-categories",
    "caloppa-third-party-categories",
    "caloppa-review-and-correct",
    "caloppa-change-notice",
    "caloppa-effective-date",
    "caloppa-third-party-tracking",
];

/// The binary, run from the repository root.
fn policylint() -> Command {
    let mut cmd = Command::cargo_bin("policylint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

/// A JSON report with no configuration file, and its exit code.
fn json(args: &[&str]) -> (Value, i32) {
    let out = policylint()
        .args(["--no-config", "--format", "json", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    parse(&out)
}

fn parse(out: &std::process::Output) -> (Value, i32) {
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    });
    (report, out.status.code().unwrap())
}

/// The JSON report of `policy.md` in `dir`, checked with `config` as its
/// `policylint.toml`.
fn configured(dir: &std::path::Path, config: &str) -> Value {
    fs::write(dir.join("policylint.toml"), config).unwrap();
    let out = Command::cargo_bin("policylint")
        .unwrap()
        .current_dir(dir)
        .args(["--format", "json", "--today", TODAY, "policy.md"])
        .output()
        .unwrap();
    parse(&out).0
}

/// rule id → (status, severity) for the first file of a report.
fn outcomes(report: &Value) -> BTreeMap<String, (String, String)> {
    report["files"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_string(),
                (
                    c["status"].as_str().unwrap().to_string(),
                    c["severity"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

fn check<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["files"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == rule)
        .unwrap_or_else(|| panic!("no check for {rule}"))
}

/// The violated rules, with the severity each is reported at.
fn violations(report: &Value) -> BTreeMap<String, String> {
    outcomes(report)
        .into_iter()
        .filter(|(_, (status, _))| status == "violated")
        .map(|(rule, (_, severity))| (rule, severity))
        .collect()
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(r, s)| (r.to_string(), s.to_string()))
        .collect()
}

fn assert_compliant(pack: &str, fixture: &str, rules: &[&str]) {
    let (report, code) = json(&["--ruleset", pack, fixture]);
    let outcomes = outcomes(&report);
    let ids: Vec<&str> = outcomes.keys().map(String::as_str).collect();
    let mut want: Vec<&str> = rules.to_vec();
    want.sort_unstable();
    assert_eq!(ids, want, "{pack}: the rules of the pack");
    for (rule, (status, _)) in &outcomes {
        assert!(
            status == "satisfied" || status == "not-applicable",
            "{fixture}: {rule} is {status}: {}",
            check(&report, rule)["message"]
        );
    }
    assert_eq!(code, 0, "{fixture}");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["infos"], 0);
}

#[test]
fn gdpr_compliant_notice_satisfies_every_rule() {
    assert_compliant("gdpr", "fixtures/packs/gdpr-compliant.md", &GDPR_RULES);
    let (report, _) = json(&["--ruleset", "gdpr", "fixtures/packs/gdpr-compliant.md"]);
    assert_eq!(check(&report, "digital-consent-age")["values"]["age"], 16);
    assert_eq!(
        check(&report, "storage-period")["values"]["periods"],
        serde_json::json!(["30 days", "12 months", "seven years"])
    );
}

#[test]
fn ccpa_compliant_policy_satisfies_every_rule() {
    assert_compliant("ccpa", "fixtures/packs/ccpa-compliant.md", &CCPA_RULES);
}

#[test]
fn coppa_compliant_notice_satisfies_every_rule() {
    assert_compliant("coppa", "fixtures/packs/coppa-compliant.md", &COPPA_RULES);
    let (report, _) = json(&["--ruleset", "coppa", "fixtures/packs/coppa-compliant.md"]);
    assert_eq!(check(&report, "coppa-age-threshold")["values"]["age"], 13);
    assert_eq!(
        check(&report, "coppa-operator-phone")["values"]["phones"],
        serde_json::json!(["+1 (608) 555-0173"])
    );
}

#[test]
fn caloppa_compliant_policy_satisfies_every_rule() {
    assert_compliant(
        "caloppa",
        "fixtures/packs/caloppa-compliant.md",
        &CALOPPA_RULES,
    );
}

#[test]
fn gdpr_gaps_are_reported_and_unknown_conditions_are_notes() {
    let (report, code) = json(&["--ruleset", "gdpr", "fixtures/packs/gdpr-gaps.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        violations(&report),
        expected(&[
            // a DPO is mentioned, with no way to reach them
            ("data-protection-officer", "error"),
            // data goes to the United States with no safeguard named
            ("transfer-safeguards", "error"),
            ("right-to-restriction", "error"),
            ("right-to-portability", "error"),
            // the newsletter is sent "only with your consent"
            ("withdraw-consent", "error"),
            // "under 13" is below the default age of 16
            ("digital-consent-age", "error"),
            ("supervisory-complaint", "error"),
            // the text says nothing either way: notes, not errors
            ("eu-representative", "info"),
            ("legitimate-interests", "info"),
            ("automated-decisions", "info"),
            ("data-source", "info"),
        ])
    );
    // no standard contractual clauses, so nothing to ask a copy of
    assert_eq!(
        check(&report, "transfer-safeguards-copy")["status"],
        "not-applicable"
    );
    assert_eq!(check(&report, "digital-consent-age")["values"]["age"], 13);
    let note = check(&report, "automated-decisions")["message"]
        .as_str()
        .unwrap();
    assert!(note.contains("`automated_decisions`"), "{note}");
    assert_eq!(report["summary"]["infos"], 4);
}

#[test]
fn declared_facts_turn_notes_into_errors_or_not_applicable() {
    let out = policylint()
        .args([
            "--config",
            "fixtures/packs/gdpr-gaps.facts.toml",
            "--format",
            "json",
            "--today",
            TODAY,
            "--ruleset",
            "gdpr",
            "fixtures/packs/gdpr-gaps.md",
        ])
        .output()
        .unwrap();
    let (report, code) = parse(&out);
    assert_eq!(code, 1);
    let outcomes = outcomes(&report);
    for rule in ["eu-representative", "automated-decisions", "data-source"] {
        assert_eq!(outcomes[rule].0, "not-applicable", "{rule}");
    }
    // declared true: the missing interests are an error now
    assert_eq!(
        outcomes["legitimate-interests"],
        ("violated".to_string(), "error".to_string())
    );
    assert_eq!(report["summary"]["infos"], 0);
}

#[test]
fn ccpa_gaps_are_reported() {
    let (report, code) = json(&["--ruleset", "ccpa", "fixtures/packs/ccpa-gaps.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        violations(&report),
        expected(&[
            // March 1, 2023 is more than 12 months before the run date
            ("ccpa-last-updated", "error"),
            ("ccpa-sources", "error"),
            ("ccpa-right-to-correct", "error"),
            ("ccpa-non-discrimination", "error"),
            ("ccpa-verification", "error"),
            ("ccpa-authorized-agent", "error"),
            // "We may sell your personal information" makes these apply
            ("ccpa-opt-out-preference-signal", "error"),
            ("ccpa-do-not-sell-link", "error"),
            // a (619) number is not toll-free
            ("ccpa-toll-free-number", "error"),
            ("ccpa-right-to-limit", "info"),
            ("ccpa-under-16", "info"),
        ])
    );
    let stale = check(&report, "ccpa-last-updated");
    assert_eq!(stale["values"]["date"], "2023-03-01");
    assert!(
        stale["message"].as_str().unwrap().contains("1006 days ago"),
        "{}",
        stale["message"]
    );
}

#[test]
fn coppa_gaps_are_reported_with_indefinite_retention_pointed_at() {
    let (report, code) = json(&["--ruleset", "coppa", "fixtures/packs/coppa-gaps.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        violations(&report),
        expected(&[
            ("coppa-parental-rights", "error"),
            ("coppa-operator-phone", "error"),
            ("coppa-public-posting", "error"),
            ("coppa-third-party-disclosure", "error"),
            ("coppa-retention-policy", "error"),
        ])
    );
    let retention = check(&report, "coppa-retention-policy");
    let evidence = &retention["evidence"][0];
    assert_eq!(evidence["label"], "not allowed");
    assert_eq!(evidence["line"], 21);
    assert!(
        evidence["text"].as_str().unwrap().ends_with("forever"),
        "{evidence}"
    );
}

#[test]
fn caloppa_gaps_are_reported() {
    let (report, code) = json(&["--ruleset", "caloppa", "fixtures/packs/caloppa-gaps.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        violations(&report),
        expected(&[
            ("do-not-track", "error"),
            ("caloppa-change-notice", "error"),
            ("caloppa-effective-date", "error"),
            // third-party analytics cookies make the tracking disclosure apply
            ("caloppa-third-party-tracking", "error"),
        ])
    );
}

#[test]
fn citations_are_listed_with_the_rules() {
    let out = policylint()
        .args(["--no-config", "rules", "--ruleset", "gdpr"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    for rule in GDPR_RULES {
        assert!(listing.contains(rule), "{rule} missing:\n{listing}");
    }
    for cite in [
        "GDPR Art. 13(1)(a)",
        "GDPR Art. 13(1)(f)",
        "GDPR Art. 13(2)(b)",
        "GDPR Art. 13(2)(d)",
        "GDPR Art. 14(2)(f)",
        "GDPR Art. 8(1)",
        "GDPR Art. 22",
    ] {
        assert!(listing.contains(cite), "{cite} missing:\n{listing}");
    }

    let out = policylint()
        .args([
            "--no-config",
            "rules",
            "--ruleset",
            "ccpa",
            "--ruleset",
            "coppa",
            "--ruleset",
            "caloppa",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    for cite in [
        "CCPA regulations, 11 CCR 7025",
        "CCPA regulations, 11 CCR 7020(a)-(b)",
        "COPPA, 16 CFR 312.10",
        "COPPA, 16 CFR 312.4(d)(1)",
        "CalOPPA, Cal. Bus. & Prof. Code 22575(b)(6)",
    ] {
        assert!(listing.contains(cite), "{cite} missing:\n{listing}");
    }
}

#[test]
fn every_pack_runs_its_own_examples() {
    for pack in ["gdpr", "ccpa", "coppa", "caloppa"] {
        policylint()
            .args(["--no-config", "--ruleset", pack, "test"])
            .assert()
            .success();
    }
}

#[test]
fn declaring_that_nothing_is_sold_makes_the_sale_rules_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    let draft = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packs/ccpa-gaps.md"),
    )
    .unwrap();
    // the same draft, without its sale clause
    let draft = draft.replace(
        "We may sell your personal information, such as your name and purchase history, to marketing partners.",
        "We do not sell your personal information.",
    );
    fs::write(dir.path().join("policy.md"), draft).unwrap();
    let declared = outcomes(&configured(
        dir.path(),
        "rulesets = [\"ccpa\"]\n\n[facts]\nsells_data = false\n",
    ));
    for rule in ["ccpa-do-not-sell-link", "ccpa-opt-out-preference-signal"] {
        assert_eq!(declared[rule].0, "not-applicable", "{rule}");
    }

    // undeclared, the same draft gets notes asking to confirm
    let undeclared = outcomes(&configured(dir.path(), "rulesets = [\"ccpa\"]\n"));
    for rule in ["ccpa-do-not-sell-link", "ccpa-opt-out-preference-signal"] {
        assert_eq!(
            undeclared[rule],
            ("violated".to_string(), "info".to_string()),
            "{rule}"
        );
    }
}

#[test]
fn min_age_sets_a_national_age_of_digital_consent() {
    let dir = tempfile::tempdir().unwrap();
    let draft = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packs/gdpr-gaps.md"),
    )
    .unwrap();
    fs::write(dir.path().join("policy.md"), draft).unwrap();
    // a member state that set the age at 13
    let report = configured(
        dir.path(),
        "rulesets = [\"gdpr\"]\n\n[rules.digital-consent-age]\nmin_age = 13\n",
    );
    let consent = check(&report, "digital-consent-age");
    assert_eq!(consent["status"], "satisfied");
    assert_eq!(consent["values"]["age"], 13);
}
