//! Diagnostics as data, rendered once with the source line and carets.
//!
//! ```text
//! error[E0301]: cannot add `int64` and `unicode_type`
//!  --> kernels/demo.py:4:12
//!   |
//! 4 |     return a + s
//!   |            ^^^^^ `a` is int64, `s` is unicode_type
//!   = help: kernels accept numbers and arrays
//! ```
//!
//! A [`SourceFile`] is one function's source as the host gave it; spans are byte ranges in
//! its dedented text, mapped back to file lines and columns when rendered.

use std::fmt::Write as _;
use std::rc::Rc;

use ruff_text_size::TextRange;

/// One function's source text and where it sits in its file.
#[derive(Debug)]
pub struct SourceFile {
    pub filename: String,
    /// The dedented text that was parsed.
    pub text: String,
    /// 1-based file line of the first line of `text`.
    pub first_line: u32,
    /// Columns removed by dedenting (added back when rendering).
    pub indent: u32,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(filename: String, text: String, first_line: u32, indent: u32) -> Rc<SourceFile> {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        Rc::new(SourceFile { filename, text, first_line, indent, line_starts })
    }

    /// 0-based line index within `text` and 0-based byte column of an offset.
    fn locate(&self, offset: u32) -> (usize, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        (line, offset - self.line_starts[line])
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line] as usize;
        let end = self.line_starts.get(line + 1).map(|e| *e as usize).unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// 1-based file line and 1-based column (in characters) of an offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let (line, col) = self.locate(offset);
        let text = self.line_text(line);
        let chars = text.get(..col as usize).map(|s| s.chars().count()).unwrap_or(col as usize) as u32;
        (self.first_line + line as u32, chars + self.indent + 1)
    }
}

/// Which Python exception a diagnostic becomes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DiagKind {
    /// Ill-typed program: `oxjit.TypingError`.
    Typing,
    /// Valid Python that oxjit does not compile yet: `oxjit.UnsupportedError` (a TypingError).
    Unsupported,
    /// A bug in oxjit: `oxjit.InternalError`.
    Internal,
    /// Not an error: compilation goes on, and the host shows it as a Python warning.
    Warning,
}

#[derive(Clone, Debug)]
pub struct Label {
    pub file: Rc<SourceFile>,
    pub span: TextRange,
    pub text: String,
}

/// A diagnostic. Boxed, so that `Result<T, Diagnostic>` stays one pointer wide on the happy
/// path; fields read through `Deref` (`diag.code`, `diag.message`).
#[derive(Clone, Debug)]
pub struct Diagnostic(Box<DiagnosticData>);

impl std::ops::Deref for Diagnostic {
    type Target = DiagnosticData;
    fn deref(&self) -> &DiagnosticData {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostic {
    fn deref_mut(&mut self) -> &mut DiagnosticData {
        &mut self.0
    }
}

#[derive(Clone, Debug)]
pub struct DiagnosticData {
    pub kind: DiagKind,
    pub code: &'static str,
    pub message: String,
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub helps: Vec<String>,
}

impl Diagnostic {
    pub fn new(kind: DiagKind, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic(Box::new(DiagnosticData { kind, code, message: message.into(), primary: None, secondary: vec![], notes: vec![], helps: vec![] }))
    }
    pub fn typing(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagKind::Typing, code, message)
    }
    pub fn unsupported(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagKind::Unsupported, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagKind::Warning, code, message)
    }
    pub fn internal(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagKind::Internal, "E9999", message)
    }
    pub fn with_primary(mut self, file: &Rc<SourceFile>, span: TextRange, text: impl Into<String>) -> Self {
        self.primary = Some(Label { file: file.clone(), span, text: text.into() });
        self
    }
    pub fn with_secondary(mut self, file: &Rc<SourceFile>, span: TextRange, text: impl Into<String>) -> Self {
        self.secondary.push(Label { file: file.clone(), span, text: text.into() });
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.helps.push(help.into());
        self
    }

    /// File name, 1-based line and column of the primary label.
    pub fn location(&self) -> Option<(String, u32, u32)> {
        self.primary.as_ref().map(|l| {
            let (line, col) = l.file.line_col(l.span.start().to_u32());
            (l.file.filename.clone(), line, col)
        })
    }

    /// The full rendering: header, location, source lines with carets, notes and helps.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let head = match self.kind {
            DiagKind::Internal => "internal compiler error",
            DiagKind::Warning => "warning",
            _ => "error",
        };
        let _ = writeln!(out, "{head}[{}]: {}", self.code, self.message);
        let mut labels: Vec<&Label> = Vec::new();
        if let Some(p) = &self.primary {
            labels.push(p);
        }
        labels.extend(self.secondary.iter());
        let width = labels
            .iter()
            .map(|l| l.file.line_col(l.span.start().to_u32()).0.to_string().len())
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(width);
        for (i, label) in labels.iter().enumerate() {
            let (line, col) = label.file.line_col(label.span.start().to_u32());
            if i == 0 || label.file.filename != labels[0].file.filename {
                let _ = writeln!(out, "{pad}--> {}:{line}:{col}", label.file.filename);
            } else {
                let _ = writeln!(out, "{pad}::: {}:{line}:{col}", label.file.filename);
            }
            let (li, bcol) = label.file.locate(label.span.start().to_u32());
            let text = label.file.line_text(li);
            let indent = " ".repeat(label.file.indent as usize);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{:>width$} | {indent}{text}", line, width = width);
            // Caret under the span, clipped to the first line.
            let start_chars = text.get(..bcol as usize).map(|s| s.chars().count()).unwrap_or(0);
            let end_byte = (bcol as usize + label.span.len().to_usize()).min(text.len());
            let span_chars = text.get(bcol as usize..end_byte).map(|s| s.chars().count()).unwrap_or(1).max(1);
            let mark = if i == 0 { "^" } else { "-" };
            let _ = write!(out, "{pad} | {indent}{}{}", " ".repeat(start_chars), mark.repeat(span_chars));
            if !label.text.is_empty() {
                let _ = write!(out, " {}", label.text);
            }
            out.push('\n');
        }
        for n in &self.notes {
            let _ = writeln!(out, "{pad} = note: {n}");
        }
        for h in &self.helps {
            let _ = writeln!(out, "{pad} = help: {h}");
        }
        out.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::TextSize;

    #[test]
    fn renders_caret_under_span() {
        let f = SourceFile::new("demo.py".into(), "def f(a, s):\n    return a + s\n".into(), 3, 0);
        let start = f.text.find("a + s").unwrap() as u32;
        let d = Diagnostic::typing("E0301", "cannot add `int64` and `unicode_type`")
            .with_primary(&f, TextRange::new(TextSize::new(start), TextSize::new(start + 5)), "`a` is int64, `s` is unicode_type")
            .with_help("kernels accept numbers and arrays");
        assert_eq!(
            d.render(),
            "error[E0301]: cannot add `int64` and `unicode_type`\n --> demo.py:4:12\n  |\n4 |     return a + s\n  |            ^^^^^ `a` is int64, `s` is unicode_type\n  = help: kernels accept numbers and arrays"
        );
        assert_eq!(d.location(), Some(("demo.py".to_string(), 4, 12)));
    }

    #[test]
    fn indent_added_back() {
        let f = SourceFile::new("m.py".into(), "def f():\n    x\n".into(), 10, 4);
        assert_eq!(f.line_col(13), (11, 9));
    }
}
