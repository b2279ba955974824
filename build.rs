//! Rebuild when the seed changes: the seed directory is embedded into the binary.
fn main() {
    println!("cargo:rerun-if-changed=seed");
}
