//! Calls: to another compiled instance, or to a built-in intrinsic lowered by name.
//!
//! The evaluated argument list is the receiver (when the callee is a bound method held in a
//! `Method`-typed local), then the positional arguments, then the keyword arguments in the
//! order inference placed them; each is converted to its parameter type first.
//!
//! ```text
//! %ret = alloca double                            ; call of another instance
//! %st = call i32 @oxjit.g.1(ptr %ret, ptr %err, i64 %x)
//! br (%st != 0), propagate, ok                    ; the error slot is already filled
//! ```

use inkwell::IntPredicate;
use std::rc::Rc;

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum};
use oxjit_frontend::mir::{BinOp, CallTarget, CmpOp, Operand, Res};
use oxjit_frontend::Ty;

use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    pub fn call(
        &self,
        func: &Operand,
        args: &[Operand],
        kwargs: &[(Rc<str>, Operand)],
        rty: &Ty,
        res: &Res,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let Res::Call(target) = res else {
            return ice("call without a resolved callee");
        };
        if let CallTarget::Intrinsic { name, .. } = target {
            if let Some(uf) = name.strip_prefix("ufunc.") {
                if kwargs.is_empty() && self.reads_fused(args) {
                    return self.fused_ufunc(uf, args, rty);
                }
            }
        }
        let params = match target {
            CallTarget::Intrinsic { params, .. } | CallTarget::Dispatcher { params, .. } | CallTarget::UFunc { params, .. } => params,
        };
        let mut vals: Vec<(BasicValueEnum<'ctx>, Ty)> = Vec::with_capacity(params.len());
        if let Operand::Local(l) = func {
            if let Ty::Method(m) = self.local_ty(*l)? {
                vals.push((self.load_local(*l)?, m.0.clone()));
            }
        }
        for op in args.iter().chain(kwargs.iter().map(|(_, o)| o)) {
            vals.push(self.operand(op)?);
        }
        if let CallTarget::Intrinsic { name, .. } = target {
            // `np.float64()`: a conversion of nothing is the type's zero.
            if &**name == "cast" && vals.is_empty() {
                return Ok(self.em.llty(rty).const_zero());
            }
        }
        if vals.len() != params.len() {
            return ice(format!("call with {} arguments resolved to {} parameters", vals.len(), params.len()));
        }
        let mut argv = Vec::with_capacity(vals.len());
        // Lists passed where NumPy takes a sequence become new arrays, released after the call.
        let mut list_arrays = Vec::new();
        for ((v, t), p) in vals.into_iter().zip(params.iter()) {
            let c = self.convert(v, &t, p)?;
            if matches!((&t, p), (Ty::List(_), Ty::Array(_))) {
                list_arrays.push((c, p.clone()));
            }
            argv.push(c);
        }
        match target {
            CallTarget::Dispatcher { func, params, .. } => {
                let Some(index) = self.prog.find(*func, params) else {
                    return ice(format!("no instance of function #{func} for the argument types of this call"));
                };
                let Some(callee) = self.em.inner.get(index).copied() else {
                    return ice("callee instance was not declared");
                };
                // The callee's own return type sizes the slot it writes (the call site's `ret`
                // should be the same; a mismatch must not become a buffer overrun).
                let ret = &self.prog.instances[index].typed.ret;
                let ret_ty = self.em.llty(ret);
                let slot = self.alloca(ret_ty, "call.ret")?;
                let mut call_args: Vec<BasicMetadataValueEnum> = vec![slot.into(), self.errp.into()];
                call_args.extend(argv.iter().map(|v| BasicMetadataValueEnum::from(*v)));
                let st = self.b.build_call(callee, &call_args, "status")?;
                let status = match st.try_as_basic_value() {
                    inkwell::values::ValueKind::Basic(v) => self.as_int(v)?,
                    inkwell::values::ValueKind::Instruction(_) => return ice("inner function returns void"),
                };
                self.propagate_status(status)?;
                let v = self.b.build_load(ret_ty, slot, "")?;
                self.convert(v, ret, rty)
            }
            CallTarget::Intrinsic { name, params } => {
                // The temporary arrays are released on the error path too.
                let r = if list_arrays.is_empty() {
                    self.intrinsic(name, params, &argv, rty)?
                } else {
                    self.with_cleanup(&list_arrays, |this| this.intrinsic(name, params, &argv, rty))?
                };
                for (v, t) in &list_arrays {
                    self.decref(*v, t)?;
                }
                Ok(r)
            }
            CallTarget::UFunc { func, loop_in, params, out } => self.vectorized_call(*func, loop_in, params, &argv, rty, *out),
        }
    }

    /// Trip count of `range(start, stop, step)` (`step != 0` was checked): computed in unsigned
    /// arithmetic so that bounds near the int64 limits neither overflow nor loop forever.
    fn range_len(&self, args: &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>> {
        let [start, stop, step] = args else {
            return ice("range_len() takes 3 arguments");
        };
        let (start, stop, step) = (self.as_int(*start)?, self.as_int(*stop)?, self.as_int(*step)?);
        let b = &self.b;
        let zero = self.i64c(0);
        let one = self.i64c(1);
        let up = b.build_int_compare(IntPredicate::SGT, step, zero, "up")?;
        // distance = up ? stop - start : start - stop (as unsigned); nonempty when it is > 0 signed-wise.
        let nonempty_up = b.build_int_compare(IntPredicate::SLT, start, stop, "")?;
        let nonempty_down = b.build_int_compare(IntPredicate::SGT, start, stop, "")?;
        let nonempty = b.build_select(up, nonempty_up, nonempty_down, "")?.into_int_value();
        let d_up = b.build_int_sub(stop, start, "")?;
        let d_down = b.build_int_sub(start, stop, "")?;
        let dist = b.build_select(up, d_up, d_down, "")?.into_int_value();
        let neg_step = b.build_int_sub(zero, step, "")?;
        let mag = b.build_select(up, step, neg_step, "")?.into_int_value();
        // Guard the division for the empty case (mag is never 0 here, dist - 1 may wrap).
        let q = b.build_int_unsigned_div(b.build_int_sub(dist, one, "")?, mag, "")?;
        let n = b.build_int_add(q, one, "")?;
        Ok(b.build_select(nonempty, n, zero, "range_len")?)
    }

    /// A built-in operation by name.
    fn intrinsic(
        &self,
        name: &str,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let one = |what: &str| -> EResult<()> {
            if args.len() == 1 {
                Ok(())
            } else {
                ice(format!("`{what}` called with {} arguments", args.len()))
            }
        };
        match name {
            "cast" => {
                one(name)?;
                self.convert(args[0], &params[0], rty)
            }
            "builtins.int" | "builtins.float" | "builtins.bool" | "builtins.complex" if args.is_empty() => {
                Ok(self.em.llty(rty).const_zero())
            }
            "builtins.int" | "builtins.float" | "builtins.bool" => {
                one(name)?;
                self.convert(args[0], &params[0], rty)
            }
            "builtins.complex" => {
                let Ty::Scalar(c) = rty else {
                    return ice(format!("complex() typed `{rty}`"));
                };
                match args {
                    [x] => self.convert(*x, &params[0], rty),
                    [re, im] if c.is_complex() => {
                        let part = Ty::Scalar(c.complex_part());
                        let re = self.convert(*re, &params[0], &part)?;
                        let im = self.convert(*im, &params[1], &part)?;
                        self.make_complex(*c, re, im)
                    }
                    _ => ice("complex() with these arguments"),
                }
            }
            "builtins.abs" => {
                one(name)?;
                let (v, t) = self.abs_value(args[0], &params[0])?;
                self.convert(v, &t, rty)
            }
            "builtins.min" | "builtins.max" => self.min_max(name == "builtins.max", params, args, rty),
            "builtins.len" => {
                one(name)?;
                let n: BasicValueEnum<'ctx> = match &params[0] {
                    Ty::Array(a) if a.ndim >= 1 => self.arr_shape(self.as_struct(args[0])?, 0)?.into(),
                    Ty::Tuple(items) => self.i64c(items.len() as i64).into(),
                    t => return ice(format!("len() of `{t}`")),
                };
                self.convert(n, &Ty::I64, rty)
            }
            "builtins.round" => self.round(params, args, rty),
            "oxjit.range_len" => self.range_len(args),
            "oxjit.range_value" => {
                // start + k of a range loop with step 1: inside the range, so no signed wrap.
                let [start, k] = args else { return ice("range_value() takes 2 arguments") };
                Ok(self.b.build_int_nsw_add(self.as_int(*start)?, self.as_int(*k)?, "")?.into())
            }
            "numpy.real" | "numpy.imag" => {
                one(name)?;
                let imag = name == "numpy.imag";
                match &params[0] {
                    Ty::Scalar(s) if s.is_complex() => {
                        let (re, im) = self.complex_parts(args[0])?;
                        Ok(if imag { im.into() } else { re.into() })
                    }
                    Ty::Scalar(_) => Ok(if imag { self.em.llty(rty).const_zero() } else { args[0] }),
                    Ty::Array(a) if a.dtype.is_complex() => {
                        // Same memory, shape and byte strides; the part's item size; the
                        // imaginary part one part further.
                        let part = a.dtype.complex_part().size() as i64;
                        let mut v = self.as_struct(args[0])?;
                        v = self.b.build_insert_value(v, self.i64c(part), super::types::ARR_ITEMSIZE, "")?.into_struct_value();
                        if imag {
                            let data = self.arr_ptr(v, super::types::ARR_DATA)?;
                            // SAFETY: inside each complex element.
                            let p = unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), data, &[self.i64c(part)], "")? };
                            v = self.b.build_insert_value(v, p, super::types::ARR_DATA, "")?.into_struct_value();
                        }
                        Ok(v.into())
                    }
                    Ty::Array(_) => Ok(args[0]),
                    t => ice(format!("numpy.real/imag of `{t}`")),
                }
            }
            "oxjit.get_num_threads" | "oxjit.get_thread_id" => {
                let i64t = self.ctx().i64_type();
                let f = self.em.extern_fn(&name.replace("oxjit.", "oxjit_rt_"), i64t.into(), &[]);
                self.call_value(f, &[], "")
            }
            "oxjit.set_num_threads" => {
                let f = self.em.extern_fn("oxjit_rt_set_num_threads", self.ctx().i32_type().into(), &[self.ctx().i64_type().into()]);
                let st = self.call_value(f, &[args[0]], "")?.into_int_value();
                let bad = self.b.build_int_compare(inkwell::IntPredicate::NE, st, self.i32c(0), "")?;
                self.raise_if(bad, oxjit_runtime::ExcKind::ValueError, Some("the number of threads must be at least 1"))?;
                Ok(self.em.llty(rty).const_zero())
            }
            "oxjit.slice" => self.build_slice(params, args),
            "oxjit.float_powi" => {
                let [a, n] = args else {
                    return ice("float_powi() takes 2 arguments");
                };
                let r = self.float_powi(self.as_float(*a)?, self.as_int(*n)?)?;
                self.convert(r.into(), &params[0], rty)
            }
            "builtins.pow" => {
                let [a, b] = args else {
                    return ice("pow() with a modulus is not supported by code generation");
                };
                let t = if rty.is_number() { rty.clone() } else { params[0].clone() };
                let a = self.convert(*a, &params[0], &t)?;
                let b = self.convert(*b, &params[1], &t)?;
                let (v, vt) = self.binop(BinOp::Pow, a, b, &t)?;
                self.convert(v, &vt, rty)
            }
            _ if name.ends_with(".conjugate") && !name.starts_with("ufunc") => {
                one(name)?;
                match params[0].scalar() {
                    Some(c) if c.is_complex() => {
                        let (re, im) = self.complex_parts(args[0])?;
                        let im = self.b.build_float_neg(im, "")?;
                        let v = self.make_complex(c, re.into(), im.into())?;
                        self.convert(v, &params[0], rty)
                    }
                    Some(_) => self.convert(args[0], &params[0], rty),
                    None => ice(format!("conjugate() of `{}`", params[0])),
                }
            }
            _ => {
                if let Some(op) = name.strip_prefix("list.") {
                    return self.list_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("str.") {
                    return self.str_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("dict.") {
                    return self.dict_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("alloc.") {
                    return self.alloc_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("view.") {
                    return self.view_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("ufunc.") {
                    return self.ufunc_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("ufunc_out.") {
                    return self.ufunc_out(op, params, args);
                }
                if let Some(op) = name.strip_prefix("ufunc_like.") {
                    return self.ufunc_like(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("ufunc_inplace.") {
                    return self.ufunc_inplace(op, params, args);
                }
                if let Some(f) = name.strip_prefix("numpy.").filter(|f| *f != "power" && oxjit_frontend::templates::is_operator_ufunc(f)) {
                    let loop_in: Vec<oxjit_frontend::Scalar> = params.iter().filter_map(Ty::scalar).collect();
                    let Some(out) = rty.scalar() else { return ice(format!("numpy.{f} typed `{rty}`")) };
                    return self.ufunc_kernel(f, &loop_in, args, out);
                }
                if name.starts_with("new.") || name.starts_with("more.") {
                    return self.more_call(name, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("random.") {
                    return self.random_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("array.") {
                    return self.array_method_call(op, params, args);
                }
                if let Some(op) = name.strip_prefix("reduce_axis.") {
                    return self.reduce_axis_call(op, params, args, rty);
                }
                if let Some(op) = name.strip_prefix("reduce.") {
                    return self.reduce_call(op, params, args, rty);
                }
                if let Some(f) = name.strip_prefix("math.") {
                    return self.math_call(name, f, false, params, args, rty);
                }
                if let Some(f) = name.strip_prefix("cmath.") {
                    return self.cmath_call(f, params, args, rty);
                }
                if let Some(f) = name.strip_prefix("numpy.") {
                    return self.math_call(name, f, true, params, args, rty);
                }
                ice(format!("intrinsic `{name}` has no lowering"))
            }
        }
    }

    /// Python's `min`/`max`: start with the first item and replace the current one when an
    /// item compares strictly less (greater), so ties and NaNs keep the earlier item. Items
    /// are compared in the call's result type.
    pub(super) fn min_max(
        &self,
        is_max: bool,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let mut items: Vec<BasicValueEnum<'ctx>> = Vec::new();
        if let ([Ty::Tuple(tys)], [tuple]) = (params, args) {
            let s = self.as_struct(*tuple)?;
            for (i, t) in tys.iter().enumerate() {
                let e = self.b.build_extract_value(s, i as u32, "")?;
                items.push(self.convert(e, t, rty)?);
            }
        } else {
            for (v, t) in args.iter().zip(params.iter()) {
                items.push(self.convert(*v, t, rty)?);
            }
        }
        let Some((first, rest)) = items.split_first() else {
            return ice("min()/max() of nothing");
        };
        let op = if is_max { CmpOp::Gt } else { CmpOp::Lt };
        let mut cur = *first;
        for item in rest {
            let replace = self.compare_values(op, *item, cur, rty)?;
            cur = self.b.build_select(replace, *item, cur, "")?;
        }
        Ok(cur)
    }
}
