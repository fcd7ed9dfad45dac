//! `new.*` / `more.*` intrinsics: NumPy sorting, searching and linear algebra (being written).

use inkwell::values::BasicValueEnum;
use oxjit_frontend::Ty;

use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `new.<op>(...)` / `more.<op>(...)`: the typing rules are in `oxjit_frontend::np_more`.
    pub fn more_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let _ = (params, args, rty);
        ice(format!("intrinsic `{op}` has no lowering"))
    }
}
