//! Parsing: a function's source text to ruff's AST, behind this one module so that bumps of the
//! pinned `ruff_python_parser` stay local.
//!
//! The host gives the raw text of `inspect.getsource` (a method or nested function is
//! indented); we remove the common indentation, keep its width for columns, parse, and
//! return the first `def` in it. For a lambda, `inspect.getsource` gives the lines of the
//! statement holding it: the lambda in them becomes a `def` returning its body.

use std::rc::Rc;

use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{Expr, ExprLambda, Identifier, ModModule, Stmt, StmtFunctionDef, StmtReturn};
use ruff_text_size::{Ranged, TextRange, TextSize};

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
    let mut module = parsed.into_syntax();
    let start = TextRange::new(TextSize::new(0), TextSize::new(0));
    if src.name == "<lambda>" {
        let mut finder = LambdaFinder(Vec::new());
        for s in &module.body {
            finder.visit_stmt(s);
        }
        let lambda = match finder.0.as_slice() {
            [one] => one.clone(),
            [] => return Err(Diagnostic::unsupported("E0101", "the source of this lambda holds no lambda").with_primary(&file, start, "")),
            [_, second, ..] => {
                return Err(Diagnostic::unsupported("E0101", "several lambdas in the lines of this one: oxjit cannot tell which to compile")
                    .with_primary(&file, second.range, "another lambda")
                    .with_help("define the function with `def`"))
            }
        };
        module.body.push(Stmt::FunctionDef(lambda_def(lambda)));
        let index = module.body.len() - 1;
        return Ok(ParsedFunction { file, module, index });
    }
    let index = module.body.iter().position(|s| matches!(s, Stmt::FunctionDef(_)));
    let Some(index) = index else {
        return Err(Diagnostic::unsupported("E0101", format!("the source of `{}` holds no `def`", src.name)).with_primary(&file, start, ""));
    };
    Ok(ParsedFunction { file, module, index })
}

/// Every lambda, outermost first.
struct LambdaFinder(Vec<ExprLambda>);

impl<'a> Visitor<'a> for LambdaFinder {
    fn visit_expr(&mut self, e: &'a Expr) {
        if let Expr::Lambda(l) = e {
            self.0.push(l.clone());
        }
        walk_expr(self, e);
    }
}

/// `lambda params: body` as `def <lambda>(params): return body`.
fn lambda_def(l: ExprLambda) -> StmtFunctionDef {
    let body_range = l.body.range();
    StmtFunctionDef {
        node_index: Default::default(),
        range: l.range,
        is_async: false,
        decorator_list: Default::default(),
        name: Identifier { id: "<lambda>".into(), range: l.range, node_index: Default::default() },
        type_params: None,
        parameters: l.parameters.unwrap_or_default(),
        returns: None,
        body: vec![Stmt::Return(StmtReturn { node_index: Default::default(), range: body_range, value: Some(l.body) })].into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> FuncSource {
        FuncSource { name: name.into(), filename: "t.py".into(), source: text.into(), first_line: 1, defaults: vec![], kwdefaults: vec![] }
    }

    #[test]
    fn a_lambda_becomes_a_def_returning_its_body() {
        let p = parse_function(&source("<lambda>", "        return lambda a, b=2: a * b\n")).unwrap();
        let d = p.def();
        assert_eq!(d.parameters.args.len(), 2);
        assert!(matches!(&d.body[..], [Stmt::Return(r)] if r.value.as_deref().is_some_and(|v| v.is_bin_op_expr())));
        let two = parse_function(&source("<lambda>", "f(lambda a: a, lambda b: b)\n"));
        assert!(two.is_err_and(|e| e.message.contains("several lambdas")));
    }

    #[test]
    fn dedents_nested_defs() {
        let (t, w) = dedent("    def f(x):\n        return x\n\n");
        assert_eq!(w, 4);
        assert_eq!(t, "def f(x):\n    return x\n\n");
    }
}
