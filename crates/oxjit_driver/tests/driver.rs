//! The whole compiler through `Driver::compile`, on Python source held in memory, calling the
//! JIT-compiled entry wrappers directly with hand-made argument buffers.

use oxjit_driver::{Compiled, Driver, ErrSlot};
use oxjit_frontend::host::{FuncSource, GlobalValue, Host};
use oxjit_frontend::types::ModuleKind;
use oxjit_frontend::{DiagKind, FuncId, Layout, Options, Scalar, Ty};
use oxjit_runtime::{ExcKind, STATUS_ERROR, STATUS_OK};

/// Functions by name from one source text; they see each other as jitted dispatchers.
struct SourceHost {
    funcs: Vec<(String, String)>,
}

impl SourceHost {
    fn new(src: &str) -> SourceHost {
        let mut funcs: Vec<(String, String)> = Vec::new();
        for line in src.lines() {
            if let Some(rest) = line.strip_prefix("def ") {
                funcs.push((rest.split('(').next().unwrap().trim().to_string(), String::new()));
            }
            if let Some((_, text)) = funcs.last_mut() {
                text.push_str(line);
                text.push('\n');
            }
        }
        SourceHost { funcs }
    }
    fn id(&self, name: &str) -> FuncId {
        self.funcs.iter().position(|(n, _)| n == name).unwrap() as FuncId
    }
}

impl Host for SourceHost {
    fn source(&self, func: FuncId) -> Result<FuncSource, String> {
        let (name, source) = self.funcs.get(func as usize).ok_or("no such function")?;
        Ok(FuncSource { name: name.clone(), filename: "kernels.py".into(), source: source.clone(), first_line: 1, defaults: vec![], kwdefaults: vec![] })
    }
    fn global(&self, _func: FuncId, name: &str) -> GlobalValue {
        if let Some(i) = self.funcs.iter().position(|(n, _)| n == name) {
            return GlobalValue::Dispatcher(i as FuncId);
        }
        match name {
            "math" => GlobalValue::Module(ModuleKind::Math),
            "range" | "len" | "abs" | "min" | "max" | "int" | "float" => GlobalValue::Function(format!("builtins.{name}")),
            "ValueError" | "ZeroDivisionError" | "IndexError" => GlobalValue::ExceptionClass(name.into()),
            _ => GlobalValue::Missing,
        }
    }
}

const SRC: &str = "\
def axpy(a, x, y):
    return a * x + y

def total(xs):
    s = 0.0
    for i in range(xs.shape[0]):
        s += xs[i]
    return s

def ident(v):
    return v

def checked(n):
    if n < 0:
        raise ValueError(\"n must not be negative\")
    return n * 2

def wave(x):
    return math.exp(x) + math.atan2(x, 2.0)

def outer(x):
    return axpy(2.0, x, 1.0) + axpy(3.0, x, 0.5)
";

/// One 8-byte argument slot per scalar.
fn slot_f64(v: f64) -> [u8; 8] {
    v.to_ne_bytes()
}
fn slot_i64(v: i64) -> [u8; 8] {
    v.to_ne_bytes()
}

/// Calls an entry wrapper; returns the status, the 16-byte result slot and the error slot.
fn call(c: &Compiled, args: &[u8]) -> (i32, [u8; 16], ErrSlot) {
    let mut ret = [0u8; 16];
    let mut err = ErrSlot::default();
    // SAFETY: `args` holds one slot per parameter in `slot_offsets` order (checked by the
    // callers' construction), `ret` is large enough for every scalar result, and the driver
    // that compiled `c` is still alive in every test.
    let status = unsafe { (c.entry)(args.as_ptr(), ret.as_mut_ptr(), &mut err) };
    (status, ret, err)
}

fn ret_f64(r: [u8; 16]) -> f64 {
    f64::from_ne_bytes(r[..8].try_into().unwrap())
}
fn ret_i64(r: [u8; 16]) -> i64 {
    i64::from_ne_bytes(r[..8].try_into().unwrap())
}

fn compile(driver: &mut Driver, host: &SourceHost, name: &str, args: &[Ty]) -> Compiled {
    match driver.compile(host, host.id(name), args, None, &Options::default()) {
        Ok(c) => c,
        Err(d) => panic!("compile of {name} failed: {d:?}"),
    }
}

#[test]
fn scalar_function_end_to_end() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    let c = compile(&mut driver, &host, "axpy", &[Ty::F64, Ty::F64, Ty::F64]);
    assert_eq!(c.ret, Ty::F64);
    assert_eq!(c.params, vec![Ty::F64; 3]);
    let args = [slot_f64(2.0), slot_f64(3.5), slot_f64(-1.0)].concat();
    let (st, r, _) = call(&c, &args);
    assert_eq!(st, STATUS_OK);
    assert_eq!(ret_f64(r), 2.0 * 3.5 - 1.0);

    assert!(c.typed_dump.starts_with("# axpy: float64(float64, float64, float64)\n"), "{}", c.typed_dump);
    assert!(c.typed_dump.contains("fn axpy("), "{}", c.typed_dump);
    assert!(c.llvm_ir.contains(&format!("@\"{}\"", c.symbol)) || c.llvm_ir.contains(&format!("@{}", c.symbol)), "{}", c.llvm_ir);
    let asm = c.asm().unwrap();
    assert!(asm.contains(&format!("{}:", c.symbol)) || asm.contains(&format!("\"{}\":", c.symbol)), "{asm}");
    assert_eq!(driver.last_stage_times().iter().map(|(n, _)| *n).collect::<Vec<_>>(), ["frontend", "emit", "optimise", "ir-text", "object", "jit-link"]);
}

#[test]
fn array_argument_sum() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    let arr = Ty::array(Scalar::F64, 1, Layout::C);
    let c = compile(&mut driver, &host, "total", std::slice::from_ref(&arr));
    assert_eq!(c.ret, Ty::F64);
    let xs: Vec<f64> = (0..37).map(|i| i as f64 * 0.25 - 2.0).collect();
    // {meminfo, parent, nitems, itemsize, data, shape[1], strides[1]}
    let mut args = Vec::new();
    for word in [0u64, 0, xs.len() as u64, 8, xs.as_ptr() as u64, xs.len() as u64, 8] {
        args.extend_from_slice(&word.to_ne_bytes());
    }
    assert_eq!(args.len(), arr.slot_size());
    let (st, r, _) = call(&c, &args);
    assert_eq!(st, STATUS_OK);
    assert_eq!(ret_f64(r), xs.iter().sum::<f64>());
}

#[test]
fn many_compiles_share_one_jit_without_symbol_clashes() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    // The same function for two type keys, and the same key twice: the frontend gives all of
    // them the same symbol names; the driver must keep the JIT's names apart.
    let ci = compile(&mut driver, &host, "ident", &[Ty::I64]);
    let cf = compile(&mut driver, &host, "ident", &[Ty::F64]);
    let ci2 = compile(&mut driver, &host, "ident", &[Ty::I64]);
    let mut symbols = vec![ci.symbol.clone(), cf.symbol.clone(), ci2.symbol.clone()];
    symbols.dedup();
    assert_eq!(symbols.len(), 3, "{symbols:?}");
    assert_eq!(ret_i64(call(&ci, &slot_i64(-42)).1), -42);
    assert_eq!(ret_f64(call(&cf, &slot_f64(0.125)).1), 0.125);
    assert_eq!(ret_i64(call(&ci2, &slot_i64(7)).1), 7);
    // Callees are internal to their module: `outer` inlines two `axpy` instances and its
    // object defines no second public `axpy`, so compiling `axpy` alone afterwards works.
    let co = compile(&mut driver, &host, "outer", &[Ty::F64]);
    let ca = compile(&mut driver, &host, "axpy", &[Ty::F64, Ty::F64, Ty::F64]);
    assert_eq!(ret_f64(call(&co, &slot_f64(2.0)).1), (2.0 * 2.0 + 1.0) + (3.0 * 2.0 + 0.5));
    assert_eq!(ret_f64(call(&ca, &[slot_f64(1.0), slot_f64(2.0), slot_f64(3.0)].concat()).1), 5.0);
}

#[test]
fn raise_reports_through_the_error_slot() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    let c = compile(&mut driver, &host, "checked", &[Ty::I64]);
    let (st, r, _) = call(&c, &slot_i64(21));
    assert_eq!((st, ret_i64(r)), (STATUS_OK, 42));
    let (st, _, err) = call(&c, &slot_i64(-1));
    assert_eq!(st, STATUS_ERROR);
    assert_eq!(err.take(), (ExcKind::ValueError, Some("n must not be negative".to_string())));
}

#[test]
fn libm_calls_resolve() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    let c = compile(&mut driver, &host, "wave", &[Ty::F64]);
    for x in [-1.5, 0.0, 0.75, 3.0] {
        let (st, r, _) = call(&c, &slot_f64(x));
        assert_eq!(st, STATUS_OK);
        assert_eq!(ret_f64(r), x.exp() + x.atan2(2.0), "x = {x}");
    }
}

#[test]
fn declared_return_type_is_checked() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    let f = host.id("axpy");
    let args = [Ty::F64, Ty::F64, Ty::F64];
    // A tuple where a float is returned: a typing error pointing at the function.
    let want = Ty::tuple(vec![Ty::F64, Ty::F64]);
    let d = driver.compile(&host, f, &args, Some(&want), &Options::default()).unwrap_err();
    assert_eq!((d.kind, d.code), (DiagKind::Typing, "E0310"));
    assert!(d.message.contains("float64") && d.message.contains("UniTuple(float64 x 2)"), "{}", d.message);
    assert!(d.primary.is_some());
    // Numbers of another type are converted to the declared type, as Numba does.
    let c = driver.compile(&host, f, &args, Some(&Ty::I64), &Options::default()).unwrap();
    assert_eq!(c.ret, Ty::I64);
    let (_, out, _) = call(&c, &[slot_f64(1.5), slot_f64(1.0), slot_f64(1.25)].concat());
    assert_eq!(ret_i64(out), 2, "2.75 truncates to 2");
    // The matching type, of course, too.
    let c = driver.compile(&host, f, &args, Some(&Ty::F64), &Options::default()).unwrap();
    assert_eq!(ret_f64(call(&c, &[slot_f64(1.0), slot_f64(1.0), slot_f64(1.0)].concat()).1), 2.0);
}

#[test]
fn every_opt_level_gives_the_same_answer() {
    let host = SourceHost::new(SRC);
    let mut driver = Driver::new().unwrap();
    let xs: Vec<f64> = (0..19).map(|i| (i as f64).sqrt()).collect();
    let mut args = Vec::new();
    for word in [0u64, 0, xs.len() as u64, 8, xs.as_ptr() as u64, xs.len() as u64, 8] {
        args.extend_from_slice(&word.to_ne_bytes());
    }
    for level in 0..=3u8 {
        let opts = Options { opt_level: level, ..Options::default() };
        let c = driver.compile(&host, host.id("total"), &[Ty::array(Scalar::F64, 1, Layout::C)], None, &opts).unwrap();
        assert_eq!(ret_f64(call(&c, &args).1), xs.iter().sum::<f64>(), "O{level}");
        assert!(c.asm().unwrap().contains(&c.symbol), "O{level}");
    }
}

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}
extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
}
/// This thread's CPU time in ms: other jobs share these cores, so wall time is noisy.
fn thread_cpu_ms() -> f64 {
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec ({i64, i64} on 64-bit Linux).
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.sec as f64 * 1e3 + t.nsec as f64 / 1e6
}

/// Per-stage compile times of a small kernel (`cargo test -p oxjit_driver -- --nocapture`).
#[test]
fn stage_timings() {
    let host = SourceHost::new(SRC);
    let t0 = std::time::Instant::now();
    let mut driver = Driver::new().unwrap();
    let new_ms = t0.elapsed().as_secs_f64() * 1e3;
    let arr = Ty::array(Scalar::F64, 1, Layout::C);
    let mut runs: Vec<Vec<(&'static str, f64)>> = Vec::new();
    let mut asm_ms = Vec::new();
    let mut cpu_ms = Vec::new();
    for _ in 0..15 {
        let t = thread_cpu_ms();
        let c = compile(&mut driver, &host, "total", std::slice::from_ref(&arr));
        cpu_ms.push(thread_cpu_ms() - t);
        runs.push(driver.last_stage_times().to_vec());
        let t = std::time::Instant::now();
        assert!(!c.asm().unwrap().is_empty());
        asm_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    eprintln!("Driver::new {new_ms:.2} ms; `total(array(float64, 1d, C))` x{}: first | median (ms)", runs.len());
    for (i, (name, _)) in runs[0].iter().enumerate() {
        eprintln!("  {name:>9}: {:7.3} | {:7.3}", runs[0][i].1, median(runs.iter().map(|r| r[i].1).collect()));
    }
    let totals: Vec<f64> = runs.iter().map(|r| r.iter().map(|(_, t)| t).sum()).collect();
    eprintln!("  {:>9}: {:7.3} | {:7.3}", "total", totals[0], median(totals.clone()));
    eprintln!("  {:>9}: {:7.3} | {:7.3}   (thread CPU of the whole compile)", "cpu", cpu_ms[0], median(cpu_ms.clone()));
    eprintln!("  {:>9}: {:7.3} | {:7.3}   (on demand, not part of a compile)", "asm()", asm_ms[0], median(asm_ms.clone()));
}
