//! The `bpgraph` binary: parses the command line and hands over to [`bpgraph::cli`].

// mimalloc: answering a query allocates many small values; see BENCHMARKS.md for its effect.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bpgraph::allocator::configure();
    bpgraph::cli::main()
}
