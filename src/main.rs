//! The `bpgraph` binary: parses the command line and hands over to [`bpgraph::cli`].

fn main() -> std::process::ExitCode {
    bpgraph::cli::main()
}
