//! Rebuild when embedded files change: the seed directory and the web assets (GraphiQL, the
//! explorer, the example queries) are embedded into the binary.
fn main() {
    println!("cargo:rerun-if-changed=seed");
    println!("cargo:rerun-if-changed=assets");
}
