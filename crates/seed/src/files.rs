//! The seed as a set of text files, read from the binary's embedded copy or from a directory.
//!
//! A directory's CSV tables and source texts are read only when they are used, one at a time: a
//! bulk table may be hundreds of megabytes, and what is built from it is all that needs to stay.

use include_dir::{include_dir, Dir};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../seed");

/// File name endings the loader reads; anything else (READMEs, editor backups) is ignored.
const SEED_EXTENSIONS: [&str; 4] = ["toml", "csv", "txt", "tsv"];

/// One seed file: its path relative to the seed root (with `/` separators) and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedFile {
    pub path: String,
    pub contents: String,
}

/// The files of one seed directory, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct SeedFiles {
    /// Files held in memory, sorted by path.
    files: Vec<SeedFile>,
    /// Files of a directory read when asked for: seed path and file, sorted by path.
    deferred: Vec<(String, PathBuf)>,
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

/// The files a directory seed reads only when they are needed, because they can be large and
/// are used once: CSV tables (checked row by row) and source texts (moved into the dataset).
fn is_read_when_needed(path: &str) -> bool {
    path.ends_with(".csv") || path.ends_with(".txt")
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
        let mut deferred = Vec::new();
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
            if is_read_when_needed(&path) {
                deferred.push((path, entry.path().to_owned()));
                continue;
            }
            let contents = read_text(entry.path())?;
            files.push(SeedFile { path, contents });
        }
        deferred.sort();
        Ok(SeedFiles {
            deferred,
            ..SeedFiles::from_files(files)
        })
    }

    /// A seed made of the given files (used by tests).
    pub fn from_files(mut files: Vec<SeedFile>) -> SeedFiles {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        SeedFiles {
            files,
            deferred: Vec::new(),
        }
    }

    pub fn get(&self, path: &str) -> Option<&SeedFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// The files held in memory (a directory's CSV tables and source texts are not).
    pub fn iter(&self) -> impl Iterator<Item = &SeedFile> {
        self.files.iter()
    }

    /// The path of every file, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .files
            .iter()
            .map(|f| f.path.as_str())
            .chain(self.deferred.iter().map(|(path, _)| path.as_str()))
            .collect();
        paths.sort_unstable();
        paths
    }

    /// The file at `path`, read now if it is a table not held in memory.
    pub fn read(&self, path: &str) -> Result<Option<Cow<'_, SeedFile>>, ReadError> {
        if let Some(file) = self.get(path) {
            return Ok(Some(Cow::Borrowed(file)));
        }
        let Some((path, file)) = self.deferred_file(path) else {
            return Ok(None);
        };
        let contents = read_text(file)?;
        Ok(Some(Cow::Owned(SeedFile {
            path: path.clone(),
            contents,
        })))
    }

    /// The size in bytes of the file at `path`, if it is in the seed and can be read.
    pub fn size(&self, path: &str) -> Option<u64> {
        if let Some(file) = self.get(path) {
            return Some(file.contents.len() as u64);
        }
        let (_, file) = self.deferred_file(path)?;
        std::fs::metadata(file).ok().map(|meta| meta.len())
    }

    /// The path and location on disk of a table not held in memory.
    fn deferred_file(&self, path: &str) -> Option<&(String, PathBuf)> {
        let at = self
            .deferred
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()?;
        Some(&self.deferred[at])
    }

    /// The file at `path`; a table not held in memory is read into `buffer`, whose allocation
    /// is reused: reading a seed's tables one after the other into one buffer keeps the
    /// hundreds of megabytes of a large seed from being allocated, and faulted in, afresh.
    pub fn read_into<'a>(
        &'a self,
        path: &str,
        buffer: &'a mut SeedFile,
    ) -> Result<Option<&'a SeedFile>, ReadError> {
        if let Some(file) = self.get(path) {
            return Ok(Some(file));
        }
        let Some((path, file)) = self.deferred_file(path) else {
            return Ok(None);
        };
        buffer.path.clone_from(path);
        read_text_into(file, &mut buffer.contents)?;
        Ok(Some(buffer))
    }

    /// Every file in memory, tables read from disk included (for tools and tests that rewrite
    /// a seed).
    pub fn into_files(self) -> Result<Vec<SeedFile>, ReadError> {
        let mut files = self.files;
        for (path, file) in self.deferred {
            let contents = read_text(&file)?;
            files.push(SeedFile { path, contents });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// SHA-256 over every file's path and contents: equal data, equal version. Tables not
    /// held in memory are read again, one at a time.
    pub fn content_hash(&self) -> Result<String, ReadError> {
        let mut hasher = Sha256::new();
        let mut buffer = SeedFile::default();
        for path in self.paths() {
            let Some(file) = self.read_into(path, &mut buffer)? else {
                continue;
            };
            for part in [file.path.as_bytes(), file.contents.as_bytes()] {
                hasher.update((part.len() as u64).to_le_bytes());
                hasher.update(part);
            }
        }
        Ok(hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8 {
        path: path.to_owned(),
    })
}

/// Reads the text of `path` into `text`, reusing its allocation.
fn read_text_into(path: &Path, text: &mut String) -> Result<(), ReadError> {
    use std::io::Read;
    let mut bytes = std::mem::take(text).into_bytes();
    bytes.clear();
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    std::fs::File::open(path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(io_error)?;
    match String::from_utf8(bytes) {
        Ok(contents) => {
            *text = contents;
            Ok(())
        }
        Err(_) => Err(ReadError::NotUtf8 {
            path: path.to_owned(),
        }),
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
