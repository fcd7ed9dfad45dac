//! `random.*` intrinsics: `np.random` inside compiled code (being written).

use inkwell::values::BasicValueEnum;
use oxjit_frontend::Ty;

use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `random.<op>(...)`: the typing rules are in `oxjit_frontend::np_random`.
    pub fn random_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let _ = (params, args, rty);
        ice(format!("intrinsic `random.{op}` has no lowering"))
    }
}
