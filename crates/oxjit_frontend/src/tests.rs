//! Frontend tests over an in-memory host: lowering, inference and diagnostics.

use std::collections::HashMap;

use crate::host::{FuncSource, GlobalValue, Host};
use crate::program::{build, Program};
use crate::types::{Layout, ModuleKind, Scalar, Ty};
use crate::{Diagnostic, FuncId, Options};

/// A host over source strings: every function in `funcs` can call the others by name.
pub struct MemoryHost {
    funcs: Vec<(String, String)>,
    globals: HashMap<String, GlobalValue>,
}

impl MemoryHost {
    /// One source text holding several `def`s (each becomes a FuncId in order).
    pub fn new(src: &str) -> MemoryHost {
        let mut funcs = Vec::new();
        let mut cur: Option<(String, String)> = None;
        for line in src.lines() {
            if let Some(rest) = line.strip_prefix("def ") {
                if let Some(c) = cur.take() {
                    funcs.push(c);
                }
                let name = rest.split('(').next().unwrap_or("").trim().to_string();
                cur = Some((name, String::new()));
            }
            if let Some((_, text)) = cur.as_mut() {
                text.push_str(line);
                text.push('\n');
            }
        }
        if let Some(c) = cur.take() {
            funcs.push(c);
        }
        let mut globals = HashMap::new();
        globals.insert("math".to_string(), GlobalValue::Module(ModuleKind::Math));
        globals.insert("np".to_string(), GlobalValue::Module(ModuleKind::Numpy));
        globals.insert("K".to_string(), GlobalValue::Int(7));
        globals.insert("T".to_string(), GlobalValue::Tuple(vec![GlobalValue::Int(1), GlobalValue::Float(2.5)]));
        MemoryHost { funcs, globals }
    }

    fn id(&self, name: &str) -> FuncId {
        self.funcs.iter().position(|(n, _)| n == name).expect("function exists") as FuncId
    }
}

impl Host for MemoryHost {
    fn source(&self, func: FuncId) -> Result<FuncSource, String> {
        let (name, text) = &self.funcs[func as usize];
        Ok(FuncSource { name: name.clone(), filename: "test.py".into(), source: text.clone(), first_line: 1, defaults: vec![], kwdefaults: vec![] })
    }
    fn global(&self, _func: FuncId, name: &str) -> GlobalValue {
        if let Some(pos) = self.funcs.iter().position(|(n, _)| n == name) {
            return GlobalValue::Dispatcher(pos as FuncId);
        }
        if let Some(v) = self.globals.get(name) {
            return v.clone();
        }
        match name {
            "range" | "len" | "abs" | "min" | "max" | "int" | "float" | "bool" | "complex" | "round" | "enumerate" | "zip" | "pow" | "print" => {
                GlobalValue::Function(format!("builtins.{name}"))
            }
            "ValueError" | "ZeroDivisionError" | "IndexError" => GlobalValue::ExceptionClass(name.into()),
            _ => GlobalValue::Missing,
        }
    }
}

fn compile(src: &str, root: &str, args: &[Ty]) -> Result<Program, Diagnostic> {
    let host = MemoryHost::new(src);
    build(&host, host.id(root), args, &Options::default())
}

fn ret_of(src: &str, root: &str, args: &[Ty]) -> Ty {
    match compile(src, root, args) {
        Ok(p) => p.instances[0].typed.ret.clone(),
        Err(d) => panic!("{}", d.render()),
    }
}

fn err_of(src: &str, root: &str, args: &[Ty]) -> Diagnostic {
    match compile(src, root, args) {
        Ok(p) => panic!("expected an error, got {}", p.instances[0].typed.body.dump(Some(&p.instances[0].typed.local_tys))),
        Err(d) => d,
    }
}

fn f64_arr() -> Ty {
    Ty::array(Scalar::F64, 1, Layout::C)
}

#[test]
fn rms_types_to_float64() {
    let src = "def rms(a):\n    s = 0\n    for i in range(a.shape[0]):\n        s += a[i] * a[i]\n    return (s / a.shape[0]) ** 0.5\n";
    assert_eq!(ret_of(src, "rms", &[f64_arr()]), Ty::F64);
    let p = compile(src, "rms", &[f64_arr()]).unwrap();
    let body = &p.instances[0].typed;
    let s = body.body.locals.iter().position(|l| l.name.as_deref() == Some("s")).unwrap();
    assert_eq!(body.local_tys[s], Ty::F64, "s unifies int64 and float64 to float64");
}

#[test]
fn int_arith_and_division() {
    assert_eq!(ret_of("def f(a, b):\n    return a // b + a % b\n", "f", &[Ty::I64, Ty::I64]), Ty::I64);
    assert_eq!(ret_of("def f(a, b):\n    return a / b\n", "f", &[Ty::I64, Ty::I64]), Ty::F64);
    assert_eq!(ret_of("def f(a):\n    return a[0] + a[1]\n", "f", &[Ty::array(Scalar::I32, 1, Layout::C)]), Ty::I64);
    assert_eq!(ret_of("def f(a, b):\n    return a < b < 3 and a != b\n", "f", &[Ty::I64, Ty::F64]), Ty::BOOL);
}

#[test]
fn tuples_and_globals() {
    assert_eq!(ret_of("def f(x):\n    a, b = T\n    return (a + K, b * x)\n", "f", &[Ty::I64]), Ty::tuple(vec![Ty::I64, Ty::F64]));
    assert_eq!(ret_of("def f(x):\n    return math.sqrt(x) + math.pi\n", "f", &[Ty::I64]), Ty::F64);
    assert_eq!(ret_of("def f(x):\n    return math.floor(x)\n", "f", &[Ty::F64]), Ty::I64);
}

#[test]
fn calls_keywords_and_recursion() {
    let src = "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\ndef g(a, b):\n    return a - b\ndef h(x):\n    return g(b=x, a=1.5) + fib(10)\n";
    assert_eq!(ret_of(src, "fib", &[Ty::I64]), Ty::I64);
    let p = compile(src, "h", &[Ty::I64]).unwrap();
    assert_eq!(p.instances[0].typed.ret, Ty::F64);
    assert_eq!(p.instances.len(), 3);
    assert!(p.find(1, &[Ty::F64, Ty::I64]).is_some());
}

#[test]
fn loops_break_continue_while() {
    let src = "def f(n):\n    t = 0\n    i = 0\n    while True:\n        i += 1\n        if i % 2 == 0:\n            continue\n        if i > n:\n            break\n        t += i\n    for j in range(n, 0, -2):\n        t -= j\n    return t\n";
    assert_eq!(ret_of(src, "f", &[Ty::I64]), Ty::I64);
}

#[test]
fn diagnostics_point_at_source() {
    let d = err_of("def f(a):\n    if a > 0:\n        x = 1\n    else:\n        x = (1, 2)\n    return x\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0304");
    assert_eq!(d.location().unwrap().1, 5);
    let d = err_of("def f(a):\n    return a + (1, 2)\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0301");
    assert!(d.render().contains("^^^^^^^^^^"), "{}", d.render());
    let d = err_of("def f(a):\n    try:\n        pass\n    except:\n        pass\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0101");
    assert!(d.message.contains("`try` statements"), "{}", d.message);
    let d = err_of("def f(a):\n    return undefined_thing + a\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0201");
    let d = err_of("def f(a):\n    return math.foo(a)\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0203");
    let d = err_of("def f(a):\n    return math.sqrt(a, 2)\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0306");
    let d = err_of("def f(n):\n    return f(n - 1)\n", "f", &[Ty::I64]);
    assert_eq!(d.code, "E0305");
}

#[test]
fn variables_change_type_where_their_assignments_do_not_meet() {
    // Straight-line reassignment: two versions of `x`, each with its own type (Numba's SSA).
    let p = compile("def f(a):\n    x = 2 ** 40\n    y = x // 3\n    x = 0.5\n    return y, x\n", "f", &[Ty::I64]).unwrap();
    assert_eq!(p.instances[0].typed.ret, Ty::Tuple(vec![Ty::I64, Ty::F64].into()), "{}", p.instances[0].typed.body.dump(Some(&p.instances[0].typed.local_tys)));
    // A parameter that is None, then an array: the `is None` test is decided on the entry
    // version of the parameter.
    let p = compile("def f(w, n):\n    if w is None:\n        w = np.ones(n)\n    return w\n", "f", &[Ty::None, Ty::I64]);
    assert!(p.is_err(), "the versions meet at the return: one variable, none vs array");
    let p = compile("def f(w, n):\n    w = g(w, n)\n    return w.sum()\n\ndef g(w, n):\n    if w is None:\n        return np.ones(n)\n    return w\n", "f", &[Ty::None, Ty::I64]);
    assert_eq!(p.map(|p| p.instances[0].typed.ret.clone()).map_err(|d| d.render()), Ok(Ty::F64));
    // Around a loop the versions meet: one local, unified (int then float gives float).
    let p = compile("def f(n):\n    s = 0\n    for i in range(n):\n        s = s + 0.5\n    return s\n", "f", &[Ty::I64]).unwrap();
    assert_eq!(p.instances[0].typed.ret, Ty::F64);
    // Same-typed versions are merged back into one local after typing.
    let p = compile("def f(n):\n    x = n + 1\n    y = x\n    x = n + 2\n    return x + y\n", "f", &[Ty::I64]).unwrap();
    let body = &p.instances[0].typed.body;
    let xs: std::collections::HashSet<u32> = body.blocks.iter().flat_map(|b| b.stmts.iter()).filter_map(|s| match &s.kind {
        crate::mir::StmtKind::Assign { dest, .. } if body.local_name(*dest) == "x" => Some(dest.0),
        _ => None,
    }).collect();
    assert_eq!(xs.len(), 1, "{}", body.dump(None));
}

#[test]
fn star_arguments_unpack_tuples() {
    let p = compile("def f(a):\n    t = (a, 2.5)\n    return g(*t), (*t, a), g(1, *(a,))\n\ndef g(x, y):\n    return x + y\n", "f", &[Ty::I64]).unwrap();
    assert_eq!(p.instances[0].typed.ret, Ty::Tuple(vec![Ty::F64, Ty::Tuple(vec![Ty::I64, Ty::F64, Ty::I64].into()), Ty::I64].into()));
    let d = err_of("def f(a):\n    return g(*a)\n\ndef g(x):\n    return x\n", "f", &[Ty::array(Scalar::F64, 1, Layout::C)]);
    assert_eq!(d.code, "E0306");
    assert!(d.message.contains("unpacks a tuple"), "{}", d.message);
}

#[test]
fn mir_dump_is_readable() {
    let p = compile("def f(a, b):\n    if a > b:\n        return a\n    return b\n", "f", &[Ty::I64, Ty::I64]).unwrap();
    let dump = p.instances[0].typed.body.dump(Some(&p.instances[0].typed.local_tys));
    assert!(dump.starts_with("fn f(a: int64, b: int64) {"), "{dump}");
    assert!(dump.contains("branch"), "{dump}");
}

#[test]
fn numpy_reductions_type_like_numba() {
    let arr = |s: Scalar, n: u8, l: Layout| Ty::array(s, n, l);
    let f = "def f(a):\n    return np.sum(a)\n";
    assert_eq!(ret_of(f, "f", &[arr(Scalar::I32, 1, Layout::C)]), Ty::I64);
    assert_eq!(ret_of(f, "f", &[arr(Scalar::U8, 2, Layout::A)]), Ty::Scalar(Scalar::U64));
    assert_eq!(ret_of(f, "f", &[arr(Scalar::Bool, 1, Layout::C)]), Ty::I64);
    assert_eq!(ret_of(f, "f", &[arr(Scalar::F32, 3, Layout::F)]), Ty::Scalar(Scalar::F32));
    let m = "def f(a):\n    return (a.mean(), a.var(), a.std(), a.min(), a.argmax(), a.all(), np.count_nonzero(a))\n";
    assert_eq!(
        ret_of(m, "f", &[arr(Scalar::I16, 2, Layout::C)]),
        Ty::tuple(vec![Ty::F64, Ty::F64, Ty::F64, Ty::Scalar(Scalar::I16), Ty::I64, Ty::BOOL, Ty::I64])
    );
    assert_eq!(ret_of("def f(a):\n    return a.mean()\n", "f", &[arr(Scalar::C64, 1, Layout::C)]), Ty::Scalar(Scalar::C64));
    assert_eq!(ret_of("def f(a):\n    return np.amax(a)\n", "f", &[arr(Scalar::U32, 1, Layout::C)]), Ty::Scalar(Scalar::U32));
}

#[test]
fn numpy_reduction_errors() {
    let a = Ty::array(Scalar::F64, 2, Layout::C);
    // Along an axis: an array of one dimension fewer (a scalar for 1-d); var/std refuse it.
    assert_eq!(ret_of("def f(a):\n    return np.sum(a, axis=0)\n", "f", std::slice::from_ref(&a)), Ty::array(Scalar::F64, 1, Layout::C));
    assert_eq!(ret_of("def f(a):\n    return a.argmax(1)\n", "f", std::slice::from_ref(&a)), Ty::array(Scalar::I64, 1, Layout::C));
    assert_eq!(ret_of("def f(a):\n    return a.sum(axis=0)\n", "f", &[Ty::array(Scalar::I32, 1, Layout::C)]), Ty::I64);
    let d = err_of("def f(a):\n    return np.var(a, axis=0)\n", "f", std::slice::from_ref(&a));
    assert_eq!((d.code, d.message.as_str()), ("E0307", "var() with axis= is not supported yet"));
    let d = err_of("def f(a):\n    return a.max(1.5)\n", "f", std::slice::from_ref(&a));
    assert_eq!(d.code, "E0306");
    let d = err_of("def f(a):\n    return np.argmin(a)\n", "f", &[Ty::array(Scalar::C128, 1, Layout::C)]);
    assert_eq!(d.code, "E0306");
    let d = err_of("def f(a):\n    return np.sum(a, dtype=np.float32)\n", "f", &[a]);
    assert_eq!(d.code, "E0307");
}

#[test]
fn numpy_ufuncs_on_scalars_pick_numba_loops() {
    let u = |src: &str, args: &[Ty]| ret_of(&format!("def f(x, y):\n    return {src}\n"), "f", args);
    let s = Ty::Scalar;
    assert_eq!(u("np.sqrt(x)", &[Ty::I64, Ty::I64]), Ty::F64);
    assert_eq!(u("np.sqrt(x)", &[s(Scalar::I8), Ty::I64]), s(Scalar::F32));
    assert_eq!(u("np.sqrt(x)", &[Ty::BOOL, Ty::I64]), s(Scalar::F32));
    assert_eq!(u("np.abs(x)", &[s(Scalar::I32), Ty::I64]), s(Scalar::I32));
    assert_eq!(u("np.floor(x)", &[Ty::F64, Ty::I64]), Ty::F64);
    assert_eq!(u("np.sign(x)", &[Ty::BOOL, Ty::I64]), s(Scalar::I8));
    assert_eq!(u("np.minimum(x, y)", &[Ty::I64, Ty::F64]), Ty::F64);
    assert_eq!(u("np.minimum(x, y)", &[s(Scalar::I8), s(Scalar::U8)]), s(Scalar::I16));
    assert_eq!(u("np.power(x, y)", &[s(Scalar::F32), Ty::I64]), s(Scalar::F32));
    assert_eq!(u("np.power(x, y)", &[s(Scalar::U64), Ty::I64]), Ty::F64);
    assert_eq!(u("np.arctan2(x, y)", &[Ty::BOOL, Ty::BOOL]), s(Scalar::F32));
    assert_eq!(u("np.isnan(x)", &[Ty::C128, Ty::I64]), Ty::BOOL);
    assert_eq!(u("np.sqrt(x)", &[s(Scalar::C64), Ty::I64]), s(Scalar::C64));
    assert_eq!(u("np.sign(x)", &[Ty::C128, Ty::I64]), Ty::C128);
    let d = err_of("def f(x):\n    return np.maximum(x, x)\n", "f", &[Ty::C128]);
    assert_eq!(d.code, "E0307");
    let d = err_of("def f(x):\n    return np.hypot(x)\n", "f", &[Ty::F64]);
    assert_eq!(d.code, "E0306");
    let d = err_of("def f(x):\n    return np.fabs(x)\n", "f", &[Ty::C128]);
    assert_eq!(d.code, "E0306");
}

/// Views: result ndim and layout as Numba 0.68 types them (checked case by case).
#[test]
fn slices_type_as_numba_views() {
    let view = |expr: &str, arg: Ty| -> String {
        let src = format!("def f(a):\n    return {expr}\n");
        ret_of(&src, "f", &[arg]).to_string()
    };
    let c1 = Ty::array(Scalar::F64, 1, Layout::C);
    let c2 = Ty::array(Scalar::F64, 2, Layout::C);
    let f2 = Ty::array(Scalar::F64, 2, Layout::F);
    let c3 = Ty::array(Scalar::F64, 3, Layout::C);
    let f3 = Ty::array(Scalar::F64, 3, Layout::F);
    let cases: &[(&str, &Ty, &str)] = &[
        ("a[1:3]", &c1, "array(float64, 1d, C)"),
        ("a[::2]", &c1, "array(float64, 1d, A)"),
        ("a[::1]", &c1, "array(float64, 1d, A)"),
        ("a[1:3:]", &c1, "array(float64, 1d, C)"),
        ("a[0]", &c2, "array(float64, 1d, C)"),
        ("a[0, :]", &c2, "array(float64, 1d, C)"),
        ("a[:, 0]", &c2, "array(float64, 1d, A)"),
        ("a[1:3, :]", &c2, "array(float64, 2d, A)"),
        ("a[1:3]", &c2, "array(float64, 2d, C)"),
        ("a[0, ::2]", &c2, "array(float64, 1d, A)"),
        ("a[0]", &f2, "array(float64, 1d, A)"),
        ("a[:, 0]", &f2, "array(float64, 1d, F)"),
        ("a[1:3, 0]", &f2, "array(float64, 1d, F)"),
        ("a[:]", &f2, "array(float64, 2d, A)"),
        ("a[0, 0]", &c3, "array(float64, 1d, C)"),
        ("a[0, :, 0]", &c3, "array(float64, 1d, A)"),
        ("a[:, 0, 0]", &f3, "array(float64, 1d, F)"),
        ("a[0, 0]", &f3, "array(float64, 1d, A)"),
        ("a[0, 1, 2]", &c3, "float64"),
    ];
    for (expr, arg, want) in cases {
        assert_eq!(view(expr, (*arg).clone()), *want, "{expr} on {arg}");
    }
    let ro = Ty::Array(crate::types::ArrayTy { dtype: Scalar::I32, ndim: 1, layout: Layout::C, readonly: true });
    assert_eq!(view("a[1:]", ro), "readonly array(int32, 1d, C)");
    // Slice assignment takes numbers and arrays of at most the view's ndim; non-integer
    // bounds are typing errors.
    let d = err_of("def f(a, m):\n    a[1:3] = m\n", "f", &[c1.clone(), Ty::array(Scalar::F64, 2, Layout::C)]);
    assert!(d.message.contains("cannot assign a 2-d array to a 1-d view"), "{}", d.render());
    let d = err_of("def f(a):\n    return a[1.5:]\n", "f", &[c1]);
    assert!(d.message.contains("slice indices must be integers"), "{}", d.render());
}

/// Calls of an oxjit ufunc (`GlobalValue::UFunc`): loop selection, instances, result types.
#[test]
fn ufunc_calls_pick_a_loop_and_type_an_instance() {
    use crate::host::UFuncDef;
    use crate::mir::{CallTarget, Res, StmtKind};
    use crate::types::parse_signature;
    let src = "def kern(a, b):\n    return a * b\ndef sqk(x):\n    return x * x\ndef f(x, y):\n    return uf(x, y)\ndef g(x):\n    return lazy(x)\n";
    let mut host = MemoryHost::new(src);
    let loops = ["int64(int64, int64)", "float64(float64, float64)"].iter().map(|s| parse_signature(s).unwrap()).collect();
    host.globals.insert("uf".into(), GlobalValue::UFunc(UFuncDef { name: "uf".into(), kernel: host.id("kern"), loops }));
    host.globals.insert("lazy".into(), GlobalValue::UFunc(UFuncDef { name: "lazy".into(), kernel: host.id("sqk"), loops: vec![] }));
    let run = |root: &str, args: &[Ty]| build(&host, host.id(root), args, &Options::default());
    let target = |p: &Program| {
        p.instances[0].typed.body.blocks.iter().flat_map(|b| &b.stmts).find_map(|s| match &s.kind {
            StmtKind::Assign { res: Res::Call(t), .. } => Some(t.clone()),
            _ => None,
        })
    };
    // Scalars: int32 and int8 cast safely to the first loop (int64); int with float takes the
    // float64 loop (Numba's mixed-input rule); the kernel instance has the loop's types.
    let p = run("f", &[Ty::Scalar(Scalar::I32), Ty::Scalar(Scalar::I8)]).unwrap();
    assert_eq!(p.instances[0].typed.ret, Ty::I64);
    assert!(matches!(target(&p), Some(CallTarget::Dispatcher { params, .. }) if params == vec![Ty::I64, Ty::I64]));
    assert_eq!(ret_of_host(&run("f", &[Ty::I64, Ty::F64])), Ty::F64);
    assert_eq!(ret_of_host(&run("f", &[Ty::Scalar(Scalar::F32), Ty::Scalar(Scalar::F32)])), Ty::F64);
    // Arrays: a new array of the loop's output dtype, the largest ndim, F only when all are F.
    let f2 = Ty::array(Scalar::F32, 2, Layout::F);
    assert_eq!(ret_of_host(&run("f", &[f2.clone(), f2.clone()])), Ty::array(Scalar::F64, 2, Layout::F));
    let p = run("f", &[Ty::array(Scalar::I16, 1, Layout::A), Ty::array(Scalar::F32, 2, Layout::F)]).unwrap();
    assert_eq!(p.instances[0].typed.ret, Ty::array(Scalar::F64, 2, Layout::C));
    assert!(matches!(target(&p), Some(CallTarget::UFunc { out: false, loop_in, .. }) if loop_in == vec![Ty::F64, Ty::F64]));
    // No loop for complex numbers: an error at the call.
    let d = run("f", &[Ty::C128, Ty::F64]).unwrap_err();
    assert!(d.message.contains("has no loop"), "{}", d.render());
    assert!(d.render().contains("return uf(x, y)"), "{}", d.render());
    // A lazy ufunc types its kernel for the element types.
    assert_eq!(ret_of_host(&run("g", &[Ty::Scalar(Scalar::F32)])), Ty::Scalar(Scalar::F32));
    assert_eq!(ret_of_host(&run("g", &[Ty::array(Scalar::I8, 1, Layout::C)])), Ty::array(Scalar::I64, 1, Layout::C));
    assert_eq!(ret_of_host(&run("g", &[Ty::array(Scalar::U8, 0, Layout::C)])), Ty::Scalar(Scalar::U64), "uint8 * uint8 is uint64; a 0-d array gives a scalar");
}

fn ret_of_host(p: &Result<Program, Diagnostic>) -> Ty {
    match p {
        Ok(p) => p.instances[0].typed.ret.clone(),
        Err(d) => panic!("{}", d.render()),
    }
}

#[test]
fn dicts_type_by_first_assignment_like_numba() {
    let d = |k: Ty, v: Ty| Ty::dict(Some(k), Some(v));
    // Through a branch: the else branch's item assignment types `d` for the whole function.
    let src = "def f(a):\n    d = {}\n    for x in a:\n        if x in d:\n            d[x] += 1\n        else:\n            d[x] = 1\n    return d\n";
    assert_eq!(ret_of(src, "f", &[Ty::array(Scalar::I64, 1, Layout::C)]), d(Ty::I64, Ty::I64));
    // Literals unify their keys and their values; `get` with a default gives the value type,
    // without one an optional value.
    let src = "def g(k):\n    d = {1: 2, 3: 4.5}\n    return d.get(k, 0), d.get(k)\n";
    assert_eq!(ret_of(src, "g", &[Ty::I64]), Ty::tuple(vec![Ty::F64, Ty::Optional(std::sync::Arc::new(Ty::F64))]));
    // Views and iteration.
    let src = "def h():\n    d = {(1, 2): 0.5}\n    s = 0.0\n    for k, v in d.items():\n        s += k[0] * v\n    return s, d.keys()\n";
    let view = Ty::DictView(std::sync::Arc::new(crate::types::DictViewTy {
        dict: crate::types::DictTy { key: Some(Ty::tuple(vec![Ty::I64, Ty::I64])), value: Some(Ty::F64) },
        kind: crate::types::DictViewKind::Keys,
        iter: false,
    }));
    assert_eq!(ret_of(src, "h", &[]), Ty::tuple(vec![Ty::F64, view]));
}

#[test]
fn dict_errors_point_at_their_source() {
    // Never assigned an item.
    let e = err_of("def f():\n    d = {}\n    return len(d)\n", "f", &[]);
    assert_eq!(e.code, "E0305");
    assert!(e.message.contains("empty dict `d`"), "{}", e.message);
    // A float key into int keys (Numba's unsafe cast).
    let e = err_of("def f(k):\n    d = {1: 2}\n    return d[k]\n", "f", &[Ty::F64]);
    assert_eq!(e.code, "E0311");
    // A dict's value type is not widened by a later item.
    let e = err_of("def f():\n    d = {}\n    d[1] = 1\n    d[2] = 2.5\n    return d\n", "f", &[]);
    assert_eq!(e.code, "E0311");
    // Python lists are not dict values.
    let e = err_of("def f():\n    d = {}\n    d[1] = [1]\n    return d\n", "f", &[]);
    assert_eq!(e.code, "E0314");
}
