//! Tools for measuring the server, kept out of the server binary: the synthetic seed generator
//! ([`synth`]) lives here with the `bench` binary (the HTTP benchmark, `bench scale`,
//! `bench inproc`, `bench synth`), so that their dependencies (an HTTP client, a random number
//! generator) never reach `bpgraph`.

pub mod synth;
