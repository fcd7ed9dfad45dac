//! `OXJIT_POOL_LIMIT` is read once, at the first use of the pool. This file is its own test
//! process with a single test, so the variable is set before the runtime looks at it.

use oxjit_runtime::*;

#[test]
fn pool_limit_comes_from_the_environment() {
    // Edition 2021: set_var is safe; no other thread of this process exists yet that reads
    // the environment.
    std::env::set_var(POOL_LIMIT_ENV, "3M");
    let s = stats();
    assert_eq!(s.pool_limit, 3 << 20);
    // The limit applies: a 1 MiB block (1.25 MiB class) is kept, a 4 MiB one (5 MiB) is not.
    for size in [1usize << 20, 4 << 20] {
        let mi = oxjit_rt_alloc(size, 0);
        assert!(!mi.is_null());
        // SAFETY: our only reference.
        unsafe { oxjit_rt_decref(mi) };
    }
    let s = stats();
    assert_eq!((s.pooled_blocks, s.pooled_bytes), (1, 1280 << 10));
    // The setter overrides the environment and reports the previous limit.
    assert_eq!(oxjit_rt_set_pool_limit(DEFAULT_POOL_LIMIT), 3 << 20);
    assert_eq!(stats().pool_limit, DEFAULT_POOL_LIMIT as u64);
}
