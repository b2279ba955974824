//! Commands that write to standard output stop quietly when the reader goes away
//! (`bpgraph validate | head -1`): no panic message, and a successful exit.

use std::process::{Command, Stdio};

/// Runs the real binary with `args`, its standard output a stream whose reading end is
/// closed before it starts, so its first write meets a broken pipe (`EPIPE`), every time.
fn run_with_closed_stdout(args: &[&str]) {
    let (reader, writer) = std::os::unix::net::UnixStream::pair().expect("a socket pair");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_bpgraph"))
        .args(args)
        .stdout(std::os::fd::OwnedFd::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("bpgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "bpgraph {args:?} exited with {}: {stderr}",
        output.status
    );
    assert!(stderr.is_empty(), "bpgraph {args:?} wrote: {stderr}");
}

#[test]
fn validate_stops_quietly_on_a_closed_pipe() {
    run_with_closed_stdout(&["validate"]);
}

#[test]
fn schema_stops_quietly_on_a_closed_pipe() {
    run_with_closed_stdout(&["schema"]);
}

#[test]
fn export_to_standard_output_stops_quietly_on_a_closed_pipe() {
    for format in ["turtle", "jsonld", "graphml", "csv"] {
        run_with_closed_stdout(&["export", "--format", format]);
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_failure_to_write_is_still_reported() {
    // A full device is not a reader that went away: that is an error, said as one.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("Linux has /dev/full");
    let output = Command::new(env!("CARGO_BIN_EXE_bpgraph"))
        .arg("schema")
        .stdout(full)
        .output()
        .expect("bpgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
