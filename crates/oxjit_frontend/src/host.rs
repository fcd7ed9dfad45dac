//! What the frontend asks of its host (the Python side): a function's source and the values
//! of the global and closure names it reads, frozen at compile time.
//!
//! The frontend never sees a Python object. The host hands out opaque [`FuncId`]s for
//! functions (jitted dispatchers or their `py_func`s) and describes every other global value
//! as a [`GlobalValue`]. This keeps PyO3 out of every compiler crate, and lets Rust tests
//! drive the whole compiler with a small in-memory host (see `testing::MemoryHost`).

use crate::types::{ModuleKind, Scalar, Signature, Ty};

/// A handle to a Python function known to the host.
pub type FuncId = u32;

/// The source of one function, as `inspect.getsource` gives it (decorators included,
/// indentation not removed: the frontend dedents it and keeps the amount for columns).
#[derive(Clone, Debug)]
pub struct FuncSource {
    pub name: String,
    pub filename: String,
    pub source: String,
    /// 1-based line number of the first line of `source` in `filename`.
    pub first_line: u32,
    /// Values of `__defaults__`, aligned with the last positional parameters.
    pub defaults: Vec<GlobalValue>,
    /// Values of `__kwdefaults__` for keyword-only parameters.
    pub kwdefaults: Vec<(String, GlobalValue)>,
}

/// A constant NumPy array read from a global variable (frozen, read-only in compiled code).
#[derive(Clone, Debug, PartialEq)]
pub struct ConstArray {
    pub dtype: Scalar,
    pub shape: Vec<i64>,
    /// The elements in C order, each `dtype.size()` bytes, native endian.
    pub data: Vec<u8>,
}

/// An oxjit ufunc as compiled code calls it: the scalar kernel it was made from and, for an
/// eager ufunc, its loops.
///
/// A call picks a loop as NumPy does (the first one every argument's dtype casts to safely,
/// `templates::ufunc_select_loop`) and runs the kernel's instance for that loop's input types,
/// once for scalars or per element for arrays. A lazy ufunc (no loops) compiles the kernel
/// for the arguments' own element types, as `LazyUFunc` does when called from Python.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UFuncDef {
    pub name: String,
    /// The kernel: a function the host knows (its source, options and globals).
    pub kernel: FuncId,
    /// The loops in the order NumPy tries them (scalar types only, return types known);
    /// empty for a lazy ufunc.
    pub loops: Vec<Signature>,
}

impl UFuncDef {
    pub fn is_lazy(&self) -> bool {
        self.loops.is_empty()
    }
}

/// The value of a global or closure variable, as far as compiled code can use it.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    Int(i64),
    /// An integer above `i64::MAX` (typed uint64, as Numba does).
    UInt(u64),
    Float(f64),
    Bool(bool),
    Complex(f64, f64),
    /// A NumPy scalar of a given dtype (`np.float32(1.5)`), value stored as its widest form.
    TypedInt(Scalar, i64),
    TypedFloat(Scalar, f64),
    None,
    Str(String),
    Tuple(Vec<GlobalValue>),
    Module(ModuleKind),
    /// A function or class the compiler knows by its qualified name: `math.sqrt`,
    /// `builtins.range`, `numpy.float64`, `oxjit.prange` (numba's spellings are mapped).
    Function(String),
    /// An exception class: `ValueError`, `ZeroDivisionError` ...
    ExceptionClass(String),
    /// Another jitted function (an oxjit dispatcher).
    Dispatcher(FuncId),
    /// An oxjit ufunc (`@vectorize`), callable on scalars and arrays.
    UFunc(UFuncDef),
    /// A Python function with implementations registered by `oxjit.extending.overload` (or
    /// `register_jitable`), by the host's handle: each call picks its implementation from the
    /// argument types ([`Host::resolve_overload`]). The name is for messages.
    Overload(u32, String),
    Array(ConstArray),
    /// A type object (`numba.types.int64`, `oxjit.types.float64[:]`, `types.ListType(int64)`),
    /// as given to `Dict.empty(key_type, value_type)` and `List.empty_list(item_type)`.
    Type(Ty),
    /// A Python value compiled code cannot use; the string names its type for the message.
    Unsupported(String),
    /// The name is not defined.
    Missing,
}

/// The host: the Python side, or a test double.
pub trait Host {
    /// The source text of a function.
    fn source(&self, func: FuncId) -> Result<FuncSource, String>;
    /// The value a free name of `func` has now: closure cell, then global, then builtin.
    fn global(&self, func: FuncId, name: &str) -> GlobalValue;
    /// Options of a jitted callee that matter to its code (boundscheck, fastmath ...).
    fn options(&self, _func: FuncId) -> crate::Options {
        crate::Options::default()
    }
    /// The value of `module.name`, when the host can read the real module (NumPy); `None`
    /// makes the frontend use its own table of known attributes.
    fn module_attr(&self, _module: ModuleKind, _name: &str) -> Option<GlobalValue> {
        None
    }
    /// The name of a module, for messages (`ModuleKind::Py` modules have the host's).
    fn module_name(&self, module: ModuleKind) -> String {
        module.name().to_string()
    }
    /// The jitted implementation of the overloaded function `handle` for these argument
    /// types (positional, then keyword), as Numba's `@overload` picks it: `Ok(None)` when no
    /// registered typing function accepts them, `Err` when one of them failed.
    fn resolve_overload(&self, _handle: u32, _args: &[Ty], _kwargs: &[(&str, Ty)]) -> Result<Option<FuncId>, String> {
        Err("this host has no overloaded functions".into())
    }
}
