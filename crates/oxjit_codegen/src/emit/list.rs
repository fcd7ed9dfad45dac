//! Lists (`Ty::List`): a pointer to the MemInfo of an `oxjit_runtime::list` object.
//!
//! ```text
//! %data  = load ptr, ptr (%mi + MEMINFO_DATA_OFFSET)      ; the ListData header
//! %len   = load i64, ptr %data                           ; len
//! %items = load ptr, ptr (%data + 16)                    ; items, in the slot layout
//! %item  = %items + i * slot_size(T)                     ; read/written with entry.rs's slot code
//! ```
//!
//! Reads (`len`, `l[i]`) and item stores are inline; growing, inserting, removing, copying
//! and sorting call the runtime (`oxjit_rt_list_*`). Items that hold references (arrays,
//! nested lists) are owned by the list: a stored value is incremented first, a replaced one
//! released, `pop` hands its reference to the caller (the intrinsic's name starts with
//! `list.new`, which `refcount.rs` counts as a new reference), and the runtime keeps the
//! counts of copied items and releases them when the list dies.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::mir::Operand;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::list::{LIST_CAP_OFFSET, LIST_DIRTY_OFFSET, LIST_ITEMS_OFFSET, LIST_LEN_OFFSET};
use oxjit_runtime::{ExcKind, MEMINFO_DATA_OFFSET};

use super::entry::{read_slot, write_slot};
use super::{ice, EResult, FnCx};

/// The element type of a list type.
fn elem_of(t: &Ty) -> EResult<&Ty> {
    match t.list_elem() {
        Some(e) => Ok(e),
        None => ice(format!("list operation on `{t}`")),
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    fn byte_gep(&self, p: PointerValue<'ctx>, off: IntValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        // SAFETY: offsets inside the list header or its items buffer (checked by the callers).
        Ok(unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), p, &[off], "")? })
    }

    fn ptr_ty(&self) -> BasicTypeEnum<'ctx> {
        self.ctx().ptr_type(AddressSpace::default()).into()
    }

    fn list_header(&self, mi: PointerValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let p = self.byte_gep(mi, self.i64c(MEMINFO_DATA_OFFSET as i64))?;
        Ok(self.b.build_load(self.ptr_ty(), p, "list")?.into_pointer_value())
    }

    fn list_len(&self, mi: PointerValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let h = self.list_header(mi)?;
        let p = self.byte_gep(h, self.i64c(LIST_LEN_OFFSET as i64))?;
        Ok(self.b.build_load(self.ctx().i64_type(), p, "len")?.into_int_value())
    }

    /// The address of item `i` (not checked).
    fn list_item(&self, mi: PointerValue<'ctx>, i: IntValue<'ctx>, elem: &Ty) -> EResult<PointerValue<'ctx>> {
        let h = self.list_header(mi)?;
        let p = self.byte_gep(h, self.i64c(LIST_ITEMS_OFFSET as i64))?;
        let items = self.b.build_load(self.ptr_ty(), p, "items")?.into_pointer_value();
        let off = self.b.build_int_mul(i, self.i64c(elem.slot_size() as i64), "")?;
        self.byte_gep(items, off)
    }

    fn set_dirty(&self, mi: PointerValue<'ctx>) -> EResult<()> {
        let h = self.list_header(mi)?;
        let p = self.byte_gep(h, self.i64c(LIST_DIRTY_OFFSET as i64))?;
        self.b.build_store(p, self.i64c(1))?;
        Ok(())
    }

    /// Python's index rule: `i < 0` counts from the end; raises `IndexError(msg)` outside.
    fn list_index(&self, i: IntValue<'ctx>, len: IntValue<'ctx>, msg: &str) -> EResult<IntValue<'ctx>> {
        let neg = self.b.build_int_compare(IntPredicate::SLT, i, self.i64c(0), "")?;
        let wrapped = self.b.build_int_add(i, len, "")?;
        let i = self.b.build_select(neg, wrapped, i, "idx")?.into_int_value();
        // One unsigned test covers both ends.
        let bad = self.b.build_int_compare(IntPredicate::UGE, i, len, "")?;
        self.raise_if(bad, ExcKind::IndexError, Some(msg))?;
        Ok(i)
    }

    fn rt_ptr(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<PointerValue<'ctx>> {
        let f = self.em.extern_fn(name, self.ptr_ty(), params);
        Ok(self.call_value(f, args, "")?.into_pointer_value())
    }

    fn rt_void(&self, name: &str, params: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> EResult<()> {
        let f = self.em.extern_void_fn(name, params);
        let args: Vec<inkwell::values::BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        self.b.build_call(f, &args, "")?;
        Ok(())
    }

    /// A new empty list of `elem` items with room for `cap`.
    fn new_list(&self, elem: &Ty, cap: IntValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let mask = oxjit_frontend::lists::ref_mask(elem);
        let i64t: BasicTypeEnum = self.ctx().i64_type().into();
        let size = self.i64c(elem.slot_size() as i64);
        let mask = self.ctx().i64_type().const_int(mask, false);
        self.rt_ptr("oxjit_rt_list_new", &[i64t, i64t, i64t], &[size.into(), mask.into(), cap.into()])
    }

    fn list_grow(&self, mi: PointerValue<'ctx>, n: IntValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let i64t: BasicTypeEnum = self.ctx().i64_type().into();
        self.rt_ptr("oxjit_rt_list_grow", &[self.ptr_ty(), i64t], &[mi.into(), n.into()])
    }

    /// The address of a new last item: inline while there is room (the common case of an
    /// append loop), through the runtime when the buffer must grow.
    fn list_append_slot(&self, mi: PointerValue<'ctx>, elem: &Ty) -> EResult<PointerValue<'ctx>> {
        let i64t = self.ctx().i64_type();
        let h = self.list_header(mi)?;
        let len_p = self.byte_gep(h, self.i64c(LIST_LEN_OFFSET as i64))?;
        let cap_p = self.byte_gep(h, self.i64c(LIST_CAP_OFFSET as i64))?;
        let len = self.b.build_load(i64t, len_p, "len")?.into_int_value();
        let cap = self.b.build_load(i64t, cap_p, "cap")?.into_int_value();
        let room = self.b.build_int_compare(IntPredicate::SLT, len, cap, "room")?;
        let fast = self.new_block("append.fast");
        let slow = self.new_block("append.grow");
        let done = self.new_block("append.done");
        self.b.build_conditional_branch(room, fast, slow)?;
        self.b.position_at_end(fast);
        let p_fast = self.list_item(mi, len, elem)?;
        self.b.build_store(len_p, self.b.build_int_add(len, self.i64c(1), "")?)?;
        self.set_dirty(mi)?;
        let fast_end = self.b.get_insert_block().unwrap_or(fast);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(slow);
        let p_slow = self.list_grow(mi, self.i64c(1))?;
        let slow_end = self.b.get_insert_block().unwrap_or(slow);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.ptr_ty(), "slot")?;
        phi.add_incoming(&[(&p_fast, fast_end), (&p_slow, slow_end)]);
        Ok(phi.as_basic_value().into_pointer_value())
    }

    fn list_slice(&self, mi: PointerValue<'ctx>, start: IntValue<'ctx>, step: IntValue<'ctx>, n: IntValue<'ctx>) -> EResult<PointerValue<'ctx>> {
        let i64t: BasicTypeEnum = self.ctx().i64_type().into();
        self.rt_ptr("oxjit_rt_list_slice", &[self.ptr_ty(), i64t, i64t, i64t], &[mi.into(), start.into(), step.into(), n.into()])
    }

    fn list_sort(&self, mi: PointerValue<'ctx>, elem: &Ty, reverse: BasicValueEnum<'ctx>, rev_ty: &Ty) -> EResult<()> {
        let kind = match elem {
            Ty::Str => oxjit_runtime::list::LIST_SORT_STR as usize,
            _ => match elem.scalar().and_then(|s| Scalar::ALL.iter().position(|x| *x == s)) {
                Some(k) => k,
                None => return ice(format!("sort of a list of `{elem}`")),
            },
        };
        let rev = self.truth(reverse, rev_ty)?;
        let i32t = self.ctx().i32_type();
        let rev = self.b.build_int_z_extend(rev, i32t, "")?;
        self.rt_void("oxjit_rt_list_sort", &[self.ptr_ty(), i32t.into(), i32t.into()], &[mi.into(), i32t.const_int(kind as u64, false).into(), rev.into()])
    }

    fn list_none(&self) -> BasicValueEnum<'ctx> {
        self.ctx().i8_type().const_zero().into()
    }

    /// The `list.*` intrinsics (see `oxjit_frontend::lists`); `args` are converted to `params`.
    pub fn list_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let lst = |k: usize| -> EResult<PointerValue<'ctx>> {
            match args.get(k) {
                Some(v) => self.as_ptr(*v),
                None => ice(format!("list.{op}: missing argument {k}")),
            }
        };
        match op {
            "new_build" => {
                let elem = elem_of(rty)?;
                let n = args.len() as i64;
                let mi = self.new_list(elem, self.i64c(n))?;
                if n > 0 {
                    let p = self.list_grow(mi, self.i64c(n))?;
                    for (k, v) in args.iter().enumerate() {
                        let v = self.store_ref(*v, elem)?;
                        write_slot(self, p, k * elem.slot_size(), elem, v)?;
                    }
                }
                Ok(mi.into())
            }
            // `List.empty_list(item_type)`: the type argument has no data.
            "new_empty" => {
                let elem = elem_of(rty)?;
                Ok(self.new_list(elem, self.i64c(0))?.into())
            }
            "len" => Ok(self.list_len(lst(0)?)?.into()),
            "unpack" => {
                let n = self.list_len(lst(0)?)?;
                let bad = self.b.build_int_compare(IntPredicate::NE, n, self.as_int(args[1])?, "")?;
                self.raise_if(bad, ExcKind::ValueError, None)?;
                Ok(args[0])
            }
            "truth" => {
                let n = self.list_len(lst(0)?)?;
                Ok(self.b.build_int_compare(IntPredicate::NE, n, self.i64c(0), "")?.into())
            }
            "getitem" => {
                let mi = lst(0)?;
                let elem = elem_of(&params[0])?;
                let len = self.list_len(mi)?;
                let i = self.list_index(self.as_int(args[1])?, len, "getitem out of range")?;
                let p = self.list_item(mi, i, elem)?;
                read_slot(self, p, 0, elem)
            }
            "new_slice" => {
                let mi = lst(0)?;
                let len = self.list_len(mi)?;
                let s = self.as_struct(args[1])?;
                let part = |k: u32| -> EResult<IntValue<'ctx>> { Ok(self.b.build_extract_value(s, k, "")?.into_int_value()) };
                let (start, stop, step) = (part(0)?, part(1)?, part(2)?);
                let (start, n) = self.slice_indices(start, stop, step, len)?;
                Ok(self.list_slice(mi, start, step, n)?.into())
            }
            "append" => {
                let mi = lst(0)?;
                let elem = elem_of(&params[0])?;
                let v = self.store_ref(args[1], elem)?;
                let p = self.list_append_slot(mi, elem)?;
                write_slot(self, p, 0, elem, v)?;
                Ok(self.list_none())
            }
            "insert" => {
                let mi = lst(0)?;
                let elem = elem_of(&params[0])?;
                let v = self.store_ref(args[2], elem)?;
                let i64t: BasicTypeEnum = self.ctx().i64_type().into();
                let p = self.rt_ptr("oxjit_rt_list_insert", &[self.ptr_ty(), i64t], &[mi.into(), args[1]])?;
                write_slot(self, p, 0, elem, v)?;
                Ok(self.list_none())
            }
            "new_pop" => {
                let mi = lst(0)?;
                let elem = elem_of(&params[0])?;
                let len = self.list_len(mi)?;
                let empty = self.b.build_int_compare(IntPredicate::EQ, len, self.i64c(0), "")?;
                self.raise_if(empty, ExcKind::IndexError, Some("pop from empty list"))?;
                let i = match args.get(1) {
                    Some(i) => self.list_index(self.as_int(*i)?, len, "pop index out of range")?,
                    None => self.b.build_int_sub(len, self.i64c(1), "")?,
                };
                let p = self.list_item(mi, i, elem)?;
                let v = read_slot(self, p, 0, elem)?;
                // The item's references go to the caller with the value.
                self.rt_void("oxjit_rt_list_remove", &[self.ptr_ty(), self.ctx().i64_type().into()], &[mi.into(), i.into()])?;
                Ok(v)
            }
            "extend" | "iadd" => {
                let (dst, src) = (lst(0)?, lst(1)?);
                self.rt_void("oxjit_rt_list_extend", &[self.ptr_ty(), self.ptr_ty()], &[dst.into(), src.into()])?;
                Ok(if op == "iadd" { dst.into() } else { self.list_none() })
            }
            "clear" | "reverse" => {
                self.rt_void(&format!("oxjit_rt_list_{op}"), &[self.ptr_ty()], &[lst(0)?.into()])?;
                Ok(self.list_none())
            }
            "sort" => {
                let elem = elem_of(&params[0])?;
                self.list_sort(lst(0)?, elem, args[1], &params[1])?;
                Ok(self.list_none())
            }
            "new_copy" | "new_sorted" => {
                let mi = lst(0)?;
                let len = self.list_len(mi)?;
                let out = self.list_slice(mi, self.i64c(0), self.i64c(1), len)?;
                if op == "new_sorted" {
                    self.list_sort(out, elem_of(&params[0])?, args[1], &params[1])?;
                }
                Ok(out.into())
            }
            "new_concat" => {
                let (a, b) = (lst(0)?, lst(1)?);
                let len = self.list_len(a)?;
                let out = self.list_slice(a, self.i64c(0), self.i64c(1), len)?;
                self.rt_void("oxjit_rt_list_extend", &[self.ptr_ty(), self.ptr_ty()], &[out.into(), b.into()])?;
                Ok(out.into())
            }
            "imul" => {
                // `l *= n` in place: the repeated items replace the list's own.
                let mi = lst(0)?;
                let i64t: BasicTypeEnum = self.ctx().i64_type().into();
                let rep = self.rt_ptr("oxjit_rt_list_repeat", &[self.ptr_ty(), i64t], &[mi.into(), args[1]])?;
                self.rt_void("oxjit_rt_list_clear", &[self.ptr_ty()], &[mi.into()])?;
                self.rt_void("oxjit_rt_list_extend", &[self.ptr_ty(), self.ptr_ty()], &[mi.into(), rep.into()])?;
                self.decref(rep.into(), &params[0])?;
                Ok(mi.into())
            }
            "new_repeat" => {
                let i64t: BasicTypeEnum = self.ctx().i64_type().into();
                Ok(self.rt_ptr("oxjit_rt_list_repeat", &[self.ptr_ty(), i64t], &[lst(0)?.into(), args[1]])?.into())
            }
            "new_to_array" => match rty {
                Ty::Array(a) => self.list_to_array(args[0], &params[0], a),
                _ => ice(format!("np.array() of a list typed `{rty}`")),
            },
            _ => ice(format!("list intrinsic `list.{op}` has no lowering")),
        }
    }

    /// A new C-contiguous 1-d array holding the items of the list `v` (of type `lt`).
    pub fn list_to_array(&self, v: BasicValueEnum<'ctx>, lt: &Ty, a: &oxjit_frontend::types::ArrayTy) -> EResult<BasicValueEnum<'ctx>> {
        let elem = elem_of(lt)?;
        let mi = self.as_ptr(v)?;
        let n = self.list_len(mi)?;
        // Items of numbers give a row each; tuples of `k` numbers a row of `k`.
        let (fields, k): (Vec<Ty>, usize) = match elem {
            Ty::Tuple(items) if a.ndim == 2 => (items.to_vec(), items.len()),
            _ if a.ndim == 1 => (vec![elem.clone()], 1),
            _ => return ice(format!("np.array() of `{lt}` as `{}`", Ty::Array(a.clone()))),
        };
        let shape: Vec<IntValue<'ctx>> = if a.ndim == 2 { vec![n, self.i64c(k as i64)] } else { vec![n] };
        let arr = self.alloc_array(a, &shape, false)?;
        let data = self.arr_ptr(arr, super::types::ARR_DATA)?;
        let dt = Ty::Scalar(a.dtype);
        let size = a.dtype.size() as i64;
        self.count_loop(n, &mut |cx: &Self, i: IntValue<'ctx>| {
            let p = cx.list_item(mi, i, elem)?;
            let item = read_slot(cx, p, 0, elem)?;
            let row = cx.b.build_int_mul(i, cx.i64c(size * k as i64), "")?;
            for (j, ft) in fields.iter().enumerate() {
                let x = if a.ndim == 2 { cx.b.build_extract_value(cx.as_struct(item)?, j as u32, "")? } else { item };
                let x = cx.convert(x, ft, &dt)?;
                let off = cx.b.build_int_add(row, cx.i64c(size * j as i64), "")?;
                let ep = cx.byte_gep(data, off)?;
                cx.store_elem(ep, a.dtype, x)?;
            }
            Ok(())
        })?;
        Ok(arr.into())
    }

    /// `l[i] = v`: the new item is incremented, the old one released.
    pub fn list_setitem(&self, base: &Operand, idx: &[Operand], value: &Operand) -> EResult<()> {
        let (l, lt) = self.operand(base)?;
        let elem = elem_of(&lt)?;
        let [i] = idx else {
            return ice("list item assignment with several indices");
        };
        let mi = self.as_ptr(l)?;
        if let (s, Ty::Slice(_)) = self.operand(i)? {
            // `l[a:b:c] = other`: the runtime replaces the items (resizing for step 1).
            let (src, _) = self.operand(value)?;
            let len = self.list_len(mi)?;
            let s = self.as_struct(s)?;
            let part = |k: u32| -> EResult<IntValue<'ctx>> { Ok(self.b.build_extract_value(s, k, "")?.into_int_value()) };
            let (start, stop, step) = (part(0)?, part(1)?, part(2)?);
            let (start, n) = self.slice_indices(start, stop, step, len)?;
            let i64t: BasicTypeEnum = self.ctx().i64_type().into();
            let f = self.em.extern_fn("oxjit_rt_list_setslice", self.ctx().i32_type().into(), &[self.ptr_ty(), i64t, i64t, i64t, self.ptr_ty()]);
            let st = self.call_value(f, &[mi.into(), start.into(), step.into(), n.into(), src], "")?.into_int_value();
            let bad = self.b.build_int_compare(IntPredicate::NE, st, self.i32c(0), "")?;
            return self.raise_if(bad, ExcKind::ValueError, Some("cannot resize extended list slice with step != 1"));
        }
        let i = self.operand_as(i, &Ty::I64)?;
        let v = self.operand_as(value, elem)?;
        let len = self.list_len(mi)?;
        let i = self.list_index(self.as_int(i)?, len, "setitem out of range")?;
        let p = self.list_item(mi, i, elem)?;
        let v = self.store_ref(v, elem)?;
        if super::refcount::has_refs(elem) {
            let old = read_slot(self, p, 0, elem)?;
            self.decref(old, elem)?;
        }
        write_slot(self, p, 0, elem, v)?;
        self.set_dirty(mi)
    }
}
