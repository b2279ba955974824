//! Sources, the ISO 3166-1 table, and citations: is each quote in the source it cites?

use super::{Checker, CitationFields, Place, ISO_TABLE, MANIFEST};
use crate::files::{SeedFile, SeedFiles};
use crate::records::RawSource;
use crate::report::{Location, Rule};
use bpgraph_model::text::{is_slug, quote_form};
use bpgraph_model::{Citation, Source, SourceIndex, Span};

impl Checker {
    pub(super) fn read_sources(&mut self, files: &SeedFiles) {
        let missing = "the seed has no source manifest";
        let Some(manifest) = self.required(files, MANIFEST, Rule::MissingSourceFile, missing)
        else {
            return;
        };
        let tables = self.parse_tables(MANIFEST, &manifest.contents);
        for (table, records) in tables {
            for (location, value) in records {
                if table != "source" {
                    self.report(
                        Rule::MalformedRecord,
                        &location,
                        format!(
                            "unknown table `[[{table}]]` in the manifest; expected `[[source]]`"
                        ),
                    );
                    continue;
                }
                let Some(raw) = self.deserialize::<RawSource>(&location, value) else {
                    continue;
                };
                self.check_source(raw, &location, files);
            }
        }
    }

    fn check_source(&mut self, raw: RawSource, location: &Location, files: &SeedFiles) {
        if !is_slug(&raw.id) {
            self.report(
                Rule::InvalidId,
                location,
                format!("`{}` is not a slug", raw.id),
            );
        }
        if self.source_ids.contains_key(&raw.id) {
            self.report(
                Rule::DuplicateId,
                location,
                format!("source id `{}` is used twice", raw.id),
            );
            return;
        }
        let date = self.date(&Place::Located(location), "date", Some(&raw.date));
        let path = format!("sources/{}", raw.file);
        let file = match files.read(&path) {
            Ok(Some(file)) => file,
            Ok(None) => {
                self.report(
                    Rule::MissingSourceFile,
                    location,
                    format!("file `{path}` is not in the seed"),
                );
                return;
            }
            Err(error) => {
                self.report(Rule::MissingSourceFile, location, error.to_string());
                return;
            }
        };
        let Some(date) = date else { return };
        let index = SourceIndex(self.sources.len() as u32);
        self.source_ids.insert(raw.id.clone(), index);
        self.source_forms.push(quote_form(&file.contents));
        self.source_cursors.push(0);
        self.sources.push(Source {
            id: raw.id,
            title: raw.title,
            kind: raw.kind,
            date,
            file: raw.file,
            text: file.into_owned().contents,
        });
    }

    /// A file the seed must have, or `None` with `rule` reported against it.
    fn required<'f>(
        &mut self,
        files: &'f SeedFiles,
        path: &str,
        rule: Rule,
        missing: &str,
    ) -> Option<&'f SeedFile> {
        let file = files.get(path);
        if file.is_none() {
            self.report(rule, &Location::file(path), missing);
        }
        file
    }

    pub(super) fn read_iso_table(&mut self, files: &SeedFiles) {
        let missing = "the seed has no ISO 3166-1 table to check state codes against";
        let Some(table) = self.required(files, ISO_TABLE, Rule::MissingField, missing) else {
            return;
        };
        self.iso = table
            .contents
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut columns = line.split('\t');
                Some((columns.next()?.to_owned(), columns.next()?.to_owned()))
            })
            .collect();
    }
    /// Checks a record's citations; their span of [`Dataset::citations`] if every one is good.
    pub(super) fn citations(&mut self, location: &Place, raw: &[CitationFields]) -> Option<Span> {
        if raw.is_empty() {
            self.report(
                Rule::MissingCitation,
                location,
                "no citation: add `citations = [{ source = \"...\", quote = \"...\" }]`",
            );
            return None;
        }
        let mut citations = Vec::with_capacity(raw.len());
        for citation in raw {
            let Some(&source) = self.source_ids.get(citation.source) else {
                let known: Vec<_> = self.sources.iter().map(|s| s.id.as_str()).collect();
                self.report(
                    Rule::UnknownSource,
                    location,
                    format!(
                        "source `{}` is not in the manifest (known: {})",
                        citation.source,
                        known.join(", ")
                    ),
                );
                continue;
            };
            let checked = match self.last_citation {
                // Consecutive rows often cite the same passage: skip hashing it again.
                Some(last)
                    if last.source == source && self.strings.get(last.quote) == citation.quote =>
                {
                    last
                }
                _ => {
                    let checked = Citation {
                        source,
                        quote: self.strings.intern(citation.quote),
                    };
                    self.last_citation = Some(checked);
                    checked
                }
            };
            // A record whose quote is not found stays in, so that the records referring to it
            // are not reported as dangling too; the report is already failed.
            citations.push(checked);
            if !self.quote_found(checked) {
                let message = if quote_form(citation.quote).is_empty() {
                    "the quote is empty".to_owned()
                } else {
                    format!(
                        "quote not found verbatim in `{}`: \"{}\"",
                        citation.source, citation.quote
                    )
                };
                self.report(Rule::QuoteNotFound, location, message);
            }
        }
        (citations.len() == raw.len()).then(|| self.citations.span(&citations))
    }

    /// Whether the citation's source has its quote (in [`quote_form`]).
    ///
    /// Records tend to cite a source in its own order, so the search starts where the source's
    /// previous quote was found and wraps around: reading a long source's passages in order
    /// costs one pass over it, not one pass per passage.
    fn quote_found(&mut self, citation: Citation) -> bool {
        // Consecutive rows often cite one passage: the last answer, without hashing.
        if let Some((last, found)) = self.last_quote_found {
            if last == citation {
                return found;
            }
        }
        let found = self.search_quote(citation);
        self.last_quote_found = Some((citation, found));
        found
    }

    fn search_quote(&mut self, citation: Citation) -> bool {
        if let Some(&found) = self.quotes_checked.get(&citation) {
            return found;
        }
        let quote = quote_form(self.strings.get(citation.quote));
        let source = citation.source.0 as usize;
        let text = self.source_forms[source].as_bytes();
        let cursor = self.source_cursors[source];
        let finder = memchr::memmem::Finder::new(quote.as_bytes());
        let at = finder
            .find(&text[cursor..])
            .map(|at| cursor + at)
            .or_else(|| finder.find(&text[..(cursor + quote.len()).min(text.len())]));
        let found = !quote.is_empty() && at.is_some();
        if let (true, Some(at)) = (found, at) {
            self.source_cursors[source] = at + quote.len();
        }
        self.quotes_checked.insert(citation, found);
        found
    }
}
