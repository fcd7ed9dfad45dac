//! Rvalues: evaluate the right-hand side of `dest = value` to a value of the rvalue's type.
//!
//! Binary operators live in [`super::arith`], calls in [`super::call`], array indexing in
//! [`super::array`]; this file holds the dispatch and the small families (unary operators,
//! comparisons, truth values, tuples, attributes).

use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::mir::{CmpOp, Const, Operand, Res, Rvalue, UnOp};
use oxjit_frontend::types::ModuleKind;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::types::{is_unit, ARR_SHAPE, ARR_STRIDES};
use super::{ice, EResult, FnCx};

/// The operand type inference chose for an operator.
fn op_ty<'r>(res: &'r Res, what: &str) -> EResult<&'r Ty> {
    match res {
        Res::Op { operand_ty } => Ok(operand_ty),
        _ => ice(format!("{what} has no resolved operand type")),
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Evaluates `rv`, giving a value of type `rty`.
    pub fn rvalue(&self, rv: &Rvalue, rty: &Ty, res: &Res) -> EResult<BasicValueEnum<'ctx>> {
        match rv {
            Rvalue::Use(op) => self.operand_as(op, rty),
            Rvalue::BinOp(op, a, b) => {
                let t = op_ty(res, "binary operator")?;
                let a = self.operand_as(a, t)?;
                let b = self.operand_as(b, t)?;
                let (v, vt) = self.binop(*op, a, b, t)?;
                self.convert(v, &vt, rty)
            }
            Rvalue::UnaryOp(op, a) => {
                let t = op_ty(res, "unary operator")?;
                let a = self.operand_as(a, t)?;
                let (v, vt) = self.unop(*op, a, t)?;
                self.convert(v, &vt, rty)
            }
            Rvalue::Compare(op, a, b) => {
                let t = op_ty(res, "comparison")?;
                let v = self.compare(*op, a, b, t)?;
                self.convert(v.into(), &Ty::BOOL, rty)
            }
            Rvalue::Truth(a) => {
                let (v, t) = self.operand(a)?;
                let v = self.truth(v, &t)?;
                self.convert(v.into(), &Ty::BOOL, rty)
            }
            Rvalue::Call { func, args, kwargs } => self.call(func, args, kwargs, rty, res),
            Rvalue::GetAttr(base, name) => self.getattr(base, name, rty),
            // `types.float64[:]`: a type, no data.
            Rvalue::GetItem(..) if is_unit(rty) => Ok(self.em.unit()),
            Rvalue::GetItem(base, idx) => self.getitem(base, idx, rty),
            Rvalue::BuildTuple(items) => {
                let Ty::Tuple(tys) = rty else {
                    return ice(format!("tuple built as a value of type `{rty}`"));
                };
                if tys.len() != items.len() {
                    return ice(format!("tuple of {} items typed `{rty}`", items.len()));
                }
                let mut out = self.em.llty(rty).into_struct_type().get_undef();
                for (i, (op, t)) in items.iter().zip(tys.iter()).enumerate() {
                    let v = self.operand_as(op, t)?;
                    out = self.b.build_insert_value(out, v, i as u32, "")?.into_struct_value();
                }
                Ok(out.into())
            }
            Rvalue::TupleGet(t, i) => {
                let (v, ty) = self.operand(t)?;
                let Ty::Tuple(items) = &ty else {
                    return ice(format!("tuple unpacking of a value of type `{ty}`"));
                };
                let Some(et) = items.get(*i) else {
                    return ice(format!("element {i} of `{ty}`"));
                };
                let s = self.as_struct(v)?;
                let e = self.b.build_extract_value(s, *i as u32, "")?;
                self.convert(e, et, rty)
            }
            Rvalue::CheckTupleLen(t, n) => {
                let (v, ty) = self.operand(t)?;
                match &ty {
                    Ty::Tuple(items) if items.len() == *n => self.convert(v, &ty, rty),
                    _ => ice(format!("unpacking `{ty}` into {n} names")),
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Unary operators
    // ------------------------------------------------------------------------------------

    /// `-a`, `+a`, `~a`, `not a` on an operand of type `t`; returns the value and its type.
    pub(crate) fn unop(&self, op: UnOp, a: BasicValueEnum<'ctx>, t: &Ty) -> EResult<(BasicValueEnum<'ctx>, Ty)> {
        let Some(s) = t.scalar() else {
            if op == UnOp::Not {
                let v = self.truth(a, t)?;
                return Ok((self.b.build_not(v, "not")?.into(), Ty::BOOL));
            }
            return ice(format!("unary `{}` on `{t}`", op.symbol()));
        };
        let b = &self.b;
        if op == UnOp::Not {
            let v = self.truth_scalar(a, s)?;
            return Ok((b.build_not(v, "not")?.into(), Ty::BOOL));
        }
        // `~b` on a bool is `not b` (Numba: `~True` is False); `-b` and `+b` work on its int
        // value (inference gives them an int operand type, so this is only a fallback).
        if s == Scalar::Bool {
            if op == UnOp::Invert {
                return Ok((b.build_not(self.as_int(a)?, "inv")?.into(), Ty::BOOL));
            }
            let i = self.convert(a, t, &Ty::I64)?;
            return self.unop(op, i, &Ty::I64);
        }
        let v: BasicValueEnum<'ctx> = match op {
            UnOp::Pos => a,
            UnOp::Neg if s.is_int() => b.build_int_neg(self.as_int(a)?, "neg")?.into(),
            UnOp::Neg if s.is_float() => {
                let r = b.build_float_neg(self.as_float(a)?, "neg")?;
                self.apply_fmf(r);
                r.into()
            }
            UnOp::Neg => {
                let (re, im) = self.complex_parts(a)?;
                let re = b.build_float_neg(re, "")?;
                let im = b.build_float_neg(im, "")?;
                self.make_complex(s, re.into(), im.into())?
            }
            UnOp::Invert if s.is_int() => b.build_not(self.as_int(a)?, "inv")?.into(),
            _ => return ice(format!("unary `{}` on `{t}`", op.symbol())),
        };
        Ok((v, t.clone()))
    }

    // ------------------------------------------------------------------------------------
    // Comparisons and truth
    // ------------------------------------------------------------------------------------

    fn compare(&self, op: CmpOp, a: &Operand, b: &Operand, t: &Ty) -> EResult<IntValue<'ctx>> {
        match op {
            CmpOp::In | CmpOp::NotIn => {
                let r = self.contains(a, b, t)?;
                return Ok(if op == CmpOp::NotIn { self.b.build_not(r, "")? } else { r });
            }
            CmpOp::Is | CmpOp::IsNot => {
                let eq = self.identity(a, b, t)?;
                return Ok(if op == CmpOp::IsNot { self.b.build_not(eq, "")? } else { eq });
            }
            _ => {}
        }
        let av = self.operand_as(a, t)?;
        let bv = self.operand_as(b, t)?;
        self.compare_values(op, av, bv, t)
    }

    /// `a is b`. Values of different types are never the same object (`1 is None` is false);
    /// `None`, modules, functions and classes have one value per type, so the same type means
    /// the same object; numbers compare by value (what `is` gives for the small ints and
    /// bools such code uses).
    fn identity(&self, a: &Operand, b: &Operand, t: &Ty) -> EResult<IntValue<'ctx>> {
        let (av, at) = self.operand(a)?;
        let (bv, bt) = self.operand(b)?;
        // `v is None` for an optional value: whether it is absent.
        match (&at, &bt) {
            (Ty::Optional(_), Ty::None) | (Ty::None, Ty::Optional(_)) => {
                let o = if matches!(at, Ty::Optional(_)) { av } else { bv };
                let present = self.b.build_extract_value(self.as_struct(o)?, 0, "")?.into_int_value();
                return Ok(self.b.build_not(present, "is_none")?);
            }
            _ => {}
        }
        let singleton = |x: &Ty| *x == Ty::None || is_unit(x);
        if singleton(&at) || singleton(&bt) {
            return Ok(self.bool_c(at == bt));
        }
        let av = self.convert(av, &at, t)?;
        let bv = self.convert(bv, &bt, t)?;
        self.compare_values(CmpOp::Eq, av, bv, t)
    }

    /// `a OP b` with both already of type `t` (ordering and equality operators only).
    pub fn compare_values(
        &self,
        op: CmpOp,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Ty,
    ) -> EResult<IntValue<'ctx>> {
        let bld = &self.b;
        match t {
            Ty::Scalar(s) if s.is_int() || *s == Scalar::Bool => {
                let signed = s.is_signed();
                let pred = match (op, signed) {
                    (CmpOp::Eq, _) => IntPredicate::EQ,
                    (CmpOp::NotEq, _) => IntPredicate::NE,
                    (CmpOp::Lt, true) => IntPredicate::SLT,
                    (CmpOp::LtE, true) => IntPredicate::SLE,
                    (CmpOp::Gt, true) => IntPredicate::SGT,
                    (CmpOp::GtE, true) => IntPredicate::SGE,
                    (CmpOp::Lt, false) => IntPredicate::ULT,
                    (CmpOp::LtE, false) => IntPredicate::ULE,
                    (CmpOp::Gt, false) => IntPredicate::UGT,
                    (CmpOp::GtE, false) => IntPredicate::UGE,
                    _ => return ice(format!("comparison `{}` on `{t}`", op.symbol())),
                };
                Ok(bld.build_int_compare(pred, self.as_int(a)?, self.as_int(b)?, "cmp")?)
            }
            Ty::Scalar(s) if s.is_float() => {
                let pred = match op {
                    CmpOp::Eq => FloatPredicate::OEQ,
                    CmpOp::NotEq => FloatPredicate::UNE,
                    CmpOp::Lt => FloatPredicate::OLT,
                    CmpOp::LtE => FloatPredicate::OLE,
                    CmpOp::Gt => FloatPredicate::OGT,
                    CmpOp::GtE => FloatPredicate::OGE,
                    _ => return ice(format!("comparison `{}` on `{t}`", op.symbol())),
                };
                let r = bld.build_float_compare(pred, self.as_float(a)?, self.as_float(b)?, "cmp")?;
                self.apply_fmf(r);
                Ok(r)
            }
            Ty::Scalar(_) => {
                let (ar, ai) = self.complex_parts(a)?;
                let (br, bi) = self.complex_parts(b)?;
                match op {
                    CmpOp::Eq => {
                        let r = bld.build_float_compare(FloatPredicate::OEQ, ar, br, "")?;
                        let i = bld.build_float_compare(FloatPredicate::OEQ, ai, bi, "")?;
                        Ok(bld.build_and(r, i, "cmp")?)
                    }
                    CmpOp::NotEq => {
                        let r = bld.build_float_compare(FloatPredicate::UNE, ar, br, "")?;
                        let i = bld.build_float_compare(FloatPredicate::UNE, ai, bi, "")?;
                        Ok(bld.build_or(r, i, "cmp")?)
                    }
                    _ => ice(format!("ordering comparison `{}` on `{t}`", op.symbol())),
                }
            }
            Ty::Tuple(items) => self.compare_tuples(op, a, b, items),
            Ty::Str => self.str_compare(op, a, b),
            Ty::None => Ok(self.bool_c(matches!(op, CmpOp::Eq | CmpOp::LtE | CmpOp::GtE))),
            _ => ice(format!("comparison `{}` on `{t}`", op.symbol())),
        }
    }

    /// Tuples compare lexicographically: the first unequal pair decides; all equal → `==`,
    /// `<=`, `>=` hold.
    fn compare_tuples(
        &self,
        op: CmpOp,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        items: &[Ty],
    ) -> EResult<IntValue<'ctx>> {
        let sa = self.as_struct(a)?;
        let sb = self.as_struct(b)?;
        let strict = match op {
            CmpOp::Eq | CmpOp::NotEq => None,
            CmpOp::Lt | CmpOp::LtE => Some(CmpOp::Lt),
            CmpOp::Gt | CmpOp::GtE => Some(CmpOp::Gt),
            _ => return ice(format!("comparison `{}` on tuples", op.symbol())),
        };
        let mut result = self.bool_c(matches!(op, CmpOp::Eq | CmpOp::LtE | CmpOp::GtE));
        for (i, t) in items.iter().enumerate().rev() {
            let x = self.b.build_extract_value(sa, i as u32, "")?;
            let y = self.b.build_extract_value(sb, i as u32, "")?;
            let eq = self.compare_values(CmpOp::Eq, x, y, t)?;
            result = match strict {
                None => self.b.build_and(eq, result, "")?,
                Some(s) => {
                    let decided = self.compare_values(s, x, y, t)?;
                    self.b.build_select(eq, result, decided, "")?.into_int_value()
                }
            };
        }
        if op == CmpOp::NotEq {
            result = self.b.build_not(result, "")?;
        }
        Ok(result)
    }

    /// `a in b` for a tuple `b`: any element equal to `a` (compared as type `t`).
    fn contains(&self, a: &Operand, b: &Operand, t: &Ty) -> EResult<IntValue<'ctx>> {
        let (bv, bt) = self.operand(b)?;
        let Ty::Tuple(items) = &bt else {
            return ice(format!("`in` on a container of type `{bt}`"));
        };
        let needle = self.operand_as(a, t)?;
        let s = self.as_struct(bv)?;
        let mut found = self.bool_c(false);
        for (i, it) in items.iter().enumerate() {
            let e = self.b.build_extract_value(s, i as u32, "")?;
            let e = self.convert(e, it, t)?;
            let eq = self.compare_values(CmpOp::Eq, needle, e, t)?;
            found = self.b.build_or(found, eq, "")?;
        }
        Ok(found)
    }

    /// Python's `bool(v)` for a value of type `t`.
    pub fn truth(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<IntValue<'ctx>> {
        match t {
            Ty::Scalar(s) => self.truth_scalar(v, *s),
            Ty::None => Ok(self.bool_c(false)),
            Ty::Tuple(items) => Ok(self.bool_c(!items.is_empty())),
            Ty::Str => self.str_truth(v),
            // `if d.get(k):` is false for None, else the value's truth.
            Ty::Optional(inner) => {
                let s = self.as_struct(v)?;
                let present = self.b.build_extract_value(s, 0, "")?.into_int_value();
                let x = self.b.build_extract_value(s, 1, "")?;
                let t = self.truth(x, inner)?;
                Ok(self.b.build_and(present, t, "")?)
            }
            Ty::Module(_) | Ty::Function(_) | Ty::Dispatcher(_) | Ty::UFunc(_) | Ty::ExceptionClass(_) | Ty::Method(_) => {
                Ok(self.bool_c(true))
            }
            _ => ice(format!("truth value of `{t}`")),
        }
    }

    // ------------------------------------------------------------------------------------
    // Attributes
    // ------------------------------------------------------------------------------------

    fn getattr(&self, base: &Operand, name: &str, rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        // `a.sum` as a value is the receiver itself; the call passes it first.
        if let Ty::Method(m) = rty {
            let (v, t) = self.operand(base)?;
            return self.convert(v, &t, &m.0);
        }
        if is_unit(rty) {
            return Ok(self.em.unit());
        }
        let (v, t) = self.operand(base)?;
        let (val, vt): (BasicValueEnum<'ctx>, Ty) = match (&t, name) {
            (Ty::Array(a), "shape") => {
                (self.arr_dims_tuple(self.as_struct(v)?, a.ndim, ARR_SHAPE)?, Ty::tuple(vec![Ty::I64; a.ndim as usize]))
            }
            (Ty::Array(a), "strides") => (
                self.arr_dims_tuple(self.as_struct(v)?, a.ndim, ARR_STRIDES)?,
                Ty::tuple(vec![Ty::I64; a.ndim as usize]),
            ),
            (Ty::Array(_), "size") => (self.arr_nitems(self.as_struct(v)?)?.into(), Ty::I64),
            (Ty::Array(_), "itemsize") => (self.arr_itemsize(self.as_struct(v)?)?.into(), Ty::I64),
            (Ty::Array(a), "ndim") => (self.i64c(a.ndim as i64).into(), Ty::I64),
            (Ty::Array(_), "nbytes") => {
                let s = self.as_struct(v)?;
                (self.b.build_int_mul(self.arr_nitems(s)?, self.arr_itemsize(s)?, "nbytes")?.into(), Ty::I64)
            }
            (Ty::Array(_), "T") => return self.view_call("transpose", std::slice::from_ref(&t), &[v], rty),
            (Ty::Array(a), "real" | "imag") if a.dtype.is_complex() => return self.view_call(name, std::slice::from_ref(&t), &[v], rty),
            (Ty::Array(_), "real") => (v, t.clone()),
            (Ty::Scalar(s), "real") if s.is_complex() => {
                let (re, _) = self.complex_parts(v)?;
                (re.into(), Ty::Scalar(s.complex_part()))
            }
            (Ty::Scalar(s), "imag") if s.is_complex() => {
                let (_, im) = self.complex_parts(v)?;
                (im.into(), Ty::Scalar(s.complex_part()))
            }
            (Ty::Scalar(_), "real") => (v, t.clone()),
            (Ty::Scalar(_), "imag") => (self.em.llty(&t).const_zero(), t.clone()),
            (Ty::Module(m), _) => match module_constant(*m, name) {
                Some(x) => (self.ctx().f64_type().const_float(x).into(), Ty::F64),
                None => return ice(format!("attribute `{name}` of module `{}`", m.name())),
            },
            _ => return ice(format!("attribute `{name}` of `{t}`")),
        };
        self.convert(val, &vt, rty)
    }

    // ------------------------------------------------------------------------------------
    // Subscripts
    // ------------------------------------------------------------------------------------

    fn getitem(&self, base: &Operand, idx: &[Operand], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let (v, t) = self.operand(base)?;
        match &t {
            Ty::Array(a) if matches!(rty, Ty::Array(_)) => self.array_view(v, a, idx, rty),
            Ty::Array(a) => self.array_getitem(v, a, idx, rty),
            Ty::Tuple(items) => {
                let [i] = idx else {
                    return ice(format!("tuple indexed with {} subscripts", idx.len()));
                };
                let s = self.as_struct(v)?;
                let n = items.len() as i64;
                if let Operand::Const(Const::Int(k)) = i {
                    let k = if *k < 0 { *k + n } else { *k };
                    if k < 0 || k >= n {
                        return ice(format!("constant index {k} out of range for `{t}`"));
                    }
                    let e = self.b.build_extract_value(s, k as u32, "")?;
                    return self.convert(e, &items[k as usize], rty);
                }
                self.tuple_dynamic_index(s, items, i, rty)
            }
            _ => ice(format!("subscript of a value of type `{t}`")),
        }
    }

    /// `t[i]` with a run-time `i` on a homogeneous tuple: the tuple is spilled to a stack array
    /// and indexed (always bounds-checked: this reads memory, and Python raises too).
    fn tuple_dynamic_index(
        &self,
        s: inkwell::values::StructValue<'ctx>,
        items: &[Ty],
        i: &Operand,
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let Some(et) = items.first() else {
            self.raise_if(self.bool_c(true), ExcKind::IndexError, Some("tuple index out of range"))?;
            return Ok(self.em.llty(rty).const_zero());
        };
        if items.iter().any(|x| x != et) {
            return ice("run-time index into a heterogeneous tuple");
        }
        let (iv, it) = self.operand(i)?;
        if !it.is_int() {
            return ice(format!("tuple index of type `{it}`"));
        }
        let idx = self.as_int(self.convert(iv, &it, &Ty::I64)?)?;
        let n = self.i64c(items.len() as i64);
        let b = &self.b;
        let neg = b.build_int_compare(IntPredicate::SLT, idx, self.i64c(0), "")?;
        let wrapped = b.build_int_add(idx, n, "")?;
        let idx = b.build_select(neg, wrapped, idx, "")?.into_int_value();
        let oob = b.build_int_compare(IntPredicate::UGE, idx, n, "")?;
        self.raise_if(oob, ExcKind::IndexError, Some("tuple index out of range"))?;
        let elt = self.em.llty(et);
        let arr_t = elt.array_type(items.len() as u32);
        let slot = self.alloca(arr_t.into(), "tuple.spill")?;
        for k in 0..items.len() {
            let e = self.b.build_extract_value(s, k as u32, "")?;
            // SAFETY: constant indices [0, k] into an array type of `items.len()` elements: well-formed.
            let p = unsafe { self.b.build_in_bounds_gep(arr_t, slot, &[self.i64c(0), self.i64c(k as i64)], "")? };
            self.b.build_store(p, e)?;
        }
        // SAFETY: two i64 indices into an array type: a well-formed GEP; `idx` was checked above.
        let p = unsafe { self.b.build_in_bounds_gep(arr_t, slot, &[self.i64c(0), idx], "")? };
        let v = self.b.build_load(elt, p, "")?;
        self.convert(v, et, rty)
    }
}

/// Float constants of modules (`math.pi`), for when lowering leaves them as attributes.
fn module_constant(m: ModuleKind, name: &str) -> Option<f64> {
    match (m, name) {
        (ModuleKind::Math | ModuleKind::Numpy | ModuleKind::Cmath, "pi") => Some(std::f64::consts::PI),
        (ModuleKind::Math | ModuleKind::Numpy | ModuleKind::Cmath, "e") => Some(std::f64::consts::E),
        (ModuleKind::Math | ModuleKind::Cmath, "tau") => Some(std::f64::consts::TAU),
        (ModuleKind::Math | ModuleKind::Numpy | ModuleKind::Cmath, "inf") => Some(f64::INFINITY),
        (ModuleKind::Math | ModuleKind::Numpy | ModuleKind::Cmath, "nan") => Some(f64::NAN),
        _ => None,
    }
}
