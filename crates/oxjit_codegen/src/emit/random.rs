//! `random.*` intrinsics: `np.random` inside compiled code, lowered onto the runtime's
//! generator (`oxjit_runtime::random`, one per thread, separate from NumPy's).
//!
//! The typing rules are in `oxjit_frontend::np_random`. A draw calls the runtime's scalar
//! function; a draw with a `size` allocates a C array and calls the runtime's fill, which
//! draws the same values in the same order (the array is filled in C order, as Numba's
//! `out.flat` loop does):
//!
//! ```text
//! np.random.normal(loc, scale)        call double @oxjit_rt_random_normal(double %loc, double %scale)
//! np.random.normal(loc, scale, n)     %out = <alloc_array float64[n]>
//!                                     call void @oxjit_rt_random_fill_normal(ptr %data, i64 %n, double %loc, double %scale)
//! np.random.randint(low, high)        %st = call ptr @oxjit_rt_random_state()   ; memory(none): one per function
//!                                     <MT19937 word from %st, masked rejection>  ; inline
//! ```
//!
//! Scalar `randint` (also the draws of `choice` and of element-wise `shuffle`) is drawn
//! inline, as Numba does: a call per draw cost 1.6–1.8× Numba in a loop of scalar draws.
//! Only the regeneration of the 624 words (`oxjit_rt_random_refill`) stays a (cold) call.
//!
//! Argument checks raise `ValueError` with Numba's messages, before anything is allocated
//! (so nothing leaks). Numba checks once per draw, so a `size` with no elements raises
//! nothing: the checks of an array draw also require every dimension to be positive.
//! Beyond Numba: `poisson(nan)` raises (Numba loops forever). `shuffle` swaps whole items
//! in the runtime when they are evenly strided blocks (1-d arrays, rows of C arrays) and
//! swaps rows element by element otherwise; both draw what Numba draws.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FloatValue, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::random::{STATE_INDEX_OFFSET, STATE_WORDS_OFFSET, STATE_WORD_COUNT};
use oxjit_runtime::{ExcKind, DATA_ALIGN, MEMINFO_DATA_OFFSET};

use super::reduce::Walk;
use super::types::ARR_DATA;
use super::{ice, EResult, FnCx};

/// Numba's message for `randint` (and `choice`) over an empty range.
const EMPTY_RANGE: &str = "empty range for randrange()";
const GAMMA_ARGS: &str = "gammavariate: alpha and beta must be > 0.0";

/// A runtime distribution: `oxjit_rt_random_<name>(params...)` and
/// `oxjit_rt_random_fill_<name>(out, n, params...)`.
#[derive(Clone, Copy)]
struct Dist {
    name: &'static str,
    /// `true` for an `int64` parameter, `false` for a `double`.
    int_params: &'static [bool],
    /// The draw is an `int64` (else a `double`).
    int_result: bool,
}

const fn dist(name: &'static str, int_params: &'static [bool], int_result: bool) -> Dist {
    Dist { name, int_params, int_result }
}

/// How an intrinsic's arguments become a runtime draw.
struct Op {
    dist: Dist,
    /// How many of the intrinsic's leading parameters are the distribution's (the rest give
    /// the shape).
    given: usize,
    /// The value of each given real parameter when it is typed `None` (omitted); `None` for
    /// a required one.
    defaults: &'static [Option<f64>],
    /// Constant real arguments appended after the given ones (`standard_gamma`'s scale).
    fixed: &'static [f64],
    /// The shape is the remaining arguments themselves (`rand(d0, d1, ...)`), not one `size`.
    dims: bool,
}

fn op_of(op: &str) -> Option<Op> {
    const SAMPLE: Dist = dist("sample", &[], false);
    const GAUSS: Dist = dist("gauss", &[], false);
    const EXPONENTIAL: Dist = dist("exponential", &[false], false);
    const GAMMA: Dist = dist("gamma", &[false, false], false);
    let o = |dist, given, defaults, fixed, dims| Op { dist, given, defaults, fixed, dims };
    Some(match op {
        "sample" => o(SAMPLE, 0, &[], &[], false),
        "rand" => o(SAMPLE, 0, &[], &[], true),
        "gauss" => o(GAUSS, 0, &[], &[], false),
        "randn" => o(GAUSS, 0, &[], &[], true),
        "uniform" => o(dist("uniform", &[false, false], false), 2, &[Some(0.0), Some(1.0)], &[], false),
        "normal" => o(dist("normal", &[false, false], false), 2, &[Some(0.0), Some(1.0)], &[], false),
        "randint" => o(dist("randint", &[true, true], true), 2, &[], &[], false),
        "exponential" => o(EXPONENTIAL, 1, &[Some(1.0)], &[], false),
        "standard_exponential" => o(EXPONENTIAL, 0, &[], &[1.0], false),
        "poisson" => o(dist("poisson", &[false], true), 1, &[Some(1.0)], &[], false),
        "binomial" => o(dist("binomial", &[true, false], true), 2, &[], &[], false),
        "gamma" => o(GAMMA, 2, &[None, Some(1.0)], &[], false),
        "standard_gamma" => o(GAMMA, 1, &[], &[1.0], false),
        "beta" => o(dist("beta", &[false, false], false), 2, &[], &[], false),
        "geometric" => o(dist("geometric", &[false], true), 1, &[], &[], false),
        _ => return None,
    })
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `random.<op>(...)`: the typing rules are in `oxjit_frontend::np_random`.
    pub fn random_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        if params.len() != args.len() {
            return ice(format!("random.{op} with {} arguments for {} parameters", args.len(), params.len()));
        }
        if let Some(o) = op_of(op) {
            return self.random_draw(op, &o, params, args, rty);
        }
        match op {
            "seed" => {
                let [seed] = args else { return ice("random.seed takes one argument") };
                let f = self.em.extern_void_fn("oxjit_rt_random_seed", &[self.ctx().i32_type().into()]);
                self.b.build_call(f, &[(*seed).into()], "")?;
                Ok(self.none())
            }
            "choice" => self.random_choice(params, args, rty),
            "shuffle" => {
                let ([Ty::Array(at)], [a]) = (params, args) else { return ice("random.shuffle takes one array") };
                self.shuffle_array(self.as_struct(*a)?, at)?;
                Ok(self.none())
            }
            "permutation" => self.random_permutation(params, args, rty),
            _ => ice(format!("intrinsic `random.{op}` has no lowering")),
        }
    }

    fn none(&self) -> BasicValueEnum<'ctx> {
        self.ctx().i8_type().const_zero().into()
    }

    fn f64c(&self, v: f64) -> FloatValue<'ctx> {
        self.ctx().f64_type().const_float(v)
    }

    /// The LLVM type of a runtime parameter or result.
    fn rt_ty(&self, int: bool) -> BasicTypeEnum<'ctx> {
        if int {
            self.ctx().i64_type().into()
        } else {
            self.ctx().f64_type().into()
        }
    }

    /// One scalar draw: `oxjit_rt_random_<dist>(vals...)`, or inline for `randint`.
    fn draw_one(&self, d: Dist, vals: &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>> {
        if let ("randint", [low, high]) = (d.name, vals) {
            return Ok(self.randint_inline(self.as_int(*low)?, self.as_int(*high)?)?.into());
        }
        let ptys: Vec<BasicTypeEnum<'ctx>> = d.int_params.iter().map(|i| self.rt_ty(*i)).collect();
        let f = self.em.extern_fn(&format!("oxjit_rt_random_{}", d.name), self.rt_ty(d.int_result), &ptys);
        self.call_value(f, vals, d.name)
    }

    /// This thread's generator (`oxjit_rt_random_state`). The declaration says the call reads
    /// and writes no memory (the pointer is the same for every call on a thread; seeding
    /// from entropy on first use is invisible to compiled code), so LLVM keeps one call per
    /// function and hoists it out of loops, as with Numba's `numba_get_np_random_state`.
    fn rng_state(&self) -> EResult<PointerValue<'ctx>> {
        const NAME: &str = "oxjit_rt_random_state";
        let ptr = self.ctx().ptr_type(AddressSpace::default());
        let fresh = self.em.module.get_function(NAME).is_none();
        let f = self.em.extern_fn(NAME, ptr.into(), &[]);
        if fresh {
            let attr = |name: &str, v: u64| self.ctx().create_enum_attribute(Attribute::get_named_enum_kind_id(name), v);
            // `memory(none)`: every location kind NoModRef, which encodes as 0.
            f.add_attribute(AttributeLoc::Function, attr("memory", 0));
            f.add_attribute(AttributeLoc::Function, attr("willreturn", 0));
            f.add_attribute(AttributeLoc::Return, attr("nonnull", 0));
        }
        self.as_ptr(self.call_value(f, &[], "rng")?)
    }

    /// MT19937's next tempered 32-bit word, drawn inline from the generator at `st`
    /// (`Mt19937::next_u32`): read the word at the read position, advance it, temper; when all
    /// 624 words are used, `oxjit_rt_random_refill` (cold) regenerates them first.
    fn next_u32_inline(&self, st: PointerValue<'ctx>) -> EResult<IntValue<'ctx>> {
        const _: () = assert!(std::mem::size_of::<usize>() == 8, "the read position is read as an i64");
        let ctx = self.ctx();
        let (i8t, i32t, i64t) = (ctx.i8_type(), ctx.i32_type(), ctx.i64_type());
        let b = &self.b;
        // SAFETY: i8 pointee, one constant i64 byte offset inside the `Mt19937` at `st`.
        let idx_p = unsafe { b.build_in_bounds_gep(i8t, st, &[self.i64c(STATE_INDEX_OFFSET as i64)], "mt.pos.p")? };
        // SAFETY: as above.
        let words = unsafe { b.build_in_bounds_gep(i8t, st, &[self.i64c(STATE_WORDS_OFFSET as i64)], "mt.words")? };
        let idx = b.build_load(i64t, idx_p, "mt.pos")?.into_int_value();
        let used_up = b.build_int_compare(IntPredicate::UGE, idx, self.i64c(STATE_WORD_COUNT as i64), "")?;
        let pre = self.current_block()?;
        let refill_bb = self.new_block("mt.refill");
        let have_bb = self.new_block("mt.word");
        self.cond_br_unlikely(used_up, refill_bb, have_bb)?;
        b.position_at_end(refill_bb);
        let ptr = ctx.ptr_type(AddressSpace::default());
        let fresh = self.em.module.get_function("oxjit_rt_random_refill").is_none();
        let refill = self.em.extern_void_fn("oxjit_rt_random_refill", &[ptr.into()]);
        if fresh {
            refill.add_attribute(AttributeLoc::Function, ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("cold"), 0));
        }
        b.build_call(refill, &[st.into()], "")?;
        b.build_unconditional_branch(have_bb)?;
        b.position_at_end(have_bb);
        let phi = b.build_phi(i64t, "mt.i")?;
        phi.add_incoming(&[(&idx, pre), (&self.i64c(0), refill_bb)]);
        let i = phi.as_basic_value().into_int_value();
        // SAFETY: i32 pointee, one index below 624 (the read position after a refill is 0, and
        // below 624 otherwise): a word of the generator's table.
        let wp = unsafe { b.build_in_bounds_gep(i32t, words, &[i], "")? };
        let mut y = b.build_load(i32t, wp, "mt.y")?.into_int_value();
        b.build_store(idx_p, b.build_int_add(i, self.i64c(1), "")?)?;
        let c = |v: u32| i32t.const_int(u64::from(v), false);
        let shr = |y, n| b.build_right_shift(y, c(n), false, "");
        y = b.build_xor(y, shr(y, 11)?, "")?;
        y = b.build_xor(y, b.build_and(b.build_left_shift(y, c(7), "")?, c(0x9d2c_5680), "")?, "")?;
        y = b.build_xor(y, b.build_and(b.build_left_shift(y, c(15), "")?, c(0xefc6_0000), "")?, "")?;
        Ok(b.build_xor(y, shr(y, 18)?, "mt.out")?)
    }

    /// `randint(low, high)` for `low < high`, inline: `low + bounded(high - low - 1)` with
    /// the runtime's masked rejection (`Mt19937::bounded`): no draw for a one-value range,
    /// one word per try below 2**32, two (high word first) above.
    fn randint_inline(&self, low: IntValue<'ctx>, high: IntValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let i64t = self.ctx().i64_type();
        let st = self.rng_state()?;
        let b = &self.b;
        let span = b.build_int_sub(b.build_int_sub(high, low, "")?, self.i64c(1), "span")?;
        let single = b.build_int_compare(IntPredicate::EQ, span, self.i64c(0), "")?;
        let entry = self.current_block()?;
        let draw_bb = self.new_block("randint.draw");
        let w32_bb = self.new_block("randint.w32");
        let w64_bb = self.new_block("randint.w64");
        let done = self.new_block("randint.done");
        b.build_conditional_branch(single, done, draw_bb)?;

        b.position_at_end(draw_bb);
        let ctlz = self.em.intrinsic("llvm.ctlz", &[i64t.into()])?;
        let lz = self.as_int(self.call_value(ctlz, &[span.into(), self.bool_c(true).into()], "")?)?;
        let mask = b.build_right_shift(self.i64c(-1), lz, false, "mask")?;
        let small = b.build_int_compare(IntPredicate::ULE, span, self.i64c(i64::from(u32::MAX)), "")?;
        b.build_conditional_branch(small, w32_bb, w64_bb)?;

        // One word per try.
        b.position_at_end(w32_bb);
        let w = self.next_u32_inline(st)?;
        let v32 = b.build_and(b.build_int_z_extend(w, i64t, "")?, mask, "")?;
        let ok = b.build_int_compare(IntPredicate::ULE, v32, span, "")?;
        let end32 = self.current_block()?;
        b.build_conditional_branch(ok, done, w32_bb)?;

        // Two words per try, the first one high.
        b.position_at_end(w64_bb);
        let hi = b.build_int_z_extend(self.next_u32_inline(st)?, i64t, "")?;
        let lo = b.build_int_z_extend(self.next_u32_inline(st)?, i64t, "")?;
        let both = b.build_or(b.build_left_shift(hi, self.i64c(32), "")?, lo, "")?;
        let v64 = b.build_and(both, mask, "")?;
        let ok = b.build_int_compare(IntPredicate::ULE, v64, span, "")?;
        let end64 = self.current_block()?;
        b.build_conditional_branch(ok, done, w64_bb)?;

        b.position_at_end(done);
        let phi = b.build_phi(i64t, "bounded")?;
        phi.add_incoming(&[(&self.i64c(0), entry), (&v32, end32), (&v64, end64)]);
        Ok(b.build_int_add(low, phi.as_basic_value().into_int_value(), "randint")?)
    }

    /// `randint(0, n)` for `n >= 1`.
    fn randint_below(&self, n: IntValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let d = dist("randint", &[true, true], true);
        self.as_int(self.draw_one(d, &[self.i64c(0).into(), n.into()])?)
    }

    /// A draw of `np.random.<op>`, scalar or into a new array.
    fn random_draw(&self, op: &str, o: &Op, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        // The distribution's arguments: the given ones, defaults for omitted ones (a trailing
        // omitted argument has no parameter; a middle one is typed `None`).
        let given = o.given.min(params.len());
        let omitted = |k: usize| k >= given || params[k] == Ty::None;
        let mut vals: Vec<BasicValueEnum<'ctx>> = Vec::with_capacity(o.dist.int_params.len());
        if op == "randint" {
            // randint(n) is randint(0, n).
            if omitted(0) {
                return ice("random.randint without bounds");
            }
            if omitted(1) {
                vals.extend([self.i64c(0).into(), args[0]]);
            } else {
                vals.extend([args[0], args[1]]);
            }
        } else {
            for k in 0..o.given {
                vals.push(match o.defaults.get(k) {
                    _ if !omitted(k) => args[k],
                    Some(Some(d)) => self.f64c(*d).into(),
                    _ => return ice(format!("random.{op}: argument {k} has no default")),
                });
            }
        }
        vals.extend(o.fixed.iter().map(|v| BasicValueEnum::from(self.f64c(*v))));
        if vals.len() != o.dist.int_params.len() {
            return ice(format!("random.{op} passes {} values to oxjit_rt_random_{}", vals.len(), o.dist.name));
        }
        let checks = self.draw_checks(o.dist, &vals)?;
        // The shape, if the result is an array.
        let (rest_t, rest_v) = (&params[given..], &args[given..]);
        let shape: Option<Vec<IntValue<'ctx>>> = if o.dims {
            if rest_v.is_empty() {
                None
            } else {
                Some(rest_v.iter().map(|v| self.as_int(*v)).collect::<EResult<_>>()?)
            }
        } else {
            match (rest_t, rest_v) {
                ([], []) | ([Ty::None], [_]) => None,
                ([t], [v]) => Some(self.size_dims(*v, t)?),
                _ => return ice(format!("random.{op} with a malformed size")),
            }
        };
        let native = if o.dist.int_result { Ty::I64 } else { Ty::F64 };
        let Some(shape) = shape else {
            for (fail, msg) in checks {
                self.raise_if(fail, ExcKind::ValueError, Some(msg))?;
            }
            let v = self.draw_one(o.dist, &vals)?;
            return self.convert(v, &native, rty);
        };
        let Ty::Array(aty) = rty else {
            return ice(format!("random.{op} with a size typed `{rty}`"));
        };
        // Numba checks once per draw: an array without elements raises nothing.
        let some = self.all_positive(&shape)?;
        for (fail, msg) in checks {
            let fail = self.b.build_and(fail, some, "")?;
            self.raise_if(fail, ExcKind::ValueError, Some(msg))?;
        }
        let out = self.alloc_array(aty, &shape, false)?;
        let data = self.arr_ptr(out, ARR_DATA)?;
        let nitems = self.arr_nitems(out)?;
        if Ty::Scalar(aty.dtype) == native {
            let ptr = self.ctx().ptr_type(AddressSpace::default());
            let mut ptys: Vec<BasicTypeEnum<'ctx>> = vec![ptr.into(), self.ctx().i64_type().into()];
            ptys.extend(o.dist.int_params.iter().map(|i| self.rt_ty(*i)));
            let f = self.em.extern_void_fn(&format!("oxjit_rt_random_fill_{}", o.dist.name), &ptys);
            let mut fargs: Vec<inkwell::values::BasicMetadataValueEnum<'ctx>> = vec![data.into(), nitems.into()];
            fargs.extend(vals.iter().map(|v| inkwell::values::BasicMetadataValueEnum::from(*v)));
            self.b.build_call(f, &fargs, "")?;
        } else {
            // randint into a narrower integer array (Numba's `int32` for int32 bounds).
            let dt = Ty::Scalar(aty.dtype);
            self.count_loop(nitems, &mut |this, k| {
                let v = this.draw_one(o.dist, &vals)?;
                let v = this.convert(v, &native, &dt)?;
                let p = this.data_elem(out, aty.dtype, k)?;
                this.store_elem(p, aty.dtype, v)
            })?;
        }
        Ok(out.into())
    }

    /// The argument checks of a draw, in Numba's order: `(fails, message)`.
    fn draw_checks(&self, d: Dist, vals: &[BasicValueEnum<'ctx>]) -> EResult<Vec<(IntValue<'ctx>, &'static str)>> {
        let b = &self.b;
        let flt = |k: usize| self.as_float(vals[k]);
        let int = |k: usize| self.as_int(vals[k]);
        let zero = self.f64c(0.0);
        Ok(match d.name {
            "randint" => vec![(b.build_int_compare(IntPredicate::SGE, int(0)?, int(1)?, "")?, EMPTY_RANGE)],
            "poisson" => vec![
                (b.build_float_compare(FloatPredicate::OLT, flt(0)?, zero, "")?, "poisson(): lambda < 0"),
                (b.build_float_compare(FloatPredicate::UNO, flt(0)?, flt(0)?, "")?, "poisson(): lambda is NaN"),
            ],
            "binomial" => {
                let p = flt(1)?;
                let lo = b.build_float_compare(FloatPredicate::OGE, p, zero, "")?;
                let hi = b.build_float_compare(FloatPredicate::OLE, p, self.f64c(1.0), "")?;
                vec![
                    (b.build_int_compare(IntPredicate::SLT, int(0)?, self.i64c(0), "")?, "binomial(): n <= 0"),
                    (b.build_not(b.build_and(lo, hi, "")?, "")?, "binomial(): p outside of [0, 1]"),
                ]
            }
            "gamma" | "beta" => {
                let a = b.build_float_compare(FloatPredicate::OLE, flt(0)?, zero, "")?;
                let c = b.build_float_compare(FloatPredicate::OLE, flt(1)?, zero, "")?;
                vec![(b.build_or(a, c, "")?, GAMMA_ARGS)]
            }
            "geometric" => {
                let p = flt(0)?;
                let lo = b.build_float_compare(FloatPredicate::OLE, p, zero, "")?;
                let hi = b.build_float_compare(FloatPredicate::OGT, p, self.f64c(1.0), "")?;
                vec![(b.build_or(lo, hi, "")?, "geometric(): p outside of (0, 1]")]
            }
            _ => vec![],
        })
    }

    /// The dimensions of a `size` argument (an int64 or a tuple of them).
    fn size_dims(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<Vec<IntValue<'ctx>>> {
        match t {
            Ty::Tuple(items) => {
                let s = self.as_struct(v)?;
                (0..items.len()).map(|i| self.as_int(self.b.build_extract_value(s, i as u32, "")?)).collect()
            }
            t if t.is_int() => Ok(vec![self.as_int(v)?]),
            t => ice(format!("random: size of type `{t}`")),
        }
    }

    /// Whether every dimension is > 0 (true for a 0-d shape): the array has elements.
    fn all_positive(&self, shape: &[IntValue<'ctx>]) -> EResult<IntValue<'ctx>> {
        let mut all = self.bool_c(true);
        for d in shape {
            let pos = self.b.build_int_compare(IntPredicate::SGT, *d, self.i64c(0), "")?;
            all = self.b.build_and(all, pos, "")?;
        }
        Ok(all)
    }

    /// Element `k` of a contiguous array's data.
    fn data_elem(&self, arr: StructValue<'ctx>, d: Scalar, k: IntValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let data = self.arr_ptr(arr, ARR_DATA)?;
        // SAFETY: a scalar pointee with one i64 index is a well-formed GEP; callers pass k in
        // [0, nitems) of a contiguous buffer.
        Ok(unsafe { self.b.build_in_bounds_gep(self.em.mem_scalar_ty(d), data, &[k], "")? })
    }

    /// `choice(a, size=None, replace=True)`, drawing as Numba does: `randint(0, n)` per element
    /// with replacement, the first items of `permutation(n)` without.
    fn random_choice(&self, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let (Some(a_t), Some(a)) = (params.first(), args.first()) else { return ice("random.choice without a population") };
        let n = match a_t {
            Ty::Array(_) => self.arr_shape(self.as_struct(*a)?, 0)?,
            _ => self.as_int(*a)?,
        };
        // Item `j` of the population, converted to the result's dtype.
        let dt = match rty {
            Ty::Array(at) => Ty::Scalar(at.dtype),
            t => t.clone(),
        };
        let item = |this: &Self, j: IntValue<'ctx>| -> EResult<BasicValueEnum<'ctx>> {
            match a_t {
                Ty::Array(at) => {
                    let p = this.elem_ptr(this.as_struct(*a)?, at, &[j])?;
                    let v = this.load_elem(p, at.dtype)?;
                    this.convert(v, &Ty::Scalar(at.dtype), &dt)
                }
                _ => this.convert(j.into(), &Ty::I64, &dt),
            }
        };
        let size = match (params.get(1), args.get(1)) {
            (None | Some(Ty::None), _) => None,
            (Some(t), Some(v)) => Some(self.size_dims(*v, t)?),
            _ => return ice("random.choice: size without a value"),
        };
        let Some(shape) = size else {
            let empty = self.b.build_int_compare(IntPredicate::SLE, n, self.i64c(0), "")?;
            self.raise_if(empty, ExcKind::ValueError, Some(EMPTY_RANGE))?;
            let j = self.randint_below(n)?;
            return item(self, j);
        };
        let Ty::Array(aty) = rty else { return ice(format!("random.choice with a size typed `{rty}`")) };
        let replace = match (params.get(2), args.get(2)) {
            (None, _) => self.bool_c(true),
            (Some(Ty::None), _) => self.bool_c(false),
            (Some(_), Some(v)) => self.as_int(*v)?,
            _ => return ice("random.choice: replace without a value"),
        };
        let slot = self.alloca(self.em.array_ty(aty.ndim).into(), "choice")?;
        let with_bb = self.new_block("choice.replace");
        let without_bb = self.new_block("choice.noreplace");
        let done = self.new_block("choice.done");
        self.b.build_conditional_branch(replace, with_bb, without_bb)?;

        self.b.position_at_end(with_bb);
        let some = self.all_positive(&shape)?;
        let empty = self.b.build_int_compare(IntPredicate::SLE, n, self.i64c(0), "")?;
        let fail = self.b.build_and(empty, some, "")?;
        self.raise_if(fail, ExcKind::ValueError, Some(EMPTY_RANGE))?;
        let out = self.alloc_array(aty, &shape, false)?;
        let nitems = self.arr_nitems(out)?;
        if !matches!(a_t, Ty::Array(_)) && aty.dtype == Scalar::I64 {
            // The population is arange(n): the draws themselves.
            let ptr = self.ctx().ptr_type(AddressSpace::default());
            let i64t = self.ctx().i64_type();
            let f = self.em.extern_void_fn("oxjit_rt_random_fill_randint", &[ptr.into(), i64t.into(), i64t.into(), i64t.into()]);
            let data = self.arr_ptr(out, ARR_DATA)?;
            self.b.build_call(f, &[data.into(), nitems.into(), self.i64c(0).into(), n.into()], "")?;
        } else {
            self.count_loop(nitems, &mut |this, k| {
                let j = this.randint_below(n)?;
                let v = item(this, j)?;
                let p = this.data_elem(out, aty.dtype, k)?;
                this.store_elem(p, aty.dtype, v)
            })?;
        }
        self.b.build_store(slot, out)?;
        self.b.build_unconditional_branch(done)?;

        self.b.position_at_end(without_bb);
        let out = self.choice_without_replacement(aty, &shape, n, &item)?;
        self.b.build_store(slot, out)?;
        self.b.build_unconditional_branch(done)?;

        self.b.position_at_end(done);
        Ok(self.b.build_load(self.em.array_ty(aty.ndim), slot, "choice")?)
    }

    /// `choice(a, size, replace=False)`: `out.flat[i] = a[permutation(n)[i]]`, the
    /// permutation in a temporary block.
    fn choice_without_replacement(
        &self,
        aty: &ArrayTy,
        shape: &[IntValue<'ctx>],
        n: IntValue<'ctx>,
        item: &dyn Fn(&Self, IntValue<'ctx>) -> EResult<BasicValueEnum<'ctx>>,
    ) -> EResult<StructValue<'ctx>> {
        let ctx = self.ctx();
        let i64t = ctx.i64_type();
        // out.size > n (checked after the shape itself, as np.empty(size) comes first).
        let mul = self.em.intrinsic("llvm.smul.with.overflow", &[i64t.into()])?;
        let mut count = self.i64c(1);
        let mut valid = self.bool_c(true);
        for d in shape {
            let nonneg = self.b.build_int_compare(IntPredicate::SGE, *d, self.i64c(0), "")?;
            let r = self.as_struct(self.call_value(mul, &[count.into(), (*d).into()], "")?)?;
            count = self.as_int(self.b.build_extract_value(r, 0, "")?)?;
            let o = self.as_int(self.b.build_extract_value(r, 1, "")?)?;
            valid = self.b.build_and(valid, nonneg, "")?;
            valid = self.b.build_and(valid, self.b.build_not(o, "")?, "")?;
        }
        let larger = self.b.build_int_compare(IntPredicate::SGT, count, n, "")?;
        let fail = self.b.build_and(valid, larger, "")?;
        self.raise_if(fail, ExcKind::ValueError, Some("Cannot take a larger sample than population when 'replace=False'"))?;
        let out = self.alloc_array(aty, shape, false)?;
        // Here 0 <= out.size <= n. The permutation's block: n int64s (a byte size that
        // overflows asks for usize::MAX, which the runtime refuses).
        let r = self.as_struct(self.call_value(mul, &[n.into(), self.i64c(8).into()], "")?)?;
        let bytes = self.as_int(self.b.build_extract_value(r, 0, "")?)?;
        let o = self.as_int(self.b.build_extract_value(r, 1, "")?)?;
        let bytes = self.b.build_select(o, self.i64c(-1), bytes, "")?;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let alloc = self.em.extern_fn("oxjit_rt_alloc", ptr.into(), &[i64t.into(), i64t.into()]);
        let mi = self.as_ptr(self.call_value(alloc, &[bytes, self.i64c(DATA_ALIGN as i64).into()], "perm.mi")?)?;
        let failed = self.b.build_is_null(mi, "")?;
        let fail_bb = self.new_block("perm.nomem");
        let ok_bb = self.new_block("perm.ok");
        self.cond_br_unlikely(failed, fail_bb, ok_bb)?;
        self.b.position_at_end(fail_bb);
        self.decref(out.into(), &Ty::Array(aty.clone()))?;
        let raise = self.raise_block(ExcKind::MemoryError, Some("cannot allocate memory for the array"))?;
        self.b.build_unconditional_branch(raise)?;
        self.b.position_at_end(ok_bb);
        // SAFETY: a constant byte offset inside the MemInfo header.
        let field = unsafe { self.b.build_in_bounds_gep(ctx.i8_type(), mi, &[self.i64c(MEMINFO_DATA_OFFSET as i64)], "")? };
        let perm = self.as_ptr(self.b.build_load(ptr, field, "perm")?)?;
        let permute = self.em.extern_void_fn("oxjit_rt_random_permutation", &[ptr.into(), i64t.into()]);
        self.b.build_call(permute, &[perm.into(), n.into()], "")?;
        let nitems = self.arr_nitems(out)?;
        self.count_loop(nitems, &mut |this, k| {
            // SAFETY: an i64 pointee and one i64 index; k < out.size <= n.
            let pk = unsafe { this.b.build_in_bounds_gep(i64t, perm, &[k], "")? };
            let j = this.b.build_load(i64t, pk, "j")?.into_int_value();
            let v = item(this, j)?;
            let p = this.data_elem(out, aty.dtype, k)?;
            this.store_elem(p, aty.dtype, v)
        })?;
        let decref = self.em.extern_void_fn("oxjit_rt_decref", &[ptr.into()]);
        self.b.build_call(decref, &[mi.into()], "")?;
        Ok(out)
    }

    /// `permutation(n)`: `arange(n)` shuffled (empty for `n <= 0`); `permutation(a)`: a C copy
    /// of `a` with its first axis shuffled.
    fn random_permutation(&self, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let (Ty::Array(rt), [p], [a]) = (rty, params, args) else { return ice("random.permutation takes one argument") };
        match p {
            Ty::Array(at) => {
                let src = self.as_struct(*a)?;
                let shape: Vec<IntValue<'ctx>> = (0..at.ndim as u32).map(|d| self.arr_shape(src, d)).collect::<EResult<_>>()?;
                let out = self.alloc_array(rt, &shape, false)?;
                let (sd, dd) = (at.dtype, rt.dtype);
                self.walk(src, at, Walk::Flat, &mut |this, p, k, _| {
                    let v = this.load_elem(p, sd)?;
                    let q = this.data_elem(out, dd, k)?;
                    this.store_elem(q, dd, v)
                })?;
                self.shuffle_array(out, rt)?;
                Ok(out.into())
            }
            _ => {
                let n = self.as_int(*a)?;
                let neg = self.b.build_int_compare(IntPredicate::SLT, n, self.i64c(0), "")?;
                let n = self.b.build_select(neg, self.i64c(0), n, "n")?.into_int_value();
                let out = self.alloc_array(rt, &[n], false)?;
                let ptr = self.ctx().ptr_type(AddressSpace::default());
                let f = self.em.extern_void_fn("oxjit_rt_random_permutation", &[ptr.into(), self.ctx().i64_type().into()]);
                self.b.build_call(f, &[self.arr_ptr(out, ARR_DATA)?.into(), n.into()], "")?;
                Ok(out.into())
            }
        }
    }

    /// `np.random.shuffle(arr)` in place: Fisher–Yates over the first axis.
    fn shuffle_array(&self, arr: StructValue<'ctx>, at: &ArrayTy) -> EResult<()> {
        let i64t = self.ctx().i64_type();
        let ptr = self.ctx().ptr_type(AddressSpace::default());
        let n = self.arr_shape(arr, 0)?;
        let itemsize = self.i64c(at.dtype.size() as i64);
        let data = self.arr_ptr(arr, ARR_DATA)?;
        // Evenly strided blocks: the items of a 1-d array, the rows of a C array.
        let blocks = match (at.ndim, at.layout) {
            (1, Layout::A) => Some((self.arr_stride(arr, 0)?, itemsize)),
            (1, _) => Some((itemsize, itemsize)),
            (_, Layout::C) => {
                let mut row = itemsize;
                for d in 1..at.ndim as u32 {
                    row = self.b.build_int_mul(row, self.arr_shape(arr, d)?, "")?;
                }
                Some((row, row))
            }
            _ => None,
        };
        if let Some((stride, bytes)) = blocks {
            let f = self.em.extern_void_fn("oxjit_rt_random_shuffle", &[ptr.into(), i64t.into(), i64t.into(), i64t.into()]);
            self.b.build_call(f, &[data.into(), n.into(), stride.into(), bytes.into()], "")?;
            return Ok(());
        }
        // Rows that are not blocks (F or A layout, 2-d and up): swap them element by element,
        // with Numba's draws: for i = n-1 down to 1, j = randint(0, i + 1).
        let nd = at.ndim as u32;
        let shapes: Vec<IntValue<'ctx>> = (0..nd).map(|d| self.arr_shape(arr, d)).collect::<EResult<_>>()?;
        let strides: Vec<IntValue<'ctx>> = (0..nd).map(|d| self.arr_stride(arr, d)).collect::<EResult<_>>()?;
        let mut inner = self.i64c(1);
        for s in &shapes[1..] {
            inner = self.b.build_int_mul(inner, *s, "")?;
        }
        let last = self.b.build_int_sub(n, self.i64c(1), "")?;
        let elem_ty = self.em.mem_scalar_ty(at.dtype);
        let i8t = self.ctx().i8_type();
        self.count_loop(last, &mut |this, k| {
            let i = this.b.build_int_sub(last, k, "i")?;
            let i1 = this.b.build_int_add(i, this.i64c(1), "")?;
            let j = this.randint_below(i1)?;
            let row_i = this.b.build_int_mul(i, strides[0], "")?;
            let row_j = this.b.build_int_mul(j, strides[0], "")?;
            this.count_loop(inner, &mut |this, e| {
                // Element `e` of a row in C order: its offset from the row's start.
                let mut rem = e;
                let mut off = this.i64c(0);
                for d in (1..nd as usize).rev() {
                    let idx = this.b.build_int_signed_rem(rem, shapes[d], "")?;
                    rem = this.b.build_int_signed_div(rem, shapes[d], "")?;
                    let part = this.b.build_int_mul(idx, strides[d], "")?;
                    off = this.b.build_int_add(off, part, "")?;
                }
                let oi = this.b.build_int_add(row_i, off, "")?;
                let oj = this.b.build_int_add(row_j, off, "")?;
                // SAFETY: i8 pointee, one i64 byte offset: the element (i, ...) and (j, ...) of
                // the array, both in bounds (i, j < n and every inner index below its length).
                let (pi, pj) = unsafe { (this.b.build_in_bounds_gep(i8t, data, &[oi], "")?, this.b.build_in_bounds_gep(i8t, data, &[oj], "")?) };
                let vi = this.b.build_load(elem_ty, pi, "")?;
                let vj = this.b.build_load(elem_ty, pj, "")?;
                this.b.build_store(pi, vj)?;
                this.b.build_store(pj, vi)?;
                Ok(())
            })
        })
    }
}
