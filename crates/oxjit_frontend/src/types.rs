//! Types of values in compiled code, printed the way Numba prints them.
//!
//! ```text
//! int64, float64, complex128, bool
//! array(float64, 1d, C)        readonly array(int32, 2d, A)
//! UniTuple(int64 x 3)          Tuple(int64, float64)
//! ```
//!
//! Types are small values (`Clone + Eq + Hash`); tuples hold their elements in an `Arc<[Ty]>`
//! so cloning never allocates. The native layout of every type (its size inside the argument
//! buffer of the entry wrapper) is defined here too, because both the code generator and the
//! Python dispatcher must agree on it.

use std::fmt;
use std::sync::Arc;

/// A machine scalar: what an array element or a register holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    C64,
    C128,
}

impl Scalar {
    pub const ALL: [Scalar; 13] = [
        Scalar::Bool,
        Scalar::I8,
        Scalar::I16,
        Scalar::I32,
        Scalar::I64,
        Scalar::U8,
        Scalar::U16,
        Scalar::U32,
        Scalar::U64,
        Scalar::F32,
        Scalar::F64,
        Scalar::C64,
        Scalar::C128,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scalar::Bool => "bool",
            Scalar::I8 => "int8",
            Scalar::I16 => "int16",
            Scalar::I32 => "int32",
            Scalar::I64 => "int64",
            Scalar::U8 => "uint8",
            Scalar::U16 => "uint16",
            Scalar::U32 => "uint32",
            Scalar::U64 => "uint64",
            Scalar::F32 => "float32",
            Scalar::F64 => "float64",
            Scalar::C64 => "complex64",
            Scalar::C128 => "complex128",
        }
    }

    /// Parses Numba's and NumPy's spellings: `int64`, `i8`, `f8`, `float`, `intp`, `b1` ...
    pub fn from_name(name: &str) -> Option<Scalar> {
        Some(match name {
            "bool" | "bool_" | "boolean" | "b1" | "?" => Scalar::Bool,
            "int8" | "i1" | "byte" => Scalar::I8,
            "int16" | "i2" | "short" => Scalar::I16,
            "int32" | "i4" | "intc" => Scalar::I32,
            "int64" | "i8" | "intp" | "int" | "int_" | "long" | "longlong" => Scalar::I64,
            "uint8" | "u1" | "ubyte" => Scalar::U8,
            "uint16" | "u2" | "ushort" => Scalar::U16,
            "uint32" | "u4" | "uintc" => Scalar::U32,
            "uint64" | "u8" | "uintp" | "uint" | "ulonglong" => Scalar::U64,
            "float32" | "f4" | "single" => Scalar::F32,
            "float64" | "f8" | "double" | "float" | "float_" => Scalar::F64,
            "complex64" | "c8" | "csingle" => Scalar::C64,
            "complex128" | "c16" | "complex" | "cdouble" | "complex_" => Scalar::C128,
            _ => return None,
        })
    }

    /// Size in bytes of one element in memory (bool is one byte).
    pub fn size(self) -> usize {
        match self {
            Scalar::Bool | Scalar::I8 | Scalar::U8 => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::I64 | Scalar::U64 | Scalar::F64 | Scalar::C64 => 8,
            Scalar::C128 => 16,
        }
    }

    pub fn is_int(self) -> bool {
        matches!(
            self,
            Scalar::I8
                | Scalar::I16
                | Scalar::I32
                | Scalar::I64
                | Scalar::U8
                | Scalar::U16
                | Scalar::U32
                | Scalar::U64
        )
    }
    pub fn is_signed(self) -> bool {
        matches!(self, Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64)
    }
    pub fn is_unsigned(self) -> bool {
        matches!(self, Scalar::U8 | Scalar::U16 | Scalar::U32 | Scalar::U64)
    }
    pub fn is_float(self) -> bool {
        matches!(self, Scalar::F32 | Scalar::F64)
    }
    pub fn is_complex(self) -> bool {
        matches!(self, Scalar::C64 | Scalar::C128)
    }
    /// Bit width of an integer or float (bool counts as 1; complex as its parts).
    pub fn bits(self) -> u32 {
        match self {
            Scalar::Bool => 1,
            Scalar::C64 => 32,
            Scalar::C128 => 64,
            s => (s.size() * 8) as u32,
        }
    }
    pub fn int(bits: u32, signed: bool) -> Scalar {
        match (bits, signed) {
            (8, true) => Scalar::I8,
            (16, true) => Scalar::I16,
            (32, true) => Scalar::I32,
            (64, true) => Scalar::I64,
            (8, false) => Scalar::U8,
            (16, false) => Scalar::U16,
            (32, false) => Scalar::U32,
            _ => {
                if signed {
                    Scalar::I64
                } else {
                    Scalar::U64
                }
            }
        }
    }
    /// The complex type whose parts are this float.
    pub fn complex_of(self) -> Scalar {
        if self == Scalar::F32 {
            Scalar::C64
        } else {
            Scalar::C128
        }
    }
    /// The float type of a complex number's parts.
    pub fn complex_part(self) -> Scalar {
        if self == Scalar::C64 {
            Scalar::F32
        } else {
            Scalar::F64
        }
    }
    /// NumPy's one-letter type character (`dtype.char`), used in type keys.
    pub fn numpy_char(self) -> char {
        match self {
            Scalar::Bool => '?',
            Scalar::I8 => 'b',
            Scalar::I16 => 'h',
            Scalar::I32 => 'i',
            Scalar::I64 => 'l',
            Scalar::U8 => 'B',
            Scalar::U16 => 'H',
            Scalar::U32 => 'I',
            Scalar::U64 => 'L',
            Scalar::F32 => 'f',
            Scalar::F64 => 'd',
            Scalar::C64 => 'F',
            Scalar::C128 => 'D',
        }
    }
}

/// Memory layout of an array: C-contiguous, Fortran-contiguous, or any strides.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    C,
    F,
    A,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::C => "C",
            Layout::F => "F",
            Layout::A => "A",
        }
    }
}

/// A module object seen from compiled code.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    Math,
    Numpy,
    NumpyRandom,
    Oxjit,
    Cmath,
    /// Any other Python module, by the host's handle: its attributes are read from the module
    /// when the function is compiled (`import mypkg.util as U; U.helper(x)`), as Numba does.
    Py(u32),
}

impl ModuleKind {
    pub fn name(self) -> &'static str {
        match self {
            ModuleKind::Math => "math",
            ModuleKind::Numpy => "numpy",
            ModuleKind::NumpyRandom => "numpy.random",
            ModuleKind::Oxjit => "oxjit",
            ModuleKind::Cmath => "cmath",
            ModuleKind::Py(_) => "module",
        }
    }
}

/// The type of a value in compiled code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    Scalar(Scalar),
    None,
    Array(ArrayTy),
    Tuple(Arc<[Ty]>),
    /// A `range(...)` object (only iterated, or passed to `len`).
    Range,
    /// A module (`math`, `np`): only its attributes are used.
    Module(ModuleKind),
    /// A known function or class, by its qualified Python name (`math.sqrt`, `builtins.len`,
    /// `numpy.float64`). Calls on it are typed by templates.
    Function(Arc<str>),
    /// A bound method of a value (`a.sum`), typed at the call.
    Method(Arc<(Ty, Arc<str>)>),
    /// Another jitted function (host handle).
    Dispatcher(u32),
    /// An oxjit ufunc (`@vectorize`): called on scalars or arrays.
    UFunc(Arc<crate::host::UFuncDef>),
    /// A Python `str` (Numba's `unicode_type`): `{meminfo, data, length, kind}` with the
    /// code points stored as PEP 393 does (see `oxjit_runtime::str`). Literals are constant
    /// data; typing rules may still read a constant operand's text (dtype names).
    Str,
    /// The type of an exception class used in `raise`.
    ExceptionClass(Arc<str>),
    /// A slice `lo:hi` (`false`, Numba's `slice2_type`) or `lo:hi:step` (`true`,
    /// `slice3_type`), only used as an array index. At run time three `i64` (start, stop,
    /// step) with the missing parts already filled in for the step's sign.
    Slice(bool),
    /// A NumPy dtype object (`a.dtype`, `np.dtype("f8")`): no runtime data, passed as `dtype=`.
    DType(Scalar),
    /// A Python list (see `crate::lists`): a pointer to a refcounted runtime list.
    List(Arc<ListTy>),
    /// A dictionary (`dict` in compiled code and `typed.Dict`, Numba's `DictType`; see
    /// `typeck::dicts`): a pointer to a refcounted runtime dict.
    Dict(Arc<DictTy>),
    /// `d.keys()`, `d.values()`, `d.items()` (a pointer to the dict), or the state of a `for`
    /// loop over a dict or one of its views (the dict and its length when the loop started).
    DictView(Arc<DictViewTy>),
    /// A type used as a value (`types.int64`, `types.float64[:]`, `types.ListType(int64)`),
    /// given to `Dict.empty` and `List.empty_list`; no runtime data.
    TypeRef(Arc<Ty>),
    /// `d.get(k)`: a value or `None` (Numba's `OptionalType`), `{i1 present, T}`. Used as a
    /// `T` it is checked (`TypeError` when it is `None`).
    Optional(Arc<Ty>),
}

/// The type of a dictionary: key and value types (`None` until the first item assignment of
/// an empty dict, Numba's `DictType[undefined,undefined]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DictTy {
    pub key: Option<Ty>,
    pub value: Option<Ty>,
}

impl DictTy {
    pub fn is_defined(&self) -> bool {
        self.key.is_some() && self.value.is_some()
    }
}

/// What iterating a dict (or one of its views) gives.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum DictViewKind {
    Keys,
    Values,
    Items,
}

/// A dict view or a dict iteration in progress (see [`Ty::DictView`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DictViewTy {
    pub dict: DictTy,
    pub kind: DictViewKind,
    /// The state of a `for` loop (`{ptr, i64}`) rather than a view (a pointer).
    pub iter: bool,
}

impl DictViewTy {
    /// The type of one item of the view.
    pub fn item(&self) -> Option<Ty> {
        let (k, v) = (self.dict.key.clone()?, self.dict.value.clone()?);
        Some(match self.kind {
            DictViewKind::Keys => k,
            DictViewKind::Values => v,
            DictViewKind::Items => Ty::tuple(vec![k, v]),
        })
    }
}

/// The type of a list: its element type (`None` while an empty list's first use has not been
/// typed yet, Numba's `list(undefined)`) and whether it came from Python (a *reflected* list,
/// whose final contents are written back into the caller's list).
///
/// A `typed` list is Numba's `ListType` (`numba.typed.List`): the same runtime list, but
/// boxed as a `typed.List` object that shares it with Python (never reflected), with a fixed
/// element type (values are cast to it, never widened).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListTy {
    pub elem: Option<Ty>,
    pub reflected: bool,
    pub typed: bool,
}

impl ListTy {
    /// The same kind of list holding `elem`.
    pub fn with_elem(&self, elem: Ty) -> Ty {
        Ty::List(Arc::new(ListTy { elem: Some(elem), reflected: self.reflected, typed: self.typed }))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArrayTy {
    pub dtype: Scalar,
    pub ndim: u8,
    pub layout: Layout,
    pub readonly: bool,
}

impl Ty {
    pub const BOOL: Ty = Ty::Scalar(Scalar::Bool);
    pub const I64: Ty = Ty::Scalar(Scalar::I64);
    pub const F64: Ty = Ty::Scalar(Scalar::F64);
    pub const C128: Ty = Ty::Scalar(Scalar::C128);

    pub fn tuple(items: Vec<Ty>) -> Ty {
        Ty::Tuple(items.into())
    }
    pub fn array(dtype: Scalar, ndim: u8, layout: Layout) -> Ty {
        Ty::Array(ArrayTy { dtype, ndim, layout, readonly: false })
    }
    pub fn list(elem: Ty, reflected: bool) -> Ty {
        Ty::List(Arc::new(ListTy { elem: Some(elem), reflected, typed: false }))
    }
    /// A `typed.List` (`ListType`) of `elem` (`None`: not typed yet).
    pub fn typed_list(elem: Option<Ty>) -> Ty {
        Ty::List(Arc::new(ListTy { elem, reflected: false, typed: true }))
    }
    /// A dict type (`None`s: not typed yet).
    pub fn dict(key: Option<Ty>, value: Option<Ty>) -> Ty {
        Ty::Dict(Arc::new(DictTy { key, value }))
    }
    pub fn as_dict(&self) -> Option<&DictTy> {
        match self {
            Ty::Dict(d) => Some(d),
            _ => None,
        }
    }
    /// The element type of a list type (`None` for other types and undefined lists).
    pub fn list_elem(&self) -> Option<&Ty> {
        match self {
            Ty::List(l) => l.elem.as_ref(),
            _ => None,
        }
    }
    pub fn scalar(&self) -> Option<Scalar> {
        match self {
            Ty::Scalar(s) => Some(*s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&ArrayTy> {
        match self {
            Ty::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_int(&self) -> bool {
        self.scalar().is_some_and(Scalar::is_int)
    }
    pub fn is_float(&self) -> bool {
        self.scalar().is_some_and(Scalar::is_float)
    }
    /// A number: bool, int, float or complex.
    pub fn is_number(&self) -> bool {
        self.scalar().is_some()
    }

    /// Size in bytes of this type's slot in the entry wrapper's argument/return buffer.
    ///
    /// Each scalar takes 8 bytes (16 for complex128); an array takes its struct
    /// `{meminfo, parent, nitems, itemsize, data, shape[n], strides[n]}` = (5 + 2n) * 8 bytes;
    /// a string `{meminfo, data, len, kind}` 32; a tuple is its elements' slots one after
    /// another; types without runtime data take 0.
    pub fn slot_size(&self) -> usize {
        match self {
            Ty::Scalar(Scalar::C128) => 16,
            Ty::Scalar(_) => 8,
            Ty::Array(a) => (5 + 2 * a.ndim as usize) * 8,
            Ty::Tuple(items) => items.iter().map(Ty::slot_size).sum(),
            Ty::List(_) | Ty::Dict(_) => 8,
            Ty::Str => 32,
            Ty::DictView(v) if !v.iter => 8,
            // A presence word, then the value's slot.
            Ty::Optional(t) => 8 + t.slot_size(),
            _ => 0,
        }
    }
}

/// Byte offsets of each argument in the entry wrapper's argument buffer (see [`Ty::slot_size`]).
pub fn slot_offsets(tys: &[Ty]) -> (Vec<usize>, usize) {
    let mut offs = Vec::with_capacity(tys.len());
    let mut at = 0;
    for t in tys {
        offs.push(at);
        at += t.slot_size();
    }
    (offs, at)
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Scalar(s) => f.write_str(s.name()),
            Ty::None => f.write_str("none"),
            Ty::Array(a) => {
                if a.readonly {
                    f.write_str("readonly ")?;
                }
                write!(f, "array({}, {}d, {})", a.dtype.name(), a.ndim, a.layout.name())
            }
            Ty::Tuple(items) => {
                if !items.is_empty() && items.iter().all(|t| *t == items[0]) {
                    write!(f, "UniTuple({} x {})", items[0], items.len())
                } else {
                    f.write_str("Tuple(")?;
                    for (i, t) in items.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{t}")?;
                    }
                    f.write_str(")")
                }
            }
            Ty::Range => f.write_str("range_state64"),
            Ty::Module(m) => write!(f, "Module({})", m.name()),
            Ty::Function(name) => write!(f, "Function({name})"),
            Ty::Method(m) => write!(f, "BoundFunction({}.{})", m.0, m.1),
            Ty::Dispatcher(id) => write!(f, "Dispatcher(#{id})"),
            Ty::UFunc(u) => write!(f, "ufunc({})", u.name),
            Ty::Str => f.write_str("unicode_type"),
            Ty::ExceptionClass(name) => write!(f, "class({name})"),
            Ty::Slice(false) => f.write_str("slice<a:b>"),
            Ty::Slice(true) => f.write_str("slice<a:b:c>"),
            Ty::DType(s) => write!(f, "dtype({})", s.name()),
            Ty::List(l) if l.typed => match &l.elem {
                Some(t) => write!(f, "ListType[{t}]"),
                None => f.write_str("ListType[undefined]"),
            },
            Ty::List(l) => {
                if l.reflected {
                    f.write_str("reflected ")?;
                }
                match &l.elem {
                    Some(t) => write!(f, "list({t})<iv=None>"),
                    None => f.write_str("list(undefined)<iv=None>"),
                }
            }
            Ty::Dict(d) => write!(f, "DictType[{}]<iv=None>", dict_params(d)),
            Ty::DictView(v) => {
                let what = match v.kind {
                    DictViewKind::Keys => "keys",
                    DictViewKind::Values => "values",
                    DictViewKind::Items => "items",
                };
                let iter = if v.iter { "iterator" } else { "" };
                write!(f, "dict_{what}{iter}[{}]", dict_params(&v.dict))
            }
            Ty::TypeRef(t) if t.is_number() => write!(f, "class({t})"),
            Ty::TypeRef(t) => write!(f, "typeref[{t}]"),
            Ty::Optional(t) => write!(f, "OptionalType({t})"),
        }
    }
}

fn dict_params(d: &DictTy) -> String {
    let part = |t: &Option<Ty>| t.as_ref().map(|t| t.to_string()).unwrap_or_else(|| "undefined".into());
    format!("{},{}", part(&d.key), part(&d.value))
}

/// A function signature: argument types and the return type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub args: Vec<Ty>,
    /// `None` when only the arguments were given (`"(float64, int64)"`); inferred then.
    pub ret: Option<Ty>,
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.ret {
            write!(f, "{r}")?;
        }
        f.write_str("(")?;
        for (i, t) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{t}")?;
        }
        f.write_str(")")
    }
}

/// Parses a Numba signature string: `float64(float64[:], int64)`, `void(f8[:, ::1])`,
/// `(int64, int64)`, `UniTuple(int64, 2)(float64[:])`, `Tuple((int64, float64))(...)`.
pub fn parse_signature(text: &str) -> Result<Signature, String> {
    let mut p = SigParser { s: text.as_bytes(), i: 0, text };
    p.ws();
    let ret = if p.peek() == Some(b'(') { None } else { Some(p.ty()?) };
    p.ws();
    if p.peek() != Some(b'(') {
        // A bare type list is not a signature.
        return Err(p.err("expected '(' after the return type"));
    }
    let args = p.paren_list()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected text after the signature"));
    }
    Ok(Signature { args, ret })
}

/// Parses one type: `float64`, `int32[:, ::1]`, `UniTuple(int64, 3)`.
pub fn parse_type(text: &str) -> Result<Ty, String> {
    let mut p = SigParser { s: text.as_bytes(), i: 0, text };
    let t = p.ty()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected text after the type"));
    }
    Ok(t)
}

struct SigParser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl SigParser<'_> {
    fn err(&self, what: &str) -> String {
        format!("invalid signature {:?}: {what} at position {}", self.text, self.i)
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Result<&str, String> {
        self.ws();
        let start = self.i;
        while self.i < self.s.len() && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_' || self.s[self.i] == b'.') {
            self.i += 1;
        }
        if start == self.i {
            return Err(self.err("expected a type name"));
        }
        Ok(&self.text[start..self.i])
    }
    fn number(&mut self) -> Result<usize, String> {
        self.ws();
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        self.text[start..self.i].parse().map_err(|_| self.err("expected a number"))
    }
    /// `(` or `[` after a parametrised type name; returns the matching closer.
    fn open_params(&mut self, what: &str) -> Result<u8, String> {
        if self.eat(b'(') {
            Ok(b')')
        } else if self.eat(b'[') {
            Ok(b']')
        } else {
            Err(self.err(&format!("expected '(' or '[' after {what}")))
        }
    }

    /// Numba's `<iv=...>` suffix (an initial value; ignored).
    fn skip_initial_value(&mut self) {
        self.ws();
        if self.peek() == Some(b'<') {
            while let Some(c) = self.peek() {
                self.i += 1;
                if c == b'>' {
                    break;
                }
            }
        }
    }

    fn paren_list(&mut self) -> Result<Vec<Ty>, String> {
        if !self.eat(b'(') {
            return Err(self.err("expected '('"));
        }
        let mut out = Vec::new();
        if self.eat(b')') {
            return Ok(out);
        }
        loop {
            out.push(self.ty()?);
            if self.eat(b')') {
                return Ok(out);
            }
            if !self.eat(b',') {
                return Err(self.err("expected ',' or ')'"));
            }
            if self.eat(b')') {
                return Ok(out);
            }
        }
    }
    fn ty(&mut self) -> Result<Ty, String> {
        let name = self.ident()?.to_string();
        let name = name.strip_prefix("types.").or_else(|| name.strip_prefix("numba.")).unwrap_or(&name).to_string();
        let base = match name.as_str() {
            "void" | "none" | "None" => Ty::None,
            "unicode_type" | "string" => Ty::Str,
            "UniTuple" => {
                if !self.eat(b'(') {
                    return Err(self.err("expected '(' after UniTuple"));
                }
                let t = self.ty()?;
                // `UniTuple(int64, 3)`, or Numba's printed `UniTuple(int64 x 3)`.
                self.ws();
                if self.s[self.i..].starts_with(b"x ") {
                    self.i += 1;
                } else if !self.eat(b',') {
                    return Err(self.err("expected ','"));
                }
                let n = self.number()?;
                if !self.eat(b')') {
                    return Err(self.err("expected ')'"));
                }
                Ty::tuple(vec![t; n])
            }
            // `DictType(int64, float64)`, or as Numba prints it, `DictType[int64,float64]<iv=None>`.
            "DictType" => {
                let close = self.open_params("DictType")?;
                let k = self.ty()?;
                if !self.eat(b',') {
                    return Err(self.err("expected ','"));
                }
                let v = self.ty()?;
                if !self.eat(close) {
                    return Err(self.err("expected the end of DictType's parameters"));
                }
                self.skip_initial_value();
                Ty::dict(Some(k), Some(v))
            }
            // `ListType(int64)` / `ListType[int64]`.
            "ListType" => {
                let close = self.open_params("ListType")?;
                let t = self.ty()?;
                if !self.eat(close) {
                    return Err(self.err("expected the end of ListType's parameters"));
                }
                Ty::typed_list(Some(t))
            }
            // Numba's printed array type: `array(float64, 1d, C)`.
            "array" => {
                if !self.eat(b'(') {
                    return Err(self.err("expected '(' after array"));
                }
                let Ty::Scalar(dtype) = self.ty()? else {
                    return Err(self.err("only scalar types can be array element types"));
                };
                if !self.eat(b',') {
                    return Err(self.err("expected ','"));
                }
                let ndim = self.number()?;
                if !self.eat(b'd') || !self.eat(b',') {
                    return Err(self.err("expected the dimensions as `Nd,`"));
                }
                let layout = match self.ident()? {
                    "C" => Layout::C,
                    "F" => Layout::F,
                    "A" => Layout::A,
                    _ => return Err(self.err("expected the layout C, F or A")),
                };
                if !self.eat(b')') {
                    return Err(self.err("expected ')'"));
                }
                Ty::array(dtype, ndim.min(32) as u8, layout)
            }
            "Tuple" => {
                if !self.eat(b'(') {
                    return Err(self.err("expected '(' after Tuple"));
                }
                self.ws();
                let items = if self.peek() == Some(b'(') { self.paren_list()? } else {
                    let mut v = vec![self.ty()?];
                    while self.eat(b',') {
                        v.push(self.ty()?);
                    }
                    v
                };
                if !self.eat(b')') {
                    return Err(self.err("expected ')'"));
                }
                Ty::tuple(items)
            }
            other => match Scalar::from_name(other) {
                Some(s) => Ty::Scalar(s),
                None => return Err(format!("invalid signature {:?}: unknown type {other:?}", self.text)),
            },
        };
        self.ws();
        if self.peek() == Some(b'[') {
            let Ty::Scalar(dtype) = base else {
                return Err(self.err("only scalar types can be array element types"));
            };
            self.i += 1;
            let mut ndim = 0u8;
            let mut contiguous_at: Option<u8> = None;
            loop {
                self.ws();
                if !self.eat(b':') {
                    return Err(self.err("expected ':' in array dimensions"));
                }
                if self.eat(b':') {
                    let n = self.number()?;
                    if n != 1 {
                        return Err(self.err("only a step of 1 (::1) marks a contiguous axis"));
                    }
                    contiguous_at = Some(ndim);
                }
                ndim += 1;
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.err("expected ',' or ']'"));
                }
            }
            let layout = match contiguous_at {
                None => Layout::A,
                Some(k) if k == ndim - 1 => Layout::C,
                Some(0) => Layout::F,
                Some(_) => return Err(self.err("'::1' must be on the first or last axis")),
            };
            return Ok(Ty::array(dtype, ndim, layout));
        }
        Ok(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_numba() {
        assert_eq!(Ty::array(Scalar::F64, 1, Layout::C).to_string(), "array(float64, 1d, C)");
        assert_eq!(Ty::tuple(vec![Ty::I64; 3]).to_string(), "UniTuple(int64 x 3)");
        assert_eq!(Ty::tuple(vec![Ty::I64, Ty::F64]).to_string(), "Tuple(int64, float64)");
    }

    #[test]
    fn parses_signatures() {
        let s = parse_signature("float64(float64[:], int64)").unwrap();
        assert_eq!(s.ret, Some(Ty::F64));
        assert_eq!(s.args, vec![Ty::array(Scalar::F64, 1, Layout::A), Ty::I64]);
        let s = parse_signature("void(f8[:, ::1], f4[::1, :])").unwrap();
        assert_eq!(s.ret, Some(Ty::None));
        assert_eq!(s.args[0], Ty::array(Scalar::F64, 2, Layout::C));
        assert_eq!(s.args[1], Ty::array(Scalar::F32, 2, Layout::F));
        let s = parse_signature("(int64, int64)").unwrap();
        assert_eq!(s.ret, None);
        let s = parse_signature("UniTuple(int64, 2)(float64[::1])").unwrap();
        assert_eq!(s.ret, Some(Ty::tuple(vec![Ty::I64, Ty::I64])));
        let s = parse_signature("unicode_type(uint64, types.string)").unwrap();
        assert_eq!((s.ret, s.args), (Some(Ty::Str), vec![Ty::Scalar(Scalar::U64), Ty::Str]));
        assert!(parse_signature("float64(foo)").is_err());
    }

    #[test]
    fn parses_container_types_in_both_spellings() {
        let d = Ty::dict(Some(Ty::I64), Some(Ty::F64));
        assert_eq!(parse_type("DictType(int64, float64)").unwrap(), d);
        assert_eq!(parse_type("DictType[int64,float64]<iv=None>").unwrap(), d);
        assert_eq!(d.to_string(), "DictType[int64,float64]<iv=None>");
        let l = Ty::typed_list(Some(Ty::typed_list(Some(Ty::I64))));
        assert_eq!(parse_type("ListType(ListType(int64))").unwrap(), l);
        assert_eq!(parse_type(&l.to_string()).unwrap(), l);
        assert_eq!(l.to_string(), "ListType[ListType[int64]]");
        assert_eq!(parse_type("UniTuple(int64 x 3)").unwrap(), Ty::tuple(vec![Ty::I64; 3]));
        assert_eq!(parse_type("array(float64, 2d, F)").unwrap(), Ty::array(Scalar::F64, 2, Layout::F));
        let s = parse_signature("float64(DictType(UniTuple(int64, 2), float64[:]))").unwrap();
        assert_eq!(s.args[0], Ty::dict(Some(Ty::tuple(vec![Ty::I64; 2])), Some(Ty::array(Scalar::F64, 1, Layout::A))));
    }

    #[test]
    fn slots() {
        let (offs, total) = slot_offsets(&[Ty::I64, Ty::array(Scalar::F64, 2, Layout::C), Ty::C128]);
        assert_eq!(offs, vec![0, 8, 80]);
        assert_eq!(total, 96);
        assert_eq!(slot_offsets(&[Ty::Str, Ty::tuple(vec![Ty::Str, Ty::I64])]), (vec![0, 32], 72));
    }
}
