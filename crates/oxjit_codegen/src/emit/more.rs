//! `new.*` / `more.*` intrinsics: NumPy sorting, searching, set operations, linear algebra and
//! array joining (typing rules: `oxjit_frontend::np_more`).
//!
//! Three files, by how the work is done:
//!
//! - `more_sort.rs`: order-dependent algorithms (`sort`, `argsort`, `median`, `percentile`,
//!   `unique`, `diff`, `interp`) call the runtime (`oxjit_runtime::sort`), whose Rust code follows
//!   Numba's algorithms step for step; `searchsorted` and `nonzero` / `flatnonzero` /
//!   `argwhere` are loops emitted here.
//! - `more_linalg.rs`: `np.dot` / `@` as loops: the 1-d dot product in OpenBLAS's summation
//!   order (what Numba calls), matrix products as vectorisable loops.
//! - `more_join.rs`: `cumsum`, `cumprod`, `concatenate`, `stack`, `vstack`, `hstack`.
//!
//! Runtime calls receive an array as a pointer to a stack copy of its struct (the runtime
//! reads `data`, `shape` and `strides` from it) plus a dtype code. A function that allocates
//! its result before a step that can fail releases the result on that failure path
//! ([`FnCx::raise_if_releasing`]), so no path leaks; arrays made of one block shared by
//! several results (the tuple of `nonzero`) hold one reference per array.

#[path = "more_join.rs"]
mod join;
#[path = "more_linalg.rs"]
mod linalg;
#[path = "more_sort.rs"]
mod sort;

use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::AddressSpace;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::sort as rt;
use oxjit_runtime::{ExcKind, MEMINFO_DATA_OFFSET};

use super::types::{ARR_DATA, ARR_ITEMSIZE, ARR_MEMINFO, ARR_NITEMS, ARR_PARENT};
use super::{ice, EResult, FnCx};

/// The runtime's dtype code of a scalar type.
pub(crate) fn dtype_code(s: Scalar) -> u32 {
    match s {
        Scalar::Bool => rt::DTYPE_BOOL,
        Scalar::I8 => rt::DTYPE_I8,
        Scalar::I16 => rt::DTYPE_I16,
        Scalar::I32 => rt::DTYPE_I32,
        Scalar::I64 => rt::DTYPE_I64,
        Scalar::U8 => rt::DTYPE_U8,
        Scalar::U16 => rt::DTYPE_U16,
        Scalar::U32 => rt::DTYPE_U32,
        Scalar::U64 => rt::DTYPE_U64,
        Scalar::F32 => rt::DTYPE_F32,
        Scalar::F64 => rt::DTYPE_F64,
        Scalar::C64 => rt::DTYPE_C64,
        Scalar::C128 => rt::DTYPE_C128,
    }
}

/// The function being emitted, seen by this family's code: its helpers are methods of this
/// wrapper rather than of [`FnCx`], so their names cannot collide with other families'.
/// Everything of `FnCx` is reachable through `Deref`.
pub(crate) struct More<'c, 'a, 'ctx>(pub(crate) &'c FnCx<'a, 'ctx>);

impl<'a, 'ctx> std::ops::Deref for More<'_, 'a, 'ctx> {
    type Target = FnCx<'a, 'ctx>;
    fn deref(&self) -> &FnCx<'a, 'ctx> {
        self.0
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `new.<op>(...)` / `more.<op>(...)`: the typing rules are in `oxjit_frontend::np_more`.
    pub fn more_call(
        &self,
        op: &str,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        More(self).call(op, params, args, rty)
    }
}

impl<'c, 'a, 'ctx> More<'c, 'a, 'ctx> {
    fn call(
        &self,
        op: &str,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let name = op
            .strip_prefix("new.")
            .or_else(|| op.strip_prefix("more."))
            .unwrap_or(op);
        let (head, variant) = name.split_once('.').unwrap_or((name, ""));
        let converted;
        let (params, args) = if matches!(head, "percentile" | "quantile" | "searchsorted" | "interp")
            && params.iter().any(|t| matches!(t, Ty::Tuple(_)))
        {
            converted = self.tuples_as_arrays(params, args)?;
            (&converted.0[..], &converted.1[..])
        } else {
            (params, args)
        };
        match head {
            "sort" | "argsort" | "median" | "percentile" | "quantile" | "unique" | "diff"
            | "searchsorted" | "nonzero" | "flatnonzero" | "argwhere" | "interp" => {
                self.more_sort(head, variant, op.starts_with("new."), params, args, rty)
            }
            "dot" => self.more_dot(params, args, rty),
            "vdot" => self.more_vdot(params, args),
            "cumsum" | "cumprod" | "concatenate" | "stack" | "vstack" | "hstack" => {
                self.more_join(head, params, args, rty)
            }
            _ => ice(format!("intrinsic `{op}` has no lowering")),
        }
    }

    /// The arguments with every tuple of numbers replaced by a 1-d C array of its items (the
    /// dtype `np_more::tuple_dtype` typed it with), in a stack buffer of this function: what
    /// `np.asarray(t)` gives, without an allocation. The array has no MemInfo (like one from
    /// Python), so nothing releases it; it lives as long as the function's frame.
    #[allow(clippy::type_complexity)]
    fn tuples_as_arrays(
        &self,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
    ) -> EResult<(Vec<Ty>, Vec<BasicValueEnum<'ctx>>)> {
        let mut ps = params.to_vec();
        let mut vs = args.to_vec();
        for (k, (t, v)) in params.iter().zip(args).enumerate() {
            let Ty::Tuple(items) = t else { continue };
            let Some(d) = oxjit_frontend::np_more::tuple_dtype(items) else {
                return ice(format!("argument {k} is a tuple of non-numbers: {t}"));
            };
            let n = items.len();
            let et = self.em.mem_scalar_ty(d);
            let i64t = self.ctx().i64_type();
            let buf = self.alloca(et.array_type(n.max(1) as u32).into(), "tuple.items")?;
            let tv = self.as_struct(*v)?;
            for (i, it) in items.iter().enumerate() {
                let e = self.b.build_extract_value(tv, i as u32, "")?;
                let e = self.convert(e, it, &Ty::Scalar(d))?;
                // SAFETY: one in-bounds index (i < n) into the buffer of n elements of `et`.
                let p = unsafe { self.b.build_in_bounds_gep(et, buf, &[self.i64c(i as i64)], "")? };
                self.store_elem(p, d, e)?;
            }
            let aty = ArrayTy { dtype: d, ndim: 1, layout: Layout::C, readonly: false };
            let st = self.em.array_ty(1);
            let size = self.i64c(d.size() as i64);
            let len = self.i64c(n as i64);
            let one = |x: IntValue<'ctx>| i64t.const_array(&[x]);
            let mut arr = st.const_zero();
            for (field, val) in [
                (ARR_NITEMS, BasicValueEnum::from(len)),
                (ARR_ITEMSIZE, size.into()),
                (ARR_DATA, buf.into()),
                (super::types::ARR_SHAPE, one(len).into()),
                (super::types::ARR_STRIDES, one(size).into()),
            ] {
                arr = self.b.build_insert_value(arr, val, field, "")?.into_struct_value();
            }
            ps[k] = Ty::Array(aty);
            vs[k] = arr.into();
        }
        Ok((ps, vs))
    }

    /// The array argument `k` with its type.
    fn array_arg(
        &self,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        k: usize,
    ) -> EResult<(StructValue<'ctx>, ArrayTy)> {
        match (params.get(k), args.get(k)) {
            (Some(Ty::Array(t)), Some(v)) => Ok((self.as_struct(*v)?, t.clone())),
            (t, _) => ice(format!("argument {k} should be an array, not {t:?}")),
        }
    }

    /// A pointer to a stack copy of an array struct, for the runtime.
    fn spill_array(&self, arr: StructValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let slot = self.alloca(arr.get_type().as_basic_type_enum(), "arr.arg")?;
        self.b.build_store(slot, arr)?;
        Ok(slot)
    }

    /// Declares (once) and calls a runtime function returning `i32`.
    fn rt_status_call(&self, name: &str, args: &[BasicValueEnum<'ctx>]) -> EResult<IntValue<'ctx>> {
        let params: Vec<_> = args.iter().map(|a| a.get_type()).collect();
        let f = self
            .em
            .extern_fn(name, self.ctx().i32_type().into(), &params);
        self.as_int(self.call_value(f, args, "status")?)
    }

    /// Raises `kind(msg)` when `fail` is true, first releasing `owned` (new arrays this
    /// intrinsic made and has not handed over yet).
    fn raise_if_releasing(
        &self,
        fail: IntValue<'ctx>,
        kind: ExcKind,
        msg: Option<&str>,
        owned: &[(BasicValueEnum<'ctx>, &Ty)],
    ) -> EResult<()> {
        if owned.is_empty() {
            return self.raise_if(fail, kind, msg);
        }
        let raise_bb = self.raise_block(kind, msg)?;
        let release_bb = self.new_block("release");
        let ok_bb = self.new_block("ok");
        self.cond_br_unlikely(fail, release_bb, ok_bb)?;
        self.b.position_at_end(release_bb);
        for (v, t) in owned {
            self.decref(*v, t)?;
        }
        self.b.build_unconditional_branch(raise_bb)?;
        self.b.position_at_end(ok_bb);
        Ok(())
    }

    /// Turns a runtime status into the exception Numba raises (`extra`: codes specific to the
    /// function), releasing `owned` first.
    fn check_rt_status(
        &self,
        status: IntValue<'ctx>,
        extra: &[(i32, ExcKind, Option<&str>)],
        owned: &[(BasicValueEnum<'ctx>, &Ty)],
    ) -> EResult<()> {
        let mut cases: Vec<(i32, ExcKind, Option<&str>)> = vec![
            (
                rt::SORT_NO_MEMORY,
                ExcKind::MemoryError,
                Some("cannot allocate memory for a temporary array"),
            ),
            (
                rt::SORT_BAD_ARGS,
                ExcKind::RuntimeError,
                Some("internal error: bad arguments to a runtime sorting function"),
            ),
        ];
        cases.extend_from_slice(extra);
        for (code, kind, msg) in cases {
            let fail =
                self.b
                    .build_int_compare(inkwell::IntPredicate::EQ, status, self.i32c(code), "")?;
            self.raise_if_releasing(fail, kind, msg, owned)?;
        }
        Ok(())
    }

    /// An array struct over the data of a MemInfo the caller owns one reference to (C
    /// contiguous from `byte_offset` on).
    fn array_over_block(
        &self,
        mi: PointerValue<'ctx>,
        byte_offset: IntValue<'ctx>,
        aty: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> EResult<StructValue<'ctx>> {
        let ctx = self.ctx();
        let ptr = ctx.ptr_type(AddressSpace::default());
        // SAFETY: a constant byte offset inside the MemInfo header.
        let field = unsafe {
            self.b.build_in_bounds_gep(
                ctx.i8_type(),
                mi,
                &[self.i64c(MEMINFO_DATA_OFFSET as i64)],
                "",
            )?
        };
        let base = self.as_ptr(self.b.build_load(ptr, field, "block.data")?)?;
        // SAFETY: an i8 pointee and one i64 byte offset inside the block.
        let data = unsafe {
            self.b
                .build_in_bounds_gep(ctx.i8_type(), base, &[byte_offset], "data")?
        };
        let itemsize = aty.dtype.size() as i64;
        let mut nitems = self.i64c(1);
        for d in shape {
            nitems = self.b.build_int_mul(nitems, *d, "")?;
        }
        let strides = self.contiguous_strides_of(shape, itemsize, aty.layout)?;
        let mut v = self.em.array_ty(aty.ndim).get_undef();
        v = self
            .b
            .build_insert_value(v, mi, ARR_MEMINFO, "")?
            .into_struct_value();
        v = self
            .b
            .build_insert_value(v, ptr.const_null(), ARR_PARENT, "")?
            .into_struct_value();
        v = self
            .b
            .build_insert_value(v, nitems, ARR_NITEMS, "")?
            .into_struct_value();
        v = self
            .b
            .build_insert_value(v, self.i64c(itemsize), ARR_ITEMSIZE, "")?
            .into_struct_value();
        v = self
            .b
            .build_insert_value(v, data, ARR_DATA, "")?
            .into_struct_value();
        self.set_dims(v, aty.ndim, shape, &strides)
    }

    /// Strides of a contiguous array of `shape` (C, or F for `Layout::F`).
    fn contiguous_strides_of(
        &self,
        shape: &[IntValue<'ctx>],
        itemsize: i64,
        layout: Layout,
    ) -> EResult<Vec<IntValue<'ctx>>> {
        let n = shape.len();
        let mut strides = vec![self.i64c(itemsize); n];
        let order: Vec<usize> = if layout == Layout::F {
            (0..n).collect()
        } else {
            (0..n).rev().collect()
        };
        let mut acc = self.i64c(itemsize);
        for &d in &order {
            strides[d] = acc;
            acc = self.b.build_int_mul(acc, shape[d], "")?;
        }
        Ok(strides)
    }

    /// Pointer to element `k` of a contiguous buffer of `d` starting at `data`.
    fn nth_ptr(
        &self,
        data: PointerValue<'ctx>,
        d: Scalar,
        k: IntValue<'ctx>,
    ) -> EResult<PointerValue<'ctx>> {
        // SAFETY: a scalar pointee with one i64 index is a well-formed GEP; callers pass k
        // inside the buffer.
        Ok(unsafe {
            self.b
                .build_in_bounds_gep(self.em.mem_scalar_ty(d), data, &[k], "")?
        })
    }

    /// Pointer `bytes` bytes after `p`.
    fn byte_ptr(
        &self,
        p: PointerValue<'ctx>,
        bytes: IntValue<'ctx>,
    ) -> EResult<PointerValue<'ctx>> {
        // SAFETY: an i8 pointee with one i64 index is a well-formed GEP; callers stay inside
        // the array.
        Ok(unsafe {
            self.b
                .build_in_bounds_gep(self.ctx().i8_type(), p, &[bytes], "")?
        })
    }

    /// The shape of an array as values.
    fn shape_of(&self, arr: StructValue<'ctx>, ndim: u8) -> EResult<Vec<IntValue<'ctx>>> {
        (0..ndim as u32).map(|d| self.arr_shape(arr, d)).collect()
    }

    /// The unit value of `None`.
    fn none_value(&self) -> BasicValueEnum<'ctx> {
        self.ctx().i8_type().const_zero().into()
    }
}
