//! The limits that keep hostile queries cheap to refuse: what each one bounds, its safe
//! default, and the checks on a query's text and parsed document that run before execution.
//!
//! Order matters: [`scan`] runs on the raw text before the parser sees it (so no input can
//! drive the parser's recursion or allocation), [`check_document`] on the parsed document
//! before validation (so validation never walks an oversized or cyclic document). Depth and
//! complexity are checked by async-graphql itself, from the limits given to the schema.

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::parser::Positioned;
use async_graphql::{Name, Value, Variables};
use async_graphql_value::Value as QueryValue;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Every limit the server enforces, with safe defaults (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Largest request body, in bytes; larger requests are refused with 413 before they are read.
    #[arg(long, env = "BPGRAPH_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.max_body_bytes)]
    pub max_body_bytes: usize,
    /// Deepest field nesting a query may have.
    #[arg(long, env = "BPGRAPH_MAX_DEPTH", default_value_t = Limits::DEFAULT.max_depth)]
    pub max_depth: usize,
    /// Highest query complexity: each field costs 1, a list costs `first` (default 20) times
    /// its items, so nested lists multiply.
    #[arg(long, env = "BPGRAPH_MAX_COMPLEXITY", default_value_t = Limits::DEFAULT.max_complexity)]
    pub max_complexity: usize,
    /// Most aliased fields in one document.
    #[arg(long, env = "BPGRAPH_MAX_ALIASES", default_value_t = Limits::DEFAULT.max_aliases)]
    pub max_aliases: usize,
    /// Most field selections in one document (repeated fields count each time).
    #[arg(long, env = "BPGRAPH_MAX_FIELDS", default_value_t = Limits::DEFAULT.max_fields)]
    pub max_fields: usize,
    /// Longest chain of fragments spreading fragments.
    #[arg(long, env = "BPGRAPH_MAX_FRAGMENT_CHAIN", default_value_t = Limits::DEFAULT.max_fragment_chain)]
    pub max_fragment_chain: usize,
    /// Most directives on one field or fragment.
    #[arg(long, env = "BPGRAPH_MAX_DIRECTIVES", default_value_t = Limits::DEFAULT.max_directives)]
    pub max_directives: usize,
    /// Most lexical tokens in a query's text (checked before parsing).
    #[arg(long, env = "BPGRAPH_MAX_TOKENS", default_value_t = Limits::DEFAULT.max_tokens)]
    pub max_tokens: usize,
    /// Deepest nesting of brackets in a query's text (checked before parsing).
    #[arg(long, env = "BPGRAPH_MAX_NESTING", default_value_t = Limits::DEFAULT.max_nesting)]
    pub max_nesting: usize,
    /// Most operations in one batched request (a JSON array).
    #[arg(long, env = "BPGRAPH_MAX_BATCH", default_value_t = Limits::DEFAULT.max_batch)]
    pub max_batch: usize,
    /// Time a request may take, body included, in milliseconds.
    #[arg(long, env = "BPGRAPH_TIMEOUT_MS", default_value_t = Limits::DEFAULT.timeout_ms)]
    pub timeout_ms: u64,
    /// Requests served at once; more are shed with 503 and `Retry-After`.
    #[arg(long, env = "BPGRAPH_MAX_CONCURRENT", default_value_t = Limits::DEFAULT.max_concurrent)]
    pub max_concurrent: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_body_bytes: 64 * 1024,
        max_depth: 16,
        max_complexity: 100_000,
        max_aliases: 64,
        max_fields: 500,
        max_fragment_chain: 8,
        max_directives: 4,
        max_tokens: 5_000,
        max_nesting: 48,
        max_batch: 10,
        timeout_ms: 10_000,
        max_concurrent: 128,
    };

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// A limit a request exceeds, with a message that names the limit and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LimitExceeded(pub String);

fn exceeded(what: &str, found: usize, limit: usize) -> LimitExceeded {
    LimitExceeded(format!(
        "the query has {found} {what}; at most {limit} are allowed"
    ))
}

/// Counts tokens and bracket nesting of a query's text without parsing it. Strings, block
/// strings and comments are skipped, so brackets inside them do not count.
pub fn scan(query: &str, limits: &Limits) -> Result<(), LimitExceeded> {
    let bytes = query.as_bytes();
    let (mut tokens, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                tokens += 1;
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 3;
                continue;
            }
            b'"' => {
                tokens += 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'(' | b'[' => {
                tokens += 1;
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b')' | b']' => {
                tokens += 1;
                depth = depth.saturating_sub(1);
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                tokens += 1;
                while i + 1 < bytes.len()
                    && (bytes[i + 1].is_ascii_alphanumeric() || matches!(bytes[i + 1], b'_' | b'.'))
                {
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() || c == b',' => {}
            _ => tokens += 1,
        }
        if tokens > limits.max_tokens {
            return Err(LimitExceeded(format!(
                "the query has more than {} tokens",
                limits.max_tokens
            )));
        }
        i += 1;
    }
    if deepest > limits.max_nesting {
        return Err(exceeded(
            "levels of nested brackets",
            deepest,
            limits.max_nesting,
        ));
    }
    Ok(())
}

/// What [`check_document`] learns of a document besides its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentFacts {
    /// It selects `__schema` or `__type`.
    pub introspects: bool,
}

/// Checks a parsed document's aliases, field selections, directives and fragment chains.
pub fn check_document(
    doc: &ExecutableDocument,
    limits: &Limits,
) -> Result<DocumentFacts, LimitExceeded> {
    let mut counts = Counts::default();
    for (_, operation) in doc.operations.iter() {
        counts.directives(operation.node.directives.len(), limits)?;
        counts.walk(&operation.node.selection_set, limits)?;
    }
    for fragment in doc.fragments.values() {
        counts.directives(fragment.node.directives.len(), limits)?;
        counts.walk(&fragment.node.selection_set, limits)?;
    }
    if counts.aliases > limits.max_aliases {
        return Err(exceeded("aliases", counts.aliases, limits.max_aliases));
    }
    if counts.fields > limits.max_fields {
        return Err(exceeded(
            "field selections",
            counts.fields,
            limits.max_fields,
        ));
    }
    let chain = longest_fragment_chain(doc);
    if chain > limits.max_fragment_chain {
        return Err(exceeded(
            "fragments in a chain",
            chain,
            limits.max_fragment_chain,
        ));
    }
    Ok(DocumentFacts {
        introspects: counts.introspection,
    })
}

/// The names of the schema's list fields (those returning a `...Connection`), read from its SDL.
#[derive(Debug, Clone, Default)]
pub struct ListFields(HashSet<String>);

impl ListFields {
    pub fn from_sdl(sdl: &str) -> ListFields {
        let names = sdl.lines().filter_map(|line| {
            let (head, ty) = line.trim().rsplit_once(": ")?;
            let name = head.split('(').next()?;
            ty.trim_end_matches('!')
                .ends_with("Connection")
                .then(|| name.to_owned())
        });
        ListFields(names.collect())
    }
}

/// The cost of a document: every field costs 1, and a list field `first` (or `last`, default
/// 20, at most 100; a variable counts at its value) times what one item's selection costs.
/// Fragments are costed where they are spread; interfaces count like objects.
pub fn complexity(doc: &ExecutableDocument, variables: &Variables, lists: &ListFields) -> usize {
    let cost = Cost {
        doc,
        variables,
        lists,
    };
    doc.operations
        .iter()
        .map(|(_, op)| cost.of(&op.node.selection_set, &mut Vec::new()))
        .fold(0, usize::saturating_add)
}

struct Cost<'d> {
    doc: &'d ExecutableDocument,
    variables: &'d Variables,
    lists: &'d ListFields,
}

impl<'d> Cost<'d> {
    fn of(&self, set: &'d Positioned<SelectionSet>, spreading: &mut Vec<&'d str>) -> usize {
        set.node.items.iter().fold(0usize, |total, selection| {
            let cost = match &selection.node {
                Selection::Field(field) => {
                    let items = self.page_size(&field.node);
                    let children = self.of(&field.node.selection_set, spreading);
                    items.saturating_mul(children).saturating_add(1)
                }
                Selection::InlineFragment(inline) => self.of(&inline.node.selection_set, spreading),
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match self.doc.fragments.get(&Name::new(name)) {
                        Some(fragment) if !spreading.contains(&name) => {
                            spreading.push(name);
                            let cost = self.of(&fragment.node.selection_set, spreading);
                            spreading.pop();
                            cost
                        }
                        _ => 0,
                    }
                }
            };
            total.saturating_add(cost)
        })
    }

    fn page_size(&self, field: &Field) -> usize {
        if !self.lists.0.contains(field.name.node.as_str()) {
            return 1;
        }
        let argument = ["first", "last"]
            .iter()
            .find_map(|name| field.get_argument(name).map(|value| &value.node));
        let value = match argument {
            None => return 20,
            Some(QueryValue::Variable(name)) => {
                self.variables.get(name).cloned().unwrap_or(Value::Null)
            }
            Some(value) => value.clone().into_const().unwrap_or(Value::Null),
        };
        match value {
            Value::Number(n) => n.as_u64().map_or(0, |n| n.min(100) as usize),
            _ => 100,
        }
    }
}

#[derive(Default)]
struct Counts {
    aliases: usize,
    fields: usize,
    introspection: bool,
}

impl Counts {
    fn directives(&self, count: usize, limits: &Limits) -> Result<(), LimitExceeded> {
        if count > limits.max_directives {
            return Err(exceeded(
                "directives on one field",
                count,
                limits.max_directives,
            ));
        }
        Ok(())
    }

    /// Walks one selection set; the text-level nesting limit bounds the recursion.
    fn walk(
        &mut self,
        set: &Positioned<SelectionSet>,
        limits: &Limits,
    ) -> Result<(), LimitExceeded> {
        for selection in &set.node.items {
            match &selection.node {
                Selection::Field(field) => {
                    self.fields += 1;
                    let name = field.node.name.node.as_str();
                    self.introspection |= name == "__schema" || name == "__type";
                    self.aliases += usize::from(field.node.alias.is_some());
                    self.directives(field.node.directives.len(), limits)?;
                    self.walk(&field.node.selection_set, limits)?;
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(spread.node.directives.len(), limits)?;
                }
                Selection::InlineFragment(inline) => {
                    self.directives(inline.node.directives.len(), limits)?;
                    self.walk(&inline.node.selection_set, limits)?;
                }
            }
        }
        Ok(())
    }
}

/// The most fragments reached through one chain of spreads (cycles stop the chain; the
/// validator reports them).
fn longest_fragment_chain(doc: &ExecutableDocument) -> usize {
    let spreads = fragment_spreads(doc);
    let mut memo = HashMap::new();
    spreads
        .keys()
        .map(|name| chain_from(name, &spreads, &mut memo, &mut Vec::new()))
        .max()
        .unwrap_or(0)
}

/// A fragment that spreads itself, directly or through others.
pub fn fragment_in_cycle(doc: &ExecutableDocument) -> Option<&str> {
    let spreads = fragment_spreads(doc);
    spreads.keys().copied().find(|&start| {
        let mut seen = HashSet::new();
        let mut stack = spreads.get(start).cloned().unwrap_or_default();
        while let Some(next) = stack.pop() {
            if next == start {
                return true;
            }
            if seen.insert(next) {
                stack.extend(spreads.get(next).into_iter().flatten());
            }
        }
        false
    })
}

/// For each fragment, the fragments it spreads.
fn fragment_spreads(doc: &ExecutableDocument) -> HashMap<&str, Vec<&str>> {
    doc.fragments
        .iter()
        .map(|(name, fragment)| {
            let mut names = Vec::new();
            spread_names(&fragment.node.selection_set, &mut names);
            (name.as_str(), names)
        })
        .collect()
}

fn spread_names<'d>(set: &'d Positioned<SelectionSet>, names: &mut Vec<&'d str>) {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => spread_names(&field.node.selection_set, names),
            Selection::FragmentSpread(spread) => {
                names.push(spread.node.fragment_name.node.as_str())
            }
            Selection::InlineFragment(inline) => spread_names(&inline.node.selection_set, names),
        }
    }
}

fn chain_from<'d>(
    name: &'d str,
    spreads: &HashMap<&'d str, Vec<&'d str>>,
    memo: &mut HashMap<&'d str, usize>,
    path: &mut Vec<&'d str>,
) -> usize {
    if let Some(&known) = memo.get(name) {
        return known;
    }
    if path.contains(&name) {
        return 0;
    }
    path.push(name);
    let next = spreads
        .get(name)
        .into_iter()
        .flatten()
        .map(|next| chain_from(next, spreads, memo, path))
        .max()
        .unwrap_or(0);
    path.pop();
    memo.insert(name, next + 1);
    next + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn check(query: &str, limits: Limits, expected: Result<(), &str>) {
        let result = scan(query, &limits).and_then(|()| {
            let doc = parse_query(query).expect("test queries parse");
            check_document(&doc, &limits).map(|_| ())
        });
        assert_eq!(
            result.map_err(|e| e.0),
            expected.map_err(str::to_owned),
            "{query}"
        );
    }

    #[test]
    fn limits_name_what_is_exceeded() {
        let tight = Limits {
            max_aliases: 2,
            max_fields: 5,
            max_fragment_chain: 2,
            max_directives: 1,
            max_tokens: 40,
            max_nesting: 3,
            ..Limits::DEFAULT
        };
        check("{ a b c }", tight.clone(), Ok(()));
        check(
            "{ x: a y: b z: c }",
            tight.clone(),
            Err("the query has 3 aliases; at most 2 are allowed"),
        );
        check(
            "{ a a a a a a }",
            tight.clone(),
            Err("the query has 6 field selections; at most 5 are allowed"),
        );
        check(
            "{ a { b { c { d } } } }",
            tight.clone(),
            Err("the query has 4 levels of nested brackets; at most 3 are allowed"),
        );
        check(
            "{ a @skip(if: true) @include(if: true) }",
            tight.clone(),
            Err("the query has 2 directives on one field; at most 1 are allowed"),
        );
        check(
            "{ ...A } fragment A on Q { ...B } fragment B on Q { ...C } fragment C on Q { a }",
            tight.clone(),
            Err("the query has 3 fragments in a chain; at most 2 are allowed"),
        );
        check(
            &"{ a }".repeat(20),
            tight.clone(),
            Err("the query has more than 40 tokens"),
        );
    }

    #[test]
    fn strings_and_comments_hide_brackets() {
        let tight = Limits {
            max_nesting: 2,
            ..Limits::DEFAULT
        };
        check("# {{{{{{\n{ a(x: \"{{{{{{\") }", tight.clone(), Ok(()));
        check("{ a(x: \"\"\"{{{{ \\\"\"\" }}}}\"\"\") }", tight, Ok(()));
    }

    #[test]
    fn fragment_cycles_end_the_chain() {
        check(
            "{ ...A } fragment A on Q { ...B } fragment B on Q { ...A }",
            Limits::DEFAULT,
            Ok(()),
        );
    }
}
