//! The seed as a set of text files, read from the binary's embedded copy or from a directory.

use include_dir::{include_dir, Dir};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/seed");

/// File name endings the loader reads; anything else (READMEs, editor backups) is ignored.
const SEED_EXTENSIONS: [&str; 4] = ["toml", "csv", "txt", "tsv"];

/// One seed file: its path relative to the seed root (with `/` separators) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedFile {
    pub path: String,
    pub contents: String,
}

/// The files of one seed directory, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct SeedFiles {
    files: Vec<SeedFile>,
}

/// A seed directory that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not UTF-8 text")]
    NotUtf8 { path: PathBuf },
}

fn is_seed_file(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| SEED_EXTENSIONS.contains(&ext))
}

impl SeedFiles {
    /// The seed compiled into the binary.
    pub fn embedded() -> SeedFiles {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        SeedFiles::from_files(files)
    }

    /// The seed in `dir`.
    pub fn read_dir(dir: &Path) -> Result<SeedFiles, ReadError> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).follow_links(true) {
            let entry = entry.map_err(|e| ReadError::Io {
                path: e.path().unwrap_or(dir).to_owned(),
                source: e.into(),
            })?;
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let path = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !entry.file_type().is_file() || !is_seed_file(&path) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|source| ReadError::Io {
                path: entry.path().to_owned(),
                source,
            })?;
            let contents = String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8 {
                path: entry.path().to_owned(),
            })?;
            files.push(SeedFile { path, contents });
        }
        Ok(SeedFiles::from_files(files))
    }

    /// A seed made of the given files (used by tests).
    pub fn from_files(mut files: Vec<SeedFile>) -> SeedFiles {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        SeedFiles { files }
    }

    pub fn get(&self, path: &str) -> Option<&SeedFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &SeedFile> {
        self.files.iter()
    }

    /// SHA-256 over every file's path and contents: equal data, equal version.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for file in &self.files {
            for part in [file.path.as_bytes(), file.contents.as_bytes()] {
                hasher.update((part.len() as u64).to_le_bytes());
                hasher.update(part);
            }
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn collect_embedded(dir: &Dir<'static>, files: &mut Vec<SeedFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let (true, Some(contents)) = (is_seed_file(&path), file.contents_utf8()) {
            files.push(SeedFile {
                path,
                contents: contents.to_owned(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
