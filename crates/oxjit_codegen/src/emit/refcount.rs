//! Reference counting of arrays owned by the runtime (`oxjit_runtime::memory`).
//!
//! The rule is "every owning local holds one reference":
//!
//! - an array-typed local (or a tuple holding arrays) owns one reference to the MemInfo of each
//!   array it holds; its slot starts zeroed (a null MemInfo, which every operation skips);
//! - `dest = rvalue`: a *borrowed* rvalue (a copy of a local, a view, a tuple item) is
//!   incremented; a *new* one (an allocation, an array expression, a call's result) is taken
//!   as is; then the old value of `dest` is decremented and the new one stored;
//! - `return v` increments `v` (the caller receives one reference), then every owning local is
//!   decremented; raising and propagating an error also leave through that cleanup
//!   (`unwind` block), so no path leaks;
//! - a parameter is borrowed from the caller; it owns a reference only when the body assigns
//!   to it (then it is incremented on entry), so `f(a)` costs nothing for read-only `a`.
//!
//! Arrays passed in from Python have a null MemInfo (the caller keeps the object alive), so
//! for them every count operation folds to a null test. Views copy their base's MemInfo, and
//! the increment on assignment is what keeps the base alive.
//!
//! ```text
//! define internal void @oxjit.nrt.incref(ptr %mi)      ; inlined
//!   if %mi != null: atomicrmw add ptr %mi, i64 1 monotonic
//! define internal void @oxjit.nrt.decref(ptr %mi)
//!   if %mi != null: %old = atomicrmw sub ptr %mi, i64 1 release
//!                   if %old == 1: fence acquire; call @oxjit_rt_meminfo_destroy(%mi)
//! ```

use inkwell::attributes::AttributeLoc;
use inkwell::module::Linkage;
use inkwell::values::{BasicValueEnum, FunctionValue, IntValue};
use inkwell::{AddressSpace, AtomicOrdering, AtomicRMWBinOp, IntPredicate};
use oxjit_frontend::mir::{CallTarget, Operand, Res, Rvalue};
use oxjit_frontend::Ty;
use oxjit_runtime::MEMINFO_REFCOUNT_OFFSET;

use super::types::ARR_MEMINFO;
use super::{ice, EResult, Emitter, FnCx};

/// Whether values of `t` hold references (arrays, lists, strings, or tuples holding them).
pub(crate) fn has_refs(t: &Ty) -> bool {
    match t {
        Ty::Array(_) | Ty::List(_) | Ty::Str | Ty::Dict(_) | Ty::DictView(_) => true,
        Ty::Tuple(items) => items.iter().any(has_refs),
        Ty::Optional(t) => has_refs(t),
        _ => false,
    }
}

/// Intrinsics whose array result is a fresh allocation (one reference, owned by the caller).
/// Every other intrinsic returning an array returns a view of an argument.
pub(crate) fn intrinsic_allocates(name: &str) -> bool {
    ["alloc.", "ufunc.", "ufunc_like.", "random.", "new.", "reduce_axis.", "list.new", "str.new", "dict.new"].iter().any(|p| name.starts_with(p))
}

impl<'ctx> Emitter<'ctx> {
    /// `oxjit.nrt.incref` / `oxjit.nrt.decref`, defined once per module.
    fn nrt_fn(&self, decref: bool) -> EResult<FunctionValue<'ctx>> {
        let name = if decref { "oxjit.nrt.decref" } else { "oxjit.nrt.incref" };
        if let Some(f) = self.module.get_function(name) {
            return Ok(f);
        }
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let f = self.module.add_function(name, ctx.void_type().fn_type(&[ptr.into()], false), Some(Linkage::Internal));
        self.add_fn_attrs(f);
        let b = ctx.create_builder();
        let entry = ctx.append_basic_block(f, "entry");
        let live = ctx.append_basic_block(f, "live");
        let done = ctx.append_basic_block(f, "done");
        b.position_at_end(entry);
        let Some(mi) = f.get_nth_param(0).map(|p| p.into_pointer_value()) else {
            return ice("refcount helper lost its parameter");
        };
        mi.set_name("mi");
        let is_null = b.build_is_null(mi, "")?;
        b.build_conditional_branch(is_null, done, live)?;
        b.position_at_end(live);
        let i64t = ctx.i64_type();
        let count = if MEMINFO_REFCOUNT_OFFSET == 0 {
            mi
        } else {
            // SAFETY: a constant byte offset inside the MemInfo header.
            unsafe { b.build_in_bounds_gep(ctx.i8_type(), mi, &[i64t.const_int(MEMINFO_REFCOUNT_OFFSET as u64, false)], "")? }
        };
        let one = i64t.const_int(1, false);
        if decref {
            let old = b.build_atomicrmw(AtomicRMWBinOp::Sub, count, one, AtomicOrdering::Release)?;
            let last = b.build_int_compare(IntPredicate::EQ, old, one, "last")?;
            let destroy_bb = ctx.append_basic_block(f, "destroy");
            b.build_conditional_branch(last, destroy_bb, done)?;
            b.position_at_end(destroy_bb);
            b.build_fence(AtomicOrdering::Acquire, false, "")?;
            let destroy = self.extern_void_fn("oxjit_rt_meminfo_destroy", &[ptr.into()]);
            b.build_call(destroy, &[mi.into()], "")?;
            b.build_unconditional_branch(done)?;
        } else {
            b.build_atomicrmw(AtomicRMWBinOp::Add, count, one, AtomicOrdering::Monotonic)?;
            b.build_unconditional_branch(done)?;
        }
        b.position_at_end(done);
        b.build_return(None)?;
        let inline = ctx.create_enum_attribute(inkwell::attributes::Attribute::get_named_enum_kind_id("alwaysinline"), 0);
        f.add_attribute(AttributeLoc::Function, inline);
        Ok(f)
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Adds one reference to every array in `v` (of type `t`).
    pub fn incref(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<()> {
        self.count_op(v, t, false)
    }

    /// Drops one reference from every array in `v` (of type `t`).
    pub fn decref(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<()> {
        self.count_op(v, t, true)
    }

    fn count_op(&self, v: BasicValueEnum<'ctx>, t: &Ty, decref: bool) -> EResult<()> {
        match t {
            Ty::Array(_) => {
                let s = self.as_struct(v)?;
                let mi = self.as_ptr(self.b.build_extract_value(s, ARR_MEMINFO, "mi")?)?;
                let f = self.em.nrt_fn(decref)?;
                self.b.build_call(f, &[mi.into()], "")?;
            }
            Ty::List(_) | Ty::Dict(_) => {
                let mi = self.as_ptr(v)?;
                let f = self.em.nrt_fn(decref)?;
                self.b.build_call(f, &[mi.into()], "")?;
            }
            Ty::Str => {
                // Null for borrowed (argument) and constant strings.
                let s = self.as_struct(v)?;
                let mi = self.as_ptr(self.b.build_extract_value(s, super::str::STR_MEMINFO, "mi")?)?;
                let f = self.em.nrt_fn(decref)?;
                self.b.build_call(f, &[mi.into()], "")?;
            }
            Ty::DictView(view) => {
                let mi = if view.iter { self.as_ptr(self.b.build_extract_value(self.as_struct(v)?, 0, "")?)? } else { self.as_ptr(v)? };
                let f = self.em.nrt_fn(decref)?;
                self.b.build_call(f, &[mi.into()], "")?;
            }
            // An absent value is zeroed (null MemInfos): counting it is a no-op.
            Ty::Optional(inner) if has_refs(inner) => {
                let x = self.b.build_extract_value(self.as_struct(v)?, 1, "")?;
                self.count_op(x, inner, decref)?;
            }
            Ty::Tuple(items) if has_refs(t) => {
                let s = self.as_struct(v)?;
                for (i, it) in items.iter().enumerate() {
                    if has_refs(it) {
                        let e = self.b.build_extract_value(s, i as u32, "")?;
                        self.count_op(e, it, decref)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether the value of `rv` (typed `rty`) is a new reference the destination takes over,
    /// rather than a borrowed one it must increment.
    pub fn yields_new_ref(&self, rv: &Rvalue, res: &Res, rty: &Ty) -> bool {
        if !has_refs(rty) {
            return false;
        }
        match (rv, res) {
            (Rvalue::Call { .. }, Res::Call(CallTarget::Dispatcher { .. })) => true,
            // An oxjit ufunc over arrays makes a new array, unless it writes into `out`.
            (Rvalue::Call { .. }, Res::Call(CallTarget::UFunc { out, .. })) => !out,
            (Rvalue::Call { .. }, Res::Call(CallTarget::Intrinsic { name, .. })) => intrinsic_allocates(name),
            // Array expressions allocate their result.
            (Rvalue::BinOp(..) | Rvalue::UnaryOp(..) | Rvalue::Compare(..), _) => true,
            // Indexing with an index array (`a[mask]`, `a[idx]`) makes a copy.
            (Rvalue::GetItem(_, idx), _) => idx.iter().any(|o| {
                let t = match o {
                    Operand::Local(l) => self.local_ty(*l).ok().cloned(),
                    Operand::Const(_) => None,
                };
                match t {
                    Some(Ty::Array(_)) => true,
                    Some(Ty::Tuple(items)) => items.iter().any(|t| matches!(t, Ty::Array(_))),
                    _ => false,
                }
            }),
            _ => false,
        }
    }

    /// Decrements every owning local (on every way out of the function).
    pub fn release_locals(&self) -> EResult<()> {
        for (i, owned) in self.owned.iter().enumerate() {
            if *owned {
                let l = oxjit_frontend::mir::LocalId(i as u32);
                let v = self.load_local(l)?;
                self.decref(v, self.local_ty(l)?)?;
            }
        }
        Ok(())
    }

    /// Leaves the function with a non-zero `status` (the error slot is filled): branch to the
    /// shared unwind block, which releases the owning locals and returns the status.
    pub fn unwind_with(&self, status: IntValue<'ctx>) -> EResult<()> {
        let here = match self.b.get_insert_block() {
            Some(bb) => bb,
            None => return ice("unwind outside a block"),
        };
        let (bb, phi) = match *self.unwind.borrow() {
            Some(x) => x,
            None => {
                let bb = self.new_block("unwind");
                self.b.position_at_end(bb);
                let phi = self.b.build_phi(self.ctx().i32_type(), "status")?;
                self.release_locals()?;
                self.b.build_return(Some(&phi.as_basic_value()))?;
                self.b.position_at_end(here);
                (bb, phi)
            }
        };
        *self.unwind.borrow_mut() = Some((bb, phi));
        phi.add_incoming(&[(&status, here)]);
        self.b.build_unconditional_branch(bb)?;
        Ok(())
    }

    /// Emits `body` so that an error leaving it first releases `values` (new references no
    /// local owns yet, such as an array being filled), then unwinds as usual. Errors inside
    /// get their own raise blocks and unwind block for the duration.
    pub fn with_cleanup<T>(&self, values: &[(BasicValueEnum<'ctx>, Ty)], body: impl FnOnce(&Self) -> EResult<T>) -> EResult<T> {
        let Some(here) = self.b.get_insert_block() else { return ice("cleanup scope outside a block") };
        let cleanup = self.new_block("unwind.cleanup");
        self.b.position_at_end(cleanup);
        let phi = self.b.build_phi(self.ctx().i32_type(), "status")?;
        for (v, t) in values {
            self.decref(*v, t)?;
        }
        self.unwind_with(phi.as_basic_value().into_int_value())?;
        self.b.position_at_end(here);
        let outer = self.unwind.replace(Some((cleanup, phi)));
        let outer_raises = std::mem::take(&mut *self.raise_blocks.borrow_mut());
        let r = body(self);
        *self.unwind.borrow_mut() = outer;
        *self.raise_blocks.borrow_mut() = outer_raises;
        r
    }
}
