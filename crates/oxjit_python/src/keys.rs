//! Type keys: the argument types of one call as a few `u64` codes, and the conversions an
//! explicit signature accepts.
//!
//! A key is computed from the argument objects with no allocation (see `unbox::classify`):
//! one code per scalar, `None` or array, and for a tuple one code (its length) followed by
//! its items' codes. Two calls share a specialisation exactly when their keys are equal.
//!
//! ```text
//! add(1, 2.5)                 → [scalar(int64), scalar(float64)]
//! f(np.zeros((3, 4)), (1, 2)) → [array(float64, 2, C, writeable), tuple(2), scalar(int64), scalar(int64)]
//! f(x, "mean")                → [scalar(float64), str]
//! ```
//!
//! [`rate`] ranks how well a call's types fit a compiled signature, following Numba's casting
//! rules (`numba/core/typeconv/rules.py`): exact, promote, safe or unsafe conversions.

use oxjit_frontend::types::{ArrayTy, Layout, Scalar, Ty};

const TAG_SCALAR: u64 = 1;
const TAG_NONE: u64 = 2;
const TAG_ARRAY: u64 = 3;
const TAG_TUPLE: u64 = 4;
const TAG_LIST: u64 = 5;

/// The code that opens a (reflected) list argument (its element's codes follow).
#[inline]
pub fn list_code() -> u64 {
    TAG_LIST
}
const TAG_DISPATCHER: u64 = 6;
/// A `typed.List` argument (`ListType`): its element's codes follow.
const TAG_TYPED_LIST: u64 = 7;
/// A `typed.Dict` argument: the key's codes, then the value's.
const TAG_DICT: u64 = 8;
const TAG_STR: u64 = 9;

/// The code of a `str` argument: one type whatever the value (as Numba's `unicode_type`).
pub const STR_CODE: u64 = TAG_STR;

/// The position of `s` in `Scalar::ALL` (a `match`, so constant arguments fold away).
const fn scalar_index(s: Scalar) -> u64 {
    match s {
        Scalar::Bool => 0,
        Scalar::I8 => 1,
        Scalar::I16 => 2,
        Scalar::I32 => 3,
        Scalar::I64 => 4,
        Scalar::U8 => 5,
        Scalar::U16 => 6,
        Scalar::U32 => 7,
        Scalar::U64 => 8,
        Scalar::F32 => 9,
        Scalar::F64 => 10,
        Scalar::C64 => 11,
        Scalar::C128 => 12,
    }
}

fn layout_index(l: Layout) -> u64 {
    match l {
        Layout::C => 0,
        Layout::F => 1,
        Layout::A => 2,
    }
}

/// The code of a scalar argument.
#[inline(always)]
pub const fn scalar_code(s: Scalar) -> u64 {
    TAG_SCALAR | (scalar_index(s) << 8)
}

/// Whether two keys are equal (keys are a few words: a plain loop beats a `bcmp` call).
#[inline(always)]
pub fn same_key(a: &[u64], b: &[u64]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub const NONE_CODE: u64 = TAG_NONE;

/// The code of an array argument.
#[inline]
pub fn array_code(dtype: Scalar, ndim: u8, layout: Layout, readonly: bool) -> u64 {
    TAG_ARRAY
        | (scalar_index(dtype) << 8)
        | ((ndim as u64) << 16)
        | (layout_index(layout) << 24)
        | ((readonly as u64) << 26)
}

/// The code that opens a tuple of `len` items (the items' codes follow).
#[inline]
pub fn tuple_code(len: usize) -> u64 {
    TAG_TUPLE | ((len as u64) << 8)
}

/// The code of a jitted function passed as an argument (one specialisation per function, as
/// Numba's `types.Dispatcher`): its id above the tag.
#[inline]
pub fn dispatcher_code(id: oxjit_frontend::FuncId) -> u64 {
    TAG_DISPATCHER | ((id as u64) << 8)
}

/// Appends the key codes of `ty`; fails for types no Python argument can have.
pub fn encode(ty: &Ty, out: &mut Vec<u64>) -> Result<(), String> {
    match ty {
        Ty::Scalar(s) => out.push(scalar_code(*s)),
        Ty::None => out.push(NONE_CODE),
        Ty::Array(a) => out.push(array_code(a.dtype, a.ndim, a.layout, a.readonly)),
        Ty::Tuple(items) => {
            out.push(tuple_code(items.len()));
            for t in items.iter() {
                encode(t, out)?;
            }
        }
        Ty::List(l) => match &l.elem {
            Some(e) => {
                out.push(if l.typed { TAG_TYPED_LIST } else { TAG_LIST });
                encode(e, out)?;
            }
            None => return Err(format!("{ty} cannot be an argument type")),
        },
        Ty::Dict(d) => match (&d.key, &d.value) {
            (Some(k), Some(v)) => {
                out.push(TAG_DICT);
                encode(k, out)?;
                encode(v, out)?;
            }
            _ => return Err(format!("{ty} cannot be an argument type")),
        },
        Ty::Dispatcher(id) => out.push(dispatcher_code(*id)),
        Ty::Str => out.push(STR_CODE),
        other => return Err(format!("{other} cannot be an argument type")),
    }
    Ok(())
}

/// The key of a whole argument list.
pub fn encode_all(tys: &[Ty]) -> Result<Vec<u64>, String> {
    let mut out = Vec::with_capacity(tys.len());
    for t in tys {
        encode(t, &mut out)?;
    }
    Ok(out)
}

/// The types a key stands for (the inverse of [`encode_all`]).
pub fn decode(codes: &[u64]) -> Vec<Ty> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < codes.len() {
        out.push(decode_one(codes, &mut at));
    }
    out
}

fn decode_one(codes: &[u64], at: &mut usize) -> Ty {
    let c = codes[*at];
    *at += 1;
    match c & 0xff {
        TAG_SCALAR => Ty::Scalar(Scalar::ALL[((c >> 8) & 0xff) as usize]),
        TAG_NONE => Ty::None,
        TAG_LIST => Ty::list(decode_one(codes, at), true),
        TAG_TYPED_LIST => Ty::typed_list(Some(decode_one(codes, at))),
        TAG_DICT => {
            let k = decode_one(codes, at);
            let v = decode_one(codes, at);
            Ty::dict(Some(k), Some(v))
        }
        TAG_ARRAY => Ty::Array(ArrayTy {
            dtype: Scalar::ALL[((c >> 8) & 0xff) as usize],
            ndim: ((c >> 16) & 0xff) as u8,
            layout: [Layout::C, Layout::F, Layout::A][((c >> 24) & 0x3) as usize],
            readonly: (c >> 26) & 1 == 1,
        }),
        TAG_TUPLE => {
            let n = (c >> 8) as usize;
            Ty::tuple((0..n).map(|_| decode_one(codes, at)).collect())
        }
        TAG_DISPATCHER => Ty::Dispatcher((c >> 8) as oxjit_frontend::FuncId),
        TAG_STR => Ty::Str,
        _ => unreachable!("key codes are only made by this module"),
    }
}

/// How a value of one type converts to another (Numba's `Conversion` kinds, best first).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Conv {
    Exact,
    Promote,
    Safe,
    Unsafe,
}

/// The conversion of `from` to `to`, or `None` when there is none.
pub fn convert(from: &Ty, to: &Ty) -> Option<Conv> {
    if from == to {
        return Some(Conv::Exact);
    }
    match (from, to) {
        (Ty::Scalar(a), Ty::Scalar(b)) => convert_scalar(*a, *b),
        (Ty::Array(a), Ty::Array(b)) => {
            let layout_ok = b.layout == Layout::A || a.layout == b.layout;
            let mut_ok = !a.readonly || b.readonly;
            (a.dtype == b.dtype && a.ndim == b.ndim && layout_ok && mut_ok).then_some(Conv::Safe)
        }
        (Ty::Tuple(a), Ty::Tuple(b)) if a.len() == b.len() => {
            let mut worst = Conv::Exact;
            for (x, y) in a.iter().zip(b.iter()) {
                worst = worst.max(convert(x, y)?);
            }
            Some(worst)
        }
        _ => None,
    }
}

/// Numba's scalar casting rules with their transitive closure.
fn convert_scalar(a: Scalar, b: Scalar) -> Option<Conv> {
    use Scalar::*;
    if a == b {
        return Some(Conv::Exact);
    }
    let (ab, bb) = (a.bits(), b.bits());
    Some(match (a, b) {
        // Complex numbers never convert to real ones.
        (C64, C128) => Conv::Promote,
        (C128, C64) => Conv::Unsafe,
        (C64 | C128, _) => return None,
        (Bool, _) => Conv::Safe,
        (_, Bool) => Conv::Unsafe,
        _ if a.is_signed() && b.is_signed() => {
            if bb > ab {
                Conv::Promote
            } else {
                Conv::Unsafe
            }
        }
        _ if a.is_unsigned() && b.is_unsigned() => {
            if bb > ab {
                Conv::Promote
            } else {
                Conv::Unsafe
            }
        }
        _ if a.is_unsigned() && b.is_signed() => {
            if bb > ab {
                Conv::Safe
            } else {
                Conv::Unsafe
            }
        }
        _ if a.is_signed() && b.is_unsigned() => Conv::Unsafe,
        // Integer to float or complex: safe when the float's mantissa holds every value.
        _ if a.is_int() => {
            let part = if b.is_complex() { b.complex_part() } else { b };
            let safe = match part {
                F32 => matches!(a, I8 | I16 | U8),
                _ => matches!(a, I8 | I16 | I32 | U8 | U16),
            };
            if safe {
                Conv::Safe
            } else {
                Conv::Unsafe
            }
        }
        (F32, F64) => Conv::Promote,
        (F64, F32) => Conv::Unsafe,
        (F32, C64 | C128) | (F64, C128) => Conv::Safe,
        (F64, C64) => Conv::Unsafe,
        // Float to integer truncates.
        (F32 | F64, _) => Conv::Unsafe,
        _ => return None,
    })
}

/// How well a call fits a signature: counts of unsafe, safe and promoting conversions
/// (compared in that order, fewer is better), as Numba's overload selection does.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating {
    pub unsafe_: u32,
    pub safe: u32,
    pub promote: u32,
}

/// The rating of passing `args` to parameters `params`, or `None` if some argument cannot convert.
pub fn rate(args: &[Ty], params: &[Ty]) -> Option<Rating> {
    if args.len() != params.len() {
        return None;
    }
    let mut r = Rating::default();
    for (a, p) in args.iter().zip(params) {
        match convert(a, p)? {
            Conv::Exact => {}
            Conv::Promote => r.promote += 1,
            Conv::Safe => r.safe += 1,
            Conv::Unsafe => r.unsafe_ += 1,
        }
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_roundtrip() {
        let tys = vec![
            Ty::I64,
            Ty::array(Scalar::F32, 2, Layout::F),
            Ty::tuple(vec![Ty::F64, Ty::tuple(vec![Ty::BOOL, Ty::None])]),
            Ty::Str,
            Ty::tuple(vec![Ty::Str, Ty::I64]),
            Ty::Array(ArrayTy {
                dtype: Scalar::U8,
                ndim: 3,
                layout: Layout::A,
                readonly: true,
            }),
        ];
        let key = encode_all(&tys).unwrap();
        assert_eq!(key.len(), 1 + 1 + 5 + 1 + 3 + 1);
        assert_eq!(decode(&key), tys);
        assert!(encode_all(&[Ty::Range]).is_err());
        let containers = vec![
            Ty::dict(Some(Ty::tuple(vec![Ty::I64, Ty::F64])), Some(Ty::typed_list(Some(Ty::I64)))),
            Ty::typed_list(Some(Ty::dict(Some(Ty::I64), Some(Ty::array(Scalar::F64, 1, Layout::C))))),
            Ty::list(Ty::I64, true),
        ];
        assert_eq!(decode(&encode_all(&containers).unwrap()), containers);
        assert!(encode_all(&[Ty::dict(None, None)]).is_err());
    }

    #[test]
    fn scalar_index_matches_all() {
        for (i, s) in Scalar::ALL.iter().enumerate() {
            assert_eq!(scalar_index(*s), i as u64);
        }
    }

    #[test]
    fn distinct_codes() {
        let a = array_code(Scalar::F64, 1, Layout::C, false);
        assert_ne!(a, array_code(Scalar::F64, 1, Layout::C, true));
        assert_ne!(a, array_code(Scalar::F64, 1, Layout::A, false));
        assert_ne!(a, array_code(Scalar::F64, 2, Layout::C, false));
        assert_ne!(a, array_code(Scalar::F32, 1, Layout::C, false));
        assert_ne!(scalar_code(Scalar::I64), scalar_code(Scalar::U64));
    }

    #[test]
    fn numba_casting_rules() {
        use Scalar::*;
        let c = |a, b| convert_scalar(a, b);
        assert_eq!(c(I32, I64), Some(Conv::Promote));
        assert_eq!(c(I64, I32), Some(Conv::Unsafe));
        assert_eq!(c(I64, F64), Some(Conv::Unsafe));
        assert_eq!(c(I32, F64), Some(Conv::Safe));
        assert_eq!(c(I16, F32), Some(Conv::Safe));
        assert_eq!(c(I32, F32), Some(Conv::Unsafe));
        assert_eq!(c(U32, I64), Some(Conv::Safe));
        assert_eq!(c(U64, I64), Some(Conv::Unsafe));
        assert_eq!(c(F32, F64), Some(Conv::Promote));
        assert_eq!(c(F64, C128), Some(Conv::Safe));
        assert_eq!(c(F64, I64), Some(Conv::Unsafe));
        assert_eq!(c(C128, F64), None);
        assert_eq!(c(C64, C128), Some(Conv::Promote));
        assert_eq!(c(Bool, I64), Some(Conv::Safe));
    }

    #[test]
    fn arrays_convert_to_any_layout_and_to_readonly() {
        let c = Ty::array(Scalar::F64, 1, Layout::C);
        let a = Ty::array(Scalar::F64, 1, Layout::A);
        let ro = Ty::Array(ArrayTy {
            dtype: Scalar::F64,
            ndim: 1,
            layout: Layout::C,
            readonly: true,
        });
        assert_eq!(convert(&c, &a), Some(Conv::Safe));
        assert_eq!(convert(&a, &c), None);
        assert_eq!(convert(&c, &ro), Some(Conv::Safe));
        assert_eq!(convert(&ro, &c), None);
        assert_eq!(convert(&c, &Ty::array(Scalar::F32, 1, Layout::A)), None);
    }

    #[test]
    fn ratings_order() {
        let exact = rate(&[Ty::I64], &[Ty::I64]).unwrap();
        let to_float = rate(&[Ty::I64], &[Ty::F64]).unwrap();
        assert!(exact < to_float);
        assert_eq!(rate(&[Ty::C128], &[Ty::F64]), None);
        assert_eq!(rate(&[Ty::I64], &[Ty::I64, Ty::I64]), None);
    }
}
