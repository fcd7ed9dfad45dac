//! `np.dot(a, b)`, `a @ b`, `a.dot(b)` on 1-d and 2-d float and complex arrays, and
//! `np.vdot(a, b)` (the vector kernel with the first operand conjugated, BLAS's `?dotc`).
//!
//! Numba calls BLAS (OpenBLAS, through SciPy); this emits loops instead.
//!
//! **Vector · vector** reproduces OpenBLAS's `?dot` kernels (0.3.x, x86-64) operation for
//! operation, so results agree to the last bit with what Numba returns on the same machine:
//!
//! ```text
//! float64  n1 = n & -16; with AVX-512: 4 accumulators of 8 lanes over n1 & -32, folded to
//!          4 x 4 lanes (lo + hi); 4 accumulators of 4 lanes over the rest of n1 (fused
//!          multiply-adds); then ((a0 + a1) + a2) + a3, lo + hi, horizontal add (Haswell
//!          kernel without AVX-512: per accumulator lo + hi, (a0 + a1) + (a2 + a3), hadd);
//!          the tail n1..n by fused multiply-adds into that sum. Above 10000 elements
//!          OpenBLAS splits the vectors over its threads and adds the parts in order: the
//!          same split is computed here (sequentially) with OpenBLAS's thread count
//!          (OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS, OMP_NUM_THREADS, else the CPUs).
//! float32  the same with 8-lane / 16-lane vectors over n & -32 and n1 & -64; the tail is
//!          summed in float64 (products rounded to float32), plus the kernel's sum, rounded.
//! complex  four real sums (re·re, im·im, re·im, im·re) in 4 groups of 256-bit vectors over
//!          blocks of 8 (complex128) / 16 (complex64), reduced like the Haswell kernel, tail by
//!          fused multiply-adds; result (rr - ii) + (ri + ir)j.
//! ```
//!
//! Strided vectors (A layout) give the same result: Numba copies them first.
//!
//! **Matrix products** use `llvm.fmuladd` (within rounding of BLAS, not bit-exact; every
//! output element sums over k in order): rows of a C matrix times a vector are dot products
//! as above; otherwise matrix-vector products run down columns, four at a time, a loop LLVM
//! vectorises. Real matrix × matrix copies the right operand in panels of two vectors of
//! columns (a temporary freed before returning) and keeps tiles of 6 × 16 (AVX-512) or
//! 4 × 8 (AVX2) float64 results in registers (`gemm_tiles`); complex products run `i-k-j`
//! loops. All of it is single-threaded, where OpenBLAS uses every core for large products.

use inkwell::targets::TargetMachine;
use inkwell::types::{FloatType, VectorType};
use inkwell::values::{
    BasicValue, BasicValueEnum, FloatValue, IntValue, PointerValue, StructValue, VectorValue,
};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::{ExcKind, DATA_ALIGN};

use super::super::types::ARR_DATA;
use super::super::{ice, EResult};
use super::More;

/// OpenBLAS splits a dot product over its threads above this length.
const DOT_THREAD_MIN: i64 = 10000;

/// The number of threads OpenBLAS would use (`blas_get_cpu_number`): the first positive of
/// OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS, OMP_NUM_THREADS, else the available CPUs; at most 64.
fn openblas_threads() -> i64 {
    for var in [
        "OPENBLAS_NUM_THREADS",
        "GOTO_NUM_THREADS",
        "OMP_NUM_THREADS",
    ] {
        if let Some(n) = std::env::var(var)
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
        {
            return n.min(64);
        }
    }
    std::thread::available_parallelism()
        .map(|n| n.get() as i64)
        .unwrap_or(1)
        .clamp(1, 64)
}

/// Whether the host has AVX-512 (OpenBLAS then picks its SkylakeX kernels).
fn host_has_avx512() -> bool {
    TargetMachine::get_host_cpu_features()
        .to_string_lossy()
        .split(',')
        .any(|f| f == "+avx512f")
}

/// The operands of a matrix product: `a` and `b` (any strides), `out` (C), all of dtype `d`.
struct Gemm<'ctx> {
    d: Scalar,
    adata: PointerValue<'ctx>,
    as0: IntValue<'ctx>,
    as1: IntValue<'ctx>,
    bdata: PointerValue<'ctx>,
    bs0: IntValue<'ctx>,
    bs1: IntValue<'ctx>,
    odata: PointerValue<'ctx>,
    m: IntValue<'ctx>,
    k: IntValue<'ctx>,
    n: IntValue<'ctx>,
}

/// Where one register tile of a matrix product is: the packed panels of b and rows of a,
/// the vector type (`v` lanes) and count per row (`nv`), the rows, the first row and column,
/// the k range, and for the last, padded panel the number of real columns.
#[derive(Copy, Clone)]
struct Tile<'ctx> {
    pdata: PointerValue<'ctx>,
    abuf: PointerValue<'ctx>,
    vt: VectorType<'ctx>,
    v: u32,
    nv: u32,
    rows: i64,
    i: IntValue<'ctx>,
    j: IntValue<'ctx>,
    k0: IntValue<'ctx>,
    k1: IntValue<'ctx>,
    rem: Option<IntValue<'ctx>>,
}

/// One strided vector operand: data pointer, byte stride.
#[derive(Copy, Clone)]
struct Vec1<'ctx> {
    data: PointerValue<'ctx>,
    stride: IntValue<'ctx>,
}

impl<'c, 'a, 'ctx> More<'c, 'a, 'ctx> {
    /// `more.dot` / `new.dot`: the shapes are checked first (ValueError, Numba's messages),
    /// then the product is computed.
    pub(super) fn more_dot(
        &self,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(params, args, 0)?;
        let (b, bt) = self.array_arg(params, args, 1)?;
        let d = at.dtype;
        let mismatch = |x: IntValue<'ctx>, y: IntValue<'ctx>, what: &str| -> EResult<()> {
            let bad = self.b.build_int_compare(IntPredicate::NE, x, y, "")?;
            self.raise_if(
                bad,
                ExcKind::ValueError,
                Some(&format!(
                    "incompatible array sizes for np.dot(a, b) ({what})"
                )),
            )
        };
        match (at.ndim, bt.ndim) {
            (1, 1) => {
                let n = self.arr_shape(a, 0)?;
                mismatch(n, self.arr_shape(b, 0)?, "vector * vector")?;
                let x = self.vec1(a, 0)?;
                let y = self.vec1(b, 0)?;
                self.dot_vv(
                    d,
                    x,
                    y,
                    n,
                    true,
                    at.layout != Layout::A && bt.layout != Layout::A,
                    false,
                )
            }
            (2, 1) => {
                let (m, k) = (self.arr_shape(a, 0)?, self.arr_shape(a, 1)?);
                mismatch(k, self.arr_shape(b, 0)?, "matrix * vector")?;
                let Ty::Array(rt) = rty else {
                    return ice("new.dot typed without an array");
                };
                let out = self.alloc_array(rt, &[m], true)?;
                self.matvec(
                    d,
                    a,
                    &at,
                    Vec1 {
                        data: self.arr_ptr(b, ARR_DATA)?,
                        stride: self.arr_stride(b, 0)?,
                    },
                    bt.layout != Layout::A,
                    out,
                    m,
                    k,
                    false,
                )?;
                Ok(out.into())
            }
            (1, 2) => {
                let (k, n) = (self.arr_shape(b, 0)?, self.arr_shape(b, 1)?);
                mismatch(self.arr_shape(a, 0)?, k, "vector * matrix")?;
                let Ty::Array(rt) = rty else {
                    return ice("new.dot typed without an array");
                };
                let out = self.alloc_array(rt, &[n], true)?;
                // x·B is Bᵀ·x: the same loops with the matrix axes swapped.
                self.matvec(
                    d,
                    b,
                    &bt,
                    Vec1 {
                        data: self.arr_ptr(a, ARR_DATA)?,
                        stride: self.arr_stride(a, 0)?,
                    },
                    at.layout != Layout::A,
                    out,
                    n,
                    k,
                    true,
                )?;
                Ok(out.into())
            }
            (2, 2) => {
                let (m, k) = (self.arr_shape(a, 0)?, self.arr_shape(a, 1)?);
                let (k2, n) = (self.arr_shape(b, 0)?, self.arr_shape(b, 1)?);
                mismatch(k, k2, "matrix * matrix")?;
                let Ty::Array(rt) = rty else {
                    return ice("new.dot typed without an array");
                };
                let out = self.alloc_array(rt, &[m, n], true)?;
                self.matmat(d, a, b, out, rty, m, k, n)?;
                Ok(out.into())
            }
            _ => ice("np.dot of arrays that are not 1-d or 2-d"),
        }
    }

    /// `np.vdot(a, b)`: `conj(a) · b` over the flattened arrays (1-d, or C-contiguous and
    /// read in memory order), as BLAS's `?dotc` (real arrays: `?dot`), which Numba calls.
    pub(super) fn more_vdot(
        &self,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
    ) -> EResult<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(params, args, 0)?;
        let (b, bt) = self.array_arg(params, args, 1)?;
        let n = self.arr_nitems(a)?;
        let bad = self
            .b
            .build_int_compare(IntPredicate::NE, n, self.arr_nitems(b)?, "")?;
        self.raise_if(
            bad,
            ExcKind::ValueError,
            Some("incompatible array sizes for np.dot(a, b) (vector * vector)"),
        )?;
        let flat = |arr: StructValue<'ctx>, t: &ArrayTy| -> EResult<Vec1<'ctx>> {
            if t.ndim == 1 {
                self.vec1(arr, 0)
            } else {
                Ok(Vec1 {
                    data: self.arr_ptr(arr, ARR_DATA)?,
                    stride: self.i64c(t.dtype.size() as i64),
                })
            }
        };
        let (x, y) = (flat(a, &at)?, flat(b, &bt)?);
        let contiguous = at.layout != Layout::A && bt.layout != Layout::A;
        self.dot_vv(at.dtype, x, y, n, true, contiguous, true)
    }

    fn vec1(&self, arr: StructValue<'ctx>, axis: u32) -> EResult<Vec1<'ctx>> {
        Ok(Vec1 {
            data: self.arr_ptr(arr, ARR_DATA)?,
            stride: self.arr_stride(arr, axis)?,
        })
    }

    /// The float type of `d`'s (real) parts.
    fn part_ty(&self, d: Scalar) -> FloatType<'ctx> {
        if matches!(d, Scalar::F32 | Scalar::C64) {
            self.ctx().f32_type()
        } else {
            self.ctx().f64_type()
        }
    }

    /// `x · y` over `n` elements; `contiguous` when both are known to have unit strides
    /// (else checked when it runs); `threads`: OpenBLAS's split of long vectors (the 1-d
    /// `np.dot`; BLAS's gemv has no such split).
    #[allow(clippy::too_many_arguments)] // the kernel's shape: dtype, two vectors, length, three flags
    fn dot_vv(
        &self,
        d: Scalar,
        x: Vec1<'ctx>,
        y: Vec1<'ctx>,
        n: IntValue<'ctx>,
        threads: bool,
        contiguous: bool,
        conj: bool,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let size = self.i64c(d.size() as i64);
        if contiguous {
            return self.dot_split(d, x, y, n, threads, true, conj);
        }
        let unit = {
            let b = &self.b;
            let cx = b.build_int_compare(IntPredicate::EQ, x.stride, size, "")?;
            let cy = b.build_int_compare(IntPredicate::EQ, y.stride, size, "")?;
            b.build_and(cx, cy, "unit")?
        };
        let slot = self.alloca(self.em.llty(&Ty::Scalar(d)), "dot")?;
        let fast = self.new_block("dot.unit");
        let slow = self.new_block("dot.strided");
        let done = self.new_block("dot.done");
        self.b.build_conditional_branch(unit, fast, slow)?;
        for (bb, c) in [(fast, true), (slow, false)] {
            self.b.position_at_end(bb);
            let r = self.dot_split(d, x, y, n, threads, c, conj)?;
            self.b.build_store(slot, r)?;
            self.b.build_unconditional_branch(done)?;
        }
        self.b.position_at_end(done);
        Ok(self
            .b
            .build_load(self.em.llty(&Ty::Scalar(d)), slot, "dot")?)
    }

    /// OpenBLAS's thread split (float64 and complex128 above 10000 elements): the parts are
    /// computed one after the other and added in order to 0.
    #[allow(clippy::too_many_arguments)] // the kernel's shape: dtype, two vectors, length, three flags
    fn dot_split(
        &self,
        d: Scalar,
        x: Vec1<'ctx>,
        y: Vec1<'ctx>,
        n: IntValue<'ctx>,
        threads: bool,
        contig: bool,
        conj: bool,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let nthreads = openblas_threads();
        if !threads || nthreads == 1 || matches!(d, Scalar::F32 | Scalar::C64) {
            return self.dot_kernel(d, x, y, n, contig, conj);
        }
        let lt = self.em.llty(&Ty::Scalar(d));
        let slot = self.alloca(lt, "dot")?;
        let single = self.new_block("dot.single");
        let split = self.new_block("dot.split");
        let done = self.new_block("dot.done");
        let big = self
            .b
            .build_int_compare(IntPredicate::SGT, n, self.i64c(DOT_THREAD_MIN), "")?;
        self.b.build_conditional_branch(big, split, single)?;
        self.b.position_at_end(single);
        let r = self.dot_kernel(d, x, y, n, contig, conj)?;
        self.b.build_store(slot, r)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(split);
        let zero = self.convert(
            self.ctx().f64_type().const_zero().into(),
            &Ty::F64,
            &Ty::Scalar(d),
        )?;
        self.b.build_store(slot, zero)?;
        let i64t = self.ctx().i64_type();
        let rem = self.alloca(i64t.into(), "dot.rem")?;
        let start = self.alloca(i64t.into(), "dot.start")?;
        self.b.build_store(rem, n)?;
        self.b.build_store(start, self.i64c(0))?;
        for c in 0..nthreads {
            // width = ceil(rem / (threads left)), as `blas_level1_thread_with_return_value`.
            let b = &self.b;
            let r = b.build_load(i64t, rem, "")?.into_int_value();
            let left = self.i64c(nthreads - c);
            let width = b.build_int_signed_div(
                b.build_int_add(r, self.i64c(nthreads - c - 1), "")?,
                left,
                "width",
            )?;
            let s = b.build_load(i64t, start, "")?.into_int_value();
            b.build_store(rem, b.build_int_sub(r, width, "")?)?;
            b.build_store(start, b.build_int_add(s, width, "")?)?;
            let xs = self.byte_ptr(x.data, self.b.build_int_mul(s, x.stride, "")?)?;
            let ys = self.byte_ptr(y.data, self.b.build_int_mul(s, y.stride, "")?)?;
            let part = self.dot_kernel(
                d,
                Vec1 {
                    data: xs,
                    stride: x.stride,
                },
                Vec1 {
                    data: ys,
                    stride: y.stride,
                },
                width,
                contig,
                conj,
            )?;
            let acc = self.b.build_load(lt, slot, "")?;
            let (sum, _) = self.binop(BinOp::Add, acc, part, &Ty::Scalar(d))?;
            self.b.build_store(slot, sum)?;
        }
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(self.b.build_load(lt, slot, "dot")?)
    }

    /// Loads `w` consecutive elements starting at element `i` (unit stride: one vector load).
    fn load_lanes(
        &self,
        v: Vec1<'ctx>,
        ft: FloatType<'ctx>,
        i: IntValue<'ctx>,
        w: u32,
        contig: bool,
    ) -> EResult<VectorValue<'ctx>> {
        let vt = ft.vec_type(w);
        let esize = ft.get_bit_width() as i64 / 8;
        if contig {
            let p = self.byte_ptr(v.data, self.b.build_int_mul(i, self.i64c(esize), "")?)?;
            let l = self.b.build_load(vt, p, "")?;
            if let Some(inst) = l.as_instruction_value() {
                // Cannot fail on a load.
                let _ = inst.set_alignment(esize as u32);
            }
            return Ok(l.into_vector_value());
        }
        let mut out = vt.get_undef();
        for l in 0..w {
            let k = self.b.build_int_add(i, self.i64c(l as i64), "")?;
            let p = self.byte_ptr(v.data, self.b.build_int_mul(k, v.stride, "")?)?;
            let e = self.b.build_load(ft, p, "")?;
            out = self
                .b
                .build_insert_element(out, e, self.i64c(l as i64), "")?;
        }
        Ok(out)
    }

    /// Part `part_offset` (0 real, 1 imaginary) of element `i` of a vector whose elements have
    /// `parts` float parts (1 real, 2 complex).
    fn load_part(
        &self,
        v: Vec1<'ctx>,
        ft: FloatType<'ctx>,
        i: IntValue<'ctx>,
        contig: bool,
        part_offset: i64,
        parts: i64,
    ) -> EResult<FloatValue<'ctx>> {
        let esize = ft.get_bit_width() as i64 / 8;
        let off = if contig {
            self.b.build_int_mul(i, self.i64c(esize * parts), "")?
        } else {
            self.b.build_int_mul(i, v.stride, "")?
        };
        let off = self
            .b
            .build_int_add(off, self.i64c(part_offset * esize), "")?;
        let p = self.byte_ptr(v.data, off)?;
        Ok(self.b.build_load(ft, p, "")?.into_float_value())
    }

    /// `while *i < limit { body(*i); *i += step }`.
    fn step_loop(
        &self,
        i: PointerValue<'ctx>,
        limit: IntValue<'ctx>,
        step: i64,
        body: &mut dyn FnMut(&More<'_, 'a, 'ctx>, IntValue<'ctx>) -> EResult<()>,
    ) -> EResult<()> {
        let i64t = self.ctx().i64_type();
        let head = self.new_block("blk.head");
        let body_bb = self.new_block("blk.body");
        let exit = self.new_block("blk.exit");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let cur = self.b.build_load(i64t, i, "")?.into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, cur, limit, "")?;
        self.b.build_conditional_branch(more, body_bb, exit)?;
        self.b.position_at_end(body_bb);
        body(self, cur)?;
        self.b
            .build_store(i, self.b.build_int_add(cur, self.i64c(step), "")?)?;
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(exit);
        Ok(())
    }

    fn lanes(&self, v: VectorValue<'ctx>, w: u32) -> EResult<Vec<FloatValue<'ctx>>> {
        (0..w)
            .map(|l| {
                Ok(self
                    .b
                    .build_extract_element(v, self.i64c(l as i64), "")?
                    .into_float_value())
            })
            .collect()
    }

    fn fadd(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        Ok(self.b.build_float_add(a, b, "")?)
    }

    fn fma_vec(
        &self,
        vt: VectorType<'ctx>,
        a: VectorValue<'ctx>,
        b: VectorValue<'ctx>,
        c: VectorValue<'ctx>,
    ) -> EResult<VectorValue<'ctx>> {
        let f = self.em.intrinsic("llvm.fma", &[vt.into()])?;
        Ok(self
            .call_value(f, &[a.into(), b.into(), c.into()], "")?
            .into_vector_value())
    }

    fn fma_scalar(
        &self,
        a: FloatValue<'ctx>,
        b: FloatValue<'ctx>,
        c: FloatValue<'ctx>,
    ) -> EResult<FloatValue<'ctx>> {
        let f = self.em.intrinsic("llvm.fma", &[a.get_type().into()])?;
        Ok(self
            .call_value(f, &[a.into(), b.into(), c.into()], "")?
            .into_float_value())
    }

    /// One OpenBLAS dot kernel call (`dot_compute`) over `n` elements.
    fn dot_kernel(
        &self,
        d: Scalar,
        x: Vec1<'ctx>,
        y: Vec1<'ctx>,
        n: IntValue<'ctx>,
        contig: bool,
        conj: bool,
    ) -> EResult<BasicValueEnum<'ctx>> {
        if d.is_complex() {
            return self.zdot_kernel(d, x, y, n, contig, conj);
        }
        let ft = self.part_ty(d);
        let w: u32 = if d == Scalar::F32 { 8 } else { 4 };
        let vt = ft.vec_type(w);
        let i64t = self.ctx().i64_type();
        let n1 = self.b.build_and(n, self.i64c(-(4 * w as i64)), "n1")?;
        let i = self.alloca(i64t.into(), "dot.i")?;
        self.b.build_store(i, self.i64c(0))?;
        let acc: Vec<PointerValue<'ctx>> = (0..4)
            .map(|_| self.alloca(vt.into(), "acc"))
            .collect::<EResult<_>>()?;
        let avx512 = host_has_avx512();
        if avx512 {
            let vt2 = ft.vec_type(2 * w);
            let n2 = self.b.build_and(n1, self.i64c(-(8 * w as i64)), "n2")?;
            let acc5: Vec<PointerValue<'ctx>> = (0..4)
                .map(|_| self.alloca(vt2.into(), "acc5"))
                .collect::<EResult<_>>()?;
            for p in &acc5 {
                self.b.build_store(*p, vt2.const_zero())?;
            }
            self.step_loop(i, n2, 8 * w as i64, &mut |this, at| {
                let this = More(this);
                for (g, p) in acc5.iter().enumerate() {
                    let off = this
                        .b
                        .build_int_add(at, this.i64c((g as u32 * 2 * w) as i64), "")?;
                    let xv = this.load_lanes(x, ft, off, 2 * w, contig)?;
                    let yv = this.load_lanes(y, ft, off, 2 * w, contig)?;
                    let cur = this.b.build_load(vt2, *p, "")?.into_vector_value();
                    this.b.build_store(*p, this.fma_vec(vt2, xv, yv, cur)?)?;
                }
                Ok(())
            })?;
            // Fold each 2w-lane accumulator to w lanes: lo + hi.
            for (p5, p) in acc5.iter().zip(&acc) {
                let v = self.b.build_load(vt2, *p5, "")?.into_vector_value();
                let ls = self.lanes(v, 2 * w)?;
                let mut out = vt.get_undef();
                for l in 0..w as usize {
                    let s = self.fadd(ls[l], ls[l + w as usize])?;
                    out = self
                        .b
                        .build_insert_element(out, s, self.i64c(l as i64), "")?;
                }
                self.b.build_store(*p, out)?;
            }
        } else {
            for p in &acc {
                self.b.build_store(*p, vt.const_zero())?;
            }
        }
        self.step_loop(i, n1, 4 * w as i64, &mut |this, at| {
            let this = More(this);
            for (g, p) in acc.iter().enumerate() {
                let off = this
                    .b
                    .build_int_add(at, this.i64c((g as u32 * w) as i64), "")?;
                let xv = this.load_lanes(x, ft, off, w, contig)?;
                let yv = this.load_lanes(y, ft, off, w, contig)?;
                let cur = this.b.build_load(vt, *p, "")?.into_vector_value();
                this.b.build_store(*p, this.fma_vec(vt, xv, yv, cur)?)?;
            }
            Ok(())
        })?;
        let accs: Vec<Vec<FloatValue<'ctx>>> = acc
            .iter()
            .map(|p| self.lanes(self.b.build_load(vt, *p, "")?.into_vector_value(), w))
            .collect::<EResult<_>>()?;
        let half = (w / 2) as usize;
        // To one 128-bit vector of `half` lanes.
        let h: Vec<FloatValue<'ctx>> = if avx512 {
            let s: Vec<FloatValue<'ctx>> = (0..w as usize)
                .map(|l| {
                    let t = self.fadd(accs[0][l], accs[1][l])?;
                    let t = self.fadd(t, accs[2][l])?;
                    self.fadd(t, accs[3][l])
                })
                .collect::<EResult<_>>()?;
            (0..half)
                .map(|l| self.fadd(s[l], s[l + half]))
                .collect::<EResult<_>>()?
        } else {
            let folded: Vec<Vec<FloatValue<'ctx>>> = accs
                .iter()
                .map(|a| {
                    (0..half)
                        .map(|l| self.fadd(a[l], a[l + half]))
                        .collect::<EResult<_>>()
                })
                .collect::<EResult<_>>()?;
            (0..half)
                .map(|l| {
                    let p = self.fadd(folded[0][l], folded[1][l])?;
                    let q = self.fadd(folded[2][l], folded[3][l])?;
                    self.fadd(p, q)
                })
                .collect::<EResult<_>>()?
        };
        // Horizontal adds: 2 lanes → h0 + h1; 4 lanes → (h0 + h1) + (h2 + h3).
        let kernel = if half == 2 {
            self.fadd(h[0], h[1])?
        } else {
            let p = self.fadd(h[0], h[1])?;
            let q = self.fadd(h[2], h[3])?;
            self.fadd(p, q)?
        };
        if d == Scalar::F64 {
            let dot = self.alloca(ft.into(), "dot.sum")?;
            self.b.build_store(dot, kernel)?;
            self.step_loop(i, n, 1, &mut |this, at| {
                let this = More(this);
                let xv = this.load_part(x, ft, at, contig, 0, 1)?;
                let yv = this.load_part(y, ft, at, contig, 0, 1)?;
                let cur = this.b.build_load(ft, dot, "")?.into_float_value();
                this.b.build_store(dot, this.fma_scalar(yv, xv, cur)?)?;
                Ok(())
            })?;
            return Ok(self.b.build_load(ft, dot, "dot")?);
        }
        // sdot: the tail in double (float products), plus the kernel's float sum, rounded.
        let f64t = self.ctx().f64_type();
        let dot = self.alloca(f64t.into(), "dot.sum")?;
        self.b.build_store(dot, f64t.const_zero())?;
        self.step_loop(i, n, 1, &mut |this, at| {
            let this = More(this);
            let xv = this.load_part(x, ft, at, contig, 0, 1)?;
            let yv = this.load_part(y, ft, at, contig, 0, 1)?;
            let p = this.b.build_float_mul(yv, xv, "")?;
            let p = this.b.build_float_ext(p, f64t, "")?;
            let cur = this.b.build_load(f64t, dot, "")?.into_float_value();
            this.b
                .build_store(dot, this.b.build_float_add(cur, p, "")?)?;
            Ok(())
        })?;
        let cur = self.b.build_load(f64t, dot, "")?.into_float_value();
        let k64 = self.b.build_float_ext(kernel, f64t, "")?;
        let total = self.b.build_float_add(cur, k64, "")?;
        Ok(self.b.build_float_trunc(total, ft, "dot")?.into())
    }

    /// OpenBLAS's `zdot` / `cdot` (Haswell kernels, also used with AVX-512): sums of
    /// re·re, im·im, re·im and im·re; with `conj`, `zdotc` / `cdotc` (`conj(x) · y`), which
    /// combines the same four sums differently.
    fn zdot_kernel(
        &self,
        d: Scalar,
        x: Vec1<'ctx>,
        y: Vec1<'ctx>,
        n: IntValue<'ctx>,
        contig: bool,
        conj: bool,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let ft = self.part_ty(d);
        // w scalars per 256-bit vector; a block is 4 vectors = 2w complex numbers.
        let w: u32 = if d == Scalar::C64 { 8 } else { 4 };
        let vt = ft.vec_type(w);
        let i64t = self.ctx().i64_type();
        let per_block = 2 * w as i64;
        let n1 = self.b.build_and(n, self.i64c(-per_block), "n1")?;
        let i = self.alloca(i64t.into(), "zdot.i")?;
        self.b.build_store(i, self.i64c(0))?;
        let acc: Vec<PointerValue<'ctx>> = (0..8)
            .map(|_| self.alloca(vt.into(), "zacc"))
            .collect::<EResult<_>>()?;
        for p in &acc {
            self.b.build_store(*p, vt.const_zero())?;
        }
        // Scalar index `s` of the interleaved (re, im) sequence: complex s / 2, part s % 2.
        let interleaved = |this: &More<'_, 'a, 'ctx>,
                           v: Vec1<'ctx>,
                           first: IntValue<'ctx>|
         -> EResult<VectorValue<'ctx>> {
            if contig {
                return this.load_lanes(v, ft, first, w, true);
            }
            let mut out = vt.get_undef();
            for l in 0..w {
                let s = this.b.build_int_add(first, this.i64c(l as i64), "")?;
                let k = this.b.build_right_shift(s, this.i64c(1), false, "")?;
                let e = this.load_part(v, ft, k, false, (l % 2) as i64, 2)?;
                out = this
                    .b
                    .build_insert_element(out, e, this.i64c(l as i64), "")?;
            }
            Ok(out)
        };
        let swap_mask: Vec<u32> = (0..w).map(|l| l ^ 1).collect();
        self.step_loop(i, n1, per_block, &mut |this, at| {
            let this = More(this);
            let base = this.b.build_int_mul(at, this.i64c(2), "")?;
            for g in 0..4u32 {
                let first = this.b.build_int_add(base, this.i64c((g * w) as i64), "")?;
                let xv = interleaved(&this, x, first)?;
                let yv = interleaved(&this, y, first)?;
                let mask = inkwell::types::VectorType::const_vector(
                    &swap_mask
                        .iter()
                        .map(|m| this.ctx().i32_type().const_int(u64::from(*m), false))
                        .collect::<Vec<_>>(),
                );
                let ys = this.b.build_shuffle_vector(yv, vt.get_undef(), mask, "")?;
                let c0 = this
                    .b
                    .build_load(vt, acc[g as usize], "")?
                    .into_vector_value();
                this.b
                    .build_store(acc[g as usize], this.fma_vec(vt, xv, yv, c0)?)?;
                let c1 = this
                    .b
                    .build_load(vt, acc[4 + g as usize], "")?
                    .into_vector_value();
                this.b
                    .build_store(acc[4 + g as usize], this.fma_vec(vt, xv, ys, c1)?)?;
            }
            Ok(())
        })?;
        let accs: Vec<Vec<FloatValue<'ctx>>> = acc
            .iter()
            .map(|p| self.lanes(self.b.build_load(vt, *p, "")?.into_vector_value(), w))
            .collect::<EResult<_>>()?;
        let reduce = |g: usize| -> EResult<Vec<FloatValue<'ctx>>> {
            let half = (w / 2) as usize;
            let s: Vec<FloatValue<'ctx>> = (0..w as usize)
                .map(|l| {
                    let p = self.fadd(accs[g][l], accs[g + 1][l])?;
                    let q = self.fadd(accs[g + 2][l], accs[g + 3][l])?;
                    self.fadd(p, q)
                })
                .collect::<EResult<_>>()?;
            (0..half).map(|l| self.fadd(s[l], s[l + half])).collect()
        };
        let (mut d0, mut d1) = (reduce(0)?, reduce(4)?);
        if w == 8 {
            // cdot: dot[0] += dot[2], dot[1] += dot[3] (and the same for the cross sums).
            for v in [&mut d0, &mut d1] {
                v[0] = self.fadd(v[0], v[2])?;
                v[1] = self.fadd(v[1], v[3])?;
            }
        }
        let sums: Vec<PointerValue<'ctx>> = (0..4)
            .map(|_| self.alloca(ft.into(), "zsum"))
            .collect::<EResult<_>>()?;
        for (p, v) in sums.iter().zip([d0[0], d0[1], d1[0], d1[1]]) {
            self.b.build_store(*p, v)?;
        }
        self.step_loop(i, n, 1, &mut |this, at| {
            let this = More(this);
            let xr = this.load_part(x, ft, at, contig, 0, 2)?;
            let xi = this.load_part(x, ft, at, contig, 1, 2)?;
            let yr = this.load_part(y, ft, at, contig, 0, 2)?;
            let yi = this.load_part(y, ft, at, contig, 1, 2)?;
            for (p, (a, b)) in sums.iter().zip([(xr, yr), (xi, yi), (xr, yi), (xi, yr)]) {
                let cur = this.b.build_load(ft, *p, "")?.into_float_value();
                this.b.build_store(*p, this.fma_scalar(a, b, cur)?)?;
            }
            Ok(())
        })?;
        let s: Vec<FloatValue<'ctx>> = sums
            .iter()
            .map(|p| Ok(self.b.build_load(ft, *p, "")?.into_float_value()))
            .collect::<EResult<_>>()?;
        let (re, im) = if conj {
            (self.b.build_float_add(s[0], s[1], "")?, self.b.build_float_sub(s[2], s[3], "")?)
        } else {
            (self.b.build_float_sub(s[0], s[1], "")?, self.b.build_float_add(s[2], s[3], "")?)
        };
        self.make_complex(d, re.into(), im.into())
    }

    // ---- matrix products ----

    /// `out[i] = Σ_j m[i, j] · v[j]` for i < rows, j < inner; with `transposed` the matrix is
    /// read as `m[j, i]` (vector · matrix). `out` is a new zeroed C vector.
    #[allow(clippy::too_many_arguments)]
    fn matvec(
        &self,
        d: Scalar,
        m: StructValue<'ctx>,
        mt: &ArrayTy,
        v: Vec1<'ctx>,
        v_static: bool,
        out: StructValue<'ctx>,
        rows: IntValue<'ctx>,
        inner: IntValue<'ctx>,
        transposed: bool,
    ) -> EResult<()> {
        let (row_axis, col_axis) = if transposed { (1, 0) } else { (0, 1) };
        // A unit stride known from the layout lets LLVM vectorise the loops down columns.
        let unit_rows = if transposed {
            mt.layout == Layout::C
        } else {
            mt.layout == Layout::F
        };
        let rs = if unit_rows {
            self.i64c(d.size() as i64)
        } else {
            self.arr_stride(m, row_axis)?
        };
        let cs = self.arr_stride(m, col_axis)?;
        let mdata = self.arr_ptr(m, ARR_DATA)?;
        let odata = self.arr_ptr(out, ARR_DATA)?;
        let dt = Ty::Scalar(d);
        // Rows of the (possibly transposed) matrix contiguous: dot products.
        let rows_contiguous = if transposed {
            mt.layout == Layout::F
        } else {
            mt.layout == Layout::C
        };
        if rows_contiguous && !d.is_complex() {
            let esize = self.i64c(d.size() as i64);
            return self.count_loop(rows, &mut |this, i| {
                let this = More(this);
                let row = this.byte_ptr(mdata, this.b.build_int_mul(i, rs, "")?)?;
                let r = this.dot_vv(
                    d,
                    Vec1 {
                        data: row,
                        stride: esize,
                    },
                    v,
                    inner,
                    false,
                    v_static,
                    false,
                )?;
                this.store_elem(this.nth_ptr(odata, d, i)?, d, r)
            });
        }
        // Otherwise axpy: out += m[:, j] · v[j], the innermost loop down columns, four
        // columns per pass (each out[i] still sums over j in order).
        let inner4 = self.b.build_and(inner, self.i64c(-4), "")?;
        let j = self.alloca(self.ctx().i64_type().into(), "axpy.j")?;
        self.b.build_store(j, self.i64c(0))?;
        for step in [4i64, 1] {
            let limit = if step == 4 { inner4 } else { inner };
            self.step_loop(j, limit, step, &mut |this, j| {
                let mut vs = Vec::new();
                let mut cols = Vec::new();
                for u in 0..step {
                    let ju = this.b.build_int_add(j, this.i64c(u), "")?;
                    let vp = this.byte_ptr(v.data, this.b.build_int_mul(ju, v.stride, "")?)?;
                    vs.push(this.load_elem(vp, d)?);
                    cols.push(this.byte_ptr(mdata, this.b.build_int_mul(ju, cs, "")?)?);
                }
                this.count_loop(rows, &mut |this, i| {
                    let this = More(this);
                    let q = this.nth_ptr(odata, d, i)?;
                    let mut acc = this.load_elem(q, d)?;
                    let off = this.b.build_int_mul(i, rs, "")?;
                    for (col, vj) in cols.iter().zip(&vs) {
                        let mij = this.load_elem(this.byte_ptr(*col, off)?, d)?;
                        acc = this.mul_add(mij, *vj, acc, &dt)?;
                    }
                    this.store_elem(q, d, acc)
                })
            })?;
        }
        Ok(())
    }

    /// `a·b + c` in `t`: `llvm.fmuladd` for floats, complex `*` then `+` otherwise.
    fn mul_add(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        c: BasicValueEnum<'ctx>,
        t: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        if t.scalar().is_some_and(Scalar::is_float) {
            let f = self.em.intrinsic("llvm.fmuladd", &[a.get_type()])?;
            return self.call_value(f, &[a, b, c], "");
        }
        let (p, _) = self.binop(BinOp::Mul, a, b, t)?;
        let (s, _) = self.binop(BinOp::Add, c, p, t)?;
        Ok(s)
    }

    /// `out = a · b` (out zeroed): real dtypes by [`Self::gemm_tiles`], complex ones by
    /// [`Self::ikj`] over all columns.
    #[allow(clippy::too_many_arguments)]
    fn matmat(
        &self,
        d: Scalar,
        a: StructValue<'ctx>,
        b: StructValue<'ctx>,
        out: StructValue<'ctx>,
        out_ty: &Ty,
        m: IntValue<'ctx>,
        k: IntValue<'ctx>,
        n: IntValue<'ctx>,
    ) -> EResult<()> {
        let g = Gemm {
            d,
            adata: self.arr_ptr(a, ARR_DATA)?,
            as0: self.arr_stride(a, 0)?,
            as1: self.arr_stride(a, 1)?,
            bdata: self.arr_ptr(b, ARR_DATA)?,
            bs0: self.arr_stride(b, 0)?,
            bs1: self.arr_stride(b, 1)?,
            odata: self.arr_ptr(out, ARR_DATA)?,
            m,
            k,
            n,
        };
        if d.is_float() {
            self.gemm_tiles(&g, out, out_ty)
        } else {
            self.ikj(&g, self.i64c(0))
        }
    }

    /// A temporary block of `bytes` bytes (null-checked: MemoryError, releasing `out`).
    fn temp_block(
        &self,
        bytes: IntValue<'ctx>,
        out: StructValue<'ctx>,
        out_ty: &Ty,
    ) -> EResult<PointerValue<'ctx>> {
        let ptr = self.ctx().ptr_type(AddressSpace::default());
        let i64t = self.ctx().i64_type();
        let alloc = self
            .em
            .extern_fn("oxjit_rt_alloc", ptr.into(), &[i64t.into(), i64t.into()]);
        let mi = self.as_ptr(self.call_value(
            alloc,
            &[bytes.into(), self.i64c(DATA_ALIGN as i64).into()],
            "tmp",
        )?)?;
        let failed = self.b.build_is_null(mi, "")?;
        self.raise_if_releasing(
            failed,
            ExcKind::MemoryError,
            Some("cannot allocate memory for the array"),
            &[(out.into(), out_ty)],
        )?;
        Ok(mi)
    }

    /// `out[i, j] += Σ_k a[i, k] · b[k, j]` for columns `j_from..n`, as `i-k-j` loops (the
    /// innermost walks rows of b and out). Each sum runs over k in order.
    fn ikj(&self, g: &Gemm<'ctx>, j_from: IntValue<'ctx>) -> EResult<()> {
        let d = g.d;
        let dt = Ty::Scalar(d);
        self.count_loop(g.m, &mut |this, i| {
            let this = More(this);
            let arow = this.byte_ptr(g.adata, this.b.build_int_mul(i, g.as0, "")?)?;
            let optr = this.nth_ptr(g.odata, d, this.b.build_int_mul(i, g.n, "")?)?;
            this.count_loop(g.k, &mut |this, kk| {
                let this = More(this);
                let aik = this.load_elem(
                    this.byte_ptr(arow, this.b.build_int_mul(kk, g.as1, "")?)?,
                    d,
                )?;
                let brow = this.byte_ptr(g.bdata, this.b.build_int_mul(kk, g.bs0, "")?)?;
                let j = this.alloca(this.ctx().i64_type().into(), "j")?;
                this.b.build_store(j, j_from)?;
                this.step_loop(j, g.n, 1, &mut |this, j| {
                    let op = this.nth_ptr(optr, d, j)?;
                    let bv = this
                        .load_elem(this.byte_ptr(brow, this.b.build_int_mul(j, g.bs1, "")?)?, d)?;
                    let cur = this.load_elem(op, d)?;
                    let r = this.mul_add(aik, bv, cur, &dt)?;
                    this.store_elem(op, d, r)
                })
            })
        })
    }

    /// Real matrix product, blocked like a BLAS `gemm`: the columns of b are copied in panels
    /// of two vectors (then one vector, then one zero-padded vector for the last few
    /// columns), each panel k rows of contiguous values; for every block of 256 k and every
    /// `MR` rows of a, those rows are copied to a small stack buffer, and for every panel a
    /// tile of `MR` rows × the panel's columns is kept in registers while k runs. The tile is
    /// reloaded from `out` between k blocks, so every sum still runs over k in order. `out`
    /// starts zeroed.
    fn gemm_tiles(&self, g: &Gemm<'ctx>, out: StructValue<'ctx>, out_ty: &Ty) -> EResult<()> {
        let d = g.d;
        let esize = d.size() as i64;
        let wide = host_has_avx512();
        let v = (if wide { 64 } else { 32 } / esize) as u32;
        let vi = v as i64;
        let vt = self.part_ty(d).vec_type(v);
        let mr: i64 = if wide { 6 } else { 4 };
        const KC: i64 = 256;
        // 3 KiB of each of KC rows of b per column block (a multiple of two vectors).
        let nc = 3072 / esize;
        let i64t = self.ctx().i64_type();
        // Columns [0, n2) in panels of two vectors, [n2, n1) in one of one vector, [n1, n)
        // in one padded vector.
        let n2 = self.b.build_and(g.n, self.i64c(-2 * vi), "n2")?;
        let n1 = self.b.build_and(g.n, self.i64c(-vi), "n1")?;
        let n_pad = self.b.build_and(
            self.b.build_int_add(g.n, self.i64c(vi - 1), "")?,
            self.i64c(-vi),
            "n.pad",
        )?;
        let m_main = self.b.build_int_mul(
            self.b.build_int_signed_div(g.m, self.i64c(mr), "")?,
            self.i64c(mr),
            "m.main",
        )?;
        // Pack b: element (kk, j) of the panel starting at column j0 (width w) at
        // j0 * k + kk * w + (j - j0); zeros past column n.
        let items = self.b.build_int_mul(g.k, n_pad, "")?;
        let mi = self.temp_block(
            self.b.build_int_mul(items, self.i64c(esize), "")?,
            out,
            out_ty,
        )?;
        let pty = ArrayTy {
            dtype: d,
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        };
        let packed = self.array_over_block(mi, self.i64c(0), &pty, &[items])?;
        let pdata = self.arr_ptr(packed, ARR_DATA)?;
        let zero = self.convert(self.i64c(0).into(), &Ty::I64, &Ty::Scalar(d))?;
        let j0 = self.alloca(i64t.into(), "pack.j")?;
        self.b.build_store(j0, self.i64c(0))?;
        for (limit, width) in [(n2, 2 * vi), (n1, vi), (n_pad, vi)] {
            self.step_loop(j0, limit, width, &mut |this, j| {
                let panel = this.b.build_int_mul(j, g.k, "")?;
                this.count_loop(g.k, &mut |this, kk| {
                    let this = More(this);
                    let src = this.byte_ptr(
                        g.bdata,
                        this.b.build_int_add(
                            this.b.build_int_mul(kk, g.bs0, "")?,
                            this.b.build_int_mul(j, g.bs1, "")?,
                            "",
                        )?,
                    )?;
                    let dst = this.b.build_int_add(
                        panel,
                        this.b.build_int_mul(kk, this.i64c(width), "")?,
                        "",
                    )?;
                    for c in 0..width {
                        let q =
                            this.nth_ptr(pdata, d, this.b.build_int_add(dst, this.i64c(c), "")?)?;
                        if width == vi && limit == n_pad {
                            // The padded panel: columns past n are zero.
                            let col = this.b.build_int_add(j, this.i64c(c), "")?;
                            let inside =
                                this.b.build_int_compare(IntPredicate::SLT, col, g.n, "")?;
                            let (yes, no, join) = (
                                this.new_block("pack.in"),
                                this.new_block("pack.pad"),
                                this.new_block("pack.next"),
                            );
                            this.b.build_conditional_branch(inside, yes, no)?;
                            this.b.position_at_end(yes);
                            let x = this.load_elem(
                                this.byte_ptr(src, this.b.build_int_mul(this.i64c(c), g.bs1, "")?)?,
                                d,
                            )?;
                            this.store_elem(q, d, x)?;
                            this.b.build_unconditional_branch(join)?;
                            this.b.position_at_end(no);
                            this.store_elem(q, d, zero)?;
                            this.b.build_unconditional_branch(join)?;
                            this.b.position_at_end(join);
                        } else {
                            let x = this.load_elem(
                                this.byte_ptr(src, this.b.build_int_mul(this.i64c(c), g.bs1, "")?)?,
                                d,
                            )?;
                            this.store_elem(q, d, x)?;
                        }
                    }
                    Ok(())
                })
            })?;
        }
        // The rows of a being worked on, k-major: element (r, kk) at (kk - k0) * rows + r.
        let ft = self.part_ty(d);
        let abuf = self.alloca(ft.array_type((mr * KC) as u32).into(), "a.pack")?;
        let rem = self.b.build_int_sub(g.n, n1, "n.rem")?;
        let kb = self.alloca(i64t.into(), "kb")?;
        self.b.build_store(kb, self.i64c(0))?;
        self.step_loop(kb, g.k, KC, &mut |this, k0| {
            let k1 = this.b.build_int_add(k0, this.i64c(KC), "")?;
            let over = this.b.build_int_compare(IntPredicate::SGT, k1, g.k, "")?;
            let k1 = this
                .b
                .build_select(over, g.k, k1, "k.end")?
                .into_int_value();
            // Column blocks of NC, so that the b panels of a block stay in L2 across row tiles.
            let jc = this.alloca(i64t.into(), "jc")?;
            this.b.build_store(jc, this.i64c(0))?;
            this.step_loop(jc, n_pad, nc, &mut |this, jc0| {
                let jc1 = this.b.build_int_add(jc0, this.i64c(nc), "")?;
                let i0 = this.alloca(i64t.into(), "i0")?;
                this.b.build_store(i0, this.i64c(0))?;
                for (limit, rows) in [(m_main, mr), (g.m, 1)] {
                    this.step_loop(i0, limit, rows, &mut |this, i| {
                        // Copy a[i..i + rows, k0..k1] into the buffer.
                        let kk = this.alloca(i64t.into(), "a.kk")?;
                        this.b.build_store(kk, k0)?;
                        this.step_loop(kk, k1, 1, &mut |this, kv| {
                            let col = this.b.build_int_mul(kv, g.as1, "")?;
                            let at = this.b.build_int_mul(
                                this.b.build_int_sub(kv, k0, "")?,
                                this.i64c(rows),
                                "",
                            )?;
                            for r in 0..rows {
                                let row = this.b.build_int_mul(
                                    this.b.build_int_add(i, this.i64c(r), "")?,
                                    g.as0,
                                    "",
                                )?;
                                let x = this.load_elem(
                                    this.byte_ptr(g.adata, this.b.build_int_add(row, col, "")?)?,
                                    d,
                                )?;
                                this.store_elem(
                                    this.nth_ptr(
                                        abuf,
                                        d,
                                        this.b.build_int_add(at, this.i64c(r), "")?,
                                    )?,
                                    d,
                                    x,
                                )?;
                            }
                            Ok(())
                        })?;
                        let j0 = this.alloca(i64t.into(), "j0")?;
                        this.b.build_store(j0, jc0)?;
                        for (jl, nv, masked) in
                            [(n2, 2u32, false), (n1, 1, false), (n_pad, 1, true)]
                        {
                            let below = this.b.build_int_compare(IntPredicate::SLT, jl, jc1, "")?;
                            let jl = this.b.build_select(below, jl, jc1, "")?.into_int_value();
                            this.step_loop(j0, jl, i64::from(nv) * vi, &mut |this, j| {
                                let t = Tile {
                                    pdata,
                                    abuf,
                                    vt,
                                    v,
                                    nv,
                                    rows,
                                    i,
                                    j,
                                    k0,
                                    k1,
                                    rem: masked.then_some(rem),
                                };
                                this.gemm_tile(g, &t)
                            })?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })
        })?;
        self.decref(packed.into(), &Ty::Array(pty))
    }

    /// One register tile: rows `t.i..t.i + t.rows` (from the a buffer), columns
    /// `t.j..t.j + nv·v` (a packed panel of b; only `rem` of them when masked), k in
    /// `t.k0..t.k1`.
    fn gemm_tile(&self, g: &Gemm<'ctx>, t: &Tile<'ctx>) -> EResult<()> {
        let Tile {
            pdata,
            abuf,
            vt,
            v,
            nv,
            rows,
            i,
            j,
            k0,
            k1,
            rem,
        } = *t;
        let d = g.d;
        let ft = self.part_ty(d);
        let esize = d.size() as u32;
        let ptr_t = self.ctx().ptr_type(AddressSpace::default());
        let align = self.ctx().i32_type().const_int(u64::from(esize), false);
        let mask = match rem {
            Some(rem) => {
                let lanes = VectorType::const_vector(
                    &(0..v)
                        .map(|l| self.ctx().i64_type().const_int(u64::from(l), false))
                        .collect::<Vec<_>>(),
                );
                let one = self.b.build_insert_element(
                    self.ctx().i64_type().vec_type(v).get_undef(),
                    rem,
                    self.i64c(0),
                    "",
                )?;
                let zeros =
                    VectorType::const_vector(&vec![self.ctx().i32_type().const_zero(); v as usize]);
                let splat = self.b.build_shuffle_vector(
                    one,
                    self.ctx().i64_type().vec_type(v).get_undef(),
                    zeros,
                    "",
                )?;
                Some(
                    self.b
                        .build_int_compare(IntPredicate::SLT, lanes, splat, "mask")?,
                )
            }
            None => None,
        };
        let vload = |this: &More<'_, 'a, 'ctx>,
                     p: PointerValue<'ctx>,
                     masked: bool|
         -> EResult<VectorValue<'ctx>> {
            if let (true, Some(m)) = (masked, mask) {
                let f = this
                    .em
                    .intrinsic("llvm.masked.load", &[vt.into(), ptr_t.into()])?;
                return Ok(this
                    .call_value(
                        f,
                        &[p.into(), align.into(), m.into(), vt.const_zero().into()],
                        "",
                    )?
                    .into_vector_value());
            }
            let l = this.b.build_load(vt, p, "")?;
            if let Some(inst) = l.as_instruction_value() {
                let _ = inst.set_alignment(esize);
            }
            Ok(l.into_vector_value())
        };
        // Accumulators from out (rows × nv vectors).
        let mut optrs = Vec::new();
        let mut accs = Vec::new();
        for r in 0..rows {
            let row = self.b.build_int_add(i, self.i64c(r), "")?;
            let base = self
                .b
                .build_int_add(self.b.build_int_mul(row, g.n, "")?, j, "")?;
            for c in 0..nv {
                let p = self.nth_ptr(
                    g.odata,
                    d,
                    self.b
                        .build_int_add(base, self.i64c(i64::from(c * v)), "")?,
                )?;
                let slot = self.alloca(vt.into(), "tile")?;
                self.b.build_store(slot, vload(self, p, true)?)?;
                optrs.push(p);
                accs.push(slot);
            }
        }
        let fma = self.em.intrinsic("llvm.fmuladd", &[vt.into()])?;
        let zero_mask =
            VectorType::const_vector(&vec![self.ctx().i32_type().const_zero(); v as usize]);
        let kk = self.alloca(self.ctx().i64_type().into(), "kk")?;
        self.b.build_store(kk, k0)?;
        self.step_loop(kk, k1, 1, &mut |this, kv| {
            let panel = this.b.build_int_mul(j, g.k, "")?;
            let brow = this.b.build_int_add(
                panel,
                this.b.build_int_mul(kv, this.i64c(i64::from(nv * v)), "")?,
                "",
            )?;
            let bs: Vec<VectorValue<'ctx>> = (0..nv)
                .map(|c| {
                    vload(
                        this,
                        this.nth_ptr(
                            pdata,
                            d,
                            this.b
                                .build_int_add(brow, this.i64c(i64::from(c * v)), "")?,
                        )?,
                        false,
                    )
                })
                .collect::<EResult<_>>()?;
            let at =
                this.b
                    .build_int_mul(this.b.build_int_sub(kv, k0, "")?, this.i64c(rows), "")?;
            for r in 0..rows {
                let av = this.b.build_load(
                    ft,
                    this.nth_ptr(abuf, d, this.b.build_int_add(at, this.i64c(r), "")?)?,
                    "",
                )?;
                let one = this
                    .b
                    .build_insert_element(vt.get_undef(), av, this.i64c(0), "")?;
                let splat = this
                    .b
                    .build_shuffle_vector(one, vt.get_undef(), zero_mask, "")?;
                for (c, bv) in bs.iter().enumerate() {
                    let slot = accs[nv as usize * r as usize + c];
                    let cur = this.b.build_load(vt, slot, "")?;
                    let next = this.call_value(fma, &[splat.into(), (*bv).into(), cur], "")?;
                    this.b.build_store(slot, next)?;
                }
            }
            Ok(())
        })?;
        for (p, slot) in optrs.iter().zip(&accs) {
            let x = self.b.build_load(vt, *slot, "")?.into_vector_value();
            match mask {
                Some(m) => {
                    let f = self
                        .em
                        .intrinsic("llvm.masked.store", &[vt.into(), ptr_t.into()])?;
                    let args: Vec<inkwell::values::BasicMetadataValueEnum> =
                        vec![x.into(), (*p).into(), align.into(), m.into()];
                    self.b.build_call(f, &args, "")?;
                }
                None => {
                    let st = self.b.build_store(*p, x)?;
                    let _ = st.set_alignment(esize);
                }
            }
        }
        Ok(())
    }
}
