//! Dictionaries in compiled code (`numba.typed.Dict`): a refcounted, insertion-ordered hash
//! table over keys and values in the slot layout.
//!
//! ```text
//! MemInfo (count, dtor = dict_dtor) ──data──► DictData { used, nentries, entries, entry_size,
//!                                                         index, mask, key descriptor ... }
//! entries: [hash | key words | value] [hash | key | value] ...   in insertion order
//! index:   u32 per slot, power-of-two table, CPython's probing: EMPTY, DUMMY or an entry number
//! ```
//!
//! This is CPython's compact dict: entries are appended in insertion order; a deletion marks
//! its entry (hash = [`DELETED`]) and leaves a `DUMMY` in the index; a resize (or an iteration
//! that finds holes, [`oxjit_rt_dict_compact`]) packs the entries again, so the `k`-th live
//! entry is `entries + k * entry_size` whenever `nentries == used`.
//!
//! **Keys** are described by data, not code: a key is `key_words` 8-byte words (the slot layout)
//! and [`KeyKind`] codes, 4 bits per word, say how to read each word (`int32` reads 4 bytes and
//! sign-extends, a float hashes its bits and compares with `==`, so that, as in Numba, `-0.0`
//! and `0.0` are different keys and a NaN key is never found; `bool` reads one byte). Hashing and equality are computed here from that descriptor, the same way
//! for compiled code and for the host (a dict filled from Python is probed by compiled code
//! and back). A key kind for strings (a MemInfo pointer hashed and compared by content) is a
//! new [`KeyKind`] code handled in `word_hash`/`word_eq`; `key_ref_mask` already makes the
//! table own references held in keys.
//!
//! **Values** are `val_size` bytes in the slot layout; `val_ref_mask` marks the words holding
//! MemInfo pointers the dict owns (arrays, typed lists, nested dicts). The caller of
//! [`oxjit_rt_dict_insert`] hands over the references in the key and value it passes;
//! replaced values and deleted entries are released here.
//!
//! Allocation failure aborts, as Rust collections do.

use std::alloc::{alloc, dealloc, handle_alloc_error, realloc, Layout};
use std::ffi::c_void;
use std::ptr;

use crate::memory::{oxjit_rt_decref, oxjit_rt_incref, oxjit_rt_wrap_external, MemInfo};

/// How to read one key word (4-bit codes, word `k` at bits `4k..4k+4` of `key_kinds`).
#[repr(u8)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Bool = 1,
    I8 = 2,
    I16 = 3,
    I32 = 4,
    I64 = 5,
    U8 = 6,
    U16 = 7,
    U32 = 8,
    U64 = 9,
    F32 = 10,
    /// A float64 (also each half of a complex128).
    F64 = 11,
    /// A complex64: two float32 in one word.
    C64 = 12,
}

impl KeyKind {
    pub fn from_code(c: u64) -> Option<KeyKind> {
        use KeyKind::*;
        Some(match c {
            1 => Bool,
            2 => I8,
            3 => I16,
            4 => I32,
            5 => I64,
            6 => U8,
            7 => U16,
            8 => U32,
            9 => U64,
            10 => F32,
            11 => F64,
            12 => C64,
            _ => return None,
        })
    }
}

/// The most words a key may have (4 bits each in a `u64`).
pub const MAX_KEY_WORDS: usize = 16;

/// The hash stored in a deleted entry (real hashes never take this value).
pub const DELETED: u64 = u64::MAX;
const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
const MIN_TABLE: u64 = 8;

/// The dict header the MemInfo's data points at (offsets fixed: compiled code reads them).
#[repr(C)]
pub struct DictData {
    /// Live entries: `len(d)`.
    pub used: i64,
    /// Entries appended since the last packing, deleted ones included.
    pub nentries: i64,
    /// `nentries` entries of `entry_size` bytes: `[hash u64][key words][value]`.
    pub entries: *mut u8,
    pub entry_size: i64,
    /// Room in `entries`.
    cap: i64,
    index: *mut u32,
    /// Index table size - 1 (the size is a power of two).
    mask: u64,
    /// Index slots not EMPTY (live entries and DUMMYs): a probe always meets an EMPTY slot
    /// because this stays below 2/3 of the table.
    fill: i64,
    pub key_kinds: u64,
    pub key_words: i64,
    pub val_size: i64,
    pub key_ref_mask: u64,
    pub val_ref_mask: u64,
}

pub const DICT_USED_OFFSET: usize = std::mem::offset_of!(DictData, used);
pub const DICT_NENTRIES_OFFSET: usize = std::mem::offset_of!(DictData, nentries);
pub const DICT_ENTRIES_OFFSET: usize = std::mem::offset_of!(DictData, entries);
pub const DICT_ENTRY_SIZE_OFFSET: usize = std::mem::offset_of!(DictData, entry_size);
pub const DICT_INDEX_OFFSET: usize = std::mem::offset_of!(DictData, index);
pub const DICT_MASK_OFFSET: usize = std::mem::offset_of!(DictData, mask);
/// Index slot values: no entry, and a deleted one (probing goes on past it).
pub const INDEX_EMPTY: u32 = EMPTY;
pub const INDEX_DUMMY: u32 = DUMMY;
/// Where an entry's key starts (after its hash).
pub const ENTRY_KEY_OFFSET: usize = 8;

const ALIGN: usize = 8;

fn layout(bytes: usize) -> Layout {
    match Layout::from_size_align(bytes.max(ALIGN), ALIGN) {
        Ok(l) => l,
        Err(_) => handle_alloc_error(Layout::new::<u64>()),
    }
}

/// # Safety
/// `mi` is a live dict MemInfo (made by [`oxjit_rt_dict_new`]).
unsafe fn data<'a>(mi: *mut MemInfo) -> &'a mut DictData {
    // SAFETY: a dict MemInfo's data is its `DictData`, alive while the MemInfo is.
    unsafe { &mut *(*mi).data().cast::<DictData>() }
}

// ----- hashing and equality, from the key descriptor -----

/// The hash of a key from its words, each first made the value equal keys share (see
/// [`word_hash`]). Compiled code computes the same function inline (`emit/dict.rs`), so a key
/// hashed there and one hashed here probe the same slots; change both together.
pub fn hash_words(words: impl Iterator<Item = u64>, nwords: u64) -> u64 {
    let mut h = HASH_SEED ^ nwords;
    for w in words {
        h = (h ^ w).wrapping_mul(HASH_MUL);
        h ^= h >> 31;
    }
    h = (h ^ (h >> 33)).wrapping_mul(HASH_MIX);
    h ^= h >> 33;
    if h == DELETED {
        DELETED - 1
    } else {
        h
    }
}

/// The hash of a key that is one integer (or bool): its value, as in Python, so that
/// sequential keys take neighbouring slots (the probe sequence copes with patterns).
pub fn int_hash(w: u64) -> u64 {
    if w == DELETED {
        DELETED - 1
    } else {
        w
    }
}

/// Whether a key word of this kind hashes as an integer (bool and the integer types).
pub fn is_int_kind(kind: u64) -> bool {
    (1..=9).contains(&kind)
}

/// Constants of [`hash_words`].
pub const HASH_SEED: u64 = 0x243f_6a88_85a3_08d3;
pub const HASH_MUL: u64 = 0x9e37_79b9_7f4a_7c15;
pub const HASH_MIX: u64 = 0xff51_afd7_ed55_8ccd;
/// The canonical bits every NaN key hashes as.
pub const NAN_BITS: u64 = 0x7ff8_0000_0000_0000;

/// The hash input of a float key: its bits. So `-0.0` and `0.0` hash differently and, since
/// a probe compares stored hashes first, are different keys, as in Numba (Python would make
/// them one key). Equality is `==`, so a NaN key is found by nothing, also as in Numba.
fn float_bits(x: f64) -> u64 {
    if x.is_nan() {
        NAN_BITS
    } else {
        x.to_bits()
    }
}

/// Word `p` of kind `kind`, as a value equal keys share.
///
/// # Safety
/// `p` points at a readable key word.
unsafe fn word_hash(kind: u64, p: *const u8) -> u64 {
    // SAFETY: the caller's contract; reads are unaligned-safe and within the 8-byte word.
    unsafe {
        match KeyKind::from_code(kind) {
            Some(KeyKind::Bool) => (p.read() & 1) as u64,
            Some(KeyKind::I8) => p.cast::<i8>().read() as i64 as u64,
            Some(KeyKind::I16) => p.cast::<i16>().read_unaligned() as i64 as u64,
            Some(KeyKind::I32) => p.cast::<i32>().read_unaligned() as i64 as u64,
            Some(KeyKind::U8) => p.read() as u64,
            Some(KeyKind::U16) => p.cast::<u16>().read_unaligned() as u64,
            Some(KeyKind::U32) => p.cast::<u32>().read_unaligned() as u64,
            Some(KeyKind::F32) => float_bits(p.cast::<f32>().read_unaligned() as f64),
            Some(KeyKind::F64) => float_bits(p.cast::<f64>().read_unaligned()),
            Some(KeyKind::C64) => {
                let re = float_bits(p.cast::<f32>().read_unaligned() as f64);
                let im = float_bits(p.add(4).cast::<f32>().read_unaligned() as f64);
                re ^ im.rotate_left(32)
            }
            // I64, U64 (and unknown codes: the whole word).
            _ => p.cast::<u64>().read_unaligned(),
        }
    }
}

/// Whether key words `a` and `b` of kind `kind` are equal keys.
///
/// # Safety
/// Both point at readable key words.
unsafe fn word_eq(kind: u64, a: *const u8, b: *const u8) -> bool {
    // SAFETY: the caller's contract.
    unsafe {
        match KeyKind::from_code(kind) {
            Some(KeyKind::F32) => a.cast::<f32>().read_unaligned() == b.cast::<f32>().read_unaligned(),
            Some(KeyKind::F64) => a.cast::<f64>().read_unaligned() == b.cast::<f64>().read_unaligned(),
            Some(KeyKind::C64) => {
                a.cast::<f32>().read_unaligned() == b.cast::<f32>().read_unaligned()
                    && a.add(4).cast::<f32>().read_unaligned() == b.add(4).cast::<f32>().read_unaligned()
            }
            _ => word_hash(kind, a) == word_hash(kind, b),
        }
    }
}

/// CPython's probe sequence over a table of `mask + 1` slots: `h & mask` first, then
/// `i = (5 i + perturb + 1) & mask` with `perturb` the hash shifted right 5 bits more each
/// step. Sequential integer keys (whose hash is their value) take neighbouring slots; the
/// high bits of colliding hashes soon separate them; once `perturb` is 0 the sequence visits
/// every slot, so a probe always ends on an EMPTY slot. Compiled code probes the same way.
#[derive(Copy, Clone)]
pub struct Probe {
    pub slot: u64,
    perturb: u64,
    mask: u64,
}

/// Bits `perturb` loses at each probe step.
pub const PERTURB_SHIFT: u64 = 5;

impl Probe {
    pub fn new(h: u64, mask: u64) -> Probe {
        Probe { slot: h & mask, perturb: h, mask }
    }

    pub fn advance(&mut self) {
        self.perturb >>= PERTURB_SHIFT;
        self.slot = (self.slot.wrapping_mul(5).wrapping_add(self.perturb).wrapping_add(1)) & self.mask;
    }
}

impl DictData {
    fn kind(&self, k: usize) -> u64 {
        (self.key_kinds >> (4 * k)) & 0xf
    }

    /// The hash of the key at `key` (never [`DELETED`]).
    fn hash(&self, key: *const u8) -> u64 {
        // SAFETY (for callers): `key` holds `key_words` words.
        let words = (0..self.key_words as usize).map(|k| unsafe { word_hash(self.kind(k), key.add(8 * k)) });
        if self.key_words == 1 && is_int_kind(self.kind(0)) {
            return int_hash(words.into_iter().next().unwrap_or(0));
        }
        hash_words(words, self.key_words as u64)
    }

    fn key_eq(&self, a: *const u8, b: *const u8) -> bool {
        (0..self.key_words as usize).all(|k| {
            // SAFETY (for callers): both are keys of `key_words` words.
            unsafe { word_eq(self.kind(k), a.add(8 * k), b.add(8 * k)) }
        })
    }

    fn key_size(&self) -> usize {
        8 * self.key_words as usize
    }

    fn entry(&self, i: i64) -> *mut u8 {
        // SAFETY (for callers): `i <= cap`.
        self.entries.wrapping_add(i as usize * self.entry_size as usize)
    }

    fn entry_hash(&self, i: i64) -> u64 {
        // SAFETY: entry `i < nentries` starts with its hash.
        unsafe { self.entry(i).cast::<u64>().read() }
    }

    fn entry_key(&self, i: i64) -> *mut u8 {
        self.entry(i).wrapping_add(ENTRY_KEY_OFFSET)
    }

    fn entry_val(&self, i: i64) -> *mut u8 {
        self.entry(i).wrapping_add(ENTRY_KEY_OFFSET + self.key_size())
    }

    fn table_size(&self) -> u64 {
        self.mask + 1
    }

    /// Index slot holding entry number of the key (`Ok(slot)`), or the first empty slot of
    /// its probe sequence (`Err(slot)`).
    fn find(&self, key: *const u8, h: u64) -> Result<usize, usize> {
        let mut p = Probe::new(h, self.mask);
        loop {
            let i = p.slot as usize;
            // SAFETY: `i <= mask`, inside the index table.
            let ix = unsafe { self.index.add(i).read() };
            if ix == EMPTY {
                return Err(i);
            }
            if ix != DUMMY && self.entry_hash(ix as i64) == h && self.key_eq(self.entry_key(ix as i64), key) {
                return Ok(i);
            }
            p.advance();
        }
    }

    /// The index slot of live entry `i` (hash `h`), found by entry number: a NaN key equals
    /// nothing, itself included.
    fn slot_of(&self, i: i64, h: u64) -> usize {
        let mut p = Probe::new(h, self.mask);
        // SAFETY: probing inside the table; a live entry is linked on its probe sequence.
        unsafe {
            while self.index.add(p.slot as usize).read() != i as u32 {
                p.advance();
            }
        }
        p.slot as usize
    }

    fn slot_entry(&self, slot: usize) -> i64 {
        // SAFETY: `slot` came from `find` (inside the table).
        unsafe { self.index.add(slot).read() as i64 }
    }

    /// Drops or adds a reference to every MemInfo in `mask`'s words at `p`.
    fn count(p: *const u8, mask: u64, decref: bool) {
        let mut m = mask;
        while m != 0 {
            let k = m.trailing_zeros() as usize;
            m &= m - 1;
            // SAFETY: word `k` of a live key or value holds a MemInfo pointer (or null) the dict owns.
            unsafe {
                let mi = p.cast::<*mut MemInfo>().add(k).read_unaligned();
                if decref {
                    oxjit_rt_decref(mi);
                } else {
                    oxjit_rt_incref(mi);
                }
            }
        }
    }

    fn release_entry(&self, i: i64) {
        Self::count(self.entry_key(i), self.key_ref_mask, true);
        Self::count(self.entry_val(i), self.val_ref_mask, true);
    }

    /// A new index table of `size` slots over the live entries, packed first.
    fn rebuild(&mut self, size: u64) {
        // Pack the entries (in order).
        let es = self.entry_size as usize;
        let mut w = 0i64;
        for r in 0..self.nentries {
            if self.entry_hash(r) == DELETED {
                continue;
            }
            if w != r {
                // SAFETY: distinct entries inside the buffer (w < r).
                unsafe { ptr::copy_nonoverlapping(self.entry(r), self.entry(w), es) };
            }
            w += 1;
        }
        self.nentries = w;
        self.fill = w;
        debug_assert_eq!(w, self.used);
        if size != self.table_size() || self.index.is_null() {
            if !self.index.is_null() {
                // SAFETY: allocated with this layout below.
                unsafe { dealloc(self.index.cast(), layout(4 * self.table_size() as usize)) };
            }
            let l = layout(4 * size as usize);
            // SAFETY: a non-zero layout.
            let p = unsafe { alloc(l) };
            if p.is_null() {
                handle_alloc_error(l);
            }
            self.index = p.cast();
            self.mask = size - 1;
        }
        // SAFETY: the table has `size` u32 slots; 0xff bytes make every slot EMPTY.
        unsafe { ptr::write_bytes(self.index.cast::<u8>(), 0xff, 4 * size as usize) };
        for i in 0..self.nentries {
            self.link(i, self.entry_hash(i));
        }
    }

    /// Room for one more entry: grows (or packs) the table when 2/3 of it would be used.
    /// Returns whether the index was rebuilt (slots found before are then stale).
    fn make_room(&mut self) -> bool {
        let usable = (self.table_size() * 2 / 3) as i64;
        if self.fill < usable && self.nentries < self.cap {
            return false;
        }
        let mut size = MIN_TABLE;
        while size * 2 / 3 <= (self.used as u64 + 1) * 3 / 2 {
            size *= 2;
        }
        let new_cap = (size * 2 / 3) as i64;
        if new_cap > self.cap {
            let es = self.entry_size as usize;
            let Some(bytes) = (new_cap as usize).checked_mul(es) else {
                handle_alloc_error(Layout::new::<u64>());
            };
            let nl = layout(bytes);
            // SAFETY: `entries` is null or was allocated with `layout(cap * es)`.
            let p = unsafe {
                if self.entries.is_null() {
                    alloc(nl)
                } else {
                    realloc(self.entries, layout(self.cap as usize * es), nl.size())
                }
            };
            if p.is_null() {
                handle_alloc_error(nl);
            }
            self.entries = p;
            self.cap = new_cap;
        }
        self.rebuild(size);
        true
    }

    /// Appends a new entry for an absent key with hash `h` and returns it (key and value
    /// uninitialised) and whether the index was rebuilt first.
    fn append(&mut self, h: u64) -> (i64, bool) {
        let rebuilt = self.make_room();
        let i = self.nentries;
        // SAFETY: `make_room` left room for entry `i` and a free index slot.
        unsafe { self.entry(i).cast::<u64>().write(h) };
        self.nentries += 1;
        self.used += 1;
        self.fill += 1;
        (i, rebuilt)
    }

    /// Links entry `i` (hash `h`) into the index.
    fn link(&mut self, i: i64, h: u64) {
        let mut p = Probe::new(h, self.mask);
        // SAFETY: probing inside the table, which has an EMPTY slot.
        unsafe {
            while self.index.add(p.slot as usize).read() != EMPTY {
                p.advance();
            }
            self.index.add(p.slot as usize).write(i as u32);
        }
    }

    /// Inserts or replaces; takes over the references in `key` and `val`. Returns the value's
    /// address and whether the key was new.
    fn insert(&mut self, key: *const u8, val: *const u8) -> (*mut u8, bool) {
        let h = self.hash(key);
        let vs = self.val_size as usize;
        match self.find(key, h) {
            Ok(slot) => {
                let i = self.slot_entry(slot);
                let v = self.entry_val(i);
                // The new value's references are the caller's; the old ones go.
                Self::count(v, self.val_ref_mask, true);
                // SAFETY: `val` holds one value; the entry has room for it.
                unsafe { ptr::copy_nonoverlapping(val, v, vs) };
                // The dict keeps its own key.
                Self::count(key, self.key_ref_mask, true);
                (v, false)
            }
            Err(slot) => (self.add(h, key, val, Some(slot)), true),
        }
    }

    /// Adds the entry `key` → `val` for a key known to be absent, with hash `h` (`slot`: its
    /// free index slot, if known); takes over their references; returns the value's address.
    fn add(&mut self, h: u64, key: *const u8, val: *const u8, slot: Option<usize>) -> *mut u8 {
        let (i, rebuilt) = self.append(h);
        // SAFETY: entry `i` was just made; key and value fit.
        unsafe {
            ptr::copy_nonoverlapping(key, self.entry_key(i), self.key_size());
            ptr::copy_nonoverlapping(val, self.entry_val(i), self.val_size as usize);
        }
        match slot {
            // SAFETY: a free slot of this (not rebuilt) table.
            Some(s) if !rebuilt => unsafe { self.index.add(s).write(i as u32) },
            _ => self.link(i, h),
        }
        self.entry_val(i)
    }

    /// Removes the entry in index slot `slot` without releasing its references.
    fn unlink(&mut self, slot: usize) -> i64 {
        let i = self.slot_entry(slot);
        // SAFETY: `slot` is inside the table, entry `i` is live.
        unsafe {
            self.index.add(slot).write(DUMMY);
            self.entry(i).cast::<u64>().write(DELETED);
        }
        self.used -= 1;
        // Deleted entries at the end need no hole (popitem stays O(1)); their DUMMY slots stay
        // counted in `fill`.
        while self.nentries > self.used && self.entry_hash(self.nentries - 1) == DELETED {
            self.nentries -= 1;
        }
        i
    }

    fn clear(&mut self) {
        for i in 0..self.nentries {
            if self.entry_hash(i) != DELETED {
                self.release_entry(i);
            }
        }
        self.used = 0;
        self.nentries = 0;
        self.fill = 0;
        if !self.index.is_null() {
            // SAFETY: the table has `mask + 1` slots.
            unsafe { ptr::write_bytes(self.index.cast::<u8>(), 0xff, 4 * self.table_size() as usize) };
        }
    }
}

unsafe extern "C" fn dict_dtor(mi: *mut MemInfo) {
    // SAFETY: called once at count zero with the dict's MemInfo; its data is the boxed header.
    unsafe {
        let d = (*mi).dtor_data().cast::<DictData>();
        let dd = &mut *d;
        dd.clear();
        if !dd.entries.is_null() {
            dealloc(dd.entries, layout(dd.cap as usize * dd.entry_size as usize));
        }
        if !dd.index.is_null() {
            dealloc(dd.index.cast(), layout(4 * dd.table_size() as usize));
        }
        drop(Box::from_raw(d));
    }
}

/// A new empty dict. Keys are `key_words` words read as `key_kinds` says (4 bits a word);
/// values are `val_size` bytes (a multiple of 8); the ref masks mark the words holding
/// MemInfo pointers the dict owns. Count 1.
pub extern "C" fn oxjit_rt_dict_new(key_kinds: u64, key_words: i64, key_ref_mask: u64, val_size: i64, val_ref_mask: u64) -> *mut MemInfo {
    let key_words = key_words.clamp(0, MAX_KEY_WORDS as i64);
    let val_size = val_size.max(0);
    let d = Box::new(DictData {
        used: 0,
        nentries: 0,
        entries: ptr::null_mut(),
        entry_size: 8 + 8 * key_words + val_size,
        cap: 0,
        index: ptr::null_mut(),
        mask: 0,
        fill: 0,
        key_kinds,
        key_words,
        val_size,
        key_ref_mask,
        val_ref_mask,
    });
    let raw = Box::into_raw(d);
    // SAFETY: the header stays valid until `dict_dtor` frees it; the table is made below.
    unsafe {
        (*raw).rebuild(MIN_TABLE);
        let mi = oxjit_rt_wrap_external(raw.cast(), std::mem::size_of::<DictData>(), Some(dict_dtor), raw.cast::<c_void>());
        if mi.is_null() {
            handle_alloc_error(Layout::new::<DictData>());
        }
        mi
    }
}

/// The address of the value of `key`, or null when absent.
///
/// # Safety
/// `mi` is a live dict; `key` points at a key of its type.
pub unsafe extern "C" fn oxjit_rt_dict_lookup(mi: *mut MemInfo, key: *const u8) -> *mut u8 {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    match d.find(key, d.hash(key)) {
        Ok(slot) => d.entry_val(d.slot_entry(slot)),
        Err(_) => ptr::null_mut(),
    }
}

/// `d[key] = val`: takes over the references held in `key` and `val` (a replaced value is
/// released; an existing key keeps the dict's own key and releases the one passed).
///
/// # Safety
/// `mi` is a live dict; `key` and `val` point at a key and a value of its types.
pub unsafe extern "C" fn oxjit_rt_dict_insert(mi: *mut MemInfo, key: *const u8, val: *const u8) {
    // SAFETY: the caller's contract.
    unsafe { data(mi) }.insert(key, val);
}

/// A new entry for a key compiled code just looked up and did not find, whose hash
/// (`hash_words`) it computed (no second hash or key comparison): returns the address of the
/// entry's key, where the caller writes the key and, right after it, the value (handing over
/// their references) before anything else touches the dict.
///
/// `slot` is the EMPTY index slot that lookup ended on: it takes the entry unless the table
/// had to grow first.
///
/// # Safety
/// `mi` is a live dict that does not hold the key; `hash` is the key's hash; `slot` the EMPTY
/// slot its probe sequence ended on (`< mask + 1`), with no change to the dict since.
pub unsafe extern "C" fn oxjit_rt_dict_add_entry(mi: *mut MemInfo, hash: u64, slot: u64) -> *mut u8 {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    let (i, rebuilt) = d.append(hash);
    if rebuilt || slot > d.mask {
        d.link(i, hash);
    } else {
        // SAFETY: `slot` is inside the table and EMPTY (the caller's contract).
        unsafe { d.index.add(slot as usize).write(i as u32) };
    }
    d.entry_key(i)
}

/// `d.setdefault(key, val)`: the address of the value of `key`, inserting `val` first when the
/// key is absent. Takes over the references in `key` and `val` (released if not stored).
///
/// # Safety
/// As [`oxjit_rt_dict_insert`].
pub unsafe extern "C" fn oxjit_rt_dict_setdefault(mi: *mut MemInfo, key: *const u8, val: *const u8) -> *mut u8 {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    let h = d.hash(key);
    match d.find(key, h) {
        Ok(slot) => {
            DictData::count(key, d.key_ref_mask, true);
            DictData::count(val, d.val_ref_mask, true);
            d.entry_val(d.slot_entry(slot))
        }
        Err(_) => d.insert(key, val).0,
    }
}

/// `del d[key]`: 1 if removed (its references released), 0 if absent.
///
/// # Safety
/// `mi` is a live dict; `key` points at a key of its type.
pub unsafe extern "C" fn oxjit_rt_dict_delete(mi: *mut MemInfo, key: *const u8) -> i32 {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    match d.find(key, d.hash(key)) {
        Ok(slot) => {
            let i = d.slot_entry(slot);
            d.release_entry(i);
            d.unlink(slot);
            1
        }
        Err(_) => 0,
    }
}

/// `d.pop(key)`: 1 and the value copied to `out` (its references now the caller's), or 0 if
/// absent.
///
/// # Safety
/// `mi` is a live dict; `key` a key of its type; `out` has room for a value.
pub unsafe extern "C" fn oxjit_rt_dict_pop(mi: *mut MemInfo, key: *const u8, out: *mut u8) -> i32 {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    match d.find(key, d.hash(key)) {
        Ok(slot) => {
            let i = d.slot_entry(slot);
            // SAFETY: a live value copied into the caller's buffer.
            unsafe { ptr::copy_nonoverlapping(d.entry_val(i), out, d.val_size as usize) };
            DictData::count(d.entry_key(i), d.key_ref_mask, true);
            d.unlink(slot);
            1
        }
        Err(_) => 0,
    }
}

/// `d.popitem()`: the last inserted entry, key and value copied out (their references now the
/// caller's); 0 if the dict is empty.
///
/// # Safety
/// `mi` is a live dict; `key_out` and `val_out` have room for a key and a value.
pub unsafe extern "C" fn oxjit_rt_dict_popitem(mi: *mut MemInfo, key_out: *mut u8, val_out: *mut u8) -> i32 {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    if d.used == 0 {
        return 0;
    }
    let mut i = d.nentries - 1;
    while d.entry_hash(i) == DELETED {
        i -= 1;
    }
    let h = d.entry_hash(i);
    // SAFETY: entry `i` is live; the outputs have room.
    unsafe {
        ptr::copy_nonoverlapping(d.entry_key(i), key_out, d.key_size());
        ptr::copy_nonoverlapping(d.entry_val(i), val_out, d.val_size as usize);
    }
    let slot = d.slot_of(i, h);
    d.unlink(slot);
    1
}

/// `d.clear()`.
///
/// # Safety
/// `mi` is a live dict.
pub unsafe extern "C" fn oxjit_rt_dict_clear(mi: *mut MemInfo) {
    // SAFETY: the caller's contract.
    unsafe { data(mi) }.clear();
}

/// `d.copy()`: a new dict with the same entries (references added).
///
/// # Safety
/// `mi` is a live dict.
pub unsafe extern "C" fn oxjit_rt_dict_copy(mi: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: the caller's contract.
    let s = unsafe { data(mi) };
    let out = oxjit_rt_dict_new(s.key_kinds, s.key_words, s.key_ref_mask, s.val_size, s.val_ref_mask);
    // SAFETY: `out` is a new dict of the same types; `src` entries are live.
    unsafe { copy_into(out, mi) };
    out
}

/// Inserts every entry of `src` into `dst` (references added for the copies).
///
/// # Safety
/// Both are live dicts of the same types.
unsafe fn copy_into(dst: *mut MemInfo, src: *mut MemInfo) {
    // SAFETY: the caller's contract; `src`'s entries are read by index while `dst` grows
    // (they are different dicts).
    unsafe {
        let s = data(src);
        let d = data(dst);
        for i in 0..s.nentries {
            if s.entry_hash(i) == DELETED {
                continue;
            }
            let (k, v) = (s.entry_key(i), s.entry_val(i));
            DictData::count(k, s.key_ref_mask, false);
            DictData::count(v, s.val_ref_mask, false);
            d.insert(k, v);
        }
    }
}

/// `dst.update(src)` (`src` may be `dst`: nothing changes).
///
/// # Safety
/// Both are live dicts of the same types.
pub unsafe extern "C" fn oxjit_rt_dict_update(dst: *mut MemInfo, src: *mut MemInfo) {
    if dst == src {
        return;
    }
    // SAFETY: the caller's contract.
    unsafe { copy_into(dst, src) };
}

/// Packs the entries so that live entry `k` is at `entries + k * entry_size` (iteration).
///
/// # Safety
/// `mi` is a live dict.
pub unsafe extern "C" fn oxjit_rt_dict_compact(mi: *mut MemInfo) {
    // SAFETY: the caller's contract.
    let d = unsafe { data(mi) };
    if d.nentries != d.used {
        let size = d.table_size();
        d.rebuild(size);
    }
}

// ----- for the host (the dispatcher and the Python `typed.Dict`) -----

/// The header of a live dict.
///
/// # Safety
/// `mi` is a live dict, not changed by anyone else while the reference is held.
pub unsafe fn dict_data<'a>(mi: *mut MemInfo) -> &'a DictData {
    // SAFETY: the caller's contract.
    unsafe { data(mi) }
}

/// Key and value addresses of live entry `k` (`k < used`), packing the dict first if needed.
///
/// # Safety
/// `mi` is a live dict.
pub unsafe fn dict_entry(mi: *mut MemInfo, k: i64) -> Option<(*const u8, *const u8)> {
    // SAFETY: the caller's contract.
    unsafe {
        oxjit_rt_dict_compact(mi);
        let d = data(mi);
        (0..d.used).contains(&k).then(|| (d.entry_key(k).cast_const(), d.entry_val(k).cast_const()))
    }
}

/// The C-ABI entry points compiled code calls.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_dict_new", oxjit_rt_dict_new as *const () as usize),
        ("oxjit_rt_dict_lookup", oxjit_rt_dict_lookup as *const () as usize),
        ("oxjit_rt_dict_insert", oxjit_rt_dict_insert as *const () as usize),
        ("oxjit_rt_dict_add_entry", oxjit_rt_dict_add_entry as *const () as usize),
        ("oxjit_rt_dict_setdefault", oxjit_rt_dict_setdefault as *const () as usize),
        ("oxjit_rt_dict_delete", oxjit_rt_dict_delete as *const () as usize),
        ("oxjit_rt_dict_pop", oxjit_rt_dict_pop as *const () as usize),
        ("oxjit_rt_dict_popitem", oxjit_rt_dict_popitem as *const () as usize),
        ("oxjit_rt_dict_clear", oxjit_rt_dict_clear as *const () as usize),
        ("oxjit_rt_dict_copy", oxjit_rt_dict_copy as *const () as usize),
        ("oxjit_rt_dict_update", oxjit_rt_dict_update as *const () as usize),
        ("oxjit_rt_dict_compact", oxjit_rt_dict_compact as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::oxjit_rt_alloc;

    const I64: u64 = KeyKind::I64 as u64;
    const F64: u64 = KeyKind::F64 as u64;

    fn int_dict() -> *mut MemInfo {
        oxjit_rt_dict_new(I64, 1, 0, 8, 0)
    }
    fn put(mi: *mut MemInfo, k: i64, v: i64) {
        unsafe { oxjit_rt_dict_insert(mi, (&k as *const i64).cast(), (&v as *const i64).cast()) };
    }
    fn get(mi: *mut MemInfo, k: i64) -> Option<i64> {
        let p = unsafe { oxjit_rt_dict_lookup(mi, (&k as *const i64).cast()) };
        (!p.is_null()).then(|| unsafe { p.cast::<i64>().read() })
    }
    fn keys(mi: *mut MemInfo) -> Vec<i64> {
        let n = unsafe { dict_data(mi).used };
        (0..n).map(|k| unsafe { dict_entry(mi, k).unwrap().0.cast::<i64>().read() }).collect()
    }

    #[test]
    fn insert_lookup_replace_delete_in_order() {
        let mi = int_dict();
        for k in 0..1000 {
            put(mi, k * 7919 % 1000, k);
        }
        assert_eq!(unsafe { dict_data(mi).used }, 1000);
        for k in 0..1000 {
            assert_eq!(get(mi, k * 7919 % 1000), Some(k));
        }
        assert_eq!(get(mi, 1000), None);
        put(mi, 0, -1);
        assert_eq!(get(mi, 0), Some(-1));
        for k in (0..1000i64).step_by(2) {
            assert_eq!(unsafe { oxjit_rt_dict_delete(mi, (&k as *const i64).cast()) }, 1);
        }
        let k = 0i64;
        assert_eq!(unsafe { oxjit_rt_dict_delete(mi, (&k as *const i64).cast()) }, 0);
        // Insertion order survives deletions and packing.
        let ks = keys(mi);
        assert_eq!(ks.len(), 500);
        let expect: Vec<i64> = (0..1000).map(|k| k * 7919 % 1000).filter(|k| k % 2 == 1).collect();
        assert_eq!(ks, expect);
        // Many deletions then insertions keep the table bounded and correct.
        for round in 0..20 {
            for k in 0..100 {
                put(mi, 10_000 + k, round);
            }
            for k in 0..100 {
                let key = 10_000i64 + k;
                assert_eq!(unsafe { oxjit_rt_dict_delete(mi, (&key as *const i64).cast()) }, 1);
            }
        }
        assert_eq!(unsafe { dict_data(mi).used }, 500);
        assert!(unsafe { dict_data(mi).mask } < 4096);
        unsafe { oxjit_rt_decref(mi) };
    }

    #[test]
    fn hash_is_the_documented_function() {
        // Compiled code inlines this exact function: pin a few values.
        let d = unsafe { dict_data(int_dict()) };
        let k = 42i64;
        assert_eq!(d.hash((&k as *const i64).cast()), 42);
        assert_eq!(int_hash(u64::MAX), u64::MAX - 1);
        assert_eq!(hash_words([0u64].into_iter(), 1), {
            let mut h = (HASH_SEED ^ 1).wrapping_mul(HASH_MUL);
            h ^= h >> 31;
            h = (h ^ (h >> 33)).wrapping_mul(HASH_MIX);
            h ^ (h >> 33)
        });
    }

    #[test]
    fn float_keys_follow_python_equality() {
        let mi = oxjit_rt_dict_new(F64, 1, 0, 8, 0);
        let put_f = |k: f64, v: i64| unsafe { oxjit_rt_dict_insert(mi, (&k as *const f64).cast(), (&v as *const i64).cast()) };
        let has = |k: f64| unsafe { !oxjit_rt_dict_lookup(mi, (&k as *const f64).cast()).is_null() };
        put_f(-0.0, 1);
        put_f(0.0, 2);
        put_f(f64::NAN, 3);
        put_f(f64::NAN, 4);
        // Numba's behaviour: -0.0 and 0.0 are two keys; NaN keys are never equal.
        assert_eq!(unsafe { dict_data(mi).used }, 4);
        assert!(has(0.0) && has(-0.0) && !has(f64::NAN));
        // A NaN key is found by its entry, not by equality, when it is popped.
        let (mut k, mut v) = (0.0f64, 0i64);
        unsafe {
            assert_eq!(oxjit_rt_dict_popitem(mi, (&mut k as *mut f64).cast(), (&mut v as *mut i64).cast()), 1);
            assert!(k.is_nan() && v == 4);
            assert_eq!(dict_data(mi).used, 3);
            oxjit_rt_decref(mi);
        }
    }

    #[test]
    fn tuple_keys_of_mixed_kinds() {
        // (int32, float64, bool): int32 reads 4 bytes, bool one byte (the rest is garbage).
        let kinds = KeyKind::I32 as u64 | (F64 << 4) | ((KeyKind::Bool as u64) << 8);
        let mi = oxjit_rt_dict_new(kinds, 3, 0, 8, 0);
        let key = |a: i32, b: f64, c: bool, junk: u8| {
            let mut w = [0u8; 24];
            w.fill(junk);
            w[..4].copy_from_slice(&a.to_le_bytes());
            w[8..16].copy_from_slice(&b.to_le_bytes());
            w[16] = c as u8;
            w
        };
        let v = 5i64;
        unsafe {
            oxjit_rt_dict_insert(mi, key(-3, 1.5, true, 0xab).as_ptr(), (&v as *const i64).cast());
            assert!(!oxjit_rt_dict_lookup(mi, key(-3, 1.5, true, 0x11).as_ptr()).is_null());
            assert!(oxjit_rt_dict_lookup(mi, key(-3, 1.5, false, 0x11).as_ptr()).is_null());
            oxjit_rt_decref(mi);
        }
    }

    #[test]
    fn pop_popitem_setdefault_copy_update() {
        let mi = int_dict();
        for k in 1..=5 {
            put(mi, k, k * 10);
        }
        let mut out = 0i64;
        let key = 3i64;
        unsafe {
            assert_eq!(oxjit_rt_dict_pop(mi, (&key as *const i64).cast(), (&mut out as *mut i64).cast()), 1);
            assert_eq!(out, 30);
            assert_eq!(oxjit_rt_dict_pop(mi, (&key as *const i64).cast(), (&mut out as *mut i64).cast()), 0);
            let (mut k, mut v) = (0i64, 0i64);
            assert_eq!(oxjit_rt_dict_popitem(mi, (&mut k as *mut i64).cast(), (&mut v as *mut i64).cast()), 1);
            assert_eq!((k, v), (5, 50));
            let d = 99i64;
            let p = oxjit_rt_dict_setdefault(mi, (&key as *const i64).cast(), (&d as *const i64).cast());
            assert_eq!(p.cast::<i64>().read(), 99);
            let one = 1i64;
            let p = oxjit_rt_dict_setdefault(mi, (&one as *const i64).cast(), (&d as *const i64).cast());
            assert_eq!(p.cast::<i64>().read(), 10);
            assert_eq!(keys(mi), vec![1, 2, 4, 3]);
            let c = oxjit_rt_dict_copy(mi);
            put(c, 7, 70);
            oxjit_rt_dict_update(mi, c);
            oxjit_rt_dict_update(mi, mi);
            assert_eq!(keys(mi), vec![1, 2, 4, 3, 7]);
            oxjit_rt_dict_clear(c);
            assert_eq!(dict_data(c).used, 0);
            oxjit_rt_decref(c);
            while oxjit_rt_dict_popitem(mi, (&mut k as *mut i64).cast(), (&mut v as *mut i64).cast()) == 1 {}
            assert_eq!(dict_data(mi).used, 0);
            oxjit_rt_decref(mi);
        }
    }

    #[test]
    fn owned_values_are_released() {
        let arr = oxjit_rt_alloc(16, 0);
        let mi = oxjit_rt_dict_new(I64, 1, 0, 8, 1);
        unsafe {
            for k in 0..3i64 {
                oxjit_rt_incref(arr);
                oxjit_rt_dict_insert(mi, (&k as *const i64).cast(), (&arr as *const *mut MemInfo).cast());
            }
            assert_eq!((*arr).refcount(), 4);
            // Replacing a value releases the old one.
            let k = 0i64;
            oxjit_rt_incref(arr);
            oxjit_rt_dict_insert(mi, (&k as *const i64).cast(), (&arr as *const *mut MemInfo).cast());
            assert_eq!((*arr).refcount(), 4);
            let c = oxjit_rt_dict_copy(mi);
            assert_eq!((*arr).refcount(), 7);
            assert_eq!(oxjit_rt_dict_delete(c, (&k as *const i64).cast()), 1);
            assert_eq!((*arr).refcount(), 6);
            oxjit_rt_decref(c);
            assert_eq!((*arr).refcount(), 4);
            oxjit_rt_decref(mi);
            assert_eq!((*arr).refcount(), 1);
            oxjit_rt_decref(arr);
        }
    }
}

