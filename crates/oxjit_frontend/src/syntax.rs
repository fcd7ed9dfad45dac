//! Parsing: a function's source text to ruff's AST, behind this one module so that bumps of the
//! pinned `ruff_python_parser` stay local.
//!
//! The host gives the raw text of `inspect.getsource` (a method or nested function is
//! indented); we remove the common indentation, keep its width for columns, parse, and
//! return the first `def` in it.

use std::rc::Rc;

use ruff_python_ast::{ModModule, Stmt, StmtFunctionDef};
use ruff_text_size::{TextRange, TextSize};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::host::FuncSource;

pub use ruff_python_ast as ast;

/// A parsed function and its source file.
pub struct ParsedFunction {
    pub file: Rc<SourceFile>,
    module: ModModule,
    index: usize,
}

impl ParsedFunction {
    pub fn def(&self) -> &StmtFunctionDef {
        match &self.module.body[self.index] {
            Stmt::FunctionDef(f) => f,
            _ => unreachable!("index points at a def"),
        }
    }
}

/// Removes the common leading whitespace of non-blank lines; returns the text and the width.
pub fn dedent(text: &str) -> (String, u32) {
    let mut common: Option<&str> = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let ws = &line[..line.len() - line.trim_start().len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c.bytes().zip(ws.bytes()).take_while(|(a, b)| a == b).count();
                &c[..n]
            }
        });
    }
    let width = common.map(str::len).unwrap_or(0);
    if width == 0 {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.len() >= width && line.is_char_boundary(width) {
            out.push_str(&line[width..]);
        } else {
            out.push_str(line.trim_start_matches([' ', '\t']));
        }
    }
    (out, width as u32)
}

/// Parses the function in `src`.
pub fn parse_function(src: &FuncSource) -> Result<ParsedFunction, Diagnostic> {
    let (text, indent) = dedent(&src.source);
    let file = SourceFile::new(src.filename.clone(), text, src.first_line, indent);
    let parsed = match ruff_python_parser::parse_module(&file.text) {
        Ok(p) => p,
        Err(e) => {
            let range = e.location;
            return Err(Diagnostic::typing("E0001", format!("invalid syntax: {}", e.error)).with_primary(&file, range, ""));
        }
    };
    let module = parsed.into_syntax();
    let index = module.body.iter().position(|s| matches!(s, Stmt::FunctionDef(_)));
    let Some(index) = index else {
        let range = TextRange::new(TextSize::new(0), TextSize::new(0));
        return Err(Diagnostic::unsupported("E0101", format!("the source of `{}` holds no `def` (lambdas are not supported yet)", src.name))
            .with_primary(&file, range, ""));
    };
    Ok(ParsedFunction { file, module, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedents_nested_defs() {
        let (t, w) = dedent("    def f(x):\n        return x\n\n");
        assert_eq!(w, 4);
        assert_eq!(t, "def f(x):\n    return x\n\n");
    }
}
