//! Which files a run checks: named files, and directories walked with walkdir
//! (hidden folders skipped, `.gitignore` and `.policylintignore` respected,
//! symlink loops reported and survived), filtered by the configuration's
//! globs. Sorted by path, so output is the same on every run.

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const DEFAULT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];
const IGNORE_FILES: &[&str] = &[".gitignore", ".policylintignore"];

/// What a walk takes: extensions, and include/exclude globs relative to a base
/// folder.
pub struct Filter {
    pub extensions: Vec<String>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub base: PathBuf,
    /// Named files must pass the same filters as walked ones (for hooks that
    /// pass every changed file).
    pub force: bool,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            extensions: DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect(),
            include: None,
            exclude: None,
            base: PathBuf::from("."),
            force: false,
        }
    }
}

/// Builds a glob set; the error names the glob.
pub fn globs(patterns: &[String]) -> Result<Option<GlobSet>, (usize, String)> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for (i, p) in patterns.iter().enumerate() {
        builder.add(Glob::new(p).map_err(|e| (i, e.kind().to_string()))?);
    }
    builder.build().map(Some).map_err(|e| (0, e.to_string()))
}

#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    /// Paths that could not be read or walked (exit 2).
    pub errors: Vec<(PathBuf, String)>,
    /// Things passed over on purpose (symlink loops).
    pub notes: Vec<String>,
}

impl Filter {
    fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        let path = path.strip_prefix("./").unwrap_or(path);
        path.strip_prefix(&self.base).unwrap_or(path)
    }

    fn excluded(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.relative(path)))
    }

    fn takes(&self, path: &Path) -> bool {
        let ext_ok = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
        let included = self
            .include
            .as_ref()
            .is_none_or(|g| g.is_match(self.relative(path)));
        ext_ok && included && !self.excluded(path)
    }
}

/// Collects the files to check under `paths`.
pub fn collect(paths: &[PathBuf], filter: &Filter) -> Walk {
    let mut walk = Walk::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_dir(path, filter, &mut walk),
            // a named file is checked whatever its extension, unless excluded
            // (or, with `force`, unless the walk would skip it)
            Ok(_) => {
                let taken = if filter.force {
                    filter.takes(path)
                } else {
                    !filter.excluded(path)
                };
                if taken {
                    walk.files.push(path.clone());
                }
            }
            Err(e) => walk.errors.push((path.clone(), describe(&e))),
        }
    }
    walk.files.sort();
    walk.files.dedup();
    walk
}

fn walk_dir(root: &Path, filter: &Filter, walk: &mut Walk) {
    // the ignore files of the folders above the entry looked at, one per
    // depth from the root's: the walk is depth first and enters a folder
    // right after it is taken, so the folders at depths below an entry's
    // are its own
    let mut ignores: Vec<Option<Gitignore>> = Vec::new();
    let entries = WalkDir::new(root)
        .follow_links(true)
        // by name: a folder's entries are its path joined with their
        // names, so their paths compare as their names do, without finding
        // each name in its path again at every comparison (walkdir's
        // `sort_by_file_name` did, half of the walk's work)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            let (depth, is_dir) = (e.depth(), e.file_type().is_dir());
            let taken = depth == 0
                || (!is_hidden(e.file_name())
                    && !ignores
                        .iter()
                        .take(depth)
                        .flatten()
                        .any(|gi| gi.matched(e.path(), is_dir).is_ignore()));
            if taken && is_dir {
                ignores.truncate(depth);
                ignores.push(load_ignores(e.path()));
            }
            taken
        });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() && filter.takes(e.path()) => {
                walk.files.push(e.into_path())
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                if err.loop_ancestor().is_some() {
                    walk.notes
                        .push(format!("{}: symlink loop, not followed", path.display()));
                } else if let Some(io) = err.io_error() {
                    if io.kind() == std::io::ErrorKind::NotFound {
                        // vanished while walking: nothing to check
                        continue;
                    }
                    walk.errors.push((path, describe(io)));
                } else {
                    walk.errors.push((path, err.to_string()));
                }
            }
        }
    }
}

fn load_ignores(dir: &Path) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    let mut any = false;
    for name in IGNORE_FILES {
        let file = dir.join(name);
        if file.is_file() {
            any = true;
            // a malformed line is skipped, as git does
            let _ = builder.add(file);
        }
    }
    any.then(|| builder.build().ok()).flatten()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Reads a file's bytes, or says why not. A file larger than policylint
/// reads is refused before any of it is read.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| describe(&e))?;
    let len = file.metadata().map_err(|e| describe(&e))?.len();
    if len > crate::document::decode::MAX_LEN {
        return Err(crate::document::DecodeError::TooLarge { len }.to_string());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // read through `take`, which asks for no size hint: `File`'s own
    // `read_to_end` looks the length up again and seeks, two more system
    // calls per file. The limit stops a file that grows while it is read
    // one byte past the largest (which `decode` refuses).
    file.take(crate::document::decode::MAX_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe(&e))?;
    Ok(bytes)
}

/// An I/O error as a short lower-case phrase.
pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// What a walk takes of a folder holding `files` (each holding `x`)
    /// and `ignore_files` (name and text), relative to the folder.
    fn walked(files: &[&str], ignore_files: &[(&str, &str)]) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let contents = files.iter().map(|&f| (f, "x"));
        for (name, text) in contents.chain(ignore_files.iter().copied()) {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let walk = collect(&[root.to_path_buf()], &Filter::default());
        walk.files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn walks_sorted_skipping_hidden_and_ignored() {
        let files = [
            "b/z.md",
            "a.txt",
            "c.markdown",
            "d.rs",
            ".hidden/x.md",
            "drafts/old.md",
            "skip.md",
        ];
        let ignores = [
            (".gitignore", "drafts/\n"),
            (".policylintignore", "skip.md\n"),
        ];
        assert_eq!(
            walked(&files, &ignores),
            vec!["a.txt", "b/z.md", "c.markdown"]
        );
    }

    #[test]
    fn an_ignore_file_holds_for_its_folder_and_those_below_only() {
        let files = [
            "a/keep.md",
            "a/secret.md",
            "a/deep/secret.md",
            "a/deep/note.txt",
            "b/secret.md",
            "b/note.txt",
            "c.md",
        ];
        let ignores = [
            (".gitignore", "*.txt\n"),
            ("a/.policylintignore", "secret.md\n"),
        ];
        // b is walked after a and a/deep, and a's file does not reach it
        assert_eq!(
            walked(&files, &ignores),
            vec!["a/keep.md", "b/secret.md", "c.md"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_survived() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/p.md"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let walk = collect(&[root.to_path_buf()], &Filter::default());
        assert_eq!(walk.files.len(), 1);
        assert_eq!(walk.notes.len(), 1, "{:?}", walk.notes);
        assert!(walk.errors.is_empty());
    }

    #[test]
    fn forced_filters_apply_to_named_files() {
        let dir = tempfile::tempdir().unwrap();
        let (md, py) = (dir.path().join("a.md"), dir.path().join("b.py"));
        fs::write(&md, "x").unwrap();
        fs::write(&py, "x").unwrap();
        let named = [md.clone(), py.clone()];
        assert_eq!(collect(&named, &Filter::default()).files.len(), 2);
        let forced = Filter {
            force: true,
            ..Filter::default()
        };
        assert_eq!(collect(&named, &forced).files, vec![md]);
    }

    #[test]
    fn missing_paths_are_errors() {
        let walk = collect(&[PathBuf::from("no/such/file.md")], &Filter::default());
        assert_eq!(walk.errors[0].1, "no such file or directory");
    }
}
