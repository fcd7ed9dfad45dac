//! Dicts (`Ty::Dict`): a pointer to the MemInfo of an `oxjit_runtime::dict` object.
//!
//! ```text
//! %key = alloca [n x i64]                 ; the key in the slot layout (entry.rs's slot code)
//! %v   = call ptr @oxjit_rt_dict_lookup(ptr %mi, ptr %key)   ; the value's address, or null
//! br (%v == null), raise.KeyError, found  ; `d[k]`
//! found: read_slot(%v)                    ; a borrowed value (the dict keeps its reference)
//! ```
//!
//! Lookups are inline ([`FnCx::inline_lookup`]): the key's hash is computed here with the
//! runtime's function (`oxjit_runtime::dict::hash_words`, over the same per-kind words), the
//! index probed and keys compared with their static type; so are `len`, iteration, and the
//! assignment of an existing key. Inserting a new key, deleting and the rest call the runtime,
//! which hashes and compares keys from the key descriptor (`typeck::dicts::key_layout`).
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
use inkwell::values::{BasicValueEnum, FloatValue, IntValue, PointerValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use oxjit_frontend::mir::Operand;
use oxjit_frontend::types::{DictTy, DictViewKind};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::dict::{
    DELETED, DICT_ENTRIES_OFFSET, DICT_ENTRY_SIZE_OFFSET, DICT_INDEX_OFFSET, DICT_MASK_OFFSET, DICT_NENTRIES_OFFSET, DICT_USED_OFFSET, ENTRY_KEY_OFFSET, HASH_MIX,
    HASH_MUL, HASH_SEED, INDEX_DUMMY, INDEX_EMPTY, NAN_BITS, PERTURB_SHIFT,
};
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

    // ----- inline lookup: the runtime's hash, probing and key comparison, emitted -----

    /// `oxjit_runtime::dict`'s float key word: the bits, every NaN the same.
    fn float_word(&self, f: FloatValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let i64t = self.ctx().i64_type();
        let f64v = if f.get_type() == self.ctx().f64_type() { f } else { self.b.build_float_ext(f, self.ctx().f64_type(), "")? };
        let bits = self.b.build_bit_cast(f64v, i64t, "")?.into_int_value();
        let nan = self.b.build_float_compare(FloatPredicate::UNO, f64v, f64v, "")?;
        Ok(self.b.build_select(nan, i64t.const_int(NAN_BITS, false), bits, "")?.into_int_value())
    }

    /// The words of a key of type `k` as the runtime hashes them (`word_hash`).
    fn key_hash_words(&self, key: BasicValueEnum<'ctx>, k: &Ty, out: &mut Vec<IntValue<'ctx>>) -> EResult<()> {
        let i64t = self.ctx().i64_type();
        match k {
            Ty::Scalar(s) => match s {
                Scalar::Bool => out.push(self.b.build_int_z_extend(self.as_int(key)?, i64t, "")?),
                Scalar::I64 | Scalar::U64 => out.push(self.as_int(key)?),
                _ if s.is_signed() => out.push(self.b.build_int_s_extend(self.as_int(key)?, i64t, "")?),
                _ if s.is_unsigned() => out.push(self.b.build_int_z_extend(self.as_int(key)?, i64t, "")?),
                Scalar::F32 | Scalar::F64 => out.push(self.float_word(self.as_float(key)?)?),
                Scalar::C128 => {
                    let (re, im) = self.complex_parts(key)?;
                    out.push(self.float_word(re)?);
                    out.push(self.float_word(im)?);
                }
                Scalar::C64 => {
                    let (re, im) = self.complex_parts(key)?;
                    let (re, im) = (self.float_word(re)?, self.float_word(im)?);
                    let rot = self.b.build_or(self.b.build_left_shift(im, self.i64c(32), "")?, self.b.build_right_shift(im, self.i64c(32), false, "")?, "")?;
                    out.push(self.b.build_xor(re, rot, "")?);
                }
                _ => return ice(format!("dict key of `{k}`")),
            },
            Ty::Tuple(items) => {
                let st = self.as_struct(key)?;
                for (i, t) in items.iter().enumerate() {
                    let x = self.b.build_extract_value(st, i as u32, "")?;
                    self.key_hash_words(x, t, out)?;
                }
            }
            _ => return ice(format!("dict key of `{k}`")),
        }
        Ok(())
    }

    /// The runtime's hash of a key: `int_hash` for one integer (or bool), else `hash_words`.
    fn key_hash(&self, key: BasicValueEnum<'ctx>, k: &Ty) -> EResult<IntValue<'ctx>> {
        let mut words = Vec::new();
        self.key_hash_words(key, k, &mut words)?;
        let i64t = self.ctx().i64_type();
        let c = |x: u64| i64t.const_int(x, false);
        let b = &self.b;
        if let (Ty::Scalar(s), [w]) = (k, words.as_slice()) {
            if s.is_int() || *s == Scalar::Bool {
                let deleted = b.build_int_compare(IntPredicate::EQ, *w, c(DELETED), "")?;
                return Ok(b.build_select(deleted, c(DELETED - 1), *w, "hash")?.into_int_value());
            }
        }
        let mut h = c(HASH_SEED ^ words.len() as u64);
        for w in words {
            h = b.build_int_mul(b.build_xor(h, w, "")?, c(HASH_MUL), "")?;
            h = b.build_xor(h, b.build_right_shift(h, c(31), false, "")?, "")?;
        }
        h = b.build_int_mul(b.build_xor(h, b.build_right_shift(h, c(33), false, "")?, "")?, c(HASH_MIX), "")?;
        h = b.build_xor(h, b.build_right_shift(h, c(33), false, "")?, "h")?;
        let deleted = b.build_int_compare(IntPredicate::EQ, h, c(DELETED), "")?;
        Ok(b.build_select(deleted, c(DELETED - 1), h, "hash")?.into_int_value())
    }

    /// Whether two keys of type `k` are equal (`==`: a NaN equals nothing).
    fn keys_equal(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>, k: &Ty) -> EResult<IntValue<'ctx>> {
        match k {
            Ty::Scalar(s) if s.is_complex() => {
                let (ar, ai) = self.complex_parts(a)?;
                let (br, bi) = self.complex_parts(b)?;
                let r = self.b.build_float_compare(FloatPredicate::OEQ, ar, br, "")?;
                let i = self.b.build_float_compare(FloatPredicate::OEQ, ai, bi, "")?;
                Ok(self.b.build_and(r, i, "")?)
            }
            Ty::Scalar(s) if s.is_float() => Ok(self.b.build_float_compare(FloatPredicate::OEQ, self.as_float(a)?, self.as_float(b)?, "")?),
            Ty::Scalar(_) => Ok(self.b.build_int_compare(IntPredicate::EQ, self.as_int(a)?, self.as_int(b)?, "")?),
            Ty::Tuple(items) => {
                let (sa, sb) = (self.as_struct(a)?, self.as_struct(b)?);
                let mut all = self.bool_c(true);
                for (i, t) in items.iter().enumerate() {
                    let x = self.b.build_extract_value(sa, i as u32, "")?;
                    let y = self.b.build_extract_value(sb, i as u32, "")?;
                    all = self.b.build_and(all, self.keys_equal(x, y, t)?, "")?;
                }
                Ok(all)
            }
            _ => ice(format!("dict key of `{k}`")),
        }
    }

    /// The address of the value of `key` (of type `k`) in the dict `mi` of values `v`, or
    /// null: the runtime's probe, inline.
    ///
    /// ```text
    /// i = hash & mask; perturb = hash
    /// loop: ix = index[i]; EMPTY → miss; DUMMY → next
    ///       e = entries + ix * entry_size; e.hash == hash && e.key == key → found
    ///       next: perturb >>= 5; i = (5 i + perturb + 1) & mask
    /// ```
    pub(crate) fn inline_lookup(&self, mi: PointerValue<'ctx>, k: &Ty, v: &Ty, key: BasicValueEnum<'ctx>) -> EResult<PointerValue<'ctx>> {
        Ok(self.inline_lookup_hash(mi, k, v, key)?.0)
    }

    /// [`Self::inline_lookup`], also giving the key's hash.
    fn inline_lookup_hash(&self, mi: PointerValue<'ctx>, k: &Ty, v: &Ty, key: BasicValueEnum<'ctx>) -> EResult<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let (p, h, _) = self.inline_probe(mi, k, v, key)?;
        Ok((p, h))
    }

    /// The probe itself: the value's address (or null), the key's hash, and the index slot
    /// the probe ended on (the EMPTY slot a new entry for the key takes).
    fn inline_probe(&self, mi: PointerValue<'ctx>, k: &Ty, v: &Ty, key: BasicValueEnum<'ctx>) -> EResult<(PointerValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.ctx().i64_type();
        let i32t = self.ctx().i32_type();
        let ptr = self.dptr_ty();
        let h = self.key_hash(key, k)?;
        let hdr = self.dict_header(mi)?;
        let index = self.b.build_load(ptr, self.dict_gep(hdr, DICT_INDEX_OFFSET)?, "index")?.into_pointer_value();
        let mask = self.b.build_load(i64t, self.dict_gep(hdr, DICT_MASK_OFFSET)?, "mask")?.into_int_value();
        let entries = self.b.build_load(ptr, self.dict_gep(hdr, DICT_ENTRIES_OFFSET)?, "entries")?.into_pointer_value();
        let entry_size = (ENTRY_KEY_OFFSET + k.slot_size() + v.slot_size()) as i64;
        let start = self.b.build_and(h, mask, "")?;
        // The probe sequence is the runtime's (`Probe`): CPython's, with `perturb`.
        let pre = self.b.get_insert_block().ok_or_else(|| super::EmitError(Box::new(oxjit_frontend::Diagnostic::internal("lookup outside a block"))))?;
        let head = self.new_block("probe");
        let check = self.new_block("probe.entry");
        let cmp = self.new_block("probe.key");
        let next = self.new_block("probe.next");
        let found = self.new_block("probe.found");
        let miss = self.new_block("probe.miss");
        let done = self.new_block("probe.done");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let i = self.b.build_phi(i64t, "i")?;
        let perturb = self.b.build_phi(i64t, "perturb")?;
        // SAFETY: `i <= mask`: inside the index table.
        let slot = unsafe { self.b.build_in_bounds_gep(i32t, index, &[i.as_basic_value().into_int_value()], "")? };
        let ix = self.b.build_load(i32t, slot, "ix")?.into_int_value();
        // EMPTY and DUMMY are the two largest values: one test leaves the loop's fast path.
        let special = self.b.build_int_compare(IntPredicate::UGE, ix, i32t.const_int(INDEX_DUMMY as u64, false), "")?;
        let special_bb = self.new_block("probe.special");
        self.b.build_conditional_branch(special, special_bb, check)?;
        self.b.position_at_end(special_bb);
        let empty = self.b.build_int_compare(IntPredicate::EQ, ix, i32t.const_int(INDEX_EMPTY as u64, false), "")?;
        self.b.build_conditional_branch(empty, miss, next)?;
        self.b.position_at_end(check);
        let off = self.b.build_int_nuw_mul(self.b.build_int_z_extend(ix, i64t, "")?, self.i64c(entry_size), "")?;
        // SAFETY: `ix < nentries`: an entry inside the buffer.
        let e = unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), entries, &[off], "e")? };
        let eh = self.b.build_load(i64t, e, "ehash")?.into_int_value();
        let same_hash = self.b.build_int_compare(IntPredicate::EQ, eh, h, "")?;
        self.b.build_conditional_branch(same_hash, cmp, next)?;
        self.b.position_at_end(cmp);
        let stored = read_slot(self, e, ENTRY_KEY_OFFSET, k)?;
        let eq = self.keys_equal(stored, key, k)?;
        self.b.build_conditional_branch(eq, found, next)?;
        self.b.position_at_end(next);
        let p_next = self.b.build_right_shift(perturb.as_basic_value().into_int_value(), self.i64c(PERTURB_SHIFT as i64), false, "")?;
        let i5 = self.b.build_int_mul(i.as_basic_value().into_int_value(), self.i64c(5), "")?;
        let i_next = self.b.build_and(self.b.build_int_add(self.b.build_int_add(i5, p_next, "")?, self.i64c(1), "")?, mask, "")?;
        self.b.build_unconditional_branch(head)?;
        i.add_incoming(&[(&start, pre), (&i_next, next)]);
        perturb.add_incoming(&[(&h, pre), (&p_next, next)]);
        self.b.position_at_end(found);
        let vp = self.dict_gep(e, ENTRY_KEY_OFFSET + k.slot_size())?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(miss);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let r = self.b.build_phi(ptr, "value")?;
        r.add_incoming(&[(&vp, found), (&self.ctx().ptr_type(AddressSpace::default()).const_null(), miss)]);
        let last = self.b.build_phi(i64t, "slot")?;
        let i_now = i.as_basic_value().into_int_value();
        last.add_incoming(&[(&i_now, found), (&i_now, miss)]);
        Ok((r.as_basic_value().into_pointer_value(), h, last.as_basic_value().into_int_value()))
    }

    /// The key value given by `args` (one value, or the parts of a tuple key).
    fn key_value(&self, args: &[BasicValueEnum<'ctx>], k: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        Ok(match args {
            [one] => *one,
            parts => {
                let mut s = self.em.llty(k).into_struct_type().get_undef();
                for (i, p) in parts.iter().enumerate() {
                    s = self.b.build_insert_value(s, *p, i as u32, "")?.into_struct_value();
                }
                s.into()
            }
        })
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
                let key = self.key_value(&args[1..], k)?;
                let p = self.inline_lookup(dict(0)?, k, v, key)?;
                self.raise_if(self.b.build_is_null(p, "")?, ExcKind::KeyError, None)?;
                read_slot(self, p, 0, v)
            }
            "contains" | "not_contains" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_value(&args[1..], k)?;
                let p = self.inline_lookup(dict(0)?, k, v, key)?;
                let found = if op == "contains" { self.b.build_is_not_null(p, "in")? } else { self.b.build_is_null(p, "not_in")? };
                Ok(found.into())
            }
            "get" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_value(&args[1..2], k)?;
                let p = self.inline_lookup(dict(0)?, k, v, key)?;
                let default = args[2];
                self.select_with(self.b.build_is_not_null(p, "")?, v, &|cx| read_slot(cx, p, 0, v), &|_| Ok(default))
            }
            "get_optional" => {
                let (k, v) = kv(&params[0])?;
                let key = self.key_value(&args[1..], k)?;
                let p = self.inline_lookup(dict(0)?, k, v, key)?;
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
        let mi = self.as_ptr(d)?;
        // An existing key: its value is replaced in place (the common `d[k] += x`); a new key
        // goes to the runtime, which may grow the table.
        let (p, h, slot) = self.inline_probe(mi, k, v, key)?;
        let hit = self.new_block("setitem.hit");
        let add = self.new_block("setitem.new");
        let done = self.new_block("setitem.done");
        self.b.build_conditional_branch(self.b.build_is_not_null(p, "")?, hit, add)?;
        self.b.position_at_end(hit);
        let new = self.store_ref(val, v)?;
        if has_refs(v) {
            let old = read_slot(self, p, 0, v)?;
            self.decref(old, v)?;
        }
        write_slot(self, p, 0, v, new)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(add);
        let key = self.store_ref(key, k)?;
        let val = self.store_ref(val, v)?;
        let ptr = self.dptr_ty();
        let i64t: BasicTypeEnum = self.ctx().i64_type().into();
        let at = self.rt_call_ptr("oxjit_rt_dict_add_entry", &[ptr, i64t, i64t], &[mi.into(), h.into(), slot.into()])?;
        write_slot(self, at, 0, k, key)?;
        write_slot(self, at, k.slot_size(), v, val)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
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
