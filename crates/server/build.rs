//! Rebuild when the web assets change: GraphiQL, the explorer and the example queries under the
//! workspace's `assets/` are embedded into this crate.
fn main() {
    println!("cargo:rerun-if-changed=../../assets");
}
