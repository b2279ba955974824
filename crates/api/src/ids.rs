//! Opaque Relay global ids (`Node.id`) and pagination cursors.
//!
//! A global id is base64url of `Entity:<slug>`, `Statement:<id>` or `Claim:<id>` (a claim is
//! named by its first attestation in the seed): stable across data versions as long as the
//! slug or statement id is, and opaque to clients.

use super::errors::bad_input;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// What a global id points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalId {
    Entity(String),
    Statement(String),
    /// A claim, by the id of its first attestation in the seed.
    Claim(String),
}

const ENTITY: &str = "Entity:";
const STATEMENT: &str = "Statement:";
const CLAIM: &str = "Claim:";
const CURSOR: &str = "cursor:";

impl GlobalId {
    pub fn encode(&self) -> String {
        let plain = match self {
            GlobalId::Entity(slug) => format!("{ENTITY}{slug}"),
            GlobalId::Statement(id) => format!("{STATEMENT}{id}"),
            GlobalId::Claim(id) => format!("{CLAIM}{id}"),
        };
        URL_SAFE_NO_PAD.encode(plain)
    }

    /// Decodes a global id, or says why it is not one.
    pub fn decode(id: &str) -> async_graphql::Result<GlobalId> {
        let plain = URL_SAFE_NO_PAD
            .decode(id)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match plain {
            Some(p) if p.starts_with(ENTITY) => Ok(GlobalId::Entity(p[ENTITY.len()..].to_owned())),
            Some(p) if p.starts_with(STATEMENT) => {
                Ok(GlobalId::Statement(p[STATEMENT.len()..].to_owned()))
            }
            Some(p) if p.starts_with(CLAIM) => Ok(GlobalId::Claim(p[CLAIM.len()..].to_owned())),
            _ => Err(bad_input(format!("`{id}` is not a node id"))),
        }
    }
}

pub fn entity_id(slug: &str) -> String {
    GlobalId::Entity(slug.to_owned()).encode()
}

pub fn statement_id(id: &str) -> String {
    GlobalId::Statement(id.to_owned()).encode()
}

pub fn claim_id(id: &str) -> String {
    GlobalId::Claim(id.to_owned()).encode()
}

/// The cursor of the item at `offset` in a list.
pub fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR}{offset}"))
}

/// The offset a cursor stands for, or a BAD_USER_INPUT error.
pub fn decode_cursor(cursor: &str) -> async_graphql::Result<usize> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|plain| plain.strip_prefix(CURSOR)?.parse().ok())
        .ok_or_else(|| bad_input(format!("`{cursor}` is not a cursor of this list")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for id in [
            GlobalId::Entity("turkiye".into()),
            GlobalId::Statement("a/b".into()),
            GlobalId::Claim("a/b".into()),
        ] {
            assert_eq!(GlobalId::decode(&id.encode()).unwrap(), id);
        }
        assert!(GlobalId::decode("not an id").is_err());
        assert_eq!(decode_cursor(&encode_cursor(42)).unwrap(), 42);
        assert!(decode_cursor("bogus").is_err());
        assert!(decode_cursor(&entity_id("x")).is_err());
    }
}
