//! The policylint command line: arguments → library calls → exit code.

use clap::{Parser, Subcommand, ValueEnum};

use codespan_reporting::term::termcolor::NoColor;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use policylint::batches;
use policylint::check::CheckOptions;
use policylint::check::extract::ExtractOptions;
use policylint::config::{self, Loaded};
use policylint::error::SourceError;
use policylint::report::human::{self, HumanOptions};
use policylint::report::{FileReport, Report, Summary, github, json, sarif};
use policylint::ruleset::{BUILTIN, Ruleset};
use policylint::{Linter, examples, walk};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str = "Lint privacy-policy drafts for missing or wrong disclosures";

const LONG_ABOUT: &str = "\
Lint privacy-policy drafts (Markdown or plain text) for the disclosures a policy
must make: children's data and minimum age, retention, contact details,
international transfers, effective date, policy changes, sharing, user rights,
security and cookies. Findings point at the exact text, or at the title line
when a clause is missing.";

const AFTER_HELP: &str = "\
Examples:
  policylint privacy.md                       check one draft
  policylint policies/                        check every .md/.markdown/.txt below
  policylint --format json privacy.md         machine-readable report (version 1)
  policylint --show-satisfied privacy.md      checklist: where each disclosure is
  cat draft.md | policylint - --stdin-filename draft.md
  policylint rules                            list the rules that would run
  policylint explain children                 what a rule checks and how to fix it

Exit codes:
  0  no findings at the --fail-on level (default: error)
  1  findings at the --fail-on level
  2  usage, configuration, ruleset or input errors (other files are still checked)

Suppress a rule inside a draft with an HTML comment:
  <!-- policylint-disable children -- the service is for businesses only -->
  <!-- policylint-disable-next-line children -->";

#[derive(Parser)]
#[command(name = "policylint", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files and directories to check; `-` reads standard input [default: .]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    #[command(flatten)]
    rules: RuleArgs,

    /// Output format: human, json, jsonl, sarif or github; FORMAT=FILE writes to a
    /// file; repeatable [default: human, or github when GITHUB_ACTIONS=true]
    #[arg(long, value_name = "FORMAT[=FILE]")]
    format: Vec<String>,

    /// Write the (single) format to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Which findings fail the run (exit 1)
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    fail_on: FailOn,

    /// Apply the walk's filters (extensions, include and exclude globs) to files
    /// named on the command line too, as a pre-commit hook needs
    #[arg(long)]
    force_exclude: bool,

    /// Files checked at once [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,

    /// Name used for standard input in reports (its extension picks Markdown or text)
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    /// List every rule with ✓/✗ and where its evidence is, not only findings
    #[arg(long)]
    show_satisfied: bool,

    /// The date freshness checks compare with, as YYYY-MM-DD [default: today (UTC)]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    today: Option<time::Date>,

    /// When to use colours (auto: only on a terminal, and never with NO_COLOR set)
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
}

#[derive(clap::Args, Clone)]
struct RuleArgs {
    /// Ruleset to run: a built-in name (core) or a TOML file; repeatable
    #[arg(long = "ruleset", value_name = "NAME|FILE", global = true)]
    rulesets: Vec<String>,

    /// Configuration file [default: nearest policylint.toml upward from here]
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,

    /// Ignore any policylint.toml
    #[arg(long, global = true, conflicts_with = "config")]
    no_config: bool,
}

#[derive(Subcommand)]
enum Command {
    /// List the rules that would run: id, severity, ruleset, title
    Rules,
    /// Explain a rule: what it checks, why, its citations, an example fix
    Explain {
        /// Rule id, e.g. `children`
        rule: String,
    },
    /// Run the `[[rule.example]]` texts of rulesets (built-in or your own TOML files)
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    /// one JSON object per file, as each file is done
    Jsonl,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The exit-code policy, in one place: 2 when anything could not be read or
/// configured, else 1 when an error-level rule is violated, else 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Clean = 0,
    Findings = 1,
    Trouble = 2,
}

impl Exit {
    fn from_summary(summary: &Summary, fail_on: FailOn) -> Exit {
        let failing = match fail_on {
            FailOn::Error => summary.errors,
            FailOn::Warning => summary.errors + summary.warnings,
            FailOn::Never => 0,
        };
        if summary.input_errors > 0 {
            Exit::Trouble
        } else if failing > 0 {
            Exit::Findings
        } else {
            Exit::Clean
        }
    }
}

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    let exit = match run(cli) {
        Ok(exit) => exit,
        Err(exit) => exit,
    };
    ExitCode::from(exit as u8)
}

fn color_choice(when: ColorWhen, terminal: bool) -> ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if terminal && !no_color => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

fn run(cli: Cli) -> Result<Exit, Exit> {
    let mut stderr =
        StandardStream::stderr(color_choice(cli.color, std::io::stderr().is_terminal()));
    if cli.command.is_none() {
        // the extractors' patterns compile while the rulesets load
        std::thread::spawn(policylint::check::extract::warm_up);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let loaded = if cli.rules.no_config {
        Loaded::default()
    } else {
        config::load(cli.rules.config.as_deref(), &cwd)
            .map_err(|e| report_errors(&mut stderr, &[*e]))?
    };
    if let Some(command) = &cli.command {
        let ruleset =
            build_ruleset(&cli.rules, &loaded).map_err(|e| report_errors(&mut stderr, &e))?;
        return match command {
            Command::Rules => Ok(list_rules(&ruleset)),
            Command::Explain { rule } => explain(&ruleset, rule, &mut stderr),
            Command::Test => Ok(test_examples(&ruleset)),
        };
    }

    let mut filter = build_filter(&loaded).map_err(|e| report_errors(&mut stderr, &[*e]))?;
    filter.force = cli.force_exclude;
    let paths = if cli.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        cli.paths.clone()
    };
    let (stdin_requested, paths): (Vec<_>, Vec<_>) =
        paths.into_iter().partition(|p| p.as_os_str() == "-");
    // the directories are read while the rulesets and their term index
    // compile: neither waits on the other
    let (ruleset, found) = std::thread::scope(|scope| {
        let walking = scope.spawn(|| walk::collect(&paths, &filter));
        let ruleset = build_ruleset(&cli.rules, &loaded);
        if let Ok(ruleset) = &ruleset {
            ruleset.index();
        }
        let found = walking
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ruleset, found)
    });
    let ruleset = ruleset.map_err(|e| report_errors(&mut stderr, &e))?;

    let date_order = loaded
        .date_order()
        .map_err(|e| report_errors(&mut stderr, &[*e]))?;
    let options = CheckOptions {
        extract: ExtractOptions { date_order },
        facts: loaded.facts(),
        today: Some(
            cli.today
                .unwrap_or_else(|| time::OffsetDateTime::now_utc().date()),
        ),
    };
    let linter = Linter::new(ruleset, options);
    for note in &found.notes {
        let _ = writeln!(stderr, "policylint: {note}");
    }

    let outputs = plan_outputs(&cli).map_err(|message| {
        let _ = writeln!(stderr, "error: {message}");
        Exit::Trouble
    })?;
    let threads = cli.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| {
            let _ = writeln!(stderr, "error: cannot start {threads} threads: {e}");
            Exit::Trouble
        })?;

    // what to check, in path order whatever the thread count
    let mut inputs: Vec<(String, Input)> = Vec::new();
    if !stdin_requested.is_empty() {
        let name = cli
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".to_string());
        let mut bytes = Vec::new();
        let read = std::io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| walk::describe(&e));
        inputs.push((name, Input::Read(read)));
    }
    inputs.extend(
        found
            .errors
            .iter()
            .map(|(p, e)| (display(p), Input::Read(Err(e.clone())))),
    );
    inputs.extend(
        found
            .files
            .iter()
            .map(|p| (display(p), Input::File(p.clone()))),
    );
    inputs.sort_by(|a, b| a.0.cmp(&b.0));

    let mut sinks: Vec<Sink> = outputs
        .into_iter()
        .map(|o| Sink::new(o, cli.color))
        .collect();
    let human_options = HumanOptions {
        show_satisfied: cli.show_satisfied,
    };
    let mut report = Report {
        files: Vec::new(),
        rules: linter.rule_infos(),
    };
    // SARIF and GitHub annotations are written whole at the end; the other
    // formats are done with each file as it is checked
    let keep_reports = sinks
        .iter()
        .any(|s| matches!(s.output.format, Format::Sarif | Format::Github));
    let formats: Vec<Format> = sinks.iter().map(|s| s.output.format).collect();
    // the main thread reads a file's report only to render it for people or
    // to keep it; otherwise the worker that built it frees it
    let reports_wanted = keep_reports || formats.contains(&Format::Human);
    let mut summary = Summary::default();
    // checked a batch at a time on the pool's threads, and written in path
    // order as the batches are done: memory stays bounded by the batches
    // under way, output is the same whatever the thread count
    let check = |batch: Vec<(String, Input)>| -> Vec<Checked> {
        // each file is read when its turn comes, not the whole batch first
        let files = batch.into_iter().map(|(name, input)| {
            let bytes = match input {
                Input::Read(bytes) => bytes,
                Input::File(path) => walk::read(&path),
            };
            (name, bytes)
        });
        linter
            .check_batch(files, set_current_file)
            .into_iter()
            .map(|file| {
                // machine formats are serialised here, in parallel; the main
                // thread only writes them out in order
                let rendered = formats.iter().map(|f| prerender(*f, &file)).collect();
                Checked {
                    counts: Summary::of(&file),
                    rendered,
                    report: reports_wanted.then_some(file),
                }
            })
            .collect()
    };
    batches::run_in_order(&pool, inputs, BATCH, check, |files| {
        for checked in files {
            for (sink, text) in sinks.iter_mut().zip(checked.rendered) {
                sink.file(checked.report.as_ref(), text, human_options);
            }
            summary.merge(&checked.counts);
            if let Some(mut file) = checked.report.filter(|_| keep_reports) {
                file.source = String::new();
                report.files.push(file);
            }
        }
        for sink in &mut sinks {
            sink.flush();
        }
    });

    let workspace = std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from);
    let repo_path = |path: &str| repository_path(path, &cwd, workspace.as_deref());
    for sink in &mut sinks {
        sink.finish(&report, &summary, &repo_path);
    }
    if let Some(summary_file) = std::env::var_os("GITHUB_STEP_SUMMARY")
        && sinks.iter().any(|s| s.output.format == Format::Github)
    {
        let table = github::step_summary(&report, &repo_path);
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&summary_file)
            .and_then(|mut f| f.write_all(table.as_bytes()));
        if let Err(e) = appended {
            let _ = writeln!(
                stderr,
                "policylint: cannot write the step summary: {}",
                walk::describe(&e)
            );
        }
    }
    for sink in sinks {
        if let Err(message) = sink.close() {
            let _ = writeln!(stderr, "error: {message}");
            return Err(Exit::Trouble);
        }
    }
    Ok(Exit::from_summary(&summary, cli.fail_on))
}

/// Files a thread checks together, the rules applied to all of them one
/// rule at a time (see `Linter::check_batch`); fewer towards the end of a
/// run, so the threads finish together.
const BATCH: usize = 32;

/// A file as a worker hands it back: its counts, its machine formats
/// rendered, and its report when the main thread has a use for it.
struct Checked {
    counts: Summary,
    rendered: Vec<Option<String>>,
    report: Option<FileReport>,
}

enum Input {
    File(PathBuf),
    Read(Result<Vec<u8>, String>),
}

/// One output: a format and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Output {
    format: Format,
    file: Option<PathBuf>,
}

/// `--format` values (`sarif`, `sarif=out.sarif`), `--output`, and the
/// GitHub Actions default.
fn plan_outputs(cli: &Cli) -> Result<Vec<Output>, String> {
    let mut outputs = Vec::new();
    for spec in &cli.format {
        let (name, file) = match spec.split_once('=') {
            Some((n, f)) => (n, Some(PathBuf::from(f))),
            None => (spec.as_str(), None),
        };
        let format = Format::from_str(name, true).map_err(|_| {
            format!("unknown format `{name}`; expected human, json, jsonl, sarif or github (optionally FORMAT=FILE)")
        })?;
        outputs.push(Output { format, file });
    }
    if outputs.is_empty() {
        let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        let format = if in_actions {
            Format::Github
        } else {
            Format::Human
        };
        outputs.push(Output { format, file: None });
    }
    if let Some(file) = &cli.output {
        let mut to_stdout = outputs.iter_mut().filter(|o| o.file.is_none());
        match (to_stdout.next(), to_stdout.next()) {
            (Some(o), None) => o.file = Some(file.clone()),
            (None, _) => {
                return Err(
                    "--output has no format to write: every --format already names a file".into(),
                );
            }
            (Some(_), Some(_)) => {
                return Err(
                    "--output goes with a single --format; write FORMAT=FILE for several".into(),
                );
            }
        }
    }
    if outputs.iter().filter(|o| o.file.is_none()).count() > 1 {
        return Err(
            "only one format can go to standard output; write the others as FORMAT=FILE".into(),
        );
    }
    Ok(outputs)
}

/// Where an output's text goes while the run is under way.
struct Sink {
    output: Output,
    stdout: Option<StandardStream>,
    buffer: Vec<u8>,
    json: json::JsonWriter,
}

impl Sink {
    fn new(output: Output, color: ColorWhen) -> Sink {
        let stdout = output
            .file
            .is_none()
            .then(|| StandardStream::stdout(color_choice(color, std::io::stdout().is_terminal())));
        Sink {
            output,
            stdout,
            buffer: Vec::new(),
            json: json::JsonWriter::default(),
        }
    }

    /// Formats that stream (human, json, jsonl) write each file as it is
    /// done: human from its report, the others as [`prerender`] wrote them.
    fn file(&mut self, file: Option<&FileReport>, rendered: Option<String>, options: HumanOptions) {
        match self.output.format {
            Format::Human => {
                let Some(file) = file else {
                    unreachable!("reports are kept for the human format")
                };
                let result = match &mut self.stdout {
                    Some(out) => human::render_file(file, options, out),
                    None => human::render_file(file, options, &mut NoColor::new(&mut self.buffer)),
                };
                if let Err(e) = result {
                    broken_pipe(e);
                }
            }
            Format::Jsonl | Format::Json => {
                let Some(text) = rendered else {
                    unreachable!("machine formats are rendered by the workers")
                };
                if self.output.format == Format::Json {
                    let before = self.json.before_file();
                    self.write(before.as_bytes());
                }
                self.write(text.as_bytes());
            }
            Format::Sarif | Format::Github => {}
        }
    }

    fn finish(&mut self, report: &Report, summary: &Summary, repo_path: &dyn Fn(&str) -> String) {
        let text = match self.output.format {
            Format::Human => format!("{}\n", summary.line()),
            Format::Jsonl => return,
            Format::Json => self.json.finish(summary),
            Format::Sarif => sarif::render(report, repo_path),
            Format::Github => github::render(report, repo_path),
        };
        self.write(text.as_bytes());
        self.flush();
    }

    /// Text for the output, held until [`Sink::flush`] (standard output)
    /// or [`Sink::close`] (a file).
    fn write(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// Writes what standard output holds, once per batch of files: standard
    /// output is line-buffered, and each file's report written on its own
    /// took three system calls.
    fn flush(&mut self) {
        if let Some(out) = &mut self.stdout
            && !self.buffer.is_empty()
        {
            if let Err(e) = out.write_all(&self.buffer).and_then(|()| out.flush()) {
                broken_pipe(e);
            }
            self.buffer.clear();
        }
    }

    /// Writes a file output through a temporary file and a rename, so a
    /// reader never sees half a report.
    fn close(self) -> Result<(), String> {
        let Some(path) = self.output.file else {
            return Ok(());
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let fail =
            |e: std::io::Error| format!("cannot write {}: {}", path.display(), walk::describe(&e));
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        tmp.write_all(&self.buffer).map_err(fail)?;
        tmp.persist(&path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

/// A path as GitHub and SARIF want it: relative to the repository root
/// (`GITHUB_WORKSPACE`, else the working directory), with `..` steps when
/// the file lies outside it; never absolute.
fn repository_path(path: &str, cwd: &Path, workspace: Option<&Path>) -> String {
    use std::path::Component;
    if path == "<stdin>" {
        return path.to_string();
    }
    let absolute = cwd.join(path);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let root = workspace.unwrap_or(cwd);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let a: Vec<Component> = absolute.components().collect();
    let r: Vec<Component> = root.components().collect();
    let common = a.iter().zip(&r).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn parse_date(s: &str) -> Result<time::Date, String> {
    policylint::ruleset::parse_iso_date(s)
        .ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// A file's part of a machine-readable report, written on the thread that
/// checked it: a JSON `files` entry or a JSONL line.
fn prerender(format: Format, file: &FileReport) -> Option<String> {
    match format {
        Format::Json => Some(json::file_entry(file)),
        Format::Jsonl => Some(json::file_line(file)),
        Format::Human | Format::Sarif | Format::Github => None,
    }
}

/// A closed pipe (`policylint … | head`) ends the run quietly.
fn broken_pipe(e: std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Rulesets from `--ruleset`, else the configuration's, else `core`.
fn build_ruleset(args: &RuleArgs, loaded: &Loaded) -> Result<Ruleset, Vec<SourceError>> {
    let base = loaded.base();
    let wanted: Vec<(String, Option<PathBuf>)> = if !args.rulesets.is_empty() {
        args.rulesets.iter().map(|r| (r.clone(), None)).collect()
    } else if !loaded.config.rulesets.is_empty() {
        loaded
            .config
            .rulesets
            .iter()
            .map(|r| (r.get_ref().clone(), Some(base.clone())))
            .collect()
    } else {
        vec![("core".to_string(), None)]
    };
    let mut ruleset = Ruleset::default();
    let mut errors = Vec::new();
    for (name, base) in wanted {
        if let Some(text) = Ruleset::builtin(&name) {
            if let Err(e) = ruleset.add(&format!("<built-in {name}>"), text) {
                errors.extend(e);
            }
            continue;
        }
        let path = match &base {
            Some(b) if Path::new(&name).is_relative() => b.join(&name),
            _ => PathBuf::from(&name),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Err(e) = ruleset.add(&display(&path), &text) {
                    errors.extend(e);
                }
            }
            Err(e) => {
                let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                let message = if name.ends_with(".toml") || name.contains('/') {
                    format!(
                        "cannot read ruleset {}: {}",
                        path.display(),
                        walk::describe(&e)
                    )
                } else {
                    format!("unknown ruleset `{name}`")
                };
                errors.push(
                    SourceError::new("policylint", &std::sync::Arc::from(""), None, message).hint(
                        format!(
                            "built-in rulesets: {}; or give a path to a TOML file",
                            names.join(", ")
                        ),
                    ),
                );
            }
        }
    }
    if errors.is_empty() {
        loaded.apply(&mut ruleset)?;
        Ok(ruleset)
    } else {
        Err(errors)
    }
}

fn build_filter(loaded: &Loaded) -> Result<walk::Filter, Box<SourceError>> {
    let c = &loaded.config;
    let globs = |list: &[toml::Spanned<String>]| {
        let patterns: Vec<String> = list.iter().map(|s| s.get_ref().clone()).collect();
        walk::globs(&patterns).map_err(|(i, message)| {
            let span = list.get(i).map(|s| (s.span().start, s.span().end));
            Box::new(SourceError::new(
                &loaded
                    .path
                    .as_ref()
                    .map_or_else(String::new, |p| p.display().to_string()),
                loaded.source.as_ref().unwrap_or(&std::sync::Arc::from("")),
                span,
                format!("invalid glob: {message}"),
            ))
        })
    };
    let mut filter = walk::Filter {
        include: globs(&c.include)?,
        exclude: globs(&c.exclude)?,
        base: loaded.base(),
        ..walk::Filter::default()
    };
    if loaded.path.is_none() {
        filter.base = PathBuf::from(".");
    } else if let Ok(cwd) = std::env::current_dir() {
        // paths are walked relative to the working directory; globs are relative to the config
        let base = loaded.base();
        let base = base.canonicalize().unwrap_or(base);
        filter.base = base
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(base);
    }
    if let Some(ext) = &c.extensions {
        filter.extensions = ext.clone();
    }
    Ok(filter)
}

fn report_errors(out: &mut StandardStream, errors: &[SourceError]) -> Exit {
    for e in errors {
        if e.span.is_some() {
            let _ = e.render(out);
        } else {
            let _ = writeln!(out, "error: {}", e.message);
            if let Some(hint) = &e.hint {
                let _ = writeln!(out, "  = hint: {hint}");
            }
        }
    }
    Exit::Trouble
}

fn list_rules(ruleset: &Ruleset) -> Exit {
    let mut out = std::io::stdout().lock();
    let width = ruleset
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:width$}  {:8}  {:8}  TITLE",
        "RULE", "SEVERITY", "RULESET"
    );
    for rule in &ruleset.rules {
        let cite = if rule.cite.is_empty() {
            String::new()
        } else {
            format!("  [{}]", rule.cite.join("; "))
        };
        let _ = writeln!(
            out,
            "{:width$}  {:8}  {:8}  {}{cite}",
            rule.id,
            rule.severity.as_str(),
            ruleset.packs[rule.pack].id,
            rule.title
        );
    }
    Exit::Clean
}

fn explain(ruleset: &Ruleset, id: &str, stderr: &mut StandardStream) -> Result<Exit, Exit> {
    let Some(rule) = ruleset.rule(id) else {
        let _ = writeln!(stderr, "error: unknown rule `{id}`");
        match config::closest(id, ruleset.rules.iter().map(|r| &*r.id)) {
            Some(near) => {
                let _ = writeln!(
                    stderr,
                    "  = hint: did you mean `{near}`? `policylint rules` lists the rules"
                );
            }
            None => {
                let _ = writeln!(stderr, "  = hint: `policylint rules` lists the rules");
            }
        }
        return Err(Exit::Trouble);
    };
    let mut out = std::io::stdout().lock();
    let pack = &ruleset.packs[rule.pack];
    let _ = writeln!(
        out,
        "{} ({}, {} ruleset: {})\n",
        rule.id,
        rule.severity.as_str(),
        pack.id,
        pack.title
    );
    let _ = writeln!(out, "{}\n", rule.title);
    let _ = writeln!(
        out,
        "What it checks:\n  {}\n",
        rule.description.as_deref().unwrap_or(&rule.message).trim()
    );
    let _ = writeln!(out, "When it fails:\n  {}\n", rule.message);
    if !rule.cite.is_empty() {
        let _ = writeln!(out, "Why (the law):");
        for c in rule.cite.iter() {
            let _ = writeln!(out, "  - {c}");
        }
        let _ = writeln!(out);
    }
    if let Some(fact) = &rule.fact {
        let _ = writeln!(
            out,
            "Applies when:\n  the fact `{fact}` holds: declare it under [facts] in policylint.toml; undeclared, the\n  rule infers it from the text where it can, else reports a note to confirm\n"
        );
    }
    if let Some(section) = &rule.section {
        let _ = writeln!(
            out,
            "Where it belongs:\n  a section such as \"{section}\"\n"
        );
    }
    let _ = writeln!(out, "Example fix:\n{}", indent(&rule.help));
    Ok(Exit::Clean)
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| format!("  {}", l.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn test_examples(ruleset: &Ruleset) -> Exit {
    let (failures, count) = examples::run(ruleset);
    let mut out = std::io::stdout().lock();
    for f in &failures {
        let _ = writeln!(
            out,
            "FAIL {} example {}: {}\n    {}",
            f.rule,
            f.index,
            f.problem,
            f.text.trim()
        );
    }
    let _ = writeln!(
        out,
        "{} passed, {} failed",
        count - failures.len(),
        failures.len()
    );
    if failures.is_empty() {
        Exit::Clean
    } else {
        Exit::Findings
    }
}

thread_local! {
    static CURRENT_FILE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn set_current_file(name: &str) {
    CURRENT_FILE.with(|f| name.clone_into(&mut f.borrow_mut()));
}

/// A panic prints one short paragraph asking for a report, not a backtrace,
/// and exits with 101 (distinct from 0, 1 and 2).
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let file = CURRENT_FILE.with(|f| f.borrow().clone());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "policylint crashed{location} while checking {}.\nThis is a bug: please report it with the file (or a reduced copy) and this message.",
            if file.is_empty() {
                "its input".to_string()
            } else {
                file
            }
        );
        std::process::exit(101);
    }));
}

/// Small blocks from mimalloc, large ones from the system (see the module).
#[global_allocator]
static GLOBAL: policylint::alloc::SplitAlloc = policylint::alloc::SplitAlloc;
