//! Whole-array expressions: NumPy ufuncs over arrays and scalars with broadcasting
//! (`ufunc.<name>`, which is also what `a + b`, `-a`, `a < b` on arrays become), in-place
//! updates (`a += b`: `ufunc_inplace.<name>`), and assignment into views (`a[1:] = x`).
//!
//! One engine, [`FnCx::elementwise`], runs a scalar kernel over the broadcast shape:
//!
//! ```text
//! shape    = broadcast of the inputs (ValueError when two axes differ and neither is 1),
//!            or the destination's shape, which every input must broadcast to
//! fast     : destination and every array input C-typed (or all F) with the same shape at run time
//!            → one flat loop `out[k] = f(a[k], b[k], s)` that LLVM vectorises
//! general  : a loop nest over the shape; an input's stride is 0 on an axis it broadcasts
//! ```
//!
//! The kernel of a ufunc is the scalar operation of the loop Numba picks
//! (`templates::ufunc_loop`): elements are converted to the loop's input types, the result
//! to the destination's dtype. Inside the kernel the error model is NumPy's (integer division
//! by zero gives 0, float division inf/nan), whatever the function's `error_model`.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_frontend::mir::UnOp;
use oxjit_frontend::templates;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{FuncId, Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::types::ARR_DATA;
use super::{ice, EResult, FnCx};

/// Where an elementwise result goes.
pub(crate) enum Dest<'ctx> {
    /// A new C array of this type (the broadcast shape).
    New(ArrayTy),
    /// An existing array (a view or an in-place operand).
    Into(StructValue<'ctx>, ArrayTy),
}

/// One input of an elementwise loop, prepared before the loop.
enum Input<'ctx> {
    Scalar(BasicValueEnum<'ctx>),
    Array { v: StructValue<'ctx>, aty: ArrayTy, data: PointerValue<'ctx>, bstrides: Vec<IntValue<'ctx>> },
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `ufunc.<name>(args...)`: a new array.
    pub fn ufunc_call(&self, name: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt) = rty else {
            return ice(format!("ufunc.{name} typed `{rty}`"));
        };
        let inputs: Vec<(BasicValueEnum<'ctx>, Ty)> = args.iter().copied().zip(params.iter().cloned()).collect();
        let out = self.ufunc_apply(name, &inputs, Dest::New(rt.clone()))?;
        Ok(out.into())
    }

    /// `ufunc_inplace.<name>(a, b)`: `a[...] = ufunc(a, b)`; the value is `a`.
    pub fn ufunc_inplace(&self, name: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>> {
        let (Some(Ty::Array(at)), Some(a)) = (params.first(), args.first()) else {
            return ice(format!("ufunc_inplace.{name} without an array"));
        };
        let a = self.as_struct(*a)?;
        let inputs: Vec<(BasicValueEnum<'ctx>, Ty)> = args.iter().copied().zip(params.iter().cloned()).collect();
        self.ufunc_apply(name, &inputs, Dest::Into(a, at.clone()))?;
        Ok(a.into())
    }

    /// `ufunc_out.<name>(inputs..., out)`: the result stored into `out`; the value is `out`.
    pub fn ufunc_out(&self, name: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>> {
        let (Some(Ty::Array(ot)), Some(o)) = (params.last(), args.last()) else {
            return ice(format!("ufunc_out.{name} without `out`"));
        };
        let o = self.as_struct(*o)?;
        let n = args.len() - 1;
        let inputs: Vec<(BasicValueEnum<'ctx>, Ty)> = args[..n].iter().copied().zip(params[..n].iter().cloned()).collect();
        self.ufunc_apply(name, &inputs, Dest::Into(o, ot.clone()))?;
        Ok(o.into())
    }

    /// `np.where(c, x, y)` and `np.clip(a, lo, hi)`: elementwise, but not table ufuncs.
    pub fn ufunc_like(&self, name: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt) = rty else {
            return ice(format!("ufunc_like.{name} typed `{rty}`"));
        };
        let elem = |t: &Ty| t.as_array().map(|a| a.dtype).or_else(|| t.scalar());
        let d = Ty::Scalar(rt.dtype);
        match name {
            "where" => {
                let (Some(ct), Some(xt), Some(yt)) = (elem(&params[0]), elem(&params[1]), elem(&params[2])) else {
                    return ice("where() of non-numbers");
                };
                let inputs: Vec<(BasicValueEnum<'ctx>, Ty)> = args.iter().copied().zip(params.iter().cloned()).collect();
                let out = self.elementwise(&inputs, Dest::New(rt.clone()), &mut |this, v| {
                    let c = this.truth(v[0], &Ty::Scalar(ct))?;
                    let x = this.convert(v[1], &Ty::Scalar(xt), &d)?;
                    let y = this.convert(v[2], &Ty::Scalar(yt), &d)?;
                    Ok(this.b.build_select(c, x, y, "")?)
                })?;
                Ok(out.into())
            }
            "clip" => {
                // Computed in the promoted type of the array and its bounds (NumPy's
                // maximum/minimum: NaN propagates), stored in the array's dtype.
                let Some(at) = elem(&params[0]) else { return ice("clip() of a non-array") };
                let mut wt = at;
                for p in &params[1..] {
                    if let Some(s) = elem(p) {
                        wt = templates::promote_types(wt, s);
                    }
                }
                let w = Ty::Scalar(wt);
                let inputs: Vec<(BasicValueEnum<'ctx>, Ty)> = args.iter().copied().zip(params.iter().cloned()).collect();
                let out = self.elementwise(&inputs, Dest::New(rt.clone()), &mut |this, v| {
                    let mut x = this.convert(v[0], &Ty::Scalar(at), &w)?;
                    for (k, f) in [(1usize, "maximum"), (2, "minimum")] {
                        if let Some(bt) = elem(&params[k]) {
                            let bound = this.convert(v[k], &Ty::Scalar(bt), &w)?;
                            x = this.ufunc_kernel(f, &[wt, wt], &[x, bound], wt)?;
                        }
                    }
                    this.convert(x, &w, &d)
                })?;
                Ok(out.into())
            }
            _ => ice(format!("intrinsic `ufunc_like.{name}` has no lowering")),
        }
    }

    /// An oxjit ufunc over arrays (`CallTarget::UFunc`): the kernel's instance `(func,
    /// loop_in)` called for every element of the broadcast shape, into a new array of `rty`
    /// or into `out` (the last argument). Elements are converted to the loop's input types and
    /// the kernel's result to the destination's dtype. A kernel error (an explicit `raise`, a
    /// bounds check) stops the loop and propagates; a new result array is released first.
    /// With only 0-d arrays among the inputs and no `out`, the value is the scalar (Numba's
    /// typing).
    pub fn vectorized_call(
        &self,
        func: FuncId,
        loop_in: &[Ty],
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
        out: bool,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let Some(index) = self.prog.find(func, loop_in) else {
            return ice(format!("no instance of ufunc kernel #{func} for the loop of this call"));
        };
        let nin = params.len() - usize::from(out);
        let inputs: Vec<(BasicValueEnum<'ctx>, Ty)> = args[..nin].iter().copied().zip(params[..nin].iter().cloned()).collect();
        let elem: Vec<Ty> = params[..nin]
            .iter()
            .map(|t| t.as_array().map_or_else(|| t.clone(), |a| Ty::Scalar(a.dtype)))
            .collect();
        if let Ty::Scalar(_) = rty {
            // Every array input is 0-d: one call on their elements.
            let mut vals = Vec::with_capacity(nin);
            for (v, t) in &inputs {
                vals.push(match t {
                    Ty::Array(a) if a.ndim == 0 => {
                        let data = self.arr_ptr(self.as_struct(*v)?, ARR_DATA)?;
                        self.load_elem(data, a.dtype)?
                    }
                    Ty::Array(_) => return ice("a ufunc call typed as a scalar has an array input"),
                    _ => *v,
                });
            }
            return self.kernel_element(index, &vals, &elem, loop_in, rty, None);
        }
        let (dest, dty, fresh) = if out {
            let (Some(Ty::Array(ot)), Some(o)) = (params.last(), args.last()) else {
                return ice("ufunc call without its output array");
            };
            (self.as_struct(*o)?, ot.clone(), false)
        } else {
            let Ty::Array(rt) = rty else {
                return ice(format!("ufunc call over arrays typed `{rty}`"));
            };
            let shape = self.broadcast_shape(&inputs, &Dest::New(rt.clone()))?;
            (self.alloc_array(rt, &shape, false)?, rt.clone(), true)
        };
        let d = Ty::Scalar(dty.dtype);
        let caller = self.func;
        let release = Ty::Array(dty.clone());
        if fresh {
            // An error in a parallel chunk comes back to this function, which releases it.
            self.pending_release.borrow_mut().push((dest.into(), release.clone()));
        }
        let r = self.elementwise(&inputs, Dest::Into(dest, dty.clone()), &mut |this, vals| {
            // The new array is not owned by any local yet: an error in this function releases
            // it here (in a parallel chunk, the launching function does).
            let owned = (fresh && this.func == caller).then_some((BasicValueEnum::from(dest), &release));
            this.kernel_element(index, vals, &elem, loop_in, &d, owned)
        });
        if fresh {
            self.pending_release.borrow_mut().pop();
        }
        r?;
        Ok(dest.into())
    }

    /// One call of the inner function of instance `index` on `vals` (of types `elem`,
    /// converted to `loop_in`), its result converted to `to`. A failure releases `owned`, then
    /// propagates the kernel's status.
    fn kernel_element(
        &self,
        index: usize,
        vals: &[BasicValueEnum<'ctx>],
        elem: &[Ty],
        loop_in: &[Ty],
        to: &Ty,
        owned: Option<(BasicValueEnum<'ctx>, &Ty)>,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let Some(callee) = self.em.inner.get(index).copied() else {
            return ice("ufunc kernel instance was not declared");
        };
        let kret = &self.prog.instances[index].typed.ret;
        let ret_ty = self.em.llty(kret);
        let slot = self.alloca(ret_ty, "uf.ret")?;
        let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> = vec![slot.into(), self.errp.into()];
        for ((v, from), p) in vals.iter().zip(elem).zip(loop_in) {
            call_args.push(self.convert(*v, from, p)?.into());
        }
        let st = self.b.build_call(callee, &call_args, "uf.status")?;
        let status = match st.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(v) => self.as_int(v)?,
            inkwell::values::ValueKind::Instruction(_) => return ice("inner function returns void"),
        };
        let failed = self.b.build_int_compare(IntPredicate::NE, status, self.i32c(0), "")?;
        let fail_bb = self.new_block("uf.fail");
        let ok_bb = self.new_block("uf.ok");
        self.cond_br_unlikely(failed, fail_bb, ok_bb)?;
        self.b.position_at_end(fail_bb);
        if let Some((v, t)) = owned {
            self.decref(v, t)?;
        }
        self.unwind_with(status)?;
        self.b.position_at_end(ok_bb);
        let r = self.b.build_load(ret_ty, slot, "")?;
        self.convert(r, kret, to)
    }

    /// Runs ufunc `name` over `inputs` into `dest`.
    fn ufunc_apply(&self, name: &str, inputs: &[(BasicValueEnum<'ctx>, Ty)], dest: Dest<'ctx>) -> EResult<StructValue<'ctx>> {
        let ins: Vec<Scalar> = inputs
            .iter()
            .map(|(_, t)| match t {
                Ty::Array(a) => Some(a.dtype),
                t => t.scalar(),
            })
            .collect::<Option<_>>()
            .map_or_else(|| ice(format!("ufunc {name} over non-numbers")), Ok)?;
        let (loop_in, loop_out) = match templates::ufunc_loop(name, &ins) {
            Ok(l) => l,
            Err(msg) => return ice(format!("ufunc {name}: {msg}")),
        };
        let out_dtype = match &dest {
            Dest::New(t) | Dest::Into(_, t) => t.dtype,
        };
        self.elementwise(inputs, dest, &mut |this, vals| {
            let mut conv = Vec::with_capacity(vals.len());
            for (k, v) in vals.iter().enumerate() {
                conv.push(this.convert(*v, &Ty::Scalar(ins[k]), &Ty::Scalar(loop_in[k]))?);
            }
            let r = this.ufunc_kernel(name, &loop_in, &conv, loop_out)?;
            this.convert(r, &Ty::Scalar(loop_out), &Ty::Scalar(out_dtype))
        })
    }

    /// `dest[...] = value` for a view `dest` (slice assignment): a scalar fills it, an array
    /// is broadcast into it.
    pub fn assign_into(&self, dest: StructValue<'ctx>, dty: &ArrayTy, value: BasicValueEnum<'ctx>, vty: &Ty) -> EResult<()> {
        if let Ty::Array(va) = vty {
            if va.ndim == dty.ndim {
                // `a[i:j] op= x` stores the updated view back into itself: nothing to copy.
                let v = self.as_struct(value)?;
                let mut same = self.b.build_int_compare(IntPredicate::EQ, self.arr_ptr(v, ARR_DATA)?, self.arr_ptr(dest, ARR_DATA)?, "")?;
                for k in 0..dty.ndim as u32 {
                    for (x, y) in [(self.arr_shape(v, k)?, self.arr_shape(dest, k)?), (self.arr_stride(v, k)?, self.arr_stride(dest, k)?)] {
                        let eq = self.b.build_int_compare(IntPredicate::EQ, x, y, "")?;
                        same = self.b.build_and(same, eq, "")?;
                    }
                }
                let copy_bb = self.new_block("assign.copy");
                let done_bb = self.new_block("assign.done");
                self.b.build_conditional_branch(same, done_bb, copy_bb)?;
                self.b.position_at_end(copy_bb);
                self.assign_elements(dest, dty, value, vty)?;
                self.b.build_unconditional_branch(done_bb)?;
                self.b.position_at_end(done_bb);
                return Ok(());
            }
        }
        self.assign_elements(dest, dty, value, vty)
    }

    /// The copy of `a[...] = b`: when `b` overlaps `a` in memory (`a[1:] = a[:-1]`), `b` is
    /// copied first, as NumPy and Numba do.
    fn assign_elements(&self, dest: StructValue<'ctx>, dty: &ArrayTy, value: BasicValueEnum<'ctx>, vty: &Ty) -> EResult<()> {
        let Ty::Array(va) = vty else {
            return self.assign_direct(dest, dty, value, vty);
        };
        let v = self.as_struct(value)?;
        // Shapes first, so that a mismatch raises before the copy is made (nothing to free).
        self.broadcast_shape(&[(value, vty.clone())], &Dest::Into(dest, dty.clone()))?;
        let overlap = self.arrays_overlap(dest, dty.ndim, v, va.ndim)?;
        let copy_bb = self.new_block("assign.overlap");
        let direct_bb = self.new_block("assign.direct");
        let done_bb = self.new_block("assign.end");
        self.b.build_conditional_branch(overlap, copy_bb, direct_bb)?;
        self.b.position_at_end(copy_bb);
        let tmp_ty = ArrayTy { layout: Layout::C, readonly: false, ..va.clone() };
        let tmp = self.copy_array(v, va, &tmp_ty)?;
        self.assign_direct(dest, dty, tmp.into(), &Ty::Array(tmp_ty.clone()))?;
        self.decref(tmp.into(), &Ty::Array(tmp_ty))?;
        self.b.build_unconditional_branch(done_bb)?;
        self.b.position_at_end(direct_bb);
        self.assign_direct(dest, dty, value, vty)?;
        self.b.build_unconditional_branch(done_bb)?;
        self.b.position_at_end(done_bb);
        Ok(())
    }

    fn assign_direct(&self, dest: StructValue<'ctx>, dty: &ArrayTy, value: BasicValueEnum<'ctx>, vty: &Ty) -> EResult<()> {
        let d = dty.dtype;
        let from = match vty {
            Ty::Array(a) => a.dtype,
            t => match t.scalar() {
                Some(s) => s,
                None => return ice(format!("assigning {vty} into an array")),
            },
        };
        self.elementwise(&[(value, vty.clone())], Dest::Into(dest, dty.clone()), &mut |this, vals| {
            this.convert(vals[0], &Ty::Scalar(from), &Ty::Scalar(d))
        })?;
        Ok(())
    }

    /// The scalar operation of ufunc `name` on values of the loop's input types.
    pub fn ufunc_kernel(&self, name: &str, loop_in: &[Scalar], vals: &[BasicValueEnum<'ctx>], out: Scalar) -> EResult<BasicValueEnum<'ctx>> {
        let was = self.array_mode.replace(true);
        let r = self.ufunc_kernel_inner(name, loop_in, vals, out);
        self.array_mode.set(was);
        r
    }

    fn ufunc_kernel_inner(&self, name: &str, loop_in: &[Scalar], vals: &[BasicValueEnum<'ctx>], out: Scalar) -> EResult<BasicValueEnum<'ctx>> {
        if let Some(r) = self.complex_ufunc(name, loop_in, vals, out)? {
            return Ok(r);
        }
        let t0 = Ty::Scalar(*loop_in.first().unwrap_or(&out));
        let outt = Ty::Scalar(out);
        let b = &self.b;
        let bool_of = |v: BasicValueEnum<'ctx>, s: Scalar| self.truth(v, &Ty::Scalar(s));
        match (name, vals) {
            ("power", _) => self.math_call("numpy.power", "power", true, &loop_in.iter().map(|s| Ty::Scalar(*s)).collect::<Vec<_>>(), vals, &outt),
            // Numba's float floor division and remainder for arrays (not Python's):
            // floor(a / b), and frem fixed up to the divisor's sign.
            ("floor_divide", [a, c]) if loop_in[0].is_float() => {
                let q = b.build_float_div(self.as_float(*a)?, self.as_float(*c)?, "")?;
                let floor = self.em.intrinsic("llvm.floor", &[q.get_type().into()])?;
                self.call_value(floor, &[q.into()], "")
            }
            ("remainder", [a, c]) if loop_in[0].is_float() => {
                let (x, y) = (self.as_float(*a)?, self.as_float(*c)?);
                let zero = x.get_type().const_zero();
                let r = b.build_float_rem(x, y, "")?;
                let r_ne_zero = b.build_float_compare(inkwell::FloatPredicate::ONE, r, zero, "")?;
                let y_neg = b.build_float_compare(inkwell::FloatPredicate::OLT, y, zero, "")?;
                let r_neg = b.build_float_compare(inkwell::FloatPredicate::OLT, r, zero, "")?;
                let fix = b.build_and(r_ne_zero, b.build_xor(y_neg, r_neg, "")?, "")?;
                let add = b.build_select(fix, y, zero, "")?.into_float_value();
                Ok(b.build_float_add(r, add, "")?.into())
            }
            (_, [a, c]) if templates::ufunc_binop(name).is_some() => {
                let Some(op) = templates::ufunc_binop(name) else { return ice("binop") };
                if loop_in[0] == Scalar::Bool {
                    let (x, y) = (self.as_int(*a)?, self.as_int(*c)?);
                    let v = match name.strip_prefix("py_").unwrap_or(name) {
                        "add" | "bitwise_or" => b.build_or(x, y, "")?,
                        "multiply" | "bitwise_and" => b.build_and(x, y, "")?,
                        "bitwise_xor" => b.build_xor(x, y, "")?,
                        _ => return ice(format!("ufunc {name} on booleans")),
                    };
                    return Ok(v.into());
                }
                let (v, vt) = self.binop(op, *a, *c, &t0)?;
                self.convert(v, &vt, &outt)
            }
            (_, [a, c]) if templates::cmp_ufunc_op(name).is_some() => {
                let Some(op) = templates::cmp_ufunc_op(name) else { return ice("cmp") };
                if loop_in[0] != loop_in[1] {
                    // int64 against uint64 (NumPy's `qQ` loops): exact in 128 bits.
                    let i128t = self.ctx().i128_type();
                    let wide = |v: BasicValueEnum<'ctx>, s: Scalar| -> EResult<IntValue<'ctx>> {
                        let v = self.as_int(v)?;
                        Ok(if s.is_signed() { b.build_int_s_extend(v, i128t, "")? } else { b.build_int_z_extend(v, i128t, "")? })
                    };
                    let (x, y) = (wide(*a, loop_in[0])?, wide(*c, loop_in[1])?);
                    return Ok(self.compare_values(op, x.into(), y.into(), &Ty::I64)?.into());
                }
                Ok(self.compare_values(op, *a, *c, &t0)?.into())
            }
            ("negative", [a]) => self.unop_value(UnOp::Neg, *a, &t0, &outt),
            ("positive", [a]) => Ok(*a),
            ("invert", [a]) if loop_in[0] == Scalar::Bool => Ok(b.build_not(self.as_int(*a)?, "")?.into()),
            ("invert", [a]) => self.unop_value(UnOp::Invert, *a, &t0, &outt),
            ("logical_not", [a]) => Ok(b.build_not(bool_of(*a, loop_in[0])?, "")?.into()),
            ("logical_and" | "logical_or" | "logical_xor", [a, c]) => {
                let (x, y) = (bool_of(*a, loop_in[0])?, bool_of(*c, loop_in[1])?);
                Ok(match name {
                    "logical_and" => b.build_and(x, y, "")?,
                    "logical_or" => b.build_or(x, y, "")?,
                    _ => b.build_xor(x, y, "")?,
                }
                .into())
            }
            ("square", [a]) => {
                let (v, vt) = self.binop(oxjit_frontend::mir::BinOp::Mul, *a, *a, &t0)?;
                self.convert(v, &vt, &outt)
            }
            ("reciprocal", [a]) if loop_in[0].is_int() => {
                // C integer division 1 / x (NumPy's integer loop); 1 / 0 gives 0.
                let x = self.as_int(*a)?;
                let zero = x.get_type().const_zero();
                let is_zero = b.build_int_compare(IntPredicate::EQ, x, zero, "")?;
                let safe = b.build_select(is_zero, x.get_type().const_int(1, false), x, "")?.into_int_value();
                let one = x.get_type().const_int(1, false);
                let q = if loop_in[0].is_signed() { b.build_int_signed_div(one, safe, "")? } else { b.build_int_unsigned_div(one, safe, "")? };
                Ok(b.build_select(is_zero, zero, q, "")?)
            }
            ("reciprocal", [a]) => {
                let one = self.convert(self.i64c(1).into(), &Ty::I64, &t0)?;
                let (v, vt) = self.binop(oxjit_frontend::mir::BinOp::Div, one, *a, &t0)?;
                self.convert(v, &vt, &outt)
            }
            ("conjugate", [a]) if loop_in[0].is_complex() => {
                let (re, im) = self.complex_parts(*a)?;
                let im = b.build_float_neg(im, "")?;
                self.make_complex(loop_in[0], re.into(), im.into())
            }
            ("conjugate", [a]) => Ok(*a),
            _ => {
                let params: Vec<Ty> = loop_in.iter().map(|s| Ty::Scalar(*s)).collect();
                self.math_call(&format!("numpy.{name}"), name, true, &params, vals, &outt)
            }
        }
    }

    /// `op a` on a scalar of type `t`, converted to `out`.
    fn unop_value(&self, op: UnOp, a: BasicValueEnum<'ctx>, t: &Ty, out: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let (v, vt) = self.unop(op, a, t)?;
        self.convert(v, &vt, out)
    }

    /// Runs `kernel` for every element of the broadcast shape of `inputs` (arrays and
    /// scalars; the kernel receives one value per input, in the input's own type) and stores
    /// its result (of the destination's dtype) into `dest`. Returns the destination.
    pub(crate) fn elementwise(
        &self,
        inputs: &[(BasicValueEnum<'ctx>, Ty)],
        dest: Dest<'ctx>,
        kernel: &mut dyn FnMut(&Self, &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>>,
    ) -> EResult<StructValue<'ctx>> {
        let shape = self.broadcast_shape(inputs, &dest)?;
        match dest {
            Dest::New(t) => {
                let out = self.alloc_array(&t, &shape, false)?;
                // A kernel that raises (complex sqrt's ZeroDivisionError ...) frees the array.
                self.with_cleanup(&[(out.into(), Ty::Array(t.clone()))], |this| this.elementwise_loop(inputs, &shape, out, &t, kernel))?;
                Ok(out)
            }
            Dest::Into(s, t) => {
                self.elementwise_loop(inputs, &shape, s, &t, kernel)?;
                Ok(s)
            }
        }
    }

    /// The shape an elementwise operation runs over: the destination's (every input must
    /// broadcast to it) or the broadcast of the inputs; a ValueError when they do not fit.
    pub(crate) fn broadcast_shape(&self, inputs: &[(BasicValueEnum<'ctx>, Ty)], dest: &Dest<'ctx>) -> EResult<Vec<IntValue<'ctx>>> {
        let b = &self.b;
        let nd = match dest {
            Dest::New(t) | Dest::Into(_, t) => t.ndim as usize,
        };
        let one = self.i64c(1);
        let mut shape: Vec<IntValue<'ctx>> = match dest {
            Dest::Into(s, _) => (0..nd as u32).map(|d| self.arr_shape(*s, d)).collect::<EResult<_>>()?,
            Dest::New(_) => vec![one; nd],
        };
        let mut bad = self.ctx().bool_type().const_zero();
        for (v, t) in inputs {
            let Ty::Array(a) = t else { continue };
            let k = a.ndim as usize;
            if k > nd {
                return ice(format!("a {k}-d input broadcast into {nd} dimensions"));
            }
            let s = self.as_struct(*v)?;
            for i in 0..k {
                let d = nd - k + i;
                let x = self.arr_shape(s, i as u32)?;
                let x_is_1 = b.build_int_compare(IntPredicate::EQ, x, one, "")?;
                let same = b.build_int_compare(IntPredicate::EQ, x, shape[d], "")?;
                match &dest {
                    Dest::Into(..) => {
                        let ok = b.build_or(x_is_1, same, "")?;
                        bad = b.build_or(bad, b.build_not(ok, "")?, "")?;
                    }
                    Dest::New(_) => {
                        let cur_is_1 = b.build_int_compare(IntPredicate::EQ, shape[d], one, "")?;
                        let ok = b.build_or(b.build_or(x_is_1, cur_is_1, "")?, same, "")?;
                        bad = b.build_or(bad, b.build_not(ok, "")?, "")?;
                        shape[d] = b.build_select(cur_is_1, x, shape[d], "bshape")?.into_int_value();
                    }
                }
            }
        }
        let msg = match &dest {
            Dest::New(_) => "operands could not be broadcast together",
            Dest::Into(..) => "could not broadcast input array into the destination's shape",
        };
        self.raise_if(bad, ExcKind::ValueError, Some(msg))?;
        Ok(shape)
    }

    /// The loops of [`Self::elementwise`] over a checked `shape` into `out`; in a
    /// `parallel=True` function, rows of the first axis are split across the thread pool.
    fn elementwise_loop(
        &self,
        inputs: &[(BasicValueEnum<'ctx>, Ty)],
        shape: &[IntValue<'ctx>],
        out: StructValue<'ctx>,
        oty: &ArrayTy,
        kernel: &mut dyn FnMut(&Self, &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>>,
    ) -> EResult<()> {
        if shape.is_empty() || !self.may_parallelize() {
            return self.elementwise_rows(inputs, shape, out, oty, kernel, None);
        }
        let mut captured: Vec<BasicValueEnum<'ctx>> = inputs.iter().map(|(v, _)| *v).collect();
        captured.push(out.into());
        captured.extend(shape.iter().map(|s| BasicValueEnum::from(*s)));
        let tys: Vec<Ty> = inputs.iter().map(|(_, t)| t.clone()).collect();
        let ni = inputs.len();
        // An input overlapping the destination other than element for element (`a[1:] +=
        // a[:-1]`) makes later elements depend on earlier ones: that runs serially.
        let mut serial = self.ctx().bool_type().const_zero();
        for (v, t) in inputs {
            let Ty::Array(a) = t else { continue };
            let s = self.as_struct(*v)?;
            let overlap = self.arrays_overlap(s, a.ndim, out, oty.ndim)?;
            let mut same = self.ctx().bool_type().const_int(u64::from(a.ndim == oty.ndim), false);
            if a.ndim == oty.ndim {
                let (p, q) = (self.arr_ptr(s, ARR_DATA)?, self.arr_ptr(out, ARR_DATA)?);
                same = self.b.build_and(same, self.b.build_int_compare(IntPredicate::EQ, p, q, "")?, "")?;
                for d in 0..a.ndim as u32 {
                    let eq = self.b.build_int_compare(IntPredicate::EQ, self.arr_stride(s, d)?, self.arr_stride(out, d)?, "")?;
                    same = self.b.build_and(same, eq, "")?;
                }
            }
            let bad = self.b.build_and(overlap, self.b.build_not(same, "")?, "")?;
            serial = self.b.build_or(serial, bad, "")?;
        }
        let total = self.b.build_select(serial, self.i64c(0), self.arr_nitems(out)?, "work")?.into_int_value();
        self.outlined_loop(shape[0], total, &captured, &mut |cx, vals, lo, hi| {
            let ins: Vec<(BasicValueEnum<'ctx>, Ty)> = vals[..ni].iter().copied().zip(tys.iter().cloned()).collect();
            let out = cx.as_struct(vals[ni])?;
            let shape: Vec<IntValue<'ctx>> = vals[ni + 1..].iter().map(|v| cx.as_int(*v)).collect::<EResult<_>>()?;
            cx.elementwise_rows(&ins, &shape, out, oty, kernel, Some((lo, hi)))
        })
    }

    /// [`Self::elementwise_loop`] for rows `lo..hi` of the first axis (all rows for `None`).
    fn elementwise_rows(
        &self,
        inputs: &[(BasicValueEnum<'ctx>, Ty)],
        shape: &[IntValue<'ctx>],
        out: StructValue<'ctx>,
        oty: &ArrayTy,
        kernel: &mut dyn FnMut(&Self, &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>>,
        rows: Option<(IntValue<'ctx>, IntValue<'ctx>)>,
    ) -> EResult<()> {
        let nd = shape.len();
        let one = self.i64c(1);
        let b = &self.b;
        // Per input: the values outside the loop, and byte strides (0 where broadcast).
        let mut prepared = Vec::with_capacity(inputs.len());
        for (v, t) in inputs {
            match t {
                Ty::Array(a) => {
                    let s = self.as_struct(*v)?;
                    let k = a.ndim as usize;
                    let mut bstrides = vec![self.i64c(0); nd];
                    for i in 0..k {
                        let x = self.arr_shape(s, i as u32)?;
                        let st = self.arr_stride(s, i as u32)?;
                        let x_is_1 = b.build_int_compare(IntPredicate::EQ, x, one, "")?;
                        bstrides[nd - k + i] = b.build_select(x_is_1, self.i64c(0), st, "bstride")?.into_int_value();
                    }
                    prepared.push(Input::Array { v: s, aty: a.clone(), data: self.arr_ptr(s, ARR_DATA)?, bstrides });
                }
                _ => prepared.push(Input::Scalar(*v)),
            }
        }
        let out_data = self.arr_ptr(out, ARR_DATA)?;
        let od = oty.dtype;
        let join = self.new_block("ew.done");
        // Fast path: everything C-contiguous with the same shape → one flat loop.
        // (Also for F: same-shaped F-contiguous arrays line up element by element in memory.)
        let static_fast = nd >= 1
            && oty.layout != Layout::A
            && prepared.iter().all(|p| match p {
                Input::Scalar(_) => true,
                Input::Array { aty, .. } => aty.layout == oty.layout && aty.ndim as usize == nd,
            });
        if static_fast {
            let mut same = self.ctx().bool_type().const_int(1, false);
            for p in &prepared {
                if let Input::Array { v, .. } = p {
                    for (d, sd) in shape.iter().enumerate() {
                        let x = self.arr_shape(*v, d as u32)?;
                        let eq = self.b.build_int_compare(IntPredicate::EQ, x, *sd, "")?;
                        same = self.b.build_and(same, eq, "")?;
                    }
                }
            }
            let fast_bb = self.new_block("ew.flat");
            let general_bb = self.new_block("ew.nest");
            self.b.build_conditional_branch(same, fast_bb, general_bb)?;
            self.b.position_at_end(fast_bb);
            // Rows lo..hi of the first axis are flat elements lo·inner .. hi·inner.
            let (first, n) = match rows {
                None => (self.i64c(0), self.arr_nitems(out)?),
                Some((lo, hi)) => {
                    let mut inner = self.i64c(1);
                    for d in &shape[1..] {
                        inner = self.b.build_int_mul(inner, *d, "")?;
                    }
                    let first = self.b.build_int_mul(lo, inner, "")?;
                    let len = self.b.build_int_mul(self.b.build_int_sub(hi, lo, "")?, inner, "")?;
                    (first, len)
                }
            };
            let out_elem = self.em.mem_scalar_ty(od);
            self.count_loop(n, &mut |this, k| {
                let k = this.b.build_int_add(first, k, "")?;
                let mut vals = Vec::with_capacity(prepared.len());
                for p in &prepared {
                    vals.push(match p {
                        Input::Scalar(v) => *v,
                        Input::Array { aty, data, .. } => {
                            // SAFETY: a scalar pointee and one i64 index; k < nitems of a
                            // C-contiguous array of the output's shape.
                            let q = unsafe { this.b.build_in_bounds_gep(this.em.mem_scalar_ty(aty.dtype), *data, &[k], "")? };
                            this.load_elem(q, aty.dtype)?
                        }
                    });
                }
                let r = kernel(this, &vals)?;
                // SAFETY: as above, for the C-contiguous output.
                let q = unsafe { this.b.build_in_bounds_gep(out_elem, out_data, &[k], "")? };
                this.store_elem(q, od, r)
            })?;
            self.b.build_unconditional_branch(join)?;
            self.b.position_at_end(general_bb);
        }
        let out_strides: Vec<IntValue<'ctx>> = (0..nd as u32).map(|d| self.arr_stride(out, d)).collect::<EResult<_>>()?;
        let mut nest_shape = shape.to_vec();
        if let (Some((lo, hi)), Some(first)) = (rows, nest_shape.first_mut()) {
            *first = self.b.build_int_sub(hi, lo, "")?;
        }
        self.loop_nest(&nest_shape, &mut |this, idx| {
            let mut idx = idx.to_vec();
            if let (Some((lo, _)), Some(first)) = (rows, idx.first_mut()) {
                *first = this.b.build_int_add(*first, lo, "")?;
            }
            let idx = &idx[..];
            let b = &this.b;
            let i8t = this.ctx().i8_type();
            let offset = |strides: &[IntValue<'ctx>]| -> EResult<IntValue<'ctx>> {
                let mut off = this.i64c(0);
                for (i, s) in idx.iter().zip(strides) {
                    let part = b.build_int_mul(*i, *s, "")?;
                    off = b.build_int_add(off, part, "")?;
                }
                Ok(off)
            };
            let mut vals = Vec::with_capacity(prepared.len());
            for p in &prepared {
                vals.push(match p {
                    Input::Scalar(v) => *v,
                    Input::Array { aty, data, bstrides, .. } => {
                        let off = offset(bstrides)?;
                        // SAFETY: an i8 pointee and one i64 byte offset; the offset is inside
                        // the input (indices below the shape, broadcast axes stride 0).
                        let q = unsafe { b.build_in_bounds_gep(i8t, *data, &[off], "")? };
                        this.load_elem(q, aty.dtype)?
                    }
                });
            }
            let r = kernel(this, &vals)?;
            let off = offset(&out_strides)?;
            // SAFETY: as above, inside the destination.
            let q = unsafe { this.b.build_in_bounds_gep(i8t, out_data, &[off], "")? };
            this.store_elem(q, od, r)
        })?;
        self.b.build_unconditional_branch(join)?;
        self.b.position_at_end(join);
        Ok(())
    }

    /// A loop nest over `shape` (outermost axis first), calling `body` with the indices.
    pub fn loop_nest(&self, shape: &[IntValue<'ctx>], body: &mut dyn FnMut(&Self, &[IntValue<'ctx>]) -> EResult<()>) -> EResult<()> {
        fn go<'a, 'ctx>(
            cx: &FnCx<'a, 'ctx>,
            shape: &[IntValue<'ctx>],
            idx: &mut Vec<IntValue<'ctx>>,
            body: &mut dyn FnMut(&FnCx<'a, 'ctx>, &[IntValue<'ctx>]) -> EResult<()>,
        ) -> EResult<()> {
            let d = idx.len();
            if d == shape.len() {
                return body(cx, idx);
            }
            cx.count_loop(shape[d], &mut |this, i| {
                idx.push(i);
                let r = go(this, shape, idx, body);
                idx.pop();
                r
            })
        }
        go(self, shape, &mut Vec::new(), body)
    }
}
