//! Raising an exception: fill the error slot, return status 1.
//!
//! ```text
//! raise.ZeroDivisionError:                       ; shared by every check of this kind+message
//!   store i32 1, ptr %err                        ; ExcKind::ZeroDivisionError
//!   store i32 1, ptr (%err + 4)                  ; has_msg
//!   store ptr @oxjit.str, ptr (%err + 8)         ; "division by zero", private constant
//!   store i64 16, ptr (%err + 16)
//!   ret i32 1
//! ```
//!
//! The message lives in the module's constant data, so raising allocates nothing and the
//! dispatcher can read it for as long as the code is loaded.

use inkwell::basic_block::BasicBlock;
use oxjit_runtime::{ExcKind, STATUS_ERROR, USER_EXCEPTION_BASE};

use super::{EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// The block that raises `kind(msg)` (created once per function, then reused).
    pub fn raise_block(&self, kind: ExcKind, msg: Option<&str>) -> EResult<BasicBlock<'ctx>> {
        self.raise_block_raw(kind as u32, msg)
    }

    /// The block that raises the error-slot kind `kind` (an `ExcKind`, or a user class code).
    fn raise_block_raw(&self, kind: u32, msg: Option<&str>) -> EResult<BasicBlock<'ctx>> {
        let key = (kind, msg.map(str::to_string));
        if let Some(bb) = self.raise_blocks.borrow().get(&key) {
            return Ok(*bb);
        }
        let here = self.b.get_insert_block();
        let bb = self.new_block(&format!("raise.{}", ExcKind::from_u32(kind).name()));
        self.b.position_at_end(bb);
        self.fill_err_slot(kind, msg)?;
        self.unwind_with(self.i32c(STATUS_ERROR))?;
        if let Some(here) = here {
            self.b.position_at_end(here);
        }
        self.raise_blocks.borrow_mut().insert(key, bb);
        Ok(bb)
    }

    /// Stores kind and message into the error slot at the current position.
    fn fill_err_slot(&self, kind: u32, msg: Option<&str>) -> EResult<()> {
        let slot_ty = self.em.err_slot_ty();
        let b = &self.b;
        let field = |i: u32| b.build_struct_gep(slot_ty, self.errp, i, "");
        b.build_store(field(0)?, self.i32c(kind as i32))?;
        match msg {
            Some(text) => {
                let g = self.em.const_bytes(text.as_bytes());
                b.build_store(field(1)?, self.i32c(1))?;
                b.build_store(field(2)?, g.as_pointer_value())?;
                b.build_store(field(3)?, self.i64c(text.len() as i64))?;
            }
            None => {
                b.build_store(field(1)?, self.i32c(0))?;
            }
        }
        Ok(())
    }

    /// `raise Class(msg)` as a terminator: branch to the shared raise block.
    pub fn raise_now(&self, class: &str, msg: Option<&str>) -> EResult<()> {
        // Classes the runtime does not know become plain `Exception`: still an exception with
        // the user's message, never a wrong specific class.
        // A user-defined class arrives as `user:<code>:<name>` (see the Python host).
        let kind = match class.strip_prefix("user:").and_then(|r| r.split_once(':')).and_then(|(n, _)| n.parse::<u32>().ok()) {
            Some(index) => USER_EXCEPTION_BASE + index,
            None => ExcKind::from_name(class).unwrap_or(ExcKind::Exception) as u32,
        };
        let bb = self.raise_block_raw(kind, msg)?;
        self.b.build_unconditional_branch(bb)?;
        Ok(())
    }
}
