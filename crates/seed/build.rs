//! Rebuild when the seed changes: the workspace's `seed/` directory is embedded into this crate.
fn main() {
    println!("cargo:rerun-if-changed=../../seed");
}
