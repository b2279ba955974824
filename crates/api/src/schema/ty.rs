//! A field's or argument's type, as GraphQL writes it (`[Statement!]!`).

use std::fmt;

/// A GraphQL type reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Named(&'static str),
    List(Box<Ty>),
    NonNull(Box<Ty>),
}

impl Ty {
    /// Parses `text` (`Int`, `String!`, `[Entity!]!`); the definitions are code, so a
    /// malformed type is a bug that fails every test.
    pub fn parse(text: &str) -> Ty {
        let text = text.trim();
        if let Some(inner) = text.strip_suffix('!') {
            return Ty::NonNull(Box::new(Ty::parse(inner)));
        }
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            return Ty::List(Box::new(Ty::parse(inner)));
        }
        assert!(
            !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "not a GraphQL type: {text:?}"
        );
        // Type names are few and live as long as the program: leaking each once is how they
        // become `&'static str` without a second list of them.
        Ty::Named(intern(text))
    }

    /// The named type at the bottom (`Statement` for `[Statement!]!`).
    pub fn name(&self) -> &'static str {
        match self {
            Ty::Named(name) => name,
            Ty::List(inner) | Ty::NonNull(inner) => inner.name(),
        }
    }

    pub fn is_non_null(&self) -> bool {
        matches!(self, Ty::NonNull(_))
    }

    /// The type without its outer `!`.
    pub fn nullable(&self) -> &Ty {
        match self {
            Ty::NonNull(inner) => inner,
            other => other,
        }
    }

    /// The item type of a list type (`None` for another type).
    pub fn item(&self) -> Option<&Ty> {
        match self.nullable() {
            Ty::List(item) => Some(item),
            _ => None,
        }
    }

    /// As async-graphql's dynamic schema names it.
    pub fn to_type_ref(&self) -> async_graphql::dynamic::TypeRef {
        use async_graphql::dynamic::TypeRef;
        match self {
            Ty::Named(name) => TypeRef::Named((*name).into()),
            Ty::List(inner) => TypeRef::List(Box::new(inner.to_type_ref())),
            Ty::NonNull(inner) => TypeRef::NonNull(Box::new(inner.to_type_ref())),
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Named(name) => f.write_str(name),
            Ty::List(inner) => write!(f, "[{inner}]"),
            Ty::NonNull(inner) => write!(f, "{inner}!"),
        }
    }
}

fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES.lock().unwrap_or_else(|p| p.into_inner());
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(known) = names.get(name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_parse_and_print_back() {
        for text in ["Int", "String!", "[Entity!]!", "[Node]!", "[[Int]]"] {
            assert_eq!(Ty::parse(text).to_string(), text);
        }
        assert_eq!(Ty::parse("[Statement!]!").name(), "Statement");
        assert!(Ty::parse("[Node]!")
            .item()
            .is_some_and(|t| !t.is_non_null()));
    }
}
