//! The control-flow-graph IR ("MIR"): what lowering produces, type inference annotates and
//! code generation consumes.
//!
//! Every Python variable and every temporary is a [`Local`] (`_3`, or `x` for user names);
//! a statement assigns an [`Rvalue`] to a local; a block ends in a [`Terminator`]. Locals are
//! not SSA: a Python variable is assigned in many places; before typing, each group of its
//! assignments that reach a common use (a *web*, see [`crate::webs`]) becomes one local, and
//! inference unifies the types of a local's assignments (Numba's rule). Code generation
//! gives each local a stack slot; LLVM's mem2reg turns them into registers.
//!
//! ```text
//! fn rms(_0: a) -> float64 {
//!   bb0:
//!     s = const 0.0
//!     ...
//!     goto bb1
//! }
//! ```

use std::fmt;
use std::rc::Rc;

use ruff_text_size::TextRange;

use crate::host::{ConstArray, FuncId};
use crate::types::{ModuleKind, Ty};

macro_rules! id_type {
    ($name:ident, $prefix:literal) => {
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(LocalId, "_");
id_type!(BlockId, "bb");

/// A variable: a Python name or a compiler temporary.
#[derive(Clone, Debug)]
pub struct Local {
    /// The Python name, or `None` for temporaries.
    pub name: Option<Rc<str>>,
    /// Where it was first assigned (the parameter, for arguments).
    pub span: TextRange,
}

/// A compile-time constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Int(i64),
    /// An integer literal above `i64::MAX`.
    UInt(u64),
    Float(f64),
    Bool(bool),
    Complex(f64, f64),
    None,
    Str(Rc<str>),
    Tuple(Rc<[Const]>),
    Module(ModuleKind),
    /// A known function or class by qualified name (`math.sqrt`, `builtins.range`).
    Function(Rc<str>),
    ExceptionClass(Rc<str>),
    Dispatcher(FuncId),
    /// An oxjit ufunc (`@vectorize`).
    UFunc(std::sync::Arc<crate::host::UFuncDef>),
    /// A frozen global NumPy array.
    Array(Rc<ConstArray>),
    /// A typed NumPy scalar from a global (`np.float32(2.5)`): the scalar type and value.
    TypedInt(crate::types::Scalar, i64),
    TypedFloat(crate::types::Scalar, f64),
    /// A type object used as a value (`types.int64` given to `Dict.empty`).
    Type(Ty),
}

/// An operand of an rvalue: a local or a constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Local(LocalId),
    Const(Const),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    MatMul,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::MatMul => "@",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Pos,
    Invert,
    Not,
}

impl UnOp {
    pub fn symbol(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Pos => "+",
            UnOp::Invert => "~",
            UnOp::Not => "not ",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

/// The right-hand side of an assignment.
#[derive(Clone, Debug, PartialEq)]
pub enum Rvalue {
    Use(Operand),
    BinOp(BinOp, Operand, Operand),
    UnaryOp(UnOp, Operand),
    Compare(CmpOp, Operand, Operand),
    /// Python truth value of the operand, as `bool`.
    Truth(Operand),
    Call { func: Operand, args: Vec<Operand>, kwargs: Vec<(Rc<str>, Operand)> },
    GetAttr(Operand, Rc<str>),
    /// `base[i0, i1, ...]`: one operand per subscript component.
    GetItem(Operand, Vec<Operand>),
    BuildTuple(Vec<Operand>),
    /// Element `i` of a tuple (from unpacking `a, b = t`); `i` is a compile-time constant.
    TupleGet(Operand, usize),
    /// Number of elements of a tuple being unpacked must equal this (checked by typeck).
    /// Evaluates to the operand itself.
    CheckTupleLen(Operand, usize),
}

impl Rvalue {
    /// The operands the rvalue reads, in order (the callee first for calls).
    pub fn operands(&self) -> Vec<&Operand> {
        match self {
            Rvalue::Use(o) | Rvalue::UnaryOp(_, o) | Rvalue::Truth(o) | Rvalue::GetAttr(o, _) | Rvalue::TupleGet(o, _) | Rvalue::CheckTupleLen(o, _) => vec![o],
            Rvalue::BinOp(_, a, b) | Rvalue::Compare(_, a, b) => vec![a, b],
            Rvalue::Call { func, args, kwargs } => std::iter::once(func).chain(args.iter()).chain(kwargs.iter().map(|k| &k.1)).collect(),
            Rvalue::GetItem(o, idx) => std::iter::once(o).chain(idx.iter()).collect(),
            Rvalue::BuildTuple(items) => items.iter().collect(),
        }
    }

    /// The operands, mutable, in the order of [`Rvalue::operands`].
    pub fn operands_mut(&mut self) -> Vec<&mut Operand> {
        match self {
            Rvalue::Use(o) | Rvalue::UnaryOp(_, o) | Rvalue::Truth(o) | Rvalue::GetAttr(o, _) | Rvalue::TupleGet(o, _) | Rvalue::CheckTupleLen(o, _) => vec![o],
            Rvalue::BinOp(_, a, b) | Rvalue::Compare(_, a, b) => vec![a, b],
            Rvalue::Call { func, args, kwargs } => std::iter::once(func).chain(args.iter_mut()).chain(kwargs.iter_mut().map(|k| &mut k.1)).collect(),
            Rvalue::GetItem(o, idx) => std::iter::once(o).chain(idx.iter_mut()).collect(),
            Rvalue::BuildTuple(items) => items.iter_mut().collect(),
        }
    }
}

/// How inference resolved a statement: what code generation needs beyond operand types.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Res {
    /// Nothing beyond the types of the operands and the result.
    #[default]
    None,
    /// A binary/unary/comparison operator: operands are converted to `operand_ty` first.
    Op { operand_ty: Ty },
    /// A call.
    Call(CallTarget),
}

/// The resolved callee of a call.
#[derive(Clone, Debug, PartialEq)]
pub enum CallTarget {
    /// A built-in operation lowered by name in codegen (`math.sqrt`, `builtins.abs`,
    /// `array.sum`), with the types its arguments are converted to (in order, keyword
    /// arguments already placed into positions).
    Intrinsic { name: Rc<str>, params: Vec<Ty> },
    /// Another compiled function: the instance `(func, params)` of the same program.
    Dispatcher { func: FuncId, params: Vec<Ty>, ret: Ty },
    /// An oxjit ufunc over arrays (`f(a, 2.0)` for a `@vectorize` ufunc `f`): the instance
    /// `(func, loop_in)` of its kernel runs for every element of the broadcast shape of the
    /// arguments, typed `params` (a scalar argument already of its loop type); each element
    /// is converted to the loop's type and the result to the destination's dtype. The value
    /// is a new array, or with `out` the last argument, which receives the results.
    UFunc { func: FuncId, loop_in: Vec<Ty>, params: Vec<Ty>, out: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `dest = value`. `ty` is the rvalue's own type (set by inference); code generation
    /// converts it to the type of `dest` when they differ (the int → float unification).
    Assign { dest: LocalId, value: Rvalue, ty: Option<Ty>, res: Res },
    /// `base[index...] = value`.
    SetItem { base: Operand, index: Vec<Operand>, value: Operand },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Terminator {
    Goto(BlockId),
    /// `cond` is a bool-typed operand (lowering inserts a `Truth`).
    Branch { cond: Operand, then_bb: BlockId, else_bb: BlockId },
    Return(Operand),
    /// `raise Class` / `raise Class("constant message")`, or an `assert` failure.
    Raise { class: Rc<str>, msg: Option<Rc<str>> },
    Unreachable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub term: Terminator,
    pub term_span: TextRange,
}

/// One function's IR.
#[derive(Clone, Debug)]
pub struct Body {
    pub name: Rc<str>,
    pub func: FuncId,
    /// Parameter locals, in order.
    pub params: Vec<LocalId>,
    pub locals: Vec<Local>,
    pub blocks: Vec<Block>,
    /// Span of the `def` line's name (for messages about the whole function).
    pub span: TextRange,
    /// The `for ... in prange(...)` loops, outermost first (see [`PrangeLoop`]).
    pub prange_loops: Vec<PrangeLoop>,
}

/// The skeleton of one `for target in prange(...)` loop as lowering built it: a counted loop
/// over `counter` in `0..count` (see `Lowerer::counted_loop`). The header block holds only the
/// `counter < count` test; `body` starts with the copy of the counter and its increment; the
/// body's normal paths jump back to `header`; `exit` is the `else:` clause then the code after.
/// With `parallel=True`, code generation runs the blocks of the body as chunks of iterations
/// on the thread pool (`crate::parallel` decides which variables are shared, private or
/// reductions).
#[derive(Clone, Debug)]
pub struct PrangeLoop {
    pub header: BlockId,
    pub body: BlockId,
    pub exit: BlockId,
    pub after: BlockId,
    pub counter: LocalId,
    pub count: Operand,
    /// The `for` statement's `prange(...)` call.
    pub span: TextRange,
}

impl Body {
    pub fn local(&self, id: LocalId) -> &Local {
        &self.locals[id.index()]
    }
    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.index()]
    }
    /// The name to show for a local: its Python name, or `_N`.
    pub fn local_name(&self, id: LocalId) -> String {
        match &self.locals[id.index()].name {
            Some(n) => n.to_string(),
            None => id.to_string(),
        }
    }
}

/// Types inferred for one body.
#[derive(Clone, Debug)]
pub struct TypedBody {
    pub body: Body,
    pub local_tys: Vec<Ty>,
    pub ret: Ty,
    pub params: Vec<Ty>,
}

impl TypedBody {
    pub fn ty(&self, id: LocalId) -> &Ty {
        &self.local_tys[id.index()]
    }
    pub fn operand_ty(&self, op: &Operand) -> Ty {
        match op {
            Operand::Local(l) => self.local_tys[l.index()].clone(),
            Operand::Const(c) => crate::typeck::const_ty(c),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------

impl fmt::Display for Const {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Const::Int(v) => write!(f, "{v}"),
            Const::UInt(v) => write!(f, "{v}u"),
            Const::Float(v) => write!(f, "{v:?}"),
            Const::Bool(v) => write!(f, "{}", if *v { "True" } else { "False" }),
            Const::Complex(r, i) => write!(f, "({r:?}+{i:?}j)"),
            Const::None => f.write_str("None"),
            Const::Str(s) => write!(f, "{s:?}"),
            Const::Tuple(items) => {
                f.write_str("(")?;
                for (i, c) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            Const::Module(m) => write!(f, "module {}", m.name()),
            Const::Function(n) => write!(f, "{n}"),
            Const::ExceptionClass(n) => write!(f, "{n}"),
            Const::Dispatcher(id) => write!(f, "dispatcher#{id}"),
            Const::UFunc(u) => write!(f, "ufunc {}", u.name),
            Const::Array(a) => write!(f, "array<{}, {:?}>", a.dtype.name(), a.shape),
            Const::TypedInt(s, v) => write!(f, "{}({v})", s.name()),
            Const::TypedFloat(s, v) => write!(f, "{}({v:?})", s.name()),
            Const::Type(t) => write!(f, "type {t}"),
        }
    }
}

struct OpPrinter<'a>(&'a Body, &'a Operand);

impl fmt::Display for OpPrinter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Operand::Local(l) => f.write_str(&self.0.local_name(*l)),
            Operand::Const(c) => write!(f, "const {c}"),
        }
    }
}

impl Body {
    fn op<'a>(&'a self, o: &'a Operand) -> OpPrinter<'a> {
        OpPrinter(self, o)
    }

    fn ops(&self, ops: &[Operand]) -> String {
        ops.iter().map(|o| self.op(o).to_string()).collect::<Vec<_>>().join(", ")
    }

    pub fn fmt_rvalue(&self, rv: &Rvalue) -> String {
        match rv {
            Rvalue::Use(o) => self.op(o).to_string(),
            Rvalue::BinOp(op, a, b) => format!("{} {} {}", self.op(a), op.symbol(), self.op(b)),
            Rvalue::UnaryOp(op, a) => format!("{}{}", op.symbol(), self.op(a)),
            Rvalue::Compare(op, a, b) => format!("{} {} {}", self.op(a), op.symbol(), self.op(b)),
            Rvalue::Truth(a) => format!("truth({})", self.op(a)),
            Rvalue::Call { func, args, kwargs } => {
                let mut s = format!("call {}({}", self.op(func), self.ops(args));
                for (i, (k, v)) in kwargs.iter().enumerate() {
                    if i > 0 || !args.is_empty() {
                        s.push_str(", ");
                    }
                    s.push_str(&format!("{k}={}", self.op(v)));
                }
                s.push(')');
                s
            }
            Rvalue::GetAttr(o, name) => format!("{}.{name}", self.op(o)),
            Rvalue::GetItem(o, idx) => format!("{}[{}]", self.op(o), self.ops(idx)),
            Rvalue::BuildTuple(items) => format!("build_tuple({})", self.ops(items)),
            Rvalue::TupleGet(o, i) => format!("{}.{i}", self.op(o)),
            Rvalue::CheckTupleLen(o, n) => format!("check_len({}, {n})", self.op(o)),
        }
    }

    /// Text dump of the body, with types when given.
    pub fn dump(&self, tys: Option<&[Ty]>) -> String {
        let mut out = String::new();
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| match tys {
                Some(t) => format!("{}: {}", self.local_name(*p), t[p.index()]),
                None => self.local_name(*p),
            })
            .collect();
        out.push_str(&format!("fn {}({}) {{\n", self.name, params.join(", ")));
        for (bi, b) in self.blocks.iter().enumerate() {
            out.push_str(&format!("  bb{bi}:\n"));
            for s in &b.stmts {
                match &s.kind {
                    StmtKind::Assign { dest, value, .. } => {
                        let ty = tys.map(|t| format!(": {}", t[dest.index()])).unwrap_or_default();
                        out.push_str(&format!("    {}{ty} = {}\n", self.local_name(*dest), self.fmt_rvalue(value)));
                    }
                    StmtKind::SetItem { base, index, value } => {
                        out.push_str(&format!("    {}[{}] = {}\n", self.op(base), self.ops(index), self.op(value)));
                    }
                }
            }
            let t = match &b.term {
                Terminator::Goto(t) => format!("goto {t}"),
                Terminator::Branch { cond, then_bb, else_bb } => format!("branch {} {then_bb} {else_bb}", self.op(cond)),
                Terminator::Return(o) => format!("return {}", self.op(o)),
                Terminator::Raise { class, msg } => match msg {
                    Some(m) => format!("raise {class}({m:?})"),
                    None => format!("raise {class}"),
                },
                Terminator::Unreachable => "unreachable".to_string(),
            };
            out.push_str(&format!("    {t}\n"));
        }
        out.push_str("}\n");
        out
    }
}
