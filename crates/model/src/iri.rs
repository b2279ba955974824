//! Stable IRIs for the graph's entities, statements and sources, under one configurable base.
//!
//! `{base}entity/{slug}`, `{base}statement/{id}` and `{base}source/{id}`: slugs and ids are the
//! seed's stable ids, so an IRI names the same thing in every export, release and replica as
//! long as the base is the same. The base does not follow the request's `Host`: an IRI must not
//! change with how a client reached the server. A public deployment sets `--base-iri` to its
//! public URL; without it the server takes [`BaseIri::for_address`] of the address it bound,
//! so IRIs dereference on a local server out of the box.

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;

/// The absolute `http(s)` IRI every IRI of the graph starts with; it always ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseIri(String);

impl BaseIri {
    /// The base when none is configured and no server address is known (`bpgraph export`,
    /// a server built in-process): the server's default address.
    pub const DEFAULT: &'static str = "http://127.0.0.1:8080/";

    /// `http://{address}/`: the base under which a server bound to `address` answers its own
    /// IRIs (`[::1]:8080` is written as an IPv6 host should be). For an unspecified address
    /// (`0.0.0.0`, `[::]`) the IRIs are valid but reach no particular host: see
    /// [`BaseIri::is_unspecified`].
    pub fn for_address(address: SocketAddr) -> BaseIri {
        BaseIri(format!("http://{address}/"))
    }

    /// Whether the base names an unspecified address (`0.0.0.0` or `[::]`), so its IRIs
    /// dereference nowhere outside the host: a deployment should set a public base.
    pub fn is_unspecified(&self) -> bool {
        let host = self
            .0
            .split_once("://")
            .and_then(|(_, rest)| rest.split('/').next())
            .unwrap_or_default();
        host.parse::<SocketAddr>()
            .is_ok_and(|address| address.ip().is_unspecified())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IRI of the entity with this slug.
    pub fn entity(&self, slug: &str) -> String {
        format!("{}entity/{slug}", self.0)
    }

    /// The IRI of the statement with this id.
    pub fn statement(&self, id: &str) -> String {
        format!("{}statement/{id}", self.0)
    }

    /// The IRI of the source document with this id.
    pub fn source(&self, id: &str) -> String {
        format!("{}source/{id}", self.0)
    }

    /// The namespace of the graph's own vocabulary (predicates, kinds, qualifiers).
    pub fn vocabulary(&self) -> String {
        format!("{}vocab#", self.0)
    }
}

impl Default for BaseIri {
    fn default() -> Self {
        BaseIri(Self::DEFAULT.to_owned())
    }
}

impl fmt::Display for BaseIri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BaseIri {
    type Err = String;

    /// Reads an absolute `http` or `https` IRI without query or fragment; a missing final `/`
    /// is added, so `https://example.org/bp` and `https://example.org/bp/` are the same base.
    fn from_str(text: &str) -> Result<Self, String> {
        let refuse = |why: &str| {
            Err(format!(
                "`{text}` cannot be the base IRI: {why} (write an absolute http or https IRI such as https://example.org/bp/)"
            ))
        };
        let text = text.trim();
        if !(text.starts_with("http://") || text.starts_with("https://")) {
            return refuse("it does not start with http:// or https://");
        }
        if text.contains(['?', '#']) {
            return refuse("it has a query or a fragment");
        }
        let mut base = text.to_owned();
        if !base.ends_with('/') {
            base.push('/');
        }
        if let Err(error) = oxrdf::NamedNode::new(base.as_str()) {
            return refuse(&format!("it is not a valid IRI ({error})"));
        }
        Ok(BaseIri(base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_the_base_then_the_kind_then_the_stable_id() {
        let base: BaseIri = "https://example.org/bp".parse().unwrap();
        assert_eq!(base.as_str(), "https://example.org/bp/");
        assert_eq!(
            base.entity("turkiye"),
            "https://example.org/bp/entity/turkiye"
        );
        assert_eq!(
            base.statement("rr-cochair-iraq"),
            "https://example.org/bp/statement/rr-cochair-iraq"
        );
        assert_eq!(
            base.source("som37-summary"),
            "https://example.org/bp/source/som37-summary"
        );
        assert_eq!(base.vocabulary(), "https://example.org/bp/vocab#");
        assert_eq!(BaseIri::default().as_str(), BaseIri::DEFAULT);
    }

    #[test]
    fn a_bound_address_gives_a_base_that_dereferences_there() {
        let local = BaseIri::for_address("127.0.0.1:18080".parse().unwrap());
        assert_eq!(local.as_str(), "http://127.0.0.1:18080/");
        assert_eq!(local.as_str().parse::<BaseIri>().unwrap(), local);
        assert!(!local.is_unspecified());
        let v6 = BaseIri::for_address("[::1]:80".parse().unwrap());
        assert_eq!(v6.as_str(), "http://[::1]:80/");
        assert_eq!(v6.as_str().parse::<BaseIri>().unwrap(), v6);
        for any in ["0.0.0.0:8080", "[::]:8080"] {
            assert!(
                BaseIri::for_address(any.parse().unwrap()).is_unspecified(),
                "{any}"
            );
        }
        assert!(!"https://example.org/bp/"
            .parse::<BaseIri>()
            .unwrap()
            .is_unspecified());
    }

    #[test]
    fn a_base_that_cannot_prefix_iris_is_refused_with_the_reason() {
        for (text, reason) in [
            ("example.org/bp/", "does not start with http"),
            ("ftp://example.org/", "does not start with http"),
            ("https://example.org/bp?x=1", "query or a fragment"),
            ("https://example.org/bp#", "query or a fragment"),
            ("https://exa mple.org/", "not a valid IRI"),
        ] {
            let error = text.parse::<BaseIri>().unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }
}
