//! The object-code JIT path end to end, on modules built by hand with inkwell:
//! HostTarget (O3, object, asm) → JitSession (add object, lookup) → call.

use std::time::Instant;

use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::values::FunctionValue;
use inkwell::IntPredicate;
use oxjit_codegen::jit::JitSession;
use oxjit_codegen::target::HostTarget;

/// `double NAME(const double *p, i64 n)`: the sum of `p[0..n]`, as a counted loop.
fn build_sum<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str) -> FunctionValue<'ctx> {
    let f64t = ctx.f64_type();
    let i64t = ctx.i64_type();
    let ptr = ctx.ptr_type(Default::default());
    let f = module.add_function(name, f64t.fn_type(&[ptr.into(), i64t.into()], false), None);
    let b = ctx.create_builder();
    let entry = ctx.append_basic_block(f, "entry");
    let head = ctx.append_basic_block(f, "head");
    let body = ctx.append_basic_block(f, "body");
    let exit = ctx.append_basic_block(f, "exit");
    let p = f.get_nth_param(0).unwrap().into_pointer_value();
    let n = f.get_nth_param(1).unwrap().into_int_value();
    b.position_at_end(entry);
    b.build_unconditional_branch(head).unwrap();
    b.position_at_end(head);
    let i = b.build_phi(i64t, "i").unwrap();
    let s = b.build_phi(f64t, "s").unwrap();
    let more = b.build_int_compare(IntPredicate::SLT, i.as_basic_value().into_int_value(), n, "more").unwrap();
    b.build_conditional_branch(more, body, exit).unwrap();
    b.position_at_end(body);
    let iv = i.as_basic_value().into_int_value();
    // SAFETY: in-bounds by the loop condition for callers that pass a buffer of n doubles.
    let at = unsafe { b.build_in_bounds_gep(f64t, p, &[iv], "at").unwrap() };
    let x = b.build_load(f64t, at, "x").unwrap().into_float_value();
    let s2 = b.build_float_add(s.as_basic_value().into_float_value(), x, "s2").unwrap();
    let i2 = b.build_int_add(iv, i64t.const_int(1, false), "i2").unwrap();
    b.build_unconditional_branch(head).unwrap();
    i.add_incoming(&[(&i64t.const_zero(), entry), (&i2, body)]);
    s.add_incoming(&[(&f64t.const_zero(), entry), (&s2, body)]);
    b.position_at_end(exit);
    b.build_return(Some(&s.as_basic_value())).unwrap();
    f
}

/// `void NAME(double *out, const double *a, i64 n)`: `out[i] = a[i] * k` for `i < n`: a loop
/// that O3 vectorises under strict IEEE (no reduction), behind a run-time alias check.
fn build_scale<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, k: f64) {
    let f64t = ctx.f64_type();
    let i64t = ctx.i64_type();
    let ptr = ctx.ptr_type(Default::default());
    let f = module.add_function(name, ctx.void_type().fn_type(&[ptr.into(), ptr.into(), i64t.into()], false), None);
    let b = ctx.create_builder();
    let entry = ctx.append_basic_block(f, "entry");
    let head = ctx.append_basic_block(f, "head");
    let body = ctx.append_basic_block(f, "body");
    let exit = ctx.append_basic_block(f, "exit");
    let out = f.get_nth_param(0).unwrap().into_pointer_value();
    let a = f.get_nth_param(1).unwrap().into_pointer_value();
    let n = f.get_nth_param(2).unwrap().into_int_value();
    b.position_at_end(entry);
    b.build_unconditional_branch(head).unwrap();
    b.position_at_end(head);
    let i = b.build_phi(i64t, "i").unwrap();
    let iv = i.as_basic_value().into_int_value();
    let more = b.build_int_compare(IntPredicate::SLT, iv, n, "more").unwrap();
    b.build_conditional_branch(more, body, exit).unwrap();
    b.position_at_end(body);
    // SAFETY (of the generated code): in bounds for callers passing n-element buffers.
    let src = unsafe { b.build_in_bounds_gep(f64t, a, &[iv], "src").unwrap() };
    // SAFETY: as above.
    let dst = unsafe { b.build_in_bounds_gep(f64t, out, &[iv], "dst").unwrap() };
    let x = b.build_load(f64t, src, "x").unwrap().into_float_value();
    let y = b.build_float_mul(x, f64t.const_float(k), "y").unwrap();
    b.build_store(dst, y).unwrap();
    let i2 = b.build_int_add(iv, i64t.const_int(1, false), "i2").unwrap();
    b.build_unconditional_branch(head).unwrap();
    i.add_incoming(&[(&i64t.const_zero(), entry), (&i2, body)]);
    b.position_at_end(exit);
    b.build_return(None).unwrap();
}

/// `double NAME(double x, double y)`: `exp(x) + atan2(x, y)` through libm.
fn build_libm<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str) {
    let f64t = ctx.f64_type();
    let exp = module.add_function("exp", f64t.fn_type(&[f64t.into()], false), Some(Linkage::External));
    let atan2 = module.add_function("atan2", f64t.fn_type(&[f64t.into(), f64t.into()], false), Some(Linkage::External));
    let f = module.add_function(name, f64t.fn_type(&[f64t.into(), f64t.into()], false), None);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let x = f.get_nth_param(0).unwrap().into_float_value();
    let y = f.get_nth_param(1).unwrap().into_float_value();
    let e = b.build_call(exp, &[x.into()], "e").unwrap().try_as_basic_value().basic().unwrap().into_float_value();
    let a = b.build_call(atan2, &[x.into(), y.into()], "a").unwrap().try_as_basic_value().basic().unwrap().into_float_value();
    let r = b.build_float_add(e, a, "r").unwrap();
    b.build_return(Some(&r)).unwrap();
}

/// `i64 NAME(i64 x)`: `callee(x) + 1`, where `callee` is an external symbol.
fn build_caller<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, name: &str, callee: &str) {
    let i64t = ctx.i64_type();
    let h = module.add_function(callee, i64t.fn_type(&[i64t.into()], false), Some(Linkage::External));
    let f = module.add_function(name, i64t.fn_type(&[i64t.into()], false), None);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let x = f.get_nth_param(0).unwrap().into_int_value();
    let r = b.build_call(h, &[x.into()], "r").unwrap().try_as_basic_value().basic().unwrap().into_int_value();
    let r1 = b.build_int_add(r, i64t.const_int(1, false), "r1").unwrap();
    b.build_return(Some(&r1)).unwrap();
}

/// A test-only runtime helper, reached from JIT code through an absolute symbol.
extern "C" fn oxjit_test_triple_plus(x: i64) -> i64 {
    x * 3 + 7
}

/// O3, object code, into the session.
fn compile_into(target: &HostTarget, jit: &mut JitSession, module: &Module) {
    target.prepare(module);
    module.verify().unwrap();
    target.optimize(module, 3).unwrap();
    let obj = target.emit_object(module).unwrap();
    assert!(obj.get_size() > 0);
    jit.add_object(obj).unwrap();
}

#[test]
fn sums_a_double_buffer_at_o3() {
    let target = HostTarget::new(3).unwrap();
    let mut jit = JitSession::new().unwrap();
    let ctx = Context::create();
    let module = ctx.create_module("sum");
    build_sum(&ctx, &module, "t_sum");
    compile_into(&target, &mut jit, &module);
    let addr = jit.lookup("t_sum").unwrap();
    // SAFETY: `t_sum` was built above with exactly this signature; the session outlives the calls.
    let f: extern "C" fn(*const f64, i64) -> f64 = unsafe { std::mem::transmute(addr) };
    let xs: Vec<f64> = (0..1003).map(|i| i as f64 * 0.5 - 3.0).collect();
    let want: f64 = xs.iter().sum();
    // Strict IEEE: no reassociation, so the (unrolled) sum is still a left fold, bit-identical
    // to Rust's.
    assert_eq!(f(xs.as_ptr(), xs.len() as i64), want);
    assert_eq!(f(xs.as_ptr(), 0), 0.0);
    assert_eq!(f(xs.as_ptr(), 1), -3.0);
}

#[test]
fn calls_libm_through_the_process_symbols() {
    let target = HostTarget::new(3).unwrap();
    let mut jit = JitSession::new().unwrap();
    let ctx = Context::create();
    let module = ctx.create_module("libm");
    build_libm(&ctx, &module, "t_libm");
    compile_into(&target, &mut jit, &module);
    // SAFETY: built above as double(double, double).
    let f: extern "C" fn(f64, f64) -> f64 = unsafe { std::mem::transmute(jit.lookup("t_libm").unwrap()) };
    for (x, y) in [(0.5, 2.0), (-1.25, -0.5), (3.0, 0.0)] {
        assert_eq!(f(x, y), x.exp() + x.atan2(y), "x={x} y={y}");
    }
}

#[test]
fn resolves_compiler_builtins_for_powi() {
    // `llvm.powi` with a run-time exponent is lowered to a call to `__powidf2` (libgcc /
    // compiler-rt), a symbol the JIT must find as well.
    let target = HostTarget::new(3).unwrap();
    let mut jit = JitSession::new().unwrap();
    let ctx = Context::create();
    let module = ctx.create_module("powi");
    let f64t = ctx.f64_type();
    let i32t = ctx.i32_type();
    let powi = inkwell::intrinsics::Intrinsic::find("llvm.powi").unwrap().get_declaration(&module, &[f64t.into(), i32t.into()]).unwrap();
    let f = module.add_function("t_powi", f64t.fn_type(&[f64t.into(), i32t.into()], false), None);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let args = [f.get_nth_param(0).unwrap().into(), f.get_nth_param(1).unwrap().into()];
    let r = b.build_call(powi, &args, "r").unwrap().try_as_basic_value().basic().unwrap();
    b.build_return(Some(&r)).unwrap();
    compile_into(&target, &mut jit, &module);
    assert!(target.asm_from_ir(&module.print_to_string().to_string()).unwrap().contains("__powidf2"));
    // SAFETY: built above as double(double, i32).
    let p: extern "C" fn(f64, i32) -> f64 = unsafe { std::mem::transmute(jit.lookup("t_powi").unwrap()) };
    assert_eq!(p(2.0, 10), 1024.0);
    assert_eq!(p(2.0, -2), 0.25);
    assert_eq!(p(-3.0, 3), -27.0);
}

#[test]
fn calls_a_rust_helper_registered_as_an_absolute_symbol() {
    let target = HostTarget::new(3).unwrap();
    let mut jit = JitSession::new().unwrap();
    jit.define_symbols(&[("oxjit_test_triple_plus", oxjit_test_triple_plus as *const () as usize)]).unwrap();
    let ctx = Context::create();
    let module = ctx.create_module("helper");
    build_caller(&ctx, &module, "t_call_helper", "oxjit_test_triple_plus");
    compile_into(&target, &mut jit, &module);
    // SAFETY: built above as i64(i64).
    let f: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(jit.lookup("t_call_helper").unwrap()) };
    assert_eq!(f(5), 5 * 3 + 7 + 1);
    assert_eq!(f(-4), -4 * 3 + 7 + 1);
    // Defining the same name twice is an error, not a crash.
    let err = jit.define_symbols(&[("oxjit_test_triple_plus", oxjit_test_triple_plus as *const () as usize)]).unwrap_err();
    assert!(err.contains("oxjit_test_triple_plus"), "{err}");
}

#[test]
fn two_modules_in_one_session() {
    let target = HostTarget::new(3).unwrap();
    let mut jit = JitSession::new().unwrap();
    let ctx_a = Context::create();
    let a = ctx_a.create_module("a");
    build_sum(&ctx_a, &a, "t_two_sum");
    compile_into(&target, &mut jit, &a);
    let ctx_b = Context::create();
    let b = ctx_b.create_module("b");
    build_libm(&ctx_b, &b, "t_two_libm");
    compile_into(&target, &mut jit, &b);
    // SAFETY: signatures as built above.
    let sum: extern "C" fn(*const f64, i64) -> f64 = unsafe { std::mem::transmute(jit.lookup("t_two_sum").unwrap()) };
    // SAFETY: as above.
    let lm: extern "C" fn(f64, f64) -> f64 = unsafe { std::mem::transmute(jit.lookup("t_two_libm").unwrap()) };
    assert_eq!(sum([1.0, 2.0, 4.0].as_ptr(), 3), 7.0);
    assert_eq!(lm(1.0, 1.0), 1f64.exp() + 1f64.atan2(1.0));
    // A third module may call into the first one by its symbol.
    let ctx_c = Context::create();
    let c = ctx_c.create_module("c");
    build_caller(&ctx_c, &c, "t_two_caller", "t_missing_helper");
    compile_into(&target, &mut jit, &c);
    let err = jit.lookup("t_two_caller").unwrap_err();
    assert!(err.contains("t_missing_helper"), "unresolved symbol should be named: {err}");
    // The earlier modules still work after a failed link.
    assert_eq!(sum([1.0, 2.0].as_ptr(), 2), 3.0);
}

#[test]
fn duplicate_definitions_and_unknown_names_are_errors() {
    let target = HostTarget::new(3).unwrap();
    let mut jit = JitSession::new().unwrap();
    for round in 0..2 {
        let ctx = Context::create();
        let m = ctx.create_module("dup");
        build_sum(&ctx, &m, "t_dup_sum");
        target.prepare(&m);
        target.optimize(&m, 3).unwrap();
        let res = jit.add_object(target.emit_object(&m).unwrap());
        if round == 0 {
            res.unwrap();
        } else {
            let err = res.unwrap_err();
            assert!(err.contains("t_dup_sum"), "{err}");
        }
    }
    // The first definition is intact.
    // SAFETY: signature as built.
    let sum: extern "C" fn(*const f64, i64) -> f64 = unsafe { std::mem::transmute(jit.lookup("t_dup_sum").unwrap()) };
    assert_eq!(sum([2.5].as_ptr(), 1), 2.5);
    let err = jit.lookup("no_such_symbol_here").unwrap_err();
    assert!(err.contains("no_such_symbol_here"), "{err}");
    assert!(jit.lookup("nul\0name").is_err());
}

#[test]
fn produces_ir_and_assembly_text() {
    let target = HostTarget::new(3).unwrap();
    let ctx = Context::create();
    let module = ctx.create_module("text");
    build_scale(&ctx, &module, "t_text_scale", 2.5);
    target.prepare(&module);
    target.optimize(&module, 3).unwrap();
    let ir = module.print_to_string().to_string();
    assert!(ir.contains("define") && ir.contains("@t_text_scale"), "{ir}");
    assert!(ir.contains(&format!("target triple = \"{}\"", target.triple())), "{ir}");
    // O3 vectorised the loop for the host's vector width.
    assert!(ir.contains("fmul <"), "loop was not vectorised:\n{ir}");
    let asm = target.emit_asm(&module).unwrap();
    assert!(asm.contains("t_text_scale:"), "{asm}");
    // On-demand assembly from the IR text gives the same code.
    let again = target.asm_from_ir(&ir).unwrap();
    assert!(again.contains("t_text_scale:"), "{again}");
    let code = |s: &str| s.lines().filter(|l| l.starts_with('\t') && !l.starts_with("\t.")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(code(&asm), code(&again));
    assert!(target.asm_from_ir("this is not IR").is_err());

    // And the vectorised code computes the right thing, for lengths around the vector width.
    let mut jit = JitSession::new().unwrap();
    jit.add_object(target.emit_object(&module).unwrap()).unwrap();
    // SAFETY: built above as void(double*, const double*, i64).
    let f: extern "C" fn(*mut f64, *const f64, i64) = unsafe { std::mem::transmute(jit.lookup("t_text_scale").unwrap()) };
    for n in [0usize, 1, 3, 4, 7, 8, 17, 100] {
        let a: Vec<f64> = (0..n).map(|i| i as f64 - 1.5).collect();
        let mut out = vec![0.0; n];
        f(out.as_mut_ptr(), a.as_ptr(), n as i64);
        assert_eq!(out, a.iter().map(|x| x * 2.5).collect::<Vec<_>>());
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
/// This thread's CPU time in ms (other jobs share these cores; wall time is noisy).
fn thread_cpu_ms() -> f64 {
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec ({i64, i64} on x86_64/aarch64 Linux).
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.sec as f64 * 1e3 + t.nsec as f64 / 1e6
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Per-stage compile times of a small kernel (run with `--nocapture` to see them).
#[test]
fn stage_timings() {
    let t0 = Instant::now();
    let target = HostTarget::new(3).unwrap();
    let tm_ms = t0.elapsed().as_secs_f64() * 1e3;
    let t0 = Instant::now();
    let mut jit = JitSession::new().unwrap();
    let session_ms = t0.elapsed().as_secs_f64() * 1e3;
    let stages = ["build", "verify", "optimise", "ir-text", "object", "jit-link", "asm(same module)", "asm(from IR)"];
    let mut wall: Vec<Vec<f64>> = vec![vec![]; stages.len()];
    let mut cpu: Vec<Vec<f64>> = vec![vec![]; stages.len()];
    let n = 21;
    for k in 0..n {
        let mut lap = (Instant::now(), thread_cpu_ms());
        let mut mark = |i: usize| {
            wall[i].push(lap.0.elapsed().as_secs_f64() * 1e3);
            cpu[i].push(thread_cpu_ms() - lap.1);
            lap = (Instant::now(), thread_cpu_ms());
        };
        let ctx = Context::create();
        let module = ctx.create_module("timed");
        let name = format!("t_timed_{k}");
        build_scale(&ctx, &module, &name, 3.0);
        target.prepare(&module);
        mark(0);
        module.verify().unwrap();
        mark(1);
        target.optimize(&module, 3).unwrap();
        mark(2);
        let ir = module.print_to_string().to_string();
        mark(3);
        let obj = target.emit_object(&module).unwrap();
        mark(4);
        jit.add_object(obj).unwrap();
        let addr = jit.lookup(&name).unwrap();
        mark(5);
        let asm = target.emit_asm(&module).unwrap();
        mark(6);
        let asm2 = target.asm_from_ir(&ir).unwrap();
        mark(7);
        assert!(addr != 0 && !asm.is_empty() && !asm2.is_empty());
    }
    eprintln!("host TargetMachine: {tm_ms:.2} ms (once per driver); JitSession::new: {session_ms:.2} ms (once)");
    eprintln!("vectorised scale loop, {n} compiles; first compile | median wall | median thread-CPU (ms):");
    let (mut first, mut total_wall, mut total_cpu) = (0.0, 0.0, 0.0);
    for (i, s) in stages.iter().enumerate() {
        let (w, c) = (median(wall[i].clone()), median(cpu[i].clone()));
        if i <= 5 {
            first += wall[i][0];
            total_wall += w;
            total_cpu += c;
        }
        eprintln!("  {s:>18}: {:7.3} | {w:7.3} | {c:7.3}", wall[i][0]);
    }
    eprintln!("  {:>18}: {first:7.3} | {total_wall:7.3} | {total_cpu:7.3}", "compile total");
}
