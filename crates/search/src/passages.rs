//! Source texts cut into passages: the paragraphs a researcher reads, each with where it
//! starts in its source, so a hit can point back into the document.

/// One paragraph of a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// Position of the source in `KnowledgeGraph::sources()`.
    pub source: usize,
    /// Which paragraph of its source this is, from 0.
    pub ordinal: usize,
    /// Byte offset of the paragraph's first character in the source text.
    pub offset: usize,
    /// Length of the paragraph in bytes.
    pub len: usize,
}

impl Passage {
    /// The paragraph's text, from its source's text.
    pub fn text<'t>(&self, source_text: &'t str) -> &'t str {
        &source_text[self.offset..self.offset + self.len]
    }
}

/// The paragraphs of `text` (runs of lines between blank lines), trimmed, in order.
pub fn passages(source: usize, text: &str) -> Vec<Passage> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                found.push((s, end));
            }
        } else {
            let leading = line.len() - line.trim_start().len();
            start.get_or_insert(offset + leading);
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        found.push((s, end));
    }
    found
        .into_iter()
        .enumerate()
        .map(|(ordinal, (offset, end))| Passage {
            source,
            ordinal,
            offset,
            len: end - offset,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_with_their_offsets() {
        let text = "\n\n  Title\n\nFirst line\nsecond line  \n \n\nLast";
        let found: Vec<(usize, usize, &str)> = passages(3, text)
            .iter()
            .map(|p| (p.ordinal, p.offset, p.text(text)))
            .collect();
        assert_eq!(
            found,
            [
                (0, 4, "Title"),
                (1, 11, "First line\nsecond line"),
                (2, 39, "Last")
            ]
        );
        assert!(passages(0, "\n \n").is_empty());
    }
}
