//! The compiler's [`Host`] over live Python functions: source text, and the values of global
//! and closure names frozen into [`GlobalValue`]s at compile time.
//!
//! Functions are known by [`FuncId`]: every `Dispatcher` registers itself when it is created
//! (ids are never reused), and `Host::source(id)` reads its `py_func`. A global that is another
//! dispatcher becomes `GlobalValue::Dispatcher(its id)`, which is how callees are found.
//!
//! ```text
//! global(f, "np")    → Module(Numpy)          global(f, "sqrt") → Function("math.sqrt")
//! global(f, "N")     → Int(100)               global(f, "g")    → Dispatcher(3)   (g is @njit)
//! global(f, "table") → Array(ConstArray{..})  global(f, "h")    → Unsupported("function `h` (not jitted: ...)")
//! global(f, "rel")   → UFunc(UFuncDef{..})    (rel is an oxjit @vectorize ufunc, see ufunc.rs)
//! ```

use std::sync::Mutex;

use oxjit_frontend::host::{ConstArray, FuncSource};
use oxjit_frontend::types::{ModuleKind, Scalar, Ty};
use oxjit_frontend::{FuncId, GlobalValue, Host, Options};
use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyBytes, PyComplex, PyDict, PyFloat, PyFunction, PyInt, PyModule, PyString, PyTuple,
    PyType,
};

use crate::dispatcher;

/// Dispatcher objects by id (the address, or 0 once deallocated). Read and written with the
/// GIL held; the mutex only makes the static sound.
static REGISTRY: Mutex<Vec<usize>> = Mutex::new(Vec::new());

fn registry() -> std::sync::MutexGuard<'static, Vec<usize>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers a dispatcher object and returns its new id.
pub fn register(obj: *mut ffi::PyObject) -> FuncId {
    let mut r = registry();
    r.push(obj as usize);
    (r.len() - 1) as FuncId
}

/// Forgets a dispatcher that is being deallocated.
pub fn unregister(id: FuncId) {
    if let Some(slot) = registry().get_mut(id as usize) {
        *slot = 0;
    }
}

/// The live dispatcher object of `id`.
pub fn object(id: FuncId) -> Option<*mut ffi::PyObject> {
    registry()
        .get(id as usize)
        .copied()
        .filter(|p| *p != 0)
        .map(|p| p as *mut ffi::PyObject)
}

/// The host the compiler calls back into, with the GIL held for the whole compile.
pub struct PyHost<'py> {
    pub py: Python<'py>,
}

impl Host for PyHost<'_> {
    fn source(&self, func: FuncId) -> Result<FuncSource, String> {
        dispatcher::source_of(self.py, func)
    }

    fn global(&self, func: FuncId, name: &str) -> GlobalValue {
        let Some(py_func) = dispatcher::py_func_of(self.py, func) else {
            return GlobalValue::Unsupported(format!("function #{func} no longer exists"));
        };
        match lookup(self.py, &py_func, name) {
            Ok(Some(v)) => convert(self.py, &v, 0),
            Ok(None) => GlobalValue::Missing,
            Err(e) => GlobalValue::Unsupported(format!("error while reading `{name}`: {e}")),
        }
    }

    fn options(&self, func: FuncId) -> Options {
        dispatcher::options_of(self.py, func).unwrap_or_default()
    }

    /// NumPy's namespace is read from NumPy itself, so `np.anything` resolves exactly as Python
    /// would (and a misspelt name is caught where it is written).
    fn module_attr(&self, module: ModuleKind, name: &str) -> Option<GlobalValue> {
        let m = match module {
            ModuleKind::Numpy => PyModule::import(self.py, "numpy").ok()?.into_any(),
            ModuleKind::NumpyRandom => PyModule::import(self.py, "numpy.random").ok()?.into_any(),
            ModuleKind::Py(h) => py_module(self.py, h)?,
            _ => return None,
        };
        Some(match m.getattr(name) {
            Ok(v) => convert(self.py, &v, 0),
            Err(_) => GlobalValue::Missing,
        })
    }

    fn module_name(&self, module: ModuleKind) -> String {
        match module {
            ModuleKind::Py(h) => py_module(self.py, h)
                .and_then(|m| m.getattr("__name__").ok())
                .map(|n| n.to_string())
                .unwrap_or_else(|| "module".into()),
            m => m.name().to_string(),
        }
    }

    /// Asks `oxjit.extending._resolve` (it runs the typing functions with `oxjit.types`
    /// objects and jits the implementation they return).
    fn resolve_overload(&self, handle: u32, args: &[Ty], kwargs: &[(&str, Ty)]) -> Result<Option<FuncId>, String> {
        let py = self.py;
        let run = || -> PyResult<Option<FuncId>> {
            let ext = py.import("oxjit.extending")?;
            let ats = PyTuple::new(py, args.iter().map(|t| dispatcher::ty_object(py, t)).collect::<PyResult<Vec<_>>>()?)?;
            let kts = PyDict::new(py);
            for (k, t) in kwargs {
                kts.set_item(*k, dispatcher::ty_object(py, t)?)?;
            }
            let d = ext.call_method1("_resolve", (handle, ats, kts))?;
            if d.is_none() {
                return Ok(None);
            }
            dispatcher::id_of(&d).map(Some).ok_or_else(|| PyTypeError::new_err("the overload's implementation is not a jitted function"))
        };
        run().map_err(|e| e.to_string())
    }
}

/// Reads the source of a Python function (raw `inspect.getsource`, not dedented).
pub fn read_source(py: Python<'_>, func: &Bound<'_, PyAny>) -> Result<FuncSource, String> {
    let name: String = func
        .getattr("__name__")
        .and_then(|n| n.extract())
        .unwrap_or_else(|_| "<function>".into());
    let read = || -> PyResult<(String, String, u32)> {
        let code = func.getattr("__code__")?;
        let filename: String = code.getattr("co_filename")?.extract()?;
        let first_line: u32 = code.getattr("co_firstlineno")?.extract()?;
        let source: String = py
            .import("inspect")?
            .getattr("getsource")?
            .call1((func,))?
            .extract()?;
        Ok((filename, source, first_line))
    };
    let (filename, source, first_line) = read().map_err(|e| {
        let file = func.getattr("__code__").and_then(|c| c.getattr("co_filename")).map(|f| f.to_string()).unwrap_or_default();
        format!(
            "cannot find the source code of `{name}` (defined in {file}): {e}. oxjit compiles Python source, \
             so a function typed at an interactive prompt or created by exec() cannot be compiled; define it in a file"
        )
    })?;
    let defaults = match func.getattr("__defaults__") {
        Ok(d) if !d.is_none() => d
            .try_iter()
            .map_err(|e| e.to_string())?
            .map(|v| v.map(|v| convert(py, &v, 0)).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    let kwdefaults = match func.getattr("__kwdefaults__") {
        Ok(d) if !d.is_none() => {
            let d = d.cast_into::<PyDict>().map_err(|e| e.to_string())?;
            d.iter()
                .map(|(k, v)| (k.to_string(), convert(py, &v, 0)))
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(FuncSource {
        name,
        filename,
        source,
        first_line,
        defaults,
        kwdefaults,
    })
}

/// The value of a free name of `func`: closure cell, then `__globals__`, then builtins.
pub fn lookup<'py>(
    py: Python<'py>,
    func: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let code = func.getattr("__code__")?;
    let freevars = code.getattr("co_freevars")?.cast_into::<PyTuple>()?;
    for (i, var) in freevars.iter().enumerate() {
        if var
            .cast::<PyString>()
            .is_ok_and(|s| s.to_str().is_ok_and(|s| s == name))
        {
            let closure = func.getattr("__closure__")?;
            let cell = closure.get_item(i)?;
            // An empty cell (assigned later in the enclosing function) has no value yet.
            return Ok(cell.getattr("cell_contents").ok());
        }
    }
    let globals = func.getattr("__globals__")?.cast_into::<PyDict>()?;
    if let Some(v) = globals.get_item(name)? {
        return Ok(Some(v));
    }
    let builtins = match func.getattr("__builtins__") {
        Ok(b) => b,
        Err(_) => py.import("builtins")?.into_any(),
    };
    if let Ok(d) = builtins.cast::<PyDict>() {
        return d.get_item(name);
    }
    Ok(builtins.getattr(name).ok())
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A Python value as compiled code may see it.
pub fn convert(py: Python<'_>, v: &Bound<'_, PyAny>, depth: u32) -> GlobalValue {
    convert_inner(py, v, depth).unwrap_or_else(|e| {
        GlobalValue::Unsupported(format!("{} (error while reading it: {e})", type_name(v)))
    })
}

/// The scalar type of a NumPy dtype `kind` character and item size.
fn scalar_of_dtype(kind: char, size: usize) -> Option<Scalar> {
    Some(match (kind, size) {
        ('b', 1) => Scalar::Bool,
        ('i', 1 | 2 | 4 | 8) => Scalar::int(8 * size as u32, true),
        ('u', 1 | 2 | 4 | 8) => Scalar::int(8 * size as u32, false),
        ('f', 4) => Scalar::F32,
        ('f', 8) => Scalar::F64,
        ('c', 8) => Scalar::C64,
        ('c', 16) => Scalar::C128,
        _ => return None,
    })
}

fn dtype_scalar(dtype: &Bound<'_, PyAny>) -> PyResult<Option<Scalar>> {
    let kind: String = dtype.getattr("kind")?.extract()?;
    let size: usize = dtype.getattr("itemsize")?.extract()?;
    Ok(kind.chars().next().and_then(|k| scalar_of_dtype(k, size)))
}

fn convert_inner(py: Python<'_>, v: &Bound<'_, PyAny>, depth: u32) -> PyResult<GlobalValue> {
    if v.is_none() {
        return Ok(GlobalValue::None);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(GlobalValue::Bool(b.is_true()));
    }
    if let Some(id) = dispatcher::id_of(v) {
        return Ok(GlobalValue::Dispatcher(id));
    }
    if let Some(g) = crate::ufunc::host_value(py, v, false)? {
        return Ok(g);
    }
    let modules = py.import("sys")?.getattr("modules")?;
    if let Ok(np) = modules.get_item("numpy") {
        if let Some(g) = convert_numpy(py, &np, v)? {
            return Ok(g);
        }
    }
    if let Ok(i) = v.cast::<PyInt>() {
        if let Ok(x) = i.extract::<i64>() {
            return Ok(GlobalValue::Int(x));
        }
        if let Ok(x) = i.extract::<u64>() {
            return Ok(GlobalValue::UInt(x));
        }
        return Ok(GlobalValue::Unsupported(
            "int too large for int64 and uint64".into(),
        ));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(GlobalValue::Float(f.value()));
    }
    if let Ok(c) = v.cast::<PyComplex>() {
        return Ok(GlobalValue::Complex(c.real(), c.imag()));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(GlobalValue::Str(s.to_str()?.to_string()));
    }
    if let Ok(t) = v.cast::<PyTuple>() {
        if depth > 32 {
            return Ok(GlobalValue::Unsupported("tuple nested too deeply".into()));
        }
        return Ok(GlobalValue::Tuple(
            t.iter().map(|x| convert(py, &x, depth + 1)).collect(),
        ));
    }
    if let Ok(m) = v.cast::<PyModule>() {
        let name = m.name()?.to_string();
        return Ok(match name.as_str() {
            "math" => GlobalValue::Module(ModuleKind::Math),
            "cmath" => GlobalValue::Module(ModuleKind::Cmath),
            "numpy" => GlobalValue::Module(ModuleKind::Numpy),
            "numpy.random" => GlobalValue::Module(ModuleKind::NumpyRandom),
            "oxjit" | "numba" => GlobalValue::Module(ModuleKind::Oxjit),
            _ => GlobalValue::Module(ModuleKind::Py(register_module(py, v))),
        });
    }
    // `typed.Dict` / `typed.List` and type objects (`types.int64`): ours, and numba's.
    if let Some(g) = typed_or_type(&modules, v)? {
        return Ok(g);
    }
    // prange and the thread functions, by identity: ours, and numba's if numba happens to be
    // imported (never import it).
    for module in ["oxjit", "numba"] {
        if let Ok(m) = modules.get_item(module) {
            for name in ["prange", "get_num_threads", "set_num_threads", "get_thread_id"] {
                if m.getattr(name).is_ok_and(|p| p.is(v)) {
                    return Ok(GlobalValue::Function(format!("oxjit.{name}")));
                }
            }
        }
    }
    let module: Option<String> = v.getattr("__module__").ok().and_then(|m| m.extract().ok());
    let name: Option<String> = v.getattr("__name__").ok().and_then(|m| m.extract().ok());
    if let Ok(cls) = v.cast::<PyType>() {
        let name = name.unwrap_or_default();
        if module.as_deref() == Some("builtins") {
            let base_exc = py.import("builtins")?.getattr("BaseException")?;
            if cls.is_subclass(&base_exc)? {
                return Ok(GlobalValue::ExceptionClass(name));
            }
            return Ok(GlobalValue::Function(format!("builtins.{name}")));
        }
        let base_exc = py.import("builtins")?.getattr("BaseException")?;
        if cls.is_subclass(&base_exc)? {
            // A user-defined exception class: compiled code raises it by number.
            let index = crate::errors::register_user_exception(py, cls);
            let qualname: String = cls.getattr("__qualname__").and_then(|q| q.extract()).unwrap_or_else(|_| name.clone());
            return Ok(GlobalValue::ExceptionClass(format!("user:{index}:{qualname}")));
        }
        if module.as_deref() == Some("numpy") && name == "dtype" {
            return Ok(GlobalValue::Function("numpy.dtype".into()));
        }
        return Ok(GlobalValue::Unsupported(format!("class `{name}`")));
    }
    // `np.random.normal` is a method of NumPy's hidden global RandomState; a method of any
    // other RandomState (`rs.normal`) has the same module and name but its own state.
    if module.as_deref() == Some("numpy.random") {
        if let Ok(owner) = v.getattr("__self__") {
            let mtrand = py.import("numpy.random.mtrand")?;
            if owner.is_instance(&mtrand.getattr("RandomState")?)? && !owner.is(&mtrand.getattr("_rand")?) {
                return Ok(GlobalValue::Unsupported(
                    "a method of a RandomState object (compiled code supports the np.random functions)".into(),
                ));
            }
        }
    }
    // SAFETY: `v` is a live object; PyCFunction_Type is a static type object.
    let is_builtin_function =
        unsafe { ffi::PyObject_TypeCheck(v.as_ptr(), &raw mut ffi::PyCFunction_Type) != 0 };
    if let (Some(module), Some(name)) = (&module, &name) {
        if is_builtin_function || module == "numpy" || module.starts_with("numpy.") {
            return Ok(GlobalValue::Function(format!("{module}.{name}")));
        }
    }
    if v.cast::<PyFunction>().is_ok() {
        if let Some(h) = overload_handle(py, v)? {
            return Ok(GlobalValue::Overload(h, name.unwrap_or_default()));
        }
        let name = name.unwrap_or_default();
        return Ok(GlobalValue::Unsupported(format!(
            "function `{name}` (not jitted: decorate it with @njit)"
        )));
    }
    Ok(GlobalValue::Unsupported(type_name(v)))
}

/// `numba.typed.Dict`/`List` (or ours: `oxjit.typed`'s classes derive from the native
/// `TypedDict`/`TypedList`) as the functions the frontend knows, and type objects of
/// `oxjit.types` or `numba.types` as `GlobalValue::Type` (read through their text: ours give
/// `_text()`, Numba's print as `DictType[int64,float64]<iv=None>`, which the parser reads).
fn typed_or_type(modules: &Bound<'_, PyAny>, v: &Bound<'_, PyAny>) -> PyResult<Option<GlobalValue>> {
    if let Ok(cls) = v.cast::<PyType>() {
        if cls.is_subclass_of::<crate::typed::TypedDict>()? {
            return Ok(Some(GlobalValue::Function("oxjit.typed.Dict".into())));
        }
        if cls.is_subclass_of::<crate::typed::TypedList>()? {
            return Ok(Some(GlobalValue::Function("oxjit.typed.List".into())));
        }
        if let Ok(nt) = modules.get_item("numba.typed") {
            for (name, f) in [("Dict", "oxjit.typed.Dict"), ("List", "oxjit.typed.List")] {
                if nt.getattr(name).is_ok_and(|c| c.is(v)) {
                    return Ok(Some(GlobalValue::Function(f.into())));
                }
            }
        }
        return Ok(None);
    }
    let ours = modules.get_item("oxjit.types").ok().and_then(|m| m.getattr("Type").ok()).is_some_and(|c| v.is_instance(&c).unwrap_or(false));
    let text: Option<String> = if ours {
        match v.call_method0("_text") {
            Ok(x) => Some(x.extract()?),
            Err(e) => return Ok(Some(GlobalValue::Unsupported(format!("type object {} ({e})", v.str()?)))),
        }
    } else if modules.get_item("numba.core.types").ok().and_then(|m| m.getattr("Type").ok()).is_some_and(|c| v.is_instance(&c).unwrap_or(false)) {
        Some(v.str()?.to_string())
    } else {
        None
    };
    Ok(text.map(|t| match oxjit_frontend::types::parse_type(&t) {
        Ok(ty) => GlobalValue::Type(ty),
        Err(_) => GlobalValue::Unsupported(format!("the type object `{t}`")),
    }))
}

/// Modules other than the known ones, by handle (`ModuleKind::Py`); kept alive for the
/// process, as modules are. Read and written with the GIL held.
static MODULES: Mutex<Vec<Py<PyAny>>> = Mutex::new(Vec::new());

fn register_module(py: Python<'_>, m: &Bound<'_, PyAny>) -> u32 {
    let mut r = MODULES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = r.iter().position(|x| x.bind(py).is(m)) {
        return i as u32;
    }
    r.push(m.clone().unbind());
    (r.len() - 1) as u32
}

fn py_module<'py>(py: Python<'py>, h: u32) -> Option<Bound<'py, PyAny>> {
    let r = MODULES.lock().unwrap_or_else(|e| e.into_inner());
    r.get(h as usize).map(|m| m.bind(py).clone())
}

/// The handle `oxjit.extending` gave `v` when an implementation was registered for it with
/// `@overload` or `@register_jitable` (the module is only asked once something imported it).
fn overload_handle(py: Python<'_>, v: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    let Ok(ext) = py.import("sys")?.getattr("modules")?.get_item("oxjit.extending") else {
        return Ok(None);
    };
    ext.call_method1("_handle_of", (v,))?.extract()
}

/// NumPy arrays, scalars, ufuncs and scalar classes; `None` for anything else.
fn convert_numpy(
    py: Python<'_>,
    np: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
) -> PyResult<Option<GlobalValue>> {
    if v.is_instance(&np.getattr("ndarray")?)? {
        let dtype = v.getattr("dtype")?;
        let Some(s) = dtype_scalar(&dtype)? else {
            return Ok(Some(GlobalValue::Unsupported(format!(
                "array of dtype {}",
                dtype.str()?
            ))));
        };
        let shape: Vec<i64> = v.getattr("shape")?.extract()?;
        let native = dtype.call_method1("newbyteorder", ("=",))?;
        let kw = PyDict::new(py);
        kw.set_item("dtype", native)?;
        let c = np.getattr("ascontiguousarray")?.call((v,), Some(&kw))?;
        let bytes = c.call_method0("tobytes")?.cast_into::<PyBytes>()?;
        return Ok(Some(GlobalValue::Array(ConstArray {
            dtype: s,
            shape,
            data: bytes.as_bytes().to_vec(),
        })));
    }
    if v.is_instance(&np.getattr("generic")?)? {
        let dtype = v.getattr("dtype")?;
        return Ok(Some(match dtype_scalar(&dtype)? {
            Some(Scalar::Bool) => GlobalValue::Bool(v.is_truthy()?),
            Some(s) if s.is_signed() => {
                GlobalValue::TypedInt(s, v.call_method0("__int__")?.extract::<i64>()?)
            }
            // Unsigned values are stored as their bit pattern.
            Some(s) if s.is_unsigned() => {
                GlobalValue::TypedInt(s, v.call_method0("__int__")?.extract::<u64>()? as i64)
            }
            Some(Scalar::F64) => GlobalValue::Float(v.call_method0("__float__")?.extract()?),
            Some(Scalar::F32) => {
                GlobalValue::TypedFloat(Scalar::F32, v.call_method0("__float__")?.extract()?)
            }
            Some(Scalar::C128) => {
                let c = v.call_method0("__complex__")?.cast_into::<PyComplex>()?;
                GlobalValue::Complex(c.real(), c.imag())
            }
            _ => GlobalValue::Unsupported(format!("NumPy scalar of dtype {}", dtype.str()?)),
        }));
    }
    if v.is_instance(&np.getattr("ufunc")?)? {
        // oxjit's own ufuncs are NumPy ufuncs too, but are compiled from their kernels.
        if let Some(g) = crate::ufunc::host_value(py, v, true)? {
            return Ok(Some(g));
        }
        let name: String = v.getattr("__name__")?.extract()?;
        return Ok(Some(GlobalValue::Function(format!("numpy.{name}"))));
    }
    if let Ok(cls) = v.cast::<PyType>() {
        if cls.is_subclass(&np.getattr("generic")?)? {
            let name: String = cls.getattr("__name__")?.extract()?;
            return Ok(Some(GlobalValue::Function(format!("numpy.{name}"))));
        }
    }
    Ok(None)
}

/// `TypeError` for a value the host was asked about that is not a dispatcher.
pub fn not_a_dispatcher(v: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "expected an oxjit Dispatcher, got {}",
        type_name(v)
    ))
}
