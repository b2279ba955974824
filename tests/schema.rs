//! `schema.graphql` must be the schema the code serves. After a deliberate API change, run
//! `UPDATE_EXPECT=1 cargo test --test schema` (or `cargo run -- schema > schema.graphql`).

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    expect_test::expect_file![path].assert_eq(&bpgraph_api::sdl());
}
