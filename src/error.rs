//! Errors in files policylint reads as configuration (rulesets,
//! `policylint.toml`): values with a span into the file, rendered like a
//! compiler's diagnostics.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};
use std::sync::Arc;

#[derive(Clone)]
pub struct SourceError {
    /// The file name (or `<built-in NAME>`).
    pub origin: String,
    pub source: Arc<str>,
    pub span: Option<(usize, usize)>,
    pub message: String,
    pub label: String,
    pub hint: Option<String>,
}

impl SourceError {
    pub fn new(
        origin: &str,
        source: &Arc<str>,
        span: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        SourceError {
            origin: origin.to_string(),
            source: Arc::clone(source),
            span,
            message: message.into(),
            label: String::new(),
            hint: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col` of the error, for one-line messages.
    pub fn location(&self) -> String {
        match self.span {
            Some((start, _)) => {
                let before = &self.source[..start.min(self.source.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("{}:{line}:{column}", self.origin)
            }
            None => self.origin.clone(),
        }
    }

    pub fn diagnostic(&self) -> Diagnostic<()> {
        let mut d = Diagnostic::error().with_message(&self.message);
        if let Some((s, e)) = self.span {
            let len = self.source.len();
            let (s, e) = (s.min(len), e.min(len).max(s.min(len)));
            d = d.with_labels(vec![Label::primary((), s..e).with_message(&self.label)]);
        }
        if let Some(hint) = &self.hint {
            d = d.with_notes(vec![format!("hint: {hint}")]);
        }
        d
    }

    pub fn render(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let file = SimpleFile::new(self.origin.as_str(), &*self.source);
        let config = term::Config::default();
        term::emit_to_write_style(out, &config, &file, &self.diagnostic())
            .map_err(std::io::Error::other)
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

impl std::fmt::Debug for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SourceError({self})")
    }
}

impl std::error::Error for SourceError {}
