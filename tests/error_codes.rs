//! Error codes are defined once, in `bpgraph_api::ErrorCode`: the README's table is that
//! enum printed (`UPDATE_EXPECT=1` rewrites it), and no source file outside the enum spells a
//! code out as a string.

use bpgraph_api::ErrorCode;
use std::path::{Path, PathBuf};

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const START: &str = "<!-- error codes: generated from ErrorCode by tests/error_codes.rs -->\n";
const END: &str = "<!-- end of error codes -->";

fn table() -> String {
    let mut table = String::from("| Code | Meaning |\n| --- | --- |\n");
    for code in ErrorCode::ALL {
        table.push_str(&format!("| `{}` | {} |\n", code.as_str(), code.meaning()));
    }
    table
}

#[test]
fn the_readme_lists_every_error_code_with_its_meaning() {
    let readme = std::fs::read_to_string(README).unwrap();
    let start = readme
        .find(START)
        .expect("the README has the error codes' markers")
        + START.len();
    let end = start + readme[start..].find(END).expect("the end marker follows");
    let expected = table();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(README, updated).unwrap();
        return;
    }
    assert_eq!(
        readme[start..end],
        expected,
        "the README's table of error codes is stale: UPDATE_EXPECT=1 cargo test --test error_codes"
    );
}

#[test]
fn no_source_file_spells_out_an_error_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        rust_files(&krate.unwrap().path().join("src"), &mut files);
    }
    assert!(
        files.len() > 50,
        "the scan sees the sources ({} files)",
        files.len()
    );
    let mut spelled = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("errors/code.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for code in ErrorCode::ALL {
            if text.contains(&format!("\"{}\"", code.as_str())) {
                spelled.push(format!("{}: {code}", file.display()));
            }
        }
    }
    assert!(
        spelled.is_empty(),
        "use bpgraph_api::ErrorCode instead of spelling codes out:\n{}",
        spelled.join("\n")
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
