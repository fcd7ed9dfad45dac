//! Strings (`Ty::Str`): `{ ptr meminfo, ptr data, i64 len, i64 kind }` (`oxjit_runtime::str`).
//!
//! ```text
//! ; m == "mean": lengths, then kinds, then memcmp of a constant size (no call at -O3)
//! %same = icmp eq i64 %m.len, 4
//! br %same, label %kind, label %done
//! kind:  br (icmp eq i64 %m.kind, 1), label %fast, label %slow      ; slow: code points (rare)
//! fast:  %c = call i32 @memcmp(ptr %m.data, ptr @oxjit.str.lit, i64 4)
//! ```
//!
//! Reading (`len`, `ord`, `s[i]`, comparisons) is inline; `s[i]` is a one-character view of
//! `s` (its MemInfo gains a reference), so iterating a string allocates nothing. Everything
//! that builds, searches or splits calls the runtime (`oxjit_rt_str_*`), which writes the new
//! string into a stack slot and returns a status (`1`: out of memory, `2`: the operation's
//! `ValueError`). Every intrinsic named `str.new_*` returns a new reference (`refcount.rs`).

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValue, BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::mir::CmpOp;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::str::{ST_MEMORY, ST_VALUE};
use oxjit_runtime::ExcKind;

use super::{ice, EResult, Emitter, FnCx};

pub(crate) const STR_MEMINFO: u32 = 0;
pub(crate) const STR_DATA: u32 = 1;
pub(crate) const STR_LEN: u32 = 2;
pub(crate) const STR_KIND: u32 = 3;

/// The parts of a string value.
pub(crate) struct StrParts<'ctx> {
    pub mi: PointerValue<'ctx>,
    pub data: PointerValue<'ctx>,
    pub len: IntValue<'ctx>,
    pub kind: IntValue<'ctx>,
}

impl<'ctx> Emitter<'ctx> {
    /// `{ ptr, ptr, i64, i64 }`.
    pub fn str_ty(&self) -> StructType<'ctx> {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        self.ctx.struct_type(&[ptr.into(), ptr.into(), i64t.into(), i64t.into()], false)
    }

    /// A string constant: its code points in their narrowest kind, as private constant data
    /// aligned to the kind (deduplicated by content), with no MemInfo.
    pub fn const_str(&self, text: &str) -> StructValue<'ctx> {
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        let max = cps.iter().copied().max().unwrap_or(0);
        let kind: usize = if max < 0x100 {
            1
        } else if max < 0x10000 {
            2
        } else {
            4
        };
        let mut bytes = Vec::with_capacity(cps.len() * kind);
        for c in &cps {
            bytes.extend_from_slice(&c.to_le_bytes()[..kind]);
        }
        let g = self.const_str_data(&bytes, kind as u32);
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        self.str_ty().const_named_struct(&[
            ptr.const_null().into(),
            g.as_pointer_value().into(),
            i64t.const_int(cps.len() as u64, false).into(),
            i64t.const_int(kind as u64, false).into(),
        ])
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    fn ptr_t(&self) -> BasicTypeEnum<'ctx> {
        self.ctx().ptr_type(AddressSpace::default()).into()
    }

    fn i64_t(&self) -> BasicTypeEnum<'ctx> {
        self.ctx().i64_type().into()
    }

    pub(crate) fn str_parts(&self, v: BasicValueEnum<'ctx>) -> EResult<StrParts<'ctx>> {
        let s = self.as_struct(v)?;
        let b = &self.b;
        Ok(StrParts {
            mi: self.as_ptr(b.build_extract_value(s, STR_MEMINFO, "s.mi")?)?,
            data: self.as_ptr(b.build_extract_value(s, STR_DATA, "s.data")?)?,
            len: self.as_int(b.build_extract_value(s, STR_LEN, "s.len")?)?,
            kind: self.as_int(b.build_extract_value(s, STR_KIND, "s.kind")?)?,
        })
    }

    fn make_str(&self, p: &StrParts<'ctx>) -> EResult<BasicValueEnum<'ctx>> {
        let mut v = self.em.str_ty().get_undef();
        let fields: [BasicValueEnum<'ctx>; 4] = [p.mi.into(), p.data.into(), p.len.into(), p.kind.into()];
        for (k, f) in fields.into_iter().enumerate() {
            v = self.b.build_insert_value(v, f, k as u32, "")?.into_struct_value();
        }
        Ok(v.into())
    }

    /// The `(data, len, kind)` arguments of a runtime call for string `v`.
    fn str_args(&self, v: BasicValueEnum<'ctx>) -> EResult<[BasicValueEnum<'ctx>; 3]> {
        let p = self.str_parts(v)?;
        Ok([p.data.into(), p.len.into(), p.kind.into()])
    }

    /// The declaration parameter types of `(data, len, kind)`.
    fn str_params(&self) -> [BasicTypeEnum<'ctx>; 3] {
        [self.ptr_t(), self.i64_t(), self.i64_t()]
    }

    /// Raises `MemoryError` for status 1 and `ValueError(value_msg)` (or `kind(msg)`) for 2.
    fn check_str_status(&self, st: IntValue<'ctx>, value: Option<(ExcKind, &str)>) -> EResult<()> {
        let oom = self.b.build_int_compare(IntPredicate::EQ, st, self.i32c(ST_MEMORY), "")?;
        self.raise_if(oom, ExcKind::MemoryError, Some("cannot allocate memory for a string"))?;
        if let Some((kind, msg)) = value {
            let bad = self.b.build_int_compare(IntPredicate::EQ, st, self.i32c(ST_VALUE), "")?;
            self.raise_if(bad, kind, Some(msg))?;
        }
        Ok(())
    }

    /// Calls runtime function `name(out, args...)`, which writes a string into `out`; checks
    /// its status and loads the string.
    fn rt_str_out(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>], value: Option<(ExcKind, &str)>) -> EResult<BasicValueEnum<'ctx>> {
        let st_ty = self.em.str_ty();
        let out = self.alloca(st_ty.into(), "str.out")?;
        let mut ps = vec![self.ptr_t()];
        ps.extend_from_slice(params);
        let mut vs: Vec<BasicValueEnum<'ctx>> = vec![out.into()];
        vs.extend_from_slice(args);
        let f = self.em.extern_fn(name, self.ctx().i32_type().into(), &ps);
        let st = self.call_value(f, &vs, "st")?.into_int_value();
        self.check_str_status(st, value)?;
        Ok(self.b.build_load(st_ty, out, "str")?)
    }

    fn rt_i64(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<IntValue<'ctx>> {
        let f = self.em.extern_fn(name, self.i64_t(), params);
        Ok(self.call_value(f, args, "")?.into_int_value())
    }

    fn rt_i32(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<IntValue<'ctx>> {
        let f = self.em.extern_fn(name, self.ctx().i32_type().into(), params);
        Ok(self.call_value(f, args, "")?.into_int_value())
    }

    /// Code point `i` of a string with `data` and `kind` (as i64; `i` must be in range).
    fn code_point(&self, data: PointerValue<'ctx>, kind: IntValue<'ctx>, i: IntValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let ctx = self.ctx();
        let i64t = ctx.i64_type();
        let k1 = self.new_block("cp.1");
        let k2 = self.new_block("cp.2");
        let k4 = self.new_block("cp.4");
        let done = self.new_block("cp.done");
        self.b.build_switch(kind, k4, &[(i64t.const_int(1, false), k1), (i64t.const_int(2, false), k2)])?;
        let mut incoming: Vec<(IntValue<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)> = Vec::new();
        for (bb, t) in [(k1, ctx.i8_type()), (k2, ctx.i16_type()), (k4, ctx.i32_type())] {
            self.b.position_at_end(bb);
            // SAFETY: `i` is inside the string (checked by the callers); elements of the kind's width.
            let p = unsafe { self.b.build_in_bounds_gep(t, data, &[i], "")? };
            let ld = self.b.build_load(t, p, "")?;
            if let Some(inst) = ld.as_instruction_value() {
                // Literals are aligned to their kind; Python's data and runtime blocks more.
                let _ = inst.set_alignment(t.get_bit_width() / 8);
            }
            let c = self.b.build_int_z_extend(ld.into_int_value(), i64t, "cp")?;
            incoming.push((c, self.b.get_insert_block().unwrap_or(bb)));
            self.b.build_unconditional_branch(done)?;
        }
        self.b.position_at_end(done);
        let phi = self.b.build_phi(i64t, "cp")?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(phi.as_basic_value().into_int_value())
    }

    /// `a == b`: equal lengths, then (equal kinds) `memcmp` of the bytes or (different kinds,
    /// rare) the runtime's code-point comparison. No allocation; with a literal on one side
    /// the size is a constant and LLVM compares in registers.
    pub fn str_eq(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> EResult<IntValue<'ctx>> {
        let (pa, pb) = (self.str_parts(a)?, self.str_parts(b)?);
        let bld = &self.b;
        let Some(start) = bld.get_insert_block() else { return ice("string comparison outside a block") };
        let same_len = bld.build_int_compare(IntPredicate::EQ, pa.len, pb.len, "same.len")?;
        let kind_bb = self.new_block("streq.kind");
        let fast = self.new_block("streq.bytes");
        let slow = self.new_block("streq.cps");
        let done = self.new_block("streq.done");
        bld.build_conditional_branch(same_len, kind_bb, done)?;
        bld.position_at_end(kind_bb);
        let same_kind = bld.build_int_compare(IntPredicate::EQ, pa.kind, pb.kind, "same.kind")?;
        self.cond_br_unlikely(bld.build_not(same_kind, "")?, slow, fast)?;
        bld.position_at_end(fast);
        // The constant side's length and kind, so the size folds for a literal.
        let (len, kind) = if pa.len.is_const() { (pa.len, pa.kind) } else { (pb.len, pb.kind) };
        let nbytes = bld.build_int_mul(len, kind, "nbytes")?;
        let memcmp = self.em.extern_fn("memcmp", self.ctx().i32_type().into(), &[self.ptr_t(), self.ptr_t(), self.i64_t()]);
        let c = self.call_value(memcmp, &[pa.data.into(), pb.data.into(), nbytes.into()], "")?.into_int_value();
        let eq_fast = bld.build_int_compare(IntPredicate::EQ, c, self.i32c(0), "")?;
        let fast_end = bld.get_insert_block().unwrap_or(fast);
        bld.build_unconditional_branch(done)?;
        bld.position_at_end(slow);
        let ps = [self.ptr_t(), self.i64_t(), self.ptr_t(), self.i64_t(), self.i64_t()];
        let r = self.rt_i32("oxjit_rt_str_eq", &ps, &[pa.data.into(), pa.kind.into(), pb.data.into(), pb.kind.into(), pa.len.into()])?;
        let eq_slow = bld.build_int_compare(IntPredicate::NE, r, self.i32c(0), "")?;
        let slow_end = bld.get_insert_block().unwrap_or(slow);
        bld.build_unconditional_branch(done)?;
        bld.position_at_end(done);
        let phi = bld.build_phi(self.ctx().bool_type(), "streq")?;
        phi.add_incoming(&[(&self.bool_c(false), start), (&eq_fast, fast_end), (&eq_slow, slow_end)]);
        Ok(phi.as_basic_value().into_int_value())
    }

    /// `a OP b` on strings (Python's order: by code points).
    pub fn str_compare(&self, op: CmpOp, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> EResult<IntValue<'ctx>> {
        match op {
            CmpOp::Eq => return self.str_eq(a, b),
            CmpOp::NotEq => {
                let eq = self.str_eq(a, b)?;
                return Ok(self.b.build_not(eq, "")?);
            }
            _ => {}
        }
        let pred = match op {
            CmpOp::Lt => IntPredicate::SLT,
            CmpOp::LtE => IntPredicate::SLE,
            CmpOp::Gt => IntPredicate::SGT,
            CmpOp::GtE => IntPredicate::SGE,
            _ => return ice(format!("comparison `{}` on strings", op.symbol())),
        };
        let [sp0, sp1, sp2] = self.str_params();
        let args: Vec<BasicValueEnum<'ctx>> = self.str_args(a)?.into_iter().chain(self.str_args(b)?).collect();
        let c = self.rt_i32("oxjit_rt_str_cmp", &[sp0, sp1, sp2, sp0, sp1, sp2], &args)?;
        Ok(self.b.build_int_compare(pred, c, self.i32c(0), "strcmp")?)
    }

    /// `bool(s)`.
    pub fn str_truth(&self, v: BasicValueEnum<'ctx>) -> EResult<IntValue<'ctx>> {
        let p = self.str_parts(v)?;
        Ok(self.b.build_int_compare(IntPredicate::NE, p.len, self.i64c(0), "nonempty")?)
    }

    /// A `start`/`end` bound of `find` and friends (`None`: `dflt`).
    fn bound(&self, v: BasicValueEnum<'ctx>, t: &Ty, dflt: i64) -> EResult<IntValue<'ctx>> {
        if *t == Ty::None {
            return Ok(self.i64c(dflt));
        }
        self.as_int(self.convert(v, t, &Ty::I64)?)
    }

    /// The single code point of a one-character string `fill` (raising Numba's `ValueError`
    /// otherwise).
    fn fill_char(&self, fill: BasicValueEnum<'ctx>) -> EResult<IntValue<'ctx>> {
        let p = self.str_parts(fill)?;
        let bad = self.b.build_int_compare(IntPredicate::NE, p.len, self.i64c(1), "")?;
        self.raise_if(bad, ExcKind::ValueError, Some("The fill character must be exactly one character long"))?;
        self.code_point(p.data, p.kind, self.i64c(0))
    }

    /// The `str.*` intrinsics (see `oxjit_frontend::strs`); `args` are converted to `params`.
    pub fn str_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let arg = |k: usize| -> EResult<BasicValueEnum<'ctx>> {
            match args.get(k) {
                Some(v) => Ok(*v),
                None => ice(format!("str.{op}: missing argument {k}")),
            }
        };
        let [sp0, sp1, sp2] = self.str_params();
        let (ptr, i64t) = (self.ptr_t(), self.i64_t());
        let i32t: BasicTypeEnum<'ctx> = self.ctx().i32_type().into();
        match op {
            "len" => Ok(self.str_parts(arg(0)?)?.len.into()),
            "new_concat" => {
                let a: Vec<BasicValueEnum<'ctx>> = self.str_args(arg(0)?)?.into_iter().chain(self.str_args(arg(1)?)?).collect();
                self.rt_str_out("oxjit_rt_str_concat", &[sp0, sp1, sp2, sp0, sp1, sp2], &a, None)
            }
            "new_repeat" => {
                let mut a = self.str_args(arg(0)?)?.to_vec();
                a.push(arg(1)?);
                self.rt_str_out("oxjit_rt_str_repeat", &[sp0, sp1, sp2, i64t], &a, None)
            }
            "new_getitem" => {
                let p = self.str_parts(arg(0)?)?;
                let i = self.as_int(arg(1)?)?;
                let b = &self.b;
                let neg = b.build_int_compare(IntPredicate::SLT, i, self.i64c(0), "")?;
                let wrapped = b.build_int_add(i, p.len, "")?;
                let i = b.build_select(neg, wrapped, i, "idx")?.into_int_value();
                let oob = b.build_int_compare(IntPredicate::UGE, i, p.len, "")?;
                self.raise_if(oob, ExcKind::IndexError, Some("string index out of range"))?;
                let off = self.b.build_int_mul(i, p.kind, "")?;
                // SAFETY: `i < len`: a byte offset inside the string's data.
                let data = unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), p.data, &[off], "")? };
                self.incref(arg(0)?, &Ty::Str)?;
                self.make_str(&StrParts { mi: p.mi, data, len: self.i64c(1), kind: p.kind })
            }
            "new_slice" => {
                let p = self.str_parts(arg(0)?)?;
                let s = self.as_struct(arg(1)?)?;
                let part = |k: u32| -> EResult<IntValue<'ctx>> { Ok(self.b.build_extract_value(s, k, "")?.into_int_value()) };
                let (start, step) = (part(0)?, part(2)?);
                let (start, n) = self.slice_indices(start, part(1)?, step, p.len)?;
                let a = [p.mi.into(), p.data.into(), p.len.into(), p.kind.into(), start.into(), step.into(), n.into()];
                self.rt_str_out("oxjit_rt_str_slice", &[ptr, sp0, sp1, sp2, i64t, i64t, i64t], &a, None)
            }
            "contains" | "not_contains" => {
                let found = self.find_call(arg(0)?, arg(1)?, self.i64c(0), self.i64c(i64::MAX), 0)?;
                let pred = if op == "contains" { IntPredicate::SGE } else { IntPredicate::SLT };
                Ok(self.b.build_int_compare(pred, found, self.i64c(0), "")?.into())
            }
            "find" | "rfind" | "index" | "rindex" | "count" | "startswith" | "endswith" => {
                let start = self.bound(arg(2)?, &params[2], 0)?;
                let end = self.bound(arg(3)?, &params[3], i64::MAX)?;
                let code = match op {
                    "find" | "index" => 0,
                    "rfind" | "rindex" => 1,
                    "count" => 2,
                    "startswith" => 3,
                    _ => 4,
                };
                let r = if let Ty::Tuple(items) = &params[1] {
                    // Any of the prefixes.
                    let t = self.as_struct(arg(1)?)?;
                    let mut any = self.i64c(0);
                    for k in 0..items.len() {
                        let item = self.b.build_extract_value(t, k as u32, "")?;
                        let r = self.find_call(arg(0)?, item, start, end, code)?;
                        any = self.b.build_or(any, r, "")?;
                    }
                    any
                } else {
                    self.find_call(arg(0)?, arg(1)?, start, end, code)?
                };
                match op {
                    "index" | "rindex" => {
                        let missing = self.b.build_int_compare(IntPredicate::SLT, r, self.i64c(0), "")?;
                        self.raise_if(missing, ExcKind::ValueError, Some("substring not found"))?;
                        Ok(r.into())
                    }
                    "startswith" | "endswith" => Ok(self.b.build_int_compare(IntPredicate::NE, r, self.i64c(0), "")?.into()),
                    _ => Ok(r.into()),
                }
            }
            "new_strip" | "new_lstrip" | "new_rstrip" => {
                let p = self.str_parts(arg(0)?)?;
                let (cd, cl, ck): (BasicValueEnum<'ctx>, BasicValueEnum<'ctx>, BasicValueEnum<'ctx>) = match params.get(1) {
                    Some(Ty::Str) => {
                        let [d, l, k] = self.str_args(arg(1)?)?;
                        (d, l, k)
                    }
                    _ => (self.ctx().ptr_type(AddressSpace::default()).const_null().into(), self.i64c(0).into(), self.i64c(1).into()),
                };
                let mode = match op {
                    "new_lstrip" => 1,
                    "new_rstrip" => 2,
                    _ => 3,
                };
                let a = [p.mi.into(), p.data.into(), p.len.into(), p.kind.into(), cd, cl, ck, self.i32c(mode).into()];
                self.rt_str_out("oxjit_rt_str_strip", &[ptr, sp0, sp1, sp2, sp0, sp1, sp2, i32t], &a, None)
            }
            "new_upper" | "new_lower" => {
                let mut a = self.str_args(arg(0)?)?.to_vec();
                a.push(self.i32c((op == "new_upper") as i32).into());
                self.rt_str_out("oxjit_rt_str_case", &[sp0, sp1, sp2, i32t], &a, None)
            }
            "isdigit" | "isalpha" | "isspace" => {
                let what = match op {
                    "isdigit" => 0,
                    "isalpha" => 1,
                    _ => 2,
                };
                let mut a = self.str_args(arg(0)?)?.to_vec();
                a.push(self.i32c(what).into());
                let r = self.rt_i32("oxjit_rt_str_is", &[sp0, sp1, sp2, i32t], &a)?;
                let v: BasicValueEnum<'ctx> = if op == "isspace" {
                    self.b.build_int_compare(IntPredicate::NE, r, self.i32c(0), "")?.into()
                } else {
                    self.b.build_int_z_extend(r, self.ctx().i64_type(), "")?.into()
                };
                Ok(v)
            }
            "new_split" => {
                let p = self.str_parts(arg(0)?)?;
                let (sd, sl, sk): (BasicValueEnum<'ctx>, BasicValueEnum<'ctx>, BasicValueEnum<'ctx>) = match params.get(1) {
                    Some(Ty::Str) => {
                        let [d, l, k] = self.str_args(arg(1)?)?;
                        (d, l, k)
                    }
                    _ => (self.ctx().ptr_type(AddressSpace::default()).const_null().into(), self.i64c(0).into(), self.i64c(1).into()),
                };
                let max = self.bound(arg(2)?, &params[2], -1)?;
                let out = self.alloca(ptr, "split.out")?;
                let a = [out.into(), p.mi.into(), p.data.into(), p.len.into(), p.kind.into(), sd, sl, sk, max.into()];
                let st = self.rt_i32("oxjit_rt_str_split", &[ptr, ptr, sp0, sp1, sp2, sp0, sp1, sp2, i64t], &a)?;
                self.check_str_status(st, Some((ExcKind::ValueError, "empty separator")))?;
                Ok(self.b.build_load(ptr, out, "parts")?)
            }
            "new_join" => {
                let mut a = self.str_args(arg(0)?)?.to_vec();
                a.push(arg(1)?);
                self.rt_str_out("oxjit_rt_str_join", &[sp0, sp1, sp2, ptr], &a, None)
            }
            "new_replace" => {
                let p = self.str_parts(arg(0)?)?;
                let mut a: Vec<BasicValueEnum<'ctx>> = vec![p.mi.into(), p.data.into(), p.len.into(), p.kind.into()];
                a.extend(self.str_args(arg(1)?)?);
                a.extend(self.str_args(arg(2)?)?);
                a.push(self.bound(arg(3)?, &params[3], -1)?.into());
                self.rt_str_out("oxjit_rt_str_replace", &[ptr, sp0, sp1, sp2, sp0, sp1, sp2, sp0, sp1, sp2, i64t], &a, None)
            }
            "new_zfill" | "new_center" | "new_ljust" | "new_rjust" => {
                let p = self.str_parts(arg(0)?)?;
                let (mode, fill) = match op {
                    "new_zfill" => (3, self.i64c(b'0' as i64)),
                    _ => {
                        let fill = match params.get(2) {
                            Some(Ty::Str) => self.fill_char(arg(2)?)?,
                            _ => self.i64c(b' ' as i64),
                        };
                        let mode = match op {
                            "new_ljust" => 0,
                            "new_rjust" => 1,
                            _ => 2,
                        };
                        (mode, fill)
                    }
                };
                let a = [p.mi.into(), p.data.into(), p.len.into(), p.kind.into(), arg(1)?, fill.into(), self.i32c(mode).into()];
                self.rt_str_out("oxjit_rt_str_pad", &[ptr, sp0, sp1, sp2, i64t, i64t, i32t], &a, None)
            }
            "new_from_int" => match &params[0] {
                Ty::Scalar(Scalar::Bool) => {
                    let t = self.em.const_str("True");
                    let f = self.em.const_str("False");
                    Ok(self.b.build_select(self.as_int(arg(0)?)?, t, f, "")?)
                }
                Ty::Scalar(s) => {
                    let to = if s.is_unsigned() { Ty::Scalar(Scalar::U64) } else { Ty::I64 };
                    let v = self.convert(arg(0)?, &params[0], &to)?;
                    self.rt_str_out("oxjit_rt_str_from_int", &[i64t, i32t], &[v, self.i32c(s.is_unsigned() as i32).into()], None)
                }
                t => ice(format!("str() of `{t}`")),
            },
            "ord" => {
                let p = self.str_parts(arg(0)?)?;
                let bad = self.b.build_int_compare(IntPredicate::NE, p.len, self.i64c(1), "")?;
                self.raise_if(bad, ExcKind::TypeError, Some("ord() expected a character"))?;
                Ok(self.code_point(p.data, p.kind, self.i64c(0))?.into())
            }
            "new_chr" => self.rt_str_out("oxjit_rt_str_chr", &[i64t], &[arg(0)?], Some((ExcKind::ValueError, "chr() arg not in range(0x10ffff)"))),
            _ => ice(format!("string intrinsic `str.{op}` has no lowering (result `{rty}`)")),
        }
    }

    /// `oxjit_rt_str_find` of `needle` in `hay[start:end]` (`code`: find, rfind, count,
    /// startswith, endswith).
    fn find_call(&self, hay: BasicValueEnum<'ctx>, needle: BasicValueEnum<'ctx>, start: IntValue<'ctx>, end: IntValue<'ctx>, code: i32) -> EResult<IntValue<'ctx>> {
        let [sp0, sp1, sp2] = self.str_params();
        let i64t = self.i64_t();
        let mut a: Vec<BasicValueEnum<'ctx>> = self.str_args(hay)?.to_vec();
        a.extend(self.str_args(needle)?);
        a.extend::<[BasicValueEnum<'ctx>; 3]>([start.into(), end.into(), self.i32c(code).into()]);
        self.rt_i64("oxjit_rt_str_find", &[sp0, sp1, sp2, sp0, sp1, sp2, i64t, i64t, self.ctx().i32_type().into()], &a)
    }
}
