//! The caches' weights against the heap their entries really take: a counting allocator
//! (this test binary's own) measures what parsing and checking a document allocates.

use super::{CheckedDocument, DocumentWeight};
use crate::limits::{Limits, ListFields};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting the bytes each thread holds (per thread, so tests running
/// at the same time do not count each other's allocations).
struct Counting;

thread_local! {
    static HELD: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = HELD.try_with(|held| held.set(held.get() + delta));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// What a checked document of `query` holds on the heap (the text itself not included).
fn heap_of(query: &str, lists: &ListFields) -> Option<(CheckedDocument, usize)> {
    let before = HELD.with(Cell::get);
    let checked = crate::prepare::check(query, &Limits::DEFAULT, lists).ok()?;
    let held = HELD.with(Cell::get) - before;
    Some((checked, held.max(0) as usize))
}

/// The documents the server is asked for (every example and test query), and documents at
/// the limits built to take the most memory per byte of text.
fn corpus() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut queries = Vec::new();
    for dir in ["tests/queries", "assets/examples", "crates/bench/mix"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == "graphql") {
                queries.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    let limits = Limits::DEFAULT;
    let many = |part: &str, times: usize| vec![part; times].join(" ");
    queries.extend([
        "{a}".to_owned(),
        format!("{{ {} }}", many("dataVersion", limits.max_fields)),
        format!("{{ {} }}", many("__typename", limits.max_fields)),
        (0..limits.max_aliases)
            .map(|i| format!("a{i}: dataVersion"))
            .fold("{".to_owned(), |q, f| q + " " + &f)
            + " }",
        format!(
            "{{ nodes(ids: [{}]) {{ id }} }}",
            many("\"a\",", limits.max_tokens / 3)
        ),
        format!(
            "{{ nodes(ids: [{}]) {{ id }} }}",
            many("1", limits.max_tokens - 20)
        ),
        format!(
            "query({}) {{ dataVersion }}",
            (0..limits.max_tokens / 6)
                .map(|i| format!("$v{i}: Int"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        (0..limits.max_fields / 2)
            .map(|i| format!("fragment F{i} on Query {{ dataVersion }}"))
            .fold(
                format!(
                    "{{ {} }}",
                    (0..limits.max_fields / 2)
                        .map(|i| format!("...F{i}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                |q, f| q + " " + &f,
            ),
        format!(
            "{{ {} }}",
            many("entity(ref: \"turkiye\") @include(if: true) { name }", 60)
        ),
    ]);
    queries
}

#[test]
fn a_documents_weight_covers_the_heap_it_takes() {
    let lists = ListFields::of_schema();
    let mut measured = 0;
    let mut worst = 0.0f64;
    for query in corpus() {
        let Some((checked, heap)) = heap_of(&query, &lists) else {
            continue;
        };
        let weight = DocumentWeight::of(&query);
        worst = worst.max(heap as f64 / weight as f64);
        // A quarter more for the allocator's rounding up to its size classes.
        assert!(
            heap + heap / 4 <= weight as usize,
            "{heap} bytes on the heap, weighed {weight}: {}",
            &query[..query.len().min(200)]
        );
        drop(checked);
        measured += 1;
    }
    assert!(measured > 50, "only {measured} documents were measured");
    eprintln!("{measured} documents; the heaviest takes {worst:.2} of its weight");
}
