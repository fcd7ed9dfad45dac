//! The root's entry wrapper: the one function shape the dispatcher calls.
//!
//! ```text
//! define i32 @<sym>.entry(ptr %args, ptr %ret, ptr %err) {
//!   %a0 = load <T0>, ptr (%args + off0)      ; offsets from `slot_offsets(params)`
//!   ...
//!   %st = call i32 @<sym>(ptr %retslot, ptr %err, %a0, ...)
//!   ; st != 0 → ret st   (the error slot is filled)
//!   ; else store the result into %ret with the same slot layout, ret 0
//! }
//! ```
//!
//! Slot layout (shared with the Python dispatcher through `Ty::slot_size`): a scalar takes 8
//! bytes holding its native value at the start (bool one byte 0/1; complex128 takes 16), an
//! array its `(5 + 2 * ndim) * 8`-byte struct, a tuple its items' slots in order, and types
//! without data take nothing.

use std::cell::RefCell;
use std::collections::HashMap;

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::program::Program;
use oxjit_frontend::types::slot_offsets;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::STATUS_OK;

use super::types::is_unit;
use super::{ice, EResult, Emitter, FnCx};

/// Emits `<root>.entry` and returns its name.
pub(super) fn emit_entry<'ctx>(em: &Emitter<'ctx>, prog: &Program, inner: FunctionValue<'ctx>) -> EResult<String> {
    let Some(root) = prog.instances.first() else {
        return ice("no root instance");
    };
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let name = format!("{}.entry", root.symbol);
    let fn_ty = ctx.i32_type().fn_type(&[ptr.into(), ptr.into(), ptr.into()], false);
    let f = em.module.add_function(&name, fn_ty, None);
    em.add_fn_attrs(f);
    let (Some(args), Some(ret), Some(err)) = (f.get_nth_param(0), f.get_nth_param(1), f.get_nth_param(2)) else {
        return ice("entry wrapper lost its parameters");
    };
    args.set_name("args");
    ret.set_name("ret");
    err.set_name("err");
    let entry = ctx.append_basic_block(f, "entry");
    let b = ctx.create_builder();
    b.position_at_end(entry);
    let alloca_b = ctx.create_builder();
    alloca_b.position_at_end(entry);
    let cx = FnCx {
        em,
        prog,
        inst: root,
        func: f,
        b,
        alloca_b,
        retp: ret.into_pointer_value(),
        errp: err.into_pointer_value(),
        locals: Vec::new(),
        raise_blocks: RefCell::new(HashMap::new()),
        fmf: inkwell::values::FastMathFlags::empty(),
        owned: Vec::new(),
        unwind: RefCell::new(None),
        pending_release: RefCell::new(Vec::new()),
        array_mode: std::cell::Cell::new(false),
        fused: HashMap::new(),
    };
    let args = args.into_pointer_value();
    let (offsets, _) = slot_offsets(&root.params);
    let mut call_args: Vec<BasicMetadataValueEnum> = Vec::with_capacity(root.params.len() + 2);
    let ret_ty = &root.typed.ret;
    let slot = cx.alloca(em.llty(ret_ty), "retslot")?;
    call_args.push(slot.into());
    call_args.push(cx.errp.into());
    for (t, off) in root.params.iter().zip(offsets) {
        call_args.push(read_slot(&cx, args, off, t)?.into());
    }
    let st = cx.b.build_call(inner, &call_args, "status")?;
    let status = match st.try_as_basic_value() {
        inkwell::values::ValueKind::Basic(v) => cx.as_int(v)?,
        inkwell::values::ValueKind::Instruction(_) => return ice("inner function returns void"),
    };
    cx.propagate_status(status)?;
    let v = cx.b.build_load(em.llty(ret_ty), slot, "result")?;
    write_slot(&cx, cx.retp, 0, ret_ty, v)?;
    cx.b.build_return(Some(&cx.i32c(STATUS_OK)))?;
    Ok(name)
}

/// `base + off` as a pointer.
fn at<'ctx>(cx: &FnCx<'_, 'ctx>, base: PointerValue<'ctx>, off: usize) -> EResult<PointerValue<'ctx>> {
    if off == 0 {
        return Ok(base);
    }
    let i8t = cx.ctx().i8_type();
    // SAFETY: an i8 pointee with one constant i64 index is a well-formed GEP; the offset is
    // inside the buffer the dispatcher sized with the same `slot_offsets`.
    Ok(unsafe { cx.b.build_in_bounds_gep(i8t, base, &[cx.i64c(off as i64)], "")? })
}

/// Loads a value of type `t` from its slot at `base + off`.
pub(super) fn read_slot<'ctx>(cx: &FnCx<'_, 'ctx>, base: PointerValue<'ctx>, off: usize, t: &Ty) -> EResult<BasicValueEnum<'ctx>> {
    let em = cx.em;
    match t {
        Ty::Scalar(Scalar::Bool) => {
            let p = at(cx, base, off)?;
            let byte = cx.as_int(cx.b.build_load(cx.ctx().i8_type(), p, "")?)?;
            Ok(cx.b.build_int_compare(IntPredicate::NE, byte, byte.get_type().const_zero(), "")?.into())
        }
        Ty::Scalar(s) => {
            let p = at(cx, base, off)?;
            Ok(cx.b.build_load(em.scalar_ty(*s), p, "")?)
        }
        Ty::Array(a) => {
            let p = at(cx, base, off)?;
            let st: BasicTypeEnum = em.array_ty(a.ndim).into();
            Ok(cx.b.build_load(st, p, "")?)
        }
        Ty::List(_) | Ty::Dict(_) | Ty::Str => {
            let p = at(cx, base, off)?;
            Ok(cx.b.build_load(em.llty(t), p, "")?)
        }
        Ty::DictView(v) if !v.iter => {
            let p = at(cx, base, off)?;
            Ok(cx.b.build_load(em.llty(t), p, "")?)
        }
        Ty::Optional(inner) => {
            let flag = read_slot(cx, base, off, &Ty::BOOL)?;
            let x = read_slot(cx, base, off + 8, inner)?;
            cx.make_optional(cx.as_int(flag)?, x, t)
        }
        Ty::Tuple(items) => {
            let mut v = em.llty(t).into_struct_type().get_undef();
            let mut o = off;
            for (i, it) in items.iter().enumerate() {
                let e = read_slot(cx, base, o, it)?;
                v = cx.b.build_insert_value(v, e, i as u32, "")?.into_struct_value();
                o += it.slot_size();
            }
            Ok(v.into())
        }
        Ty::None => Ok(cx.ctx().i8_type().const_zero().into()),
        _ if is_unit(t) => Ok(em.unit()),
        // A slot-less type with data in registers (a bound method): nothing to read.
        _ => Ok(em.llty(t).const_zero()),
    }
}

/// Stores `v` (of type `t`) into its slot at `base + off`.
pub(super) fn write_slot<'ctx>(
    cx: &FnCx<'_, 'ctx>,
    base: PointerValue<'ctx>,
    off: usize,
    t: &Ty,
    v: BasicValueEnum<'ctx>,
) -> EResult<()> {
    match t {
        Ty::Scalar(Scalar::Bool) => {
            let p = at(cx, base, off)?;
            let byte = cx.b.build_int_z_extend(cx.as_int(v)?, cx.ctx().i8_type(), "")?;
            cx.b.build_store(p, byte)?;
        }
        Ty::Scalar(_) | Ty::Array(_) | Ty::List(_) | Ty::Dict(_) | Ty::Str => {
            let p = at(cx, base, off)?;
            cx.b.build_store(p, v)?;
        }
        Ty::DictView(view) if !view.iter => {
            let p = at(cx, base, off)?;
            cx.b.build_store(p, v)?;
        }
        Ty::Optional(inner) => {
            let s = cx.as_struct(v)?;
            write_slot(cx, base, off, &Ty::BOOL, cx.b.build_extract_value(s, 0, "")?)?;
            write_slot(cx, base, off + 8, inner, cx.b.build_extract_value(s, 1, "")?)?;
        }
        Ty::Tuple(items) => {
            let s = cx.as_struct(v)?;
            let mut o = off;
            for (i, it) in items.iter().enumerate() {
                let e = cx.b.build_extract_value(s, i as u32, "")?;
                write_slot(cx, base, o, it, e)?;
                o += it.slot_size();
            }
        }
        _ => {}
    }
    Ok(())
}
