//! The allocator's settings, made once at start-up, before anything is allocated in earnest.
//!
//! The binary allocates with mimalloc (`main.rs`). Freed memory goes back to mimalloc's pages,
//! and mimalloc returns ("purges") pages left empty to the operating system only after a delay
//! (1 s by default, ten times that for its arenas), and only when it next allocates or frees: so a
//! server that falls idle after a burst keeps its peak: 5,000 idle kept-alive connections took
//! it from 56 to 124 MB, and it stayed there after they closed. A shorter delay, set here,
//! gives that back ([`PURGE_DELAY_MS`]).

use libmimalloc_sys::{
    mi_option_get, mi_option_set_default, mi_option_t, mi_option_use_numa_nodes,
};

/// mimalloc's `mi_option_purge_delay`, which libmimalloc-sys names no constant for: in
/// `mi_option_e` (v3's `mimalloc.h`) it comes just before `mi_option_use_numa_nodes`. The test
/// below checks that `MIMALLOC_PURGE_DELAY` sets it.
const MI_OPTION_PURGE_DELAY: mi_option_t = mi_option_use_numa_nodes - 1;

/// The purge delay this server runs with, in milliseconds (mimalloc's default is 1,000).
/// Chosen on the figures of RELIABILITY.md ("Memory is bounded"): at 100 ms, what 5,000 idle
/// connections took is returned within 2 s of their closing (to 37-40 MB, against 102-124 MB
/// at the default), and 200,000 distinct queries took no longer than at the default. 0 returns
/// a little more (28-30 MB) but made that run slower in each of four pairs (22-49 s against
/// 20-38 s): with no delay, a page emptied between two requests is returned and taken back
/// again at once, a system call and page faults each time.
pub const PURGE_DELAY_MS: i64 = 100;

/// Sets the purge delay to [`PURGE_DELAY_MS`], unless the environment already sets it
/// (`MIMALLOC_PURGE_DELAY`, which mimalloc reads at start-up): an operator's value wins.
pub fn configure() {
    // SAFETY: mimalloc's option setters write a plain integer in its option table; they are
    // not thread-safe, so this runs at the start of `main`, before any thread is spawned.
    // `mi_option_set_default` leaves an option that the environment set as it is.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS as _) };
}

/// The purge delay in force, in milliseconds.
pub fn purge_delay_ms() -> i64 {
    // SAFETY: reads mimalloc's option table (reading the environment on first use).
    unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) as i64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configure_sets_the_delay_unless_the_environment_does() {
        let from_environment = std::env::var("MIMALLOC_PURGE_DELAY").ok();
        configure();
        if let Some(value) = from_environment {
            assert_eq!(purge_delay_ms().to_string(), value);
            return;
        }
        assert_eq!(purge_delay_ms(), PURGE_DELAY_MS);
        // mimalloc reads its environment once per process: the other case runs in a process
        // of its own, this test alone, with an operator's value set (which also shows that
        // `MI_OPTION_PURGE_DELAY` is the option `MIMALLOC_PURGE_DELAY` sets).
        let operator = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "allocator::tests::configure_sets_the_delay_unless_the_environment_does",
            ])
            .env("MIMALLOC_PURGE_DELAY", "250")
            .output()
            .unwrap();
        let output = String::from_utf8_lossy(&operator.stdout);
        assert!(
            operator.status.success() && output.contains("1 passed"),
            "{output}"
        );
    }
}
