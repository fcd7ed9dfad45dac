//! Dicts (`Ty::Dict`): a pointer to the MemInfo of an `oxjit_runtime::dict` object.
//!
//! ```text
//! %key = alloca [n x i64]                 ; the key in the slot layout (entry.rs's slot code)
//! %v   = call ptr @oxjit_rt_dict_lookup(ptr %mi, ptr %key)   ; the value's address, or null
//! br (%v == null), raise.KeyError, found  ; `d[k]`
//! found: read_slot(%v)                    ; a borrowed value (the dict keeps its reference)
//! ```
//!
//! Lookups, insertions and deletions call the runtime, which hashes and compares keys from the
//! key descriptor (`typeck::dicts::key_layout`); `len` and iteration read the header inline.
//! Values stored into the dict (and into lists, see `list.rs`) hand it a reference of their
//! own ([`FnCx::store_ref`]): counted values are incremented, and an array borrowed from
//! Python (null MemInfo, `parent` = the ndarray) is *adopted*: it gets a MemInfo holding a
//! reference to the ndarray (`oxjit_rt_adopt_object`), so the container keeps its memory alive
//! after the call. Values taken out by `pop`/`popitem` come with the dict's reference (the
//! intrinsics are named `dict.new_*`, which `refcount.rs` counts as new references).
//!
//! A `for` loop over a dict holds a `{ptr dict, i64 len}` state (`dict.iter_start`, which packs
//! the entries first); the loop runs while the dict keeps that length, and item `i` is the
//! `i`-th entry.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::mir::Operand;
use oxjit_frontend::types::{DictTy, DictViewKind};
use oxjit_frontend::Ty;
use oxjit_runtime::dict::{DICT_ENTRIES_OFFSET, DICT_ENTRY_SIZE_OFFSET, DICT_NENTRIES_OFFSET, DICT_USED_OFFSET, ENTRY_KEY_OFFSET};
use oxjit_runtime::{ExcKind, MEMINFO_DATA_OFFSET};

use super::entry::{read_slot, write_slot};
use super::refcount::has_refs;
use super::types::{ARR_DATA, ARR_MEMINFO, ARR_PARENT};
use super::{ice, EResult, FnCx};

/// The key and value types of a dict type (or of a view of one).
fn kv(t: &Ty) -> EResult<(&Ty, &Ty)> {
    let d: &DictTy = match t {
        Ty::Dict(d) => d,
        Ty::DictView(v) => &v.dict,
        _ => return ice(format!("dict operation on `{t}`")),
    };
    match (&d.key, &d.value) {
        (Some(k), Some(v)) => Ok((k, v)),
        _ => ice(format!("dict operation on `{t}` whose types are unknown")),
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    fn dptr_ty(&self) -> BasicTypeEnum<'ctx> {
        self.ctx().ptr_type(AddressSpace::default()).into()
    }

    fn dict_gep(&self, p: PointerValue<'ctx>, off: usize) -> EResult<PointerValue<'ctx>> {
        // SAFETY: constant offsets inside the MemInfo header, the dict header or one entry.
        Ok(unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), p, &[self.i64c(off as i64)], "")? })
    }

    fn dict_header(&self, mi: PointerValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let p = self.dict_gep(mi, MEMINFO_DATA_OFFSET)?;
        Ok(self.b.build_load(self.dptr_ty(), p, "dict")?.into_pointer_value())
    }

    fn dict_field(&self, mi: PointerValue<'ctx>, off: usize) -> EResult<IntValue<'ctx>> {
        let h = self.dict_header(mi)?;
        let p = self.dict_gep(h, off)?;
        Ok(self.b.build_load(self.ctx().i64_type(), p, "")?.into_int_value())
    }

    /// A stack buffer for one key or value of type `t` (8-byte words).
    fn slot_buf(&self, t: &Ty, name: &str) -> EResult<PointerValue<'ctx>> {
        let words = t.slot_size().div_ceil(8).max(1) as u32;
        self.alloca(self.ctx().i64_type().array_type(words).into(), name)
    }

    fn rt_call_ptr(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<PointerValue<'ctx>> {
        let f = self.em.extern_fn(name, self.dptr_ty(), params);
        Ok(self.call_value(f, args, "")?.into_pointer_value())
    }

    fn rt_call_i32(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<IntValue<'ctx>> {
        let f = self.em.extern_fn(name, self.ctx().i32_type().into(), params);
        Ok(self.call_value(f, args, "")?.into_int_value())
    }

    fn rt_call_void(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<()> {
        let f = self.em.extern_void_fn(name, params);
        let args: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        self.b.build_call(f, &args, "")?;
        Ok(())
    }

    /// A new empty dict for keys `k` and values `v`.
    fn new_dict(&self, k: &Ty, v: &Ty) -> EResult<PointerValue<'ctx>> {
        let Some((kinds, words)) = oxjit_frontend::typeck::dicts::key_layout(k) else {
            return ice(format!("dict keys of `{k}`"));
        };
        let i64t = self.ctx().i64_type();
        let p: BasicTypeEnum = i64t.into();
        let c = |x: u64| i64t.const_int(x, false).into();
        self.rt_call_ptr(
            "oxjit_rt_dict_new",
            &[p, p, p, p, p],
            &[c(kinds), c(words as u64), c(0), c(v.slot_size() as u64), c(oxjit_frontend::lists::ref_mask(v))],
        )
    }

    /// One more reference to every counted value in `v` (of type `t`), for a container that
    /// stores it: arrays borrowed from Python (null MemInfo, a parent) are adopted instead, and
    /// the returned value carries their new MemInfo.
    pub fn store_ref(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        match t {
            Ty::Array(_) => {
                let s = self.as_struct(v)?;
                let mi = self.as_ptr(self.b.build_extract_value(s, ARR_MEMINFO, "mi")?)?;
                let parent = self.as_ptr(self.b.build_extract_value(s, ARR_PARENT, "parent")?)?;
                let data = self.b.build_extract_value(s, ARR_DATA, "data")?;
                let borrowed = self.b.build_and(self.b.build_is_null(mi, "")?, self.b.build_is_not_null(parent, "")?, "borrowed")?;
                let adopt_bb = self.new_block("store.adopt");
                let count_bb = self.new_block("store.count");
                let done = self.new_block("store.done");
                self.b.build_conditional_branch(borrowed, adopt_bb, count_bb)?;
                self.b.position_at_end(adopt_bb);
                let ptr = self.dptr_ty();
                let new_mi = self.rt_call_ptr("oxjit_rt_adopt_object", &[ptr, ptr], &[parent.into(), data])?;
                let adopt_end = self.b.get_insert_block().unwrap_or(adopt_bb);
                self.b.build_unconditional_branch(done)?;
                self.b.position_at_end(count_bb);
                self.incref(v, t)?;
                let count_end = self.b.get_insert_block().unwrap_or(count_bb);
                self.b.build_unconditional_branch(done)?;
                self.b.position_at_end(done);
                let phi = self.b.build_phi(ptr, "mi")?;
                phi.add_incoming(&[(&new_mi, adopt_end), (&mi, count_end)]);
                Ok(self.b.build_insert_value(s, phi.as_basic_value(), ARR_MEMINFO, "")?.into_struct_value().into())
            }
            Ty::Tuple(items) if has_refs(t) => {
                let mut s = self.as_struct(v)?;
                for (i, it) in items.iter().enumerate() {
                    if has_refs(it) {
                        let e = self.b.build_extract_value(s, i as u32, "")?;
                        let e = self.store_ref(e, it)?;
                        s = self.b.build_insert_value(s, e, i as u32, "")?.into_struct_value();
                    }
                }
                Ok(s.into())
            }
            _ => {
                self.incref(v, t)?;
                Ok(v)
            }
        }
    }

    /// The key given by `args` (one value, or the parts of a tuple key, `d[a, b]`) as a key of
    /// type `k`, written into a new stack buffer.
    fn key_buf(&self, args: &[BasicValueEnum<'ctx>], k: &Ty) -> EResult<PointerValue<'ctx>> {
        let key = match args {
            [one] => *one,
            parts => {
                let mut s = self.em.llty(k).into_struct_type().get_undef();
                for (i, p) in parts.iter().enumerate() {
                    s = self.b.build_insert_value(s, *p, i as u32, "")?.into_struct_value();
                }
                s.into()
            }
        };
        let buf = self.slot_buf(k, "key")?;
        write_slot(self, buf, 0, k, key)?;
        Ok(buf)
    }

    fn lookup(&self, mi: PointerValue<'ctx>, key: PointerValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let ptr = self.dptr_ty();
        self.rt_call_ptr("oxjit_rt_dict_lookup", &[ptr, ptr], &[mi.into(), key.into()])
    }

    /// Inserts `key` → `value` (already converted to the dict's types).
    fn insert(&self, mi: PointerValue<'ctx>, k: &Ty, v: &Ty, key: BasicValueEnum<'ctx>, value: BasicValueEnum<'ctx>, setdefault: bool) -> EResult<PointerValue<'ctx>> {
        let key = self.store_ref(key, k)?;
        let value = self.store_ref(value, v)?;
        let kb = self.slot_buf(k, "key")?;
        write_slot(self, kb, 0, k, key)?;
        let vb = self.slot_buf(v, "value")?;
        write_slot(self, vb, 0, v, value)?;
        let ptr = self.dptr_ty();
        if setdefault {
            return self.rt_call_ptr("oxjit_rt_dict_setdefault", &[ptr, ptr, ptr], &[mi.into(), kb.into(), vb.into()]);
        }
        self.rt_call_void("oxjit_rt_dict_insert", &[ptr, ptr, ptr], &[mi.into(), kb.into(), vb.into()])?;
        Ok(vb)
    }

    fn dict_none(&self) -> BasicValueEnum<'ctx> {
        self.ctx().i8_type().const_zero().into()
    }

    /// `cond ? then() : other()` as values of type `t` (blocks and a phi).
    fn select_with(
        &self,
        cond: IntValue<'ctx>,
        t: &Ty,
        then: &dyn Fn(&Self) -> EResult<BasicValueEnum<'ctx>>,
        other: &dyn Fn(&Self) -> EResult<BasicValueEnum<'ctx>>,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let a = self.new_block("sel.then");
        let b = self.new_block("sel.else");
        let done = self.new_block("sel.done");
        self.b.build_conditional_branch(cond, a, b)?;
        self.b.position_at_end(a);
        let va = then(self)?;
        let a_end = self.b.get_insert_block().unwrap_or(a);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(b);
        let vb = other(self)?;
        let b_end = self.b.get_insert_block().unwrap_or(b);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.em.llty(t), "sel")?;
        phi.add_incoming(&[(&va, a_end), (&vb, b_end)]);
        Ok(phi.as_basic_value())
    }

    /// The `dict.*` intrinsics (see `oxjit_frontend::typeck::dicts`); `args` are converted to `params`.
    pub fn dict_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let ptr = self.dptr_ty();
        let i64t: BasicTypeEnum = self.ctx().i64_type().into();
        let dict = |k: usize| -> EResult<PointerValue<'ctx>> {
            match args.get(k) {
                Some(v) => self.as_ptr(*v),
                None => ice(format!("dict.{op}: missing argument {k}")),
            }
        };
        match op {
            "new_build" | "new_empty" => {
                let (k, v) = kv(rty)?;
                let mi = self.new_dict(k, v)?;
                if op == "new_build" {
                    for pair in args.chunks(2) {
                        let [key, value] = pair else { return ice("dict display with an odd number of operands") };
                        self.insert(mi, k, v, *key, *value, false)?;
                    }
                }
                Ok(mi.into())
            }
            "len" => Ok(self.dict_field(dict(0)?, DICT_USED_OFFSET)?.into()),
            "truth" => {
                let n = self.dict_field(dict(0)?, DICT_USED_OFFSET)?;
                Ok(self.b.build_int_compare(IntPredicate::NE, n, self.i64c(0), "")?.into())
            }
            "getitem" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_buf(&args[1..], k)?;
                let p = self.lookup(dict(0)?, key)?;
                self.raise_if(self.b.build_is_null(p, "")?, ExcKind::KeyError, None)?;
                read_slot(self, p, 0, v)
            }
            "contains" | "not_contains" => {
                let (k, _) = kv(&params[0])?;
                let key = self.key_buf(&args[1..], k)?;
                let p = self.lookup(dict(0)?, key)?;
                let found = if op == "contains" { self.b.build_is_not_null(p, "in")? } else { self.b.build_is_null(p, "not_in")? };
                Ok(found.into())
            }
            "get" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_buf(&args[1..2], k)?;
                let p = self.lookup(dict(0)?, key)?;
                let default = args[2];
                self.select_with(self.b.build_is_not_null(p, "")?, v, &|cx| read_slot(cx, p, 0, v), &|_| Ok(default))
            }
            "get_optional" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_buf(&args[1..], k)?;
                let p = self.lookup(dict(0)?, key)?;
                let found = self.b.build_is_not_null(p, "")?;
                let value = self.select_with(found, v, &|cx| read_slot(cx, p, 0, v), &|cx| Ok(cx.em.llty(v).const_zero()))?;
                self.make_optional(found, value, rty)
            }
            "new_pop" | "new_pop_default" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_buf(&args[1..2], k)?;
                let out = self.slot_buf(v, "popped")?;
                let st = self.rt_call_i32("oxjit_rt_dict_pop", &[ptr, ptr, ptr], &[dict(0)?.into(), key.into(), out.into()])?;
                let found = self.b.build_int_compare(IntPredicate::NE, st, self.i32c(0), "")?;
                if op == "new_pop" {
                    self.raise_if(self.b.build_not(found, "")?, ExcKind::KeyError, None)?;
                    return read_slot(self, out, 0, v);
                }
                let default = args[2];
                // The result is a new reference either way: the default gets one of its own.
                self.select_with(found, v, &|cx| read_slot(cx, out, 0, v), &|cx| {
                    cx.incref(default, v)?;
                    Ok(default)
                })
            }
            "new_popitem" => {
                let (k, v) = kv(&params[0])?;
                let kb = self.slot_buf(k, "key")?;
                let vb = self.slot_buf(v, "value")?;
                let st = self.rt_call_i32("oxjit_rt_dict_popitem", &[ptr, ptr, ptr], &[dict(0)?.into(), kb.into(), vb.into()])?;
                let empty = self.b.build_int_compare(IntPredicate::EQ, st, self.i32c(0), "")?;
                self.raise_if(empty, ExcKind::KeyError, Some("popitem(): dictionary is empty"))?;
                let key = read_slot(self, kb, 0, k)?;
                let value = read_slot(self, vb, 0, v)?;
                let mut s = self.em.llty(rty).into_struct_type().get_undef();
                s = self.b.build_insert_value(s, key, 0, "")?.into_struct_value();
                s = self.b.build_insert_value(s, value, 1, "")?.into_struct_value();
                Ok(s.into())
            }
            "setdefault" => {
                let (k, v) = kv(&params[0])?;
                let p = self.insert(dict(0)?, k, v, args[1], args[2], true)?;
                read_slot(self, p, 0, v)
            }
            "delitem" => {
                let (k, _) = kv(&params[0])?;
                let key = self.key_buf(&args[1..], k)?;
                let st = self.rt_call_i32("oxjit_rt_dict_delete", &[ptr, ptr], &[dict(0)?.into(), key.into()])?;
                let missing = self.b.build_int_compare(IntPredicate::EQ, st, self.i32c(0), "")?;
                self.raise_if(missing, ExcKind::KeyError, None)?;
                Ok(self.dict_none())
            }
            "view" => Ok(dict(0)?.into()),
            "new_copy" => Ok(self.rt_call_ptr("oxjit_rt_dict_copy", &[ptr], &[dict(0)?.into()])?.into()),
            "clear" => {
                self.rt_call_void("oxjit_rt_dict_clear", &[ptr], &[dict(0)?.into()])?;
                Ok(self.dict_none())
            }
            "update" => {
                self.rt_call_void("oxjit_rt_dict_update", &[ptr, ptr], &[dict(0)?.into(), dict(1)?.into()])?;
                Ok(self.dict_none())
            }
            "iter_start" => {
                let mi = dict(0)?;
                self.pack(mi)?;
                let n = self.dict_field(mi, DICT_USED_OFFSET)?;
                let mut s = self.em.llty(rty).into_struct_type().get_undef();
                s = self.b.build_insert_value(s, mi, 0, "")?.into_struct_value();
                s = self.b.build_insert_value(s, n, 1, "")?.into_struct_value();
                Ok(s.into())
            }
            "iter_len" => {
                let s = self.as_struct(args[0])?;
                let mi = self.as_ptr(self.b.build_extract_value(s, 0, "")?)?;
                let n0 = self.b.build_extract_value(s, 1, "")?.into_int_value();
                let n = self.dict_field(mi, DICT_USED_OFFSET)?;
                // Numba's iterator stops when the dict's size changed.
                let same = self.b.build_int_compare(IntPredicate::EQ, n, n0, "")?;
                Ok(self.b.build_select(same, n0, self.i64c(0), "")?)
            }
            "iter_item" => {
                let Ty::DictView(view) = &params[0] else { return ice("dict.iter_item on a non-iterator") };
                let (k, v) = kv(&params[0])?;
                let s = self.as_struct(args[0])?;
                let mi = self.as_ptr(self.b.build_extract_value(s, 0, "")?)?;
                self.pack(mi)?;
                let h = self.dict_header(mi)?;
                let entries = self.b.build_load(ptr, self.dict_gep(h, DICT_ENTRIES_OFFSET)?, "entries")?.into_pointer_value();
                let size = self.b.build_load(i64t, self.dict_gep(h, DICT_ENTRY_SIZE_OFFSET)?, "entry_size")?.into_int_value();
                let off = self.b.build_int_mul(self.as_int(args[1])?, size, "")?;
                // SAFETY: `i < len`: inside the packed entries.
                let e = unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), entries, &[off], "entry")? };
                let key_at = ENTRY_KEY_OFFSET;
                let val_at = ENTRY_KEY_OFFSET + k.slot_size();
                match view.kind {
                    DictViewKind::Keys => read_slot(self, e, key_at, k),
                    DictViewKind::Values => read_slot(self, e, val_at, v),
                    DictViewKind::Items => {
                        let key = read_slot(self, e, key_at, k)?;
                        let value = read_slot(self, e, val_at, v)?;
                        let mut t = self.em.llty(rty).into_struct_type().get_undef();
                        t = self.b.build_insert_value(t, key, 0, "")?.into_struct_value();
                        t = self.b.build_insert_value(t, value, 1, "")?.into_struct_value();
                        Ok(t.into())
                    }
                }
            }
            _ => ice(format!("dict intrinsic `dict.{op}` has no lowering")),
        }
    }

    /// Packs the dict's entries when deletions left holes (inline test, runtime call).
    fn pack(&self, mi: PointerValue<'ctx>) -> EResult<()> {
        let n = self.dict_field(mi, DICT_USED_OFFSET)?;
        let m = self.dict_field(mi, DICT_NENTRIES_OFFSET)?;
        let holes = self.b.build_int_compare(IntPredicate::NE, n, m, "holes")?;
        let pack_bb = self.new_block("dict.pack");
        let done = self.new_block("dict.packed");
        self.cond_br_unlikely(holes, pack_bb, done)?;
        self.b.position_at_end(pack_bb);
        self.rt_call_void("oxjit_rt_dict_compact", &[self.dptr_ty()], &[mi.into()])?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// `d[k] = v` (`d[a, b] = v` for a tuple key).
    pub fn dict_setitem(&self, base: &Operand, idx: &[Operand], value: &Operand) -> EResult<()> {
        let (d, dt) = self.operand(base)?;
        let (k, v) = kv(&dt)?;
        let key = match idx {
            [one] => self.operand_as(one, k)?,
            parts => {
                let Ty::Tuple(items) = k else { return ice(format!("a key of {} parts for keys of `{k}`", parts.len())) };
                let mut s = self.em.llty(k).into_struct_type().get_undef();
                for (i, (p, t)) in parts.iter().zip(items.iter()).enumerate() {
                    let x = self.operand_as(p, t)?;
                    s = self.b.build_insert_value(s, x, i as u32, "")?.into_struct_value();
                }
                s.into()
            }
        };
        let val = self.operand_as(value, v)?;
        self.insert(self.as_ptr(d)?, k, v, key, val, false)?;
        Ok(())
    }

    /// `{present, value}` of an optional type `t`.
    pub fn make_optional(&self, present: IntValue<'ctx>, value: BasicValueEnum<'ctx>, t: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let mut s = self.em.llty(t).into_struct_type().get_undef();
        s = self.b.build_insert_value(s, present, 0, "")?.into_struct_value();
        s = self.b.build_insert_value(s, value, 1, "")?.into_struct_value();
        Ok(s.into())
    }
}
