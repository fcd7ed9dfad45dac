//! Slices and array views: `a[1:-1]`, `a[::-1]`, `a[i, :]`, `a[:, j]`, `a[i]` on an n-d array.
//!
//! A slice value is `{ i64 start, i64 stop, i64 step }` with the missing parts filled in when it
//! is built, so that Python's clamping below gives `slice.indices` exactly:
//!
//! ```text
//! missing step  = 1
//! missing start = step < 0 ? i64::MAX : 0          (clamps to n-1 / 0)
//! missing stop  = step < 0 ? i64::MIN : i64::MAX   (clamps to -1 / n)
//! ```
//!
//! A view is a new array struct over the same memory, nothing is copied:
//!
//! ```text
//! data    = base.data + Σ start_d * stride_d (+ i_d * stride_d for integer-indexed axes)
//! shape   = len(range(start, stop, step)) per sliced axis; integer-indexed axes dropped
//! strides = stride_d * step_d
//! nitems  = Π shape;  meminfo, parent, itemsize copied from the base
//! ```

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_frontend::mir::Operand;
use oxjit_frontend::types::ArrayTy;
use oxjit_frontend::Ty;
use oxjit_runtime::ExcKind;

use super::types::{ARR_DATA, ARR_ITEMSIZE, ARR_MEMINFO, ARR_NITEMS, ARR_PARENT, ARR_SHAPE, ARR_STRIDES};
use super::{ice, EResult, FnCx};

/// One component of an index, evaluated (`...` already expanded into `Full` axes).
pub(crate) enum Component<'ctx> {
    Int(IntValue<'ctx>),
    /// start, stop, step (defaults already applied).
    Slice(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>),
    /// A whole axis.
    Full,
    /// `None`: a new axis of length 1.
    NewAxis,
    /// A 1-d integer or boolean index array.
    Array(StructValue<'ctx>, ArrayTy),
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `oxjit.slice(lo, hi[, step])`: the slice struct; `None` parameters are missing parts.
    pub fn build_slice(&self, params: &[Ty], args: &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>> {
        if !(2..=3).contains(&args.len()) || params.len() != args.len() {
            return ice("slice() takes 2 or 3 arguments");
        }
        let part = |k: usize| -> EResult<Option<IntValue<'ctx>>> {
            match params.get(k) {
                Some(Ty::None) | None => Ok(None),
                Some(_) => Ok(Some(self.as_int(args[k])?)),
            }
        };
        let b = &self.b;
        let step = part(2)?.unwrap_or_else(|| self.i64c(1));
        let neg = b.build_int_compare(IntPredicate::SLT, step, self.i64c(0), "negstep")?;
        let start = match part(0)? {
            Some(v) => v,
            None => b.build_select(neg, self.i64c(i64::MAX), self.i64c(0), "start")?.into_int_value(),
        };
        let stop = match part(1)? {
            Some(v) => v,
            None => b.build_select(neg, self.i64c(i64::MIN), self.i64c(i64::MAX), "stop")?.into_int_value(),
        };
        let st = self.em.llty(&Ty::Slice(true)).into_struct_type();
        let mut v = st.get_undef();
        for (k, x) in [start, stop, step].into_iter().enumerate() {
            v = b.build_insert_value(v, x, k as u32, "")?.into_struct_value();
        }
        Ok(v.into())
    }

    /// Python's `slice.indices(n)` followed by `len(range(...))`: returns (start, len).
    /// Raises `ValueError` for a zero step.
    pub(super) fn slice_indices(&self, start: IntValue<'ctx>, stop: IntValue<'ctx>, step: IntValue<'ctx>, n: IntValue<'ctx>) -> EResult<(IntValue<'ctx>, IntValue<'ctx>)> {
        let zero = self.i64c(0);
        let zstep = self.b.build_int_compare(IntPredicate::EQ, step, zero, "zstep")?;
        self.raise_if(zstep, ExcKind::ValueError, Some("slice step cannot be zero"))?;
        let b = &self.b;
        let neg = b.build_int_compare(IntPredicate::SLT, step, zero, "negstep")?;
        let minus1 = self.i64c(-1);
        let nm1 = b.build_int_sub(n, self.i64c(1), "")?;
        let lower = b.build_select(neg, minus1, zero, "lower")?.into_int_value();
        let upper = b.build_select(neg, nm1, n, "upper")?.into_int_value();
        let clamp = |x: IntValue<'ctx>| -> EResult<IntValue<'ctx>> {
            let isneg = b.build_int_compare(IntPredicate::SLT, x, zero, "")?;
            // x < 0: x + n (cannot overflow: n >= 0), at least `lower`.
            let wrapped = b.build_int_add(x, n, "")?;
            let low = b.build_int_compare(IntPredicate::SLT, wrapped, lower, "")?;
            let wrapped = b.build_select(low, lower, wrapped, "")?.into_int_value();
            // x >= 0: at most `upper`.
            let high = b.build_int_compare(IntPredicate::SGT, x, upper, "")?;
            let capped = b.build_select(high, upper, x, "")?.into_int_value();
            Ok(b.build_select(isneg, wrapped, capped, "")?.into_int_value())
        };
        let start = clamp(start)?;
        let stop = clamp(stop)?;
        // len = step > 0: stop > start ? (stop - start - 1) / step + 1 : 0
        //       step < 0: start > stop ? (start - stop - 1) / -step + 1 : 0
        // Divided unsigned: the numerator is non-negative and `-step` of i64::MIN is 2^63.
        let (hi, lo) = (
            b.build_select(neg, start, stop, "")?.into_int_value(),
            b.build_select(neg, stop, start, "")?.into_int_value(),
        );
        let nonempty = b.build_int_compare(IntPredicate::SGT, hi, lo, "")?;
        let num = b.build_int_sub(b.build_int_sub(hi, lo, "")?, self.i64c(1), "")?;
        let negstep = b.build_int_neg(step, "")?;
        let div = b.build_select(neg, negstep, step, "")?.into_int_value();
        let q = b.build_int_unsigned_div(num, div, "")?;
        let len = b.build_int_add(q, self.i64c(1), "")?;
        let len = b.build_select(nonempty, len, zero, "slicelen")?.into_int_value();
        Ok((start, len))
    }

    /// The index components of `a[...]` for an array of `ndim` axes, a single tuple operand
    /// flattened and `...` expanded.
    pub(crate) fn components(&self, idx: &[Operand], ndim: u8) -> EResult<Vec<Component<'ctx>>> {
        let mut vals: Vec<(BasicValueEnum<'ctx>, Ty)> = Vec::new();
        if let [single] = idx {
            let (v, t) = self.operand(single)?;
            if let Ty::Tuple(items) = &t {
                let s = self.as_struct(v)?;
                for (i, it) in items.iter().enumerate() {
                    vals.push((self.b.build_extract_value(s, i as u32, "")?, it.clone()));
                }
            } else {
                vals.push((v, t));
            }
        } else {
            for op in idx {
                vals.push(self.operand(op)?);
            }
        }
        let tys: Vec<Ty> = vals.iter().map(|(_, t)| t.clone()).collect();
        let parts = match oxjit_frontend::templates::expand_index(ndim, &tys) {
            Ok(p) => p,
            Err(msg) => return ice(format!("invalid index: {msg}")),
        };
        let mut vals = vals.into_iter().filter(|(_, t)| !matches!(t, Ty::Function(_)));
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            use oxjit_frontend::templates::IndexPart;
            if part == IndexPart::Full {
                out.push(Component::Full);
                continue;
            }
            let Some((v, t)) = vals.next() else { return ice("index components out of step") };
            out.push(match (part, t) {
                (IndexPart::Slice(_), _) => {
                    let s = self.as_struct(v)?;
                    let f = |k: u32| -> EResult<IntValue<'ctx>> { self.as_int(self.b.build_extract_value(s, k, "")?) };
                    Component::Slice(f(0)?, f(1)?, f(2)?)
                }
                (IndexPart::Int, t) => Component::Int(self.as_int(self.convert(v, &t, &Ty::I64)?)?),
                (IndexPart::NewAxis, _) => Component::NewAxis,
                (IndexPart::Array(a), _) => Component::Array(self.as_struct(v)?, a),
                (IndexPart::Full, _) => Component::Full,
            });
        }
        Ok(out)
    }

    /// The basic view of `arr` for index components without arrays.
    pub(crate) fn view_of(&self, arr: StructValue<'ctx>, aty: &ArrayTy, comps: &[Component<'ctx>], rt: &ArrayTy) -> EResult<StructValue<'ctx>> {
        let n = aty.ndim as usize;
        let zero = self.i64c(0);
        let mut off = zero;
        let mut shape = Vec::with_capacity(rt.ndim as usize);
        let mut strides = Vec::with_capacity(rt.ndim as usize);
        let mut d = 0usize;
        let mut k = 0usize;
        while d < n || k < comps.len() {
            let comp = comps.get(k);
            k += 1;
            if let Some(Component::NewAxis) = comp {
                shape.push(self.i64c(1));
                strides.push(zero);
                continue;
            }
            if d >= n {
                return ice("index consumes more axes than the array has");
            }
            let len = self.arr_shape(arr, d as u32)?;
            let stride = self.arr_stride(arr, d as u32)?;
            d += 1;
            match comp {
                Some(Component::Int(i)) => {
                    let b = &self.b;
                    let isneg = b.build_int_compare(IntPredicate::SLT, *i, zero, "neg")?;
                    let wrapped = b.build_int_add(*i, len, "")?;
                    let i = b.build_select(isneg, wrapped, *i, "idx")?.into_int_value();
                    if self.inst.options.boundscheck {
                        let oob = b.build_int_compare(IntPredicate::UGE, i, len, "oob")?;
                        self.raise_if(oob, ExcKind::IndexError, Some("index is out of bounds"))?;
                    }
                    let part = self.b.build_int_mul(i, stride, "")?;
                    off = self.b.build_int_add(off, part, "")?;
                }
                Some(Component::Slice(start, stop, step)) => {
                    let (start, slen) = self.slice_indices(*start, *stop, *step, len)?;
                    let b = &self.b;
                    let part = b.build_int_mul(start, stride, "")?;
                    off = b.build_int_add(off, part, "")?;
                    shape.push(slen);
                    strides.push(b.build_int_mul(stride, *step, "")?);
                }
                None | Some(Component::Full) => {
                    shape.push(len);
                    strides.push(stride);
                }
                Some(Component::NewAxis) => unreachable!("handled above"),
                Some(Component::Array(..)) => return ice("array index in a basic view"),
            }
        }
        if shape.len() != rt.ndim as usize {
            return ice(format!("view of {} axes typed as {}-d", shape.len(), rt.ndim));
        }
        self.make_view(arr, off, &shape, &strides, rt.ndim)
    }

    /// `base[idx...]` giving a view (basic indexing) or, with an index array, a new array.
    pub fn array_view(&self, arr: BasicValueEnum<'ctx>, aty: &ArrayTy, idx: &[Operand], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt) = rty else {
            return ice(format!("array view of type `{rty}`"));
        };
        let arr = self.as_struct(arr)?;
        let comps = self.components(idx, aty.ndim)?;
        if comps.iter().any(|c| matches!(c, Component::Array(..))) {
            return Ok(self.fancy_get(arr, aty, comps, rt)?.into());
        }
        Ok(self.view_of(arr, aty, &comps, rt)?.into())
    }

    /// An array struct over `arr`'s memory at byte offset `off` with this shape and strides.
    pub(crate) fn make_view(&self, arr: StructValue<'ctx>, off: IntValue<'ctx>, shape: &[IntValue<'ctx>], strides: &[IntValue<'ctx>], ndim: u8) -> EResult<StructValue<'ctx>> {
        let b = &self.b;
        let data = self.arr_ptr(arr, ARR_DATA)?;
        // SAFETY: an i8 pointee with one i64 index is always a well-formed GEP. Not `inbounds`:
        // an empty view may point one step before or past its base's data; it is never read.
        let data = unsafe { b.build_gep(self.ctx().i8_type(), data, &[off], "viewdata")? };
        let mut nitems = self.i64c(1);
        for s in shape {
            nitems = b.build_int_mul(nitems, *s, "")?;
        }
        let i64t = self.ctx().i64_type();
        let dims = |v: &[IntValue<'ctx>]| -> EResult<BasicValueEnum<'ctx>> {
            let mut a = i64t.array_type(v.len() as u32).get_undef();
            for (k, x) in v.iter().enumerate() {
                a = b.build_insert_value(a, *x, k as u32, "")?.into_array_value();
            }
            Ok(a.into())
        };
        let st = self.em.array_ty(ndim);
        let fields: [(u32, BasicValueEnum<'ctx>); 7] = [
            (ARR_MEMINFO, self.arr_field(arr, ARR_MEMINFO)?),
            (ARR_PARENT, self.arr_field(arr, ARR_PARENT)?),
            (ARR_NITEMS, nitems.into()),
            (ARR_ITEMSIZE, self.arr_field(arr, ARR_ITEMSIZE)?),
            (ARR_DATA, data.into()),
            (ARR_SHAPE, dims(shape)?),
            (ARR_STRIDES, dims(strides)?),
        ];
        let mut out: StructValue<'ctx> = st.get_undef();
        for (k, v) in fields {
            out = b.build_insert_value(out, v, k, "")?.into_struct_value();
        }
        Ok(out)
    }
}
