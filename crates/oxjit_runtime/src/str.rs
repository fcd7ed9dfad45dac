//! Python strings in compiled code (`str`, Numba's `unicode_type`), stored as PEP 393 does.
//!
//! A string value is four words, [`RtStr`] `{ meminfo, data, len, kind }`: `len` code points
//! of `kind` bytes each (1: Latin-1, 2: UCS-2, 4: UCS-4) at `data`. Who owns the bytes:
//!
//! - a string made here lives in a runtime block (`oxjit_rt_alloc`): `meminfo` holds one
//!   reference, counted like an array's;
//! - a string argument from Python points into the `str` object itself (`meminfo` null: the
//!   caller keeps the object alive for the call); a literal points into the compiled module's
//!   constant data (`meminfo` null, never freed while the code can run);
//! - a *view* (a slice with step 1, `strip`, a `split` item, `s[i]`) points into its source's
//!   bytes and shares its `meminfo` (one more reference).
//!
//! Strings are not kept in their narrowest kind (a view of ASCII characters of a UCS-2
//! string is UCS-2, as in Numba), so every comparison here goes by code points; boxing
//! (`PyUnicode_FromKindAndData`) gives Python its canonical form.
//!
//! Functions that make a string write it to `*out` and return a status: [`ST_OK`],
//! [`ST_MEMORY`] (compiled code raises `MemoryError`) or [`ST_VALUE`] (a `ValueError`
//! whose message the caller knows). Strings are passed as `(data, len, kind)` triples, with
//! the `meminfo` first where the result may be a view of the argument.
//!
//! ```
//! use oxjit_runtime::str::*;
//! let a = "ab".as_bytes();
//! let mut out = RtStr::EMPTY;
//! // SAFETY: `a` is 2 Latin-1 code points; `out` is written by the call.
//! unsafe {
//!     assert_eq!(oxjit_rt_str_repeat(&mut out, a.as_ptr(), 2, 1, 3), ST_OK);
//!     assert_eq!(out.to_string(), "ababab");
//!     oxjit_runtime::oxjit_rt_decref(out.meminfo);
//! }
//! ```

use std::ptr;

use crate::list::{list_data, list_push, oxjit_rt_list_new};
use crate::memory::{oxjit_rt_alloc, oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use crate::str_tables::{ALPHA, DIGIT, SPACE};

/// A string value in the slot layout: `{ meminfo, data, len, kind }` (32 bytes).
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct RtStr {
    pub meminfo: *mut MemInfo,
    pub data: *const u8,
    pub len: i64,
    pub kind: i64,
}

/// Size of a string value in a slot (list items, arguments, results).
pub const STR_SLOT_SIZE: usize = std::mem::size_of::<RtStr>();
const _: () = assert!(STR_SLOT_SIZE == 32);

pub const ST_OK: i32 = 0;
pub const ST_MEMORY: i32 = 1;
pub const ST_VALUE: i32 = 2;

/// One byte per Latin-1 character: `chr(c)` for `c < 256` and the empty string point here.
static LATIN1: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i as u8;
        i += 1;
    }
    t
};

impl RtStr {
    /// The empty string (static data, no MemInfo).
    pub const EMPTY: RtStr = RtStr { meminfo: ptr::null_mut(), data: ptr::null(), len: 0, kind: 1 };

    fn view(&self) -> S {
        S { data: self.data, len: self.len.max(0) as usize, kind: self.kind as u8 }
    }

    /// The code points as a Rust string (lone surrogates become U+FFFD); for tests and
    /// messages.
    pub fn to_string_lossy(&self) -> String {
        let s = self.view();
        (0..s.len).map(|i| char::from_u32(s.at(i)).unwrap_or('\u{fffd}')).collect()
    }
}

impl std::fmt::Display for RtStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

/// A borrowed string: `len` code points of `kind` bytes at `data`.
#[derive(Copy, Clone)]
struct S {
    data: *const u8,
    len: usize,
    kind: u8,
}

impl S {
    /// # Safety
    /// `data` holds `len` code points of `kind` bytes (any pointer when `len` is 0).
    unsafe fn new(data: *const u8, len: i64, kind: i64) -> S {
        S { data, len: len.max(0) as usize, kind: kind as u8 }
    }

    /// Code point `i` (`i < len`).
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        debug_assert!(i < self.len);
        // SAFETY: `i < len` (callers' loops), and `data` holds `len` code points (`S::new`);
        // unaligned reads, as constant data may be byte-aligned.
        unsafe {
            match self.kind {
                1 => *self.data.add(i) as u32,
                2 => self.data.cast::<u16>().add(i).read_unaligned() as u32,
                _ => self.data.cast::<u32>().add(i).read_unaligned(),
            }
        }
    }

    /// The bytes of code points `lo..hi`.
    fn bytes(&self, lo: usize, hi: usize) -> &[u8] {
        if hi <= lo {
            return &[];
        }
        let k = self.kind as usize;
        // SAFETY: `lo < hi <= len`, inside the string's data.
        unsafe { std::slice::from_raw_parts(self.data.add(lo * k), (hi - lo) * k) }
    }

    fn max_char(&self) -> u32 {
        match self.kind {
            1 => self.bytes(0, self.len).iter().copied().max().unwrap_or(0) as u32,
            _ => (0..self.len).map(|i| self.at(i)).max().unwrap_or(0),
        }
    }

    /// Whether code points `at..at + n.len` equal those of `n`.
    fn matches_at(&self, at: usize, n: &S) -> bool {
        if self.kind == n.kind {
            return self.bytes(at, at + n.len) == n.bytes(0, n.len);
        }
        (0..n.len).all(|j| self.at(at + j) == n.at(j))
    }

    /// The first (or last, `rev`) position in `lo..=hi - n.len` where `n` occurs.
    fn search(&self, n: &S, lo: usize, hi: usize, rev: bool) -> Option<usize> {
        if hi < lo || hi - lo < n.len {
            return None;
        }
        let last = hi - n.len;
        if n.len == 0 {
            return Some(if rev { last } else { lo });
        }
        if self.kind == 1 && n.kind == 1 {
            let hay = self.bytes(lo, hi);
            let needle = n.bytes(0, n.len);
            let first = needle[0];
            let found = if rev {
                (0..=hay.len() - needle.len()).rev().find(|&i| hay[i] == first && &hay[i..i + needle.len()] == needle)
            } else {
                (0..=hay.len() - needle.len()).find(|&i| hay[i] == first && &hay[i..i + needle.len()] == needle)
            };
            return found.map(|i| i + lo);
        }
        let first = n.at(0);
        if rev {
            (lo..=last).rev().find(|&i| self.at(i) == first && self.matches_at(i, n))
        } else {
            (lo..=last).find(|&i| self.at(i) == first && self.matches_at(i, n))
        }
    }
}

/// The narrowest kind that holds code point `c`.
fn kind_for(c: u32) -> i64 {
    if c < 0x100 {
        1
    } else if c < 0x10000 {
        2
    } else {
        4
    }
}

/// A new string of `len` code points of `kind` bytes (count 1), its data not initialised;
/// the empty string needs no block. `None` when memory runs out.
fn alloc_str(len: usize, kind: i64) -> Option<RtStr> {
    if len == 0 {
        return Some(RtStr { data: LATIN1.as_ptr(), ..RtStr::EMPTY });
    }
    let bytes = len.checked_mul(kind as usize)?;
    let mi = oxjit_rt_alloc(bytes, 0);
    if mi.is_null() {
        return None;
    }
    // SAFETY: a fresh live MemInfo.
    let data = unsafe { (*mi).data() };
    Some(RtStr { meminfo: mi, data, len: len as i64, kind })
}

/// Writes code point `c` at position `i` of a string being built (`i < len`, `c` fits `kind`).
///
/// # Safety
/// `s` was made by [`alloc_str`] and is not shared yet.
#[inline(always)]
unsafe fn put(s: &RtStr, i: usize, c: u32) {
    let p = s.data as *mut u8;
    // SAFETY: the caller's contract: `i < len`, inside the new block, which nobody reads yet.
    unsafe {
        match s.kind {
            1 => *p.add(i) = c as u8,
            2 => p.cast::<u16>().add(i).write_unaligned(c as u16),
            _ => p.cast::<u32>().add(i).write_unaligned(c),
        }
    }
}

/// Copies the code points of `src` to positions `at..` of a string being built.
///
/// # Safety
/// As [`put`], with `at + src.len <= len` and `src` no wider than the new string's kind.
unsafe fn put_all(s: &RtStr, at: usize, src: &S) {
    if src.len == 0 {
        return;
    }
    if src.kind as i64 == s.kind {
        let k = s.kind as usize;
        // SAFETY: same kind: a byte copy into the new block (the ranges cannot overlap).
        unsafe { ptr::copy_nonoverlapping(src.data, (s.data as *mut u8).add(at * k), src.len * k) };
        return;
    }
    for j in 0..src.len {
        // SAFETY: the caller's contract.
        unsafe { put(s, at + j, src.at(j)) };
    }
}

/// A new string of the code points in `cps`, in their narrowest kind.
fn from_code_points(cps: &[u32]) -> Option<RtStr> {
    let kind = kind_for(cps.iter().copied().max().unwrap_or(0));
    let out = alloc_str(cps.len(), kind)?;
    for (i, c) in cps.iter().enumerate() {
        // SAFETY: a fresh string of `cps.len()` code points of a kind that holds every one.
        unsafe { put(&out, i, *c) };
    }
    Some(out)
}

/// A view of code points `lo..hi` of `s` (one more reference to its MemInfo).
///
/// # Safety
/// `mi` is null or the live MemInfo owning `s`'s bytes; `lo <= hi <= s.len`.
unsafe fn view_of(mi: *mut MemInfo, s: &S, lo: usize, hi: usize) -> RtStr {
    if hi <= lo {
        return RtStr { data: LATIN1.as_ptr(), ..RtStr::EMPTY };
    }
    // SAFETY: the caller's contract.
    unsafe { oxjit_rt_incref(mi) };
    // SAFETY: `lo < len`, inside the data.
    let data = unsafe { s.data.add(lo * s.kind as usize) };
    RtStr { meminfo: mi, data, len: (hi - lo) as i64, kind: s.kind as i64 }
}

fn in_table(table: &[(u32, u32)], c: u32) -> bool {
    table.binary_search_by(|&(lo, hi)| if hi < c { std::cmp::Ordering::Less } else if lo > c { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Equal }).is_ok()
}

/// Python's `str.isspace` of one code point.
fn is_space(c: u32) -> bool {
    if c < 0x80 {
        return matches!(c, 0x09..=0x0d | 0x1c..=0x20);
    }
    in_table(&SPACE, c)
}

fn is_alpha(c: u32) -> bool {
    if c < 0x80 {
        return (c as u8).is_ascii_alphabetic();
    }
    in_table(&ALPHA, c)
}

fn is_digit(c: u32) -> bool {
    if c < 0x80 {
        return (c as u8).is_ascii_digit();
    }
    in_table(&DIGIT, c)
}

/// CPython's `ADJUST_INDICES`: `start`/`end` of `find`, `count` ... as slice bounds (not
/// clamped above: `start > len` finds nothing).
fn adjust(start: i64, end: i64, len: i64) -> (i64, i64) {
    let end = if end > len {
        len
    } else if end < 0 {
        (end + len).max(0)
    } else {
        end
    };
    let start = if start < 0 { (start + len).max(0) } else { start };
    (start, end)
}

// ---------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------

/// Whether two strings of `len` code points each are equal (compiled code compares lengths
/// first, and equal kinds with `memcmp`; this is the path for different kinds).
///
/// # Safety
/// `a` and `b` hold `len` code points of `akind` / `bkind` bytes.
pub unsafe extern "C" fn oxjit_rt_str_eq(a: *const u8, akind: i64, b: *const u8, bkind: i64, len: i64) -> i32 {
    // SAFETY: the caller's contract.
    let (a, b) = unsafe { (S::new(a, len, akind), S::new(b, len, bkind)) };
    a.matches_at(0, &b) as i32
}

/// Python's ordering of strings (by code points): -1, 0 or 1.
///
/// # Safety
/// Each pointer holds its string's code points.
pub unsafe extern "C" fn oxjit_rt_str_cmp(a: *const u8, alen: i64, akind: i64, b: *const u8, blen: i64, bkind: i64) -> i32 {
    // SAFETY: the caller's contract.
    let (a, b) = unsafe { (S::new(a, alen, akind), S::new(b, blen, bkind)) };
    let n = a.len.min(b.len);
    for i in 0..n {
        let (x, y) = (a.at(i), b.at(i));
        if x != y {
            return if x < y { -1 } else { 1 };
        }
    }
    (a.len as i64 - b.len as i64).signum() as i32
}

// ---------------------------------------------------------------------------------------
// Building strings
// ---------------------------------------------------------------------------------------

/// `a + b`.
///
/// # Safety
/// `out` is writable; each pointer holds its string's code points.
pub unsafe extern "C" fn oxjit_rt_str_concat(out: *mut RtStr, a: *const u8, alen: i64, akind: i64, b: *const u8, blen: i64, bkind: i64) -> i32 {
    // SAFETY: the caller's contract.
    let (a, b) = unsafe { (S::new(a, alen, akind), S::new(b, blen, bkind)) };
    let Some(r) = alloc_str(a.len + b.len, akind.max(bkind)) else { return ST_MEMORY };
    // SAFETY: a fresh string of both lengths, of the wider kind.
    unsafe {
        put_all(&r, 0, &a);
        put_all(&r, a.len, &b);
        out.write(r);
    }
    ST_OK
}

/// `a * n` (`n <= 0` gives the empty string).
///
/// # Safety
/// As [`oxjit_rt_str_concat`].
pub unsafe extern "C" fn oxjit_rt_str_repeat(out: *mut RtStr, a: *const u8, alen: i64, akind: i64, n: i64) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let n = n.max(0) as usize;
    let Some(total) = a.len.checked_mul(n) else { return ST_MEMORY };
    let Some(r) = alloc_str(total, akind) else { return ST_MEMORY };
    for k in 0..if a.len == 0 { 0 } else { n } {
        // SAFETY: copy `k` lands inside the new string of `n` copies.
        unsafe { put_all(&r, k * a.len, &a) };
    }
    // SAFETY: the caller's contract.
    unsafe { out.write(r) };
    ST_OK
}

/// `a[start::step]` with `n` items (bounds already resolved by `slice.indices`): a view for
/// step 1, else a copy.
///
/// # Safety
/// `mi` is null or owns `a`'s bytes; the `n` positions `start + k * step` lie inside `a`.
pub unsafe extern "C" fn oxjit_rt_str_slice(out: *mut RtStr, mi: *mut MemInfo, a: *const u8, alen: i64, akind: i64, start: i64, step: i64, n: i64) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let n = n.max(0) as usize;
    if step == 1 {
        let lo = start.max(0) as usize;
        // SAFETY: the caller's contract.
        unsafe { out.write(view_of(mi, &a, lo, lo + n)) };
        return ST_OK;
    }
    let Some(r) = alloc_str(n, akind) else { return ST_MEMORY };
    for k in 0..n {
        let i = (start + k as i64 * step) as usize;
        // SAFETY: a fresh string of `n` code points of `a`'s kind.
        unsafe { put(&r, k, a.at(i)) };
    }
    // SAFETY: the caller's contract.
    unsafe { out.write(r) };
    ST_OK
}

/// `chr(c)`: [`ST_VALUE`] outside `range(0x110000)`. Latin-1 characters need no block.
///
/// # Safety
/// `out` is writable.
pub unsafe extern "C" fn oxjit_rt_str_chr(out: *mut RtStr, c: i64) -> i32 {
    if !(0..0x110000).contains(&c) {
        return ST_VALUE;
    }
    let r = if c < 0x100 {
        RtStr { meminfo: ptr::null_mut(), data: LATIN1[c as usize..].as_ptr(), len: 1, kind: 1 }
    } else {
        match from_code_points(&[c as u32]) {
            Some(r) => r,
            None => return ST_MEMORY,
        }
    };
    // SAFETY: the caller's contract.
    unsafe { out.write(r) };
    ST_OK
}

/// `str(v)` of an integer (`unsigned`: `v` is a `u64`).
///
/// # Safety
/// `out` is writable.
pub unsafe extern "C" fn oxjit_rt_str_from_int(out: *mut RtStr, v: i64, unsigned: i32) -> i32 {
    let text = if unsigned != 0 { (v as u64).to_string() } else { v.to_string() };
    let Some(r) = alloc_str(text.len(), 1) else { return ST_MEMORY };
    // SAFETY: ASCII digits into a fresh Latin-1 string of that length.
    unsafe {
        ptr::copy_nonoverlapping(text.as_ptr(), r.data as *mut u8, text.len());
        out.write(r);
    }
    ST_OK
}

// ---------------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------------

/// `find`, `rfind`, `count`, `startswith`, `endswith` (`op` 0..=4) of `b` in `a[start:end]`
/// (CPython's index rules; compiled code passes `0` and `i64::MAX` for omitted bounds).
/// Returns the position or -1, the count, or 1/0.
///
/// # Safety
/// Each pointer holds its string's code points.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_str_find(a: *const u8, alen: i64, akind: i64, b: *const u8, blen: i64, bkind: i64, start: i64, end: i64, op: i32) -> i64 {
    // SAFETY: the caller's contract.
    let (a, b) = unsafe { (S::new(a, alen, akind), S::new(b, blen, bkind)) };
    let (start, end) = adjust(start, end, a.len as i64);
    let nb = b.len as i64;
    match op {
        0 | 1 => {
            if end - start < nb {
                return -1;
            }
            a.search(&b, start as usize, end as usize, op == 1).map_or(-1, |i| i as i64)
        }
        2 => {
            if end - start < nb {
                return 0;
            }
            if nb == 0 {
                return end - start + 1;
            }
            let (mut at, end) = (start as usize, end as usize);
            let mut count = 0;
            while let Some(i) = a.search(&b, at, end, false) {
                count += 1;
                at = i + b.len;
            }
            count
        }
        _ => {
            // CPython's `tailmatch`: the match must fit in a[start:end].
            let last = end - nb;
            if last < start {
                return 0;
            }
            if nb == 0 {
                return 1;
            }
            let at = if op == 3 { start } else { last };
            a.matches_at(at as usize, &b) as i64
        }
    }
}

// ---------------------------------------------------------------------------------------
// Transforming
// ---------------------------------------------------------------------------------------

/// `strip` (`mode` 3), `lstrip` (1), `rstrip` (2): whitespace when `chars` is null, else the
/// characters of `chars`. The result is a view of `a`.
///
/// # Safety
/// `mi` is null or owns `a`'s bytes; the pointers hold their strings' code points.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_str_strip(out: *mut RtStr, mi: *mut MemInfo, a: *const u8, alen: i64, akind: i64, chars: *const u8, clen: i64, ckind: i64, mode: i32) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let set = if chars.is_null() {
        None
    } else {
        // SAFETY: the caller's contract.
        Some(unsafe { S::new(chars, clen, ckind) })
    };
    let strip = |c: u32| match &set {
        None => is_space(c),
        Some(s) => (0..s.len).any(|j| s.at(j) == c),
    };
    let mut lo = 0;
    let mut hi = a.len;
    if mode & 1 != 0 {
        while lo < hi && strip(a.at(lo)) {
            lo += 1;
        }
    }
    if mode & 2 != 0 {
        while hi > lo && strip(a.at(hi - 1)) {
            hi -= 1;
        }
    }
    // SAFETY: the caller's contract; `lo <= hi <= len`.
    unsafe { out.write(view_of(mi, &a, lo, hi)) };
    ST_OK
}

/// `upper()` (`upper` = 1) or `lower()` (0), with Unicode's full case mappings (`'ß'.upper()`
/// is `'SS'`) and, for `lower`, the final-sigma rule (`'ΣΑΣ'.lower()` is `'σας'`), as CPython.
///
/// # Safety
/// `out` is writable; `a` holds its code points.
pub unsafe extern "C" fn oxjit_rt_str_case(out: *mut RtStr, a: *const u8, alen: i64, akind: i64, upper: i32) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let map_ascii = |c: u32| {
        let b = c as u8;
        (if upper != 0 { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() }) as u32
    };
    if a.max_char() < 0x80 {
        let Some(r) = alloc_str(a.len, 1) else { return ST_MEMORY };
        for i in 0..a.len {
            // SAFETY: a fresh Latin-1 string of `a.len` code points.
            unsafe { put(&r, i, map_ascii(a.at(i))) };
        }
        // SAFETY: the caller's contract.
        unsafe { out.write(r) };
        return ST_OK;
    }
    let chars: Option<String> = (0..a.len).map(|i| char::from_u32(a.at(i))).collect();
    let cps: Vec<u32> = match chars {
        // Rust's `str` case mappings are Unicode's full ones, with the final-sigma context.
        Some(text) if upper != 0 => text.to_uppercase().chars().map(|c| c as u32).collect(),
        Some(text) => text.to_lowercase().chars().map(|c| c as u32).collect(),
        // Lone surrogates (no case) keep their place; the rest maps character by character.
        None => {
            let mut v = Vec::with_capacity(a.len);
            for i in 0..a.len {
                match char::from_u32(a.at(i)) {
                    Some(ch) if upper != 0 => v.extend(ch.to_uppercase().map(|x| x as u32)),
                    Some(ch) => v.extend(ch.to_lowercase().map(|x| x as u32)),
                    None => v.push(a.at(i)),
                }
            }
            v
        }
    };
    let Some(r) = from_code_points(&cps) else { return ST_MEMORY };
    // SAFETY: the caller's contract.
    unsafe { out.write(r) };
    ST_OK
}

/// `isdigit()` (`what` 0), `isalpha()` (1), `isspace()` (2): every character has the
/// property, and there is at least one.
///
/// # Safety
/// `a` holds its code points.
pub unsafe extern "C" fn oxjit_rt_str_is(a: *const u8, alen: i64, akind: i64, what: i32) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let test: fn(u32) -> bool = match what {
        0 => is_digit,
        1 => is_alpha,
        _ => is_space,
    };
    (a.len > 0 && (0..a.len).all(|i| test(a.at(i)))) as i32
}

/// `ljust` (`mode` 0), `rjust` (1), `center` (2) with `fill`, and `zfill` (3): a new string
/// of `width` code points, or a view of `a` when it is that long already.
///
/// # Safety
/// As [`oxjit_rt_str_strip`].
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_str_pad(out: *mut RtStr, mi: *mut MemInfo, a: *const u8, alen: i64, akind: i64, width: i64, fill: i64, mode: i32) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let n = a.len as i64;
    if width <= n {
        // SAFETY: the caller's contract.
        unsafe { out.write(view_of(mi, &a, 0, a.len)) };
        return ST_OK;
    }
    let fill = if mode == 3 { b'0' as u32 } else { fill as u32 };
    let total = (width - n) as usize;
    let left = match mode {
        0 => 0,
        1 | 3 => total,
        // CPython's `center`: the odd space goes left when both the margin and the width are odd.
        _ => total / 2 + (total & width as usize & 1),
    };
    let Some(r) = alloc_str(width as usize, akind.max(kind_for(fill))) else { return ST_MEMORY };
    // SAFETY: a fresh string of `width` code points of a kind holding `a` and `fill`.
    unsafe {
        for k in 0..left {
            put(&r, k, fill);
        }
        put_all(&r, left, &a);
        for k in left + a.len..width as usize {
            put(&r, k, fill);
        }
        // `zfill`: a leading sign moves in front of the zeros.
        if mode == 3 && a.len > 0 && (a.at(0) == b'+' as u32 || a.at(0) == b'-' as u32) {
            put(&r, 0, a.at(0));
            put(&r, left, fill);
        }
        out.write(r);
    }
    ST_OK
}

/// `a.replace(old, new, count)` (`count < 0`: all). With nothing to replace the result is a
/// view of `a`.
///
/// # Safety
/// As [`oxjit_rt_str_strip`].
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_str_replace(
    out: *mut RtStr,
    mi: *mut MemInfo,
    a: *const u8,
    alen: i64,
    akind: i64,
    old: *const u8,
    olen: i64,
    okind: i64,
    new: *const u8,
    nlen: i64,
    nkind: i64,
    count: i64,
) -> i32 {
    // SAFETY: the caller's contract.
    let (a, old, new) = unsafe { (S::new(a, alen, akind), S::new(old, olen, okind), S::new(new, nlen, nkind)) };
    let max = if count < 0 { usize::MAX } else { count as usize };
    // Positions where `old` is replaced (an empty `old` matches before every character and at
    // the end, as in Python).
    let mut at = Vec::new();
    if old.len == 0 {
        at.extend((0..=a.len).take(max));
    } else {
        let mut i = 0;
        while at.len() < max {
            match a.search(&old, i, a.len, false) {
                Some(j) => {
                    at.push(j);
                    i = j + old.len;
                }
                None => break,
            }
        }
    }
    if at.is_empty() {
        // SAFETY: the caller's contract.
        unsafe { out.write(view_of(mi, &a, 0, a.len)) };
        return ST_OK;
    }
    let Some(total) = at.len().checked_mul(new.len).and_then(|x| (a.len - at.len() * old.len).checked_add(x)) else { return ST_MEMORY };
    let Some(r) = alloc_str(total, akind.max(nkind)) else { return ST_MEMORY };
    let mut src = 0;
    let mut dst = 0;
    // SAFETY: a fresh string of `total` code points: the kept pieces of `a` and one `new` per
    // replaced position, of the wider kind.
    unsafe {
        for &j in &at {
            let piece = S { data: a.data.add(src * a.kind as usize), len: j - src, kind: a.kind };
            put_all(&r, dst, &piece);
            dst += piece.len;
            put_all(&r, dst, &new);
            dst += new.len;
            src = j + old.len;
        }
        let rest = S { data: a.data.add(src.min(a.len) * a.kind as usize), len: a.len.saturating_sub(src), kind: a.kind };
        put_all(&r, dst, &rest);
        out.write(r);
    }
    ST_OK
}

/// `a.split()` (`sep` null: runs of whitespace) or `a.split(sep)`, at most `maxsplit` times
/// (`< 0`: no limit): a new list of views of `a`. [`ST_VALUE`] for an empty separator.
///
/// # Safety
/// `out` is writable; as [`oxjit_rt_str_strip`] for the strings.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_str_split(out: *mut *mut MemInfo, mi: *mut MemInfo, a: *const u8, alen: i64, akind: i64, sep: *const u8, slen: i64, skind: i64, maxsplit: i64) -> i32 {
    // SAFETY: the caller's contract.
    let a = unsafe { S::new(a, alen, akind) };
    let max = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    if sep.is_null() {
        let mut i = 0;
        loop {
            while i < a.len && is_space(a.at(i)) {
                i += 1;
            }
            if i == a.len {
                break;
            }
            if pieces.len() == max {
                // The rest, trailing whitespace included (CPython's `split_whitespace`).
                pieces.push((i, a.len));
                break;
            }
            let lo = i;
            while i < a.len && !is_space(a.at(i)) {
                i += 1;
            }
            pieces.push((lo, i));
        }
    } else {
        // SAFETY: the caller's contract.
        let sep = unsafe { S::new(sep, slen, skind) };
        if sep.len == 0 {
            return ST_VALUE;
        }
        let mut i = 0;
        while pieces.len() < max {
            match a.search(&sep, i, a.len, false) {
                Some(j) => {
                    pieces.push((i, j));
                    i = j + sep.len;
                }
                None => break,
            }
        }
        pieces.push((i, a.len));
    }
    let list = oxjit_rt_list_new(STR_SLOT_SIZE as i64, 1, pieces.len() as i64);
    for (lo, hi) in pieces {
        // SAFETY: the caller's contract; every piece lies inside `a`. The list takes over the
        // view's reference.
        unsafe {
            let v = view_of(mi, &a, lo, hi);
            list_push(list, std::slice::from_raw_parts((&raw const v).cast::<u8>(), STR_SLOT_SIZE));
        }
    }
    // SAFETY: the caller's contract.
    unsafe { out.write(list) };
    ST_OK
}

/// `sep.join(items)` for a list of strings.
///
/// # Safety
/// `out` is writable; `sep` holds its code points; `items` is a live list of strings.
pub unsafe extern "C" fn oxjit_rt_str_join(out: *mut RtStr, sep: *const u8, slen: i64, skind: i64, items: *mut MemInfo) -> i32 {
    // SAFETY: the caller's contract.
    let (sep, l) = unsafe { (S::new(sep, slen, skind), list_data(items)) };
    let n = l.len.max(0) as usize;
    let item = |i: usize| -> S {
        // SAFETY: item `i < len` of a list of strings: an `RtStr` in the slot layout.
        unsafe {
            let v = l.items.add(i * STR_SLOT_SIZE).cast::<RtStr>().read_unaligned();
            S::new(v.data, v.len, v.kind)
        }
    };
    let mut total = sep.len.saturating_mul(n.saturating_sub(1));
    let mut kind = if n > 1 { skind } else { 1 };
    for i in 0..n {
        let s = item(i);
        total = total.saturating_add(s.len);
        kind = kind.max(s.kind as i64);
    }
    let Some(r) = alloc_str(total, kind) else { return ST_MEMORY };
    let mut at = 0;
    for i in 0..n {
        // SAFETY: a fresh string sized for every item and separator, of the widest kind.
        unsafe {
            if i > 0 {
                put_all(&r, at, &sep);
                at += sep.len;
            }
            let s = item(i);
            put_all(&r, at, &s);
            at += s.len;
        }
    }
    // SAFETY: the caller's contract.
    unsafe { out.write(r) };
    ST_OK
}

/// Releases a string value's reference (a no-op for borrowed and static strings).
///
/// # Safety
/// `s` holds a reference its owner gives up.
pub unsafe fn release(s: &RtStr) {
    // SAFETY: the caller's contract.
    unsafe { oxjit_rt_decref(s.meminfo) };
}

/// The C-ABI entry points compiled code calls.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_str_eq", oxjit_rt_str_eq as *const () as usize),
        ("oxjit_rt_str_cmp", oxjit_rt_str_cmp as *const () as usize),
        ("oxjit_rt_str_concat", oxjit_rt_str_concat as *const () as usize),
        ("oxjit_rt_str_repeat", oxjit_rt_str_repeat as *const () as usize),
        ("oxjit_rt_str_slice", oxjit_rt_str_slice as *const () as usize),
        ("oxjit_rt_str_chr", oxjit_rt_str_chr as *const () as usize),
        ("oxjit_rt_str_from_int", oxjit_rt_str_from_int as *const () as usize),
        ("oxjit_rt_str_find", oxjit_rt_str_find as *const () as usize),
        ("oxjit_rt_str_strip", oxjit_rt_str_strip as *const () as usize),
        ("oxjit_rt_str_case", oxjit_rt_str_case as *const () as usize),
        ("oxjit_rt_str_is", oxjit_rt_str_is as *const () as usize),
        ("oxjit_rt_str_pad", oxjit_rt_str_pad as *const () as usize),
        ("oxjit_rt_str_replace", oxjit_rt_str_replace as *const () as usize),
        ("oxjit_rt_str_split", oxjit_rt_str_split as *const () as usize),
        ("oxjit_rt_str_join", oxjit_rt_str_join as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Rust string in its narrowest kind (owned bytes, as a literal would be).
    struct Lit {
        bytes: Vec<u8>,
        len: i64,
        kind: i64,
    }

    fn lit(s: &str) -> Lit {
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        let kind = kind_for(cps.iter().copied().max().unwrap_or(0));
        let mut bytes = Vec::new();
        for c in &cps {
            match kind {
                1 => bytes.push(*c as u8),
                2 => bytes.extend((*c as u16).to_le_bytes()),
                _ => bytes.extend(c.to_le_bytes()),
            }
        }
        Lit { bytes, len: cps.len() as i64, kind }
    }

    /// `s` stored in a wider kind than it needs (as views of wider strings are).
    fn wide(s: &str, kind: i64) -> Lit {
        let mut l = lit(s);
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        l.bytes = cps.iter().flat_map(|c| if kind == 2 { (*c as u16).to_le_bytes().to_vec() } else { c.to_le_bytes().to_vec() }).collect();
        l.kind = kind;
        l
    }

    fn take(r: RtStr) -> String {
        let s = r.to_string_lossy();
        // SAFETY: the test owns the result's reference.
        unsafe { release(&r) };
        s
    }

    fn call(f: impl FnOnce(*mut RtStr) -> i32) -> String {
        let mut out = RtStr::EMPTY;
        assert_eq!(f(&mut out), ST_OK);
        take(out)
    }

    #[test]
    fn compare_across_kinds() {
        let (a, b) = (lit("héllo"), wide("héllo", 2));
        // SAFETY: literals of `len` code points.
        unsafe {
            assert_eq!(oxjit_rt_str_eq(a.bytes.as_ptr(), a.kind, b.bytes.as_ptr(), b.kind, 5), 1);
            let c = lit("hellp");
            assert_eq!(oxjit_rt_str_eq(a.bytes.as_ptr(), a.kind, c.bytes.as_ptr(), c.kind, 5), 0);
            let (x, y) = (lit("é"), lit("😀"));
            assert_eq!(oxjit_rt_str_cmp(x.bytes.as_ptr(), x.len, x.kind, y.bytes.as_ptr(), y.len, y.kind), -1);
            let (x, y) = (lit("ab"), lit("a"));
            assert_eq!(oxjit_rt_str_cmp(x.bytes.as_ptr(), x.len, x.kind, y.bytes.as_ptr(), y.len, y.kind), 1);
            assert_eq!(oxjit_rt_str_cmp(x.bytes.as_ptr(), x.len, x.kind, x.bytes.as_ptr(), x.len, x.kind), 0);
        }
    }

    #[test]
    fn concat_repeat_slice() {
        let (a, b) = (lit("ab"), lit("é😀"));
        // SAFETY: literals of their lengths; results are released by `call`.
        unsafe {
            assert_eq!(call(|o| oxjit_rt_str_concat(o, a.bytes.as_ptr(), a.len, a.kind, b.bytes.as_ptr(), b.len, b.kind)), "abé😀");
            assert_eq!(call(|o| oxjit_rt_str_repeat(o, b.bytes.as_ptr(), b.len, b.kind, 3)), "é😀é😀é😀");
            assert_eq!(call(|o| oxjit_rt_str_repeat(o, b.bytes.as_ptr(), b.len, b.kind, -2)), "");
            let s = lit("abcdef");
            assert_eq!(call(|o| oxjit_rt_str_slice(o, ptr::null_mut(), s.bytes.as_ptr(), s.len, s.kind, 5, -2, 3)), "fdb");
            assert_eq!(call(|o| oxjit_rt_str_slice(o, ptr::null_mut(), s.bytes.as_ptr(), s.len, s.kind, 1, 1, 3)), "bcd");
        }
    }

    fn find(a: &str, b: &str, start: i64, end: i64, op: i32) -> i64 {
        let (a, b) = (lit(a), lit(b));
        // SAFETY: literals of their lengths.
        unsafe { oxjit_rt_str_find(a.bytes.as_ptr(), a.len, a.kind, b.bytes.as_ptr(), b.len, b.kind, start, end, op) }
    }

    #[test]
    fn find_like_cpython() {
        let all = i64::MAX;
        assert_eq!(find("abcabc", "bc", 0, all, 0), 1);
        assert_eq!(find("abcabc", "bc", 0, all, 1), 4);
        assert_eq!(find("abcabc", "bc", 0, all, 2), 2);
        assert_eq!(find("abc", "", 0, all, 2), 4);
        assert_eq!(find("abc", "", 4, all, 0), -1);
        assert_eq!(find("abc", "", 3, all, 0), 3);
        assert_eq!(find("abc", "", -10, all, 1), 3);
        assert_eq!(find("abcabc", "", 5, 2, 2), 0);
        assert_eq!(find("abcabc", "c", -4, -1, 0), 2);
        assert_eq!(find("abcabc", "c", -4, -1, 3), 1);
        assert_eq!(find("abcabc", "abc", 0, 100, 4), 1);
        assert_eq!(find("aaaa", "aa", 0, all, 2), 2);
        assert_eq!(find("xé😀é", "é", 0, all, 1), 3);
        assert_eq!(find("héllo", "l", 0, all, 0), 2);
    }

    #[test]
    fn strip_case_and_classes() {
        let s = lit("\x1c\x1f a \u{3000}\u{85}");
        // SAFETY: literals of their lengths; results are released by `call`.
        unsafe {
            assert_eq!(call(|o| oxjit_rt_str_strip(o, ptr::null_mut(), s.bytes.as_ptr(), s.len, s.kind, ptr::null(), 0, 1, 3)), "a");
            let (x, c) = (lit("xxaxbxx"), lit("x"));
            assert_eq!(call(|o| oxjit_rt_str_strip(o, ptr::null_mut(), x.bytes.as_ptr(), x.len, x.kind, c.bytes.as_ptr(), c.len, c.kind, 1)), "axbxx");
            let u = lit("Héllo Straße ΣΑΣ ﬁ");
            assert_eq!(call(|o| oxjit_rt_str_case(o, u.bytes.as_ptr(), u.len, u.kind, 1)), "HÉLLO STRASSE ΣΑΣ FI");
            assert_eq!(call(|o| oxjit_rt_str_case(o, u.bytes.as_ptr(), u.len, u.kind, 0)), "héllo straße σας ﬁ");
            for (text, digit, alpha, space) in [("123", 1, 0, 0), ("", 0, 0, 0), ("٣²", 1, 0, 0), ("ǅa", 0, 1, 0), (" \t\x1c", 0, 0, 1), ("a1", 0, 0, 0)] {
                let t = lit(text);
                let is = |w| oxjit_rt_str_is(t.bytes.as_ptr(), t.len, t.kind, w);
                assert_eq!((is(0), is(1), is(2)), (digit, alpha, space), "{text:?}");
            }
        }
    }

    #[test]
    fn pad_and_replace() {
        // SAFETY: literals of their lengths; results are released by `call`.
        unsafe {
            let pad = |s: &str, w: i64, fill: char, mode: i32| {
                let l = lit(s);
                call(|o| oxjit_rt_str_pad(o, ptr::null_mut(), l.bytes.as_ptr(), l.len, l.kind, w, fill as i64, mode))
            };
            assert_eq!(pad("abc", 6, '*', 2), "*abc**");
            assert_eq!(pad("ab", 7, '*', 2), "***ab**");
            assert_eq!(pad("ab", 5, ' ', 2), "  ab ");
            assert_eq!(pad("ab", 6, 'é', 2), "ééabéé");
            assert_eq!(pad("ab", 5, ' ', 0), "ab   ");
            assert_eq!(pad("ab", 5, ' ', 1), "   ab");
            assert_eq!(pad("-42", 6, '0', 3), "-00042");
            assert_eq!(pad("+5", 4, '0', 3), "+005");
            assert_eq!(pad("", 3, '0', 3), "000");
            assert_eq!(pad("abc", 2, ' ', 2), "abc");
            let rep = |s: &str, a: &str, b: &str, n: i64| {
                let (s, a, b) = (lit(s), lit(a), lit(b));
                call(|o| oxjit_rt_str_replace(o, ptr::null_mut(), s.bytes.as_ptr(), s.len, s.kind, a.bytes.as_ptr(), a.len, a.kind, b.bytes.as_ptr(), b.len, b.kind, n))
            };
            assert_eq!(rep("aaa", "a", "bb", -1), "bbbbbb");
            assert_eq!(rep("abc", "", "-", -1), "-a-b-c-");
            assert_eq!(rep("aaa", "", "-", 2), "-a-aa");
            assert_eq!(rep("", "", "x", -1), "x");
            assert_eq!(rep("aaa", "a", "b", 2), "bba");
            assert_eq!(rep("héllo", "l", "😀", -1), "hé😀😀o");
            assert_eq!(rep("abc", "x", "y", -1), "abc");
        }
    }

    fn split(s: &str, sep: Option<&str>, max: i64) -> Result<Vec<String>, i32> {
        let a = lit(s);
        let sep = sep.map(lit);
        let (sp, sl, sk) = match &sep {
            Some(l) => (l.bytes.as_ptr(), l.len, l.kind),
            None => (ptr::null(), 0, 1),
        };
        let mut list = ptr::null_mut();
        // SAFETY: literals of their lengths; the list is released below.
        unsafe {
            let st = oxjit_rt_str_split(&mut list, ptr::null_mut(), a.bytes.as_ptr(), a.len, a.kind, sp, sl, sk, max);
            if st != ST_OK {
                return Err(st);
            }
            let l = list_data(list);
            let items = (0..l.len as usize).map(|i| l.items.add(i * STR_SLOT_SIZE).cast::<RtStr>().read().to_string_lossy()).collect();
            oxjit_rt_decref(list);
            Ok(items)
        }
    }

    #[test]
    fn split_like_python() {
        assert_eq!(split("  a b  c ", None, -1).unwrap(), ["a", "b", "c"]);
        assert_eq!(split(" a b c ", None, 1).unwrap(), ["a", "b c "]);
        assert_eq!(split(" a b c ", None, 0).unwrap(), ["a b c "]);
        assert_eq!(split("   ", None, -1).unwrap(), Vec::<String>::new());
        assert_eq!(split("a\u{3000}b\x1cc\u{85}d", None, -1).unwrap(), ["a", "b", "c", "d"]);
        assert_eq!(split("a,b,,c", Some(","), -1).unwrap(), ["a", "b", "", "c"]);
        assert_eq!(split("a,b,,c", Some(","), 1).unwrap(), ["a", "b,,c"]);
        assert_eq!(split("", Some(","), -1).unwrap(), [""]);
        assert_eq!(split("a::b", Some("::"), -1).unwrap(), ["a", "b"]);
        assert_eq!(split("a,b", Some(""), -1), Err(ST_VALUE));
    }

    #[test]
    fn join_chr_and_ints() {
        // SAFETY: a list of static strings (no references), released at the end; results
        // are released by `call`.
        unsafe {
            let list = oxjit_rt_list_new(STR_SLOT_SIZE as i64, 1, 3);
            let items = [lit("é"), lit("😀"), lit("a")];
            for l in &items {
                let v = RtStr { meminfo: ptr::null_mut(), data: l.bytes.as_ptr(), len: l.len, kind: l.kind };
                list_push(list, std::slice::from_raw_parts((&raw const v).cast::<u8>(), STR_SLOT_SIZE));
            }
            let sep = lit("-");
            assert_eq!(call(|o| oxjit_rt_str_join(o, sep.bytes.as_ptr(), sep.len, sep.kind, list)), "é-😀-a");
            oxjit_rt_decref(list);
            assert_eq!(call(|o| oxjit_rt_str_chr(o, 233)), "é");
            assert_eq!(call(|o| oxjit_rt_str_chr(o, 0x1f600)), "😀");
            let mut out = RtStr::EMPTY;
            assert_eq!(oxjit_rt_str_chr(&mut out, 0x110000), ST_VALUE);
            assert_eq!(call(|o| oxjit_rt_str_from_int(o, -45, 0)), "-45");
            assert_eq!(call(|o| oxjit_rt_str_from_int(o, -1, 1)), "18446744073709551615");
            assert_eq!(call(|o| oxjit_rt_str_from_int(o, i64::MIN, 0)), "-9223372036854775808");
        }
    }

    #[test]
    fn tables_are_sorted() {
        for t in [&ALPHA[..], &DIGIT[..], &SPACE[..]] {
            assert!(t.windows(2).all(|w| w[0].1 < w[1].0) && t.iter().all(|(lo, hi)| lo <= hi));
        }
    }
}
