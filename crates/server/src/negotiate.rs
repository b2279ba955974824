//! Media types of the GraphQL-over-HTTP spec: which response type an `Accept` header asks for,
//! and whether a request's `Content-Type` is one the server reads; and [`preferred`], the same
//! `Accept` rules for the linked-data routes' offers.
//!
//! Only `application/json` bodies are read: `text/plain` and the form encodings are what a
//! browser may send cross-site without a preflight, so accepting them would open the API to
//! cross-site request forgery.

/// The two response media types the server produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseType {
    /// `application/graphql-response+json`: status codes tell request errors from results.
    GraphQlResponse,
    /// `application/json`: the legacy type; every well-formed GraphQL response is `200`.
    Json,
}

impl ResponseType {
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseType::GraphQlResponse => "application/graphql-response+json; charset=utf-8",
            ResponseType::Json => "application/json; charset=utf-8",
        }
    }
}

/// One entry of an `Accept` header.
struct MediaRange<'a> {
    essence: String,
    q: f32,
    params: Vec<(&'a str, &'a str)>,
}

fn media_ranges(header: &str) -> impl Iterator<Item = MediaRange<'_>> {
    header.split(',').filter_map(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let essence = pieces
            .next()
            .filter(|e| !e.is_empty())?
            .to_ascii_lowercase();
        let mut q = 1.0;
        let mut params = Vec::new();
        for param in pieces {
            let (key, value) = param.split_once('=')?;
            let value = value.trim().trim_matches('"');
            if key.trim().eq_ignore_ascii_case("q") {
                q = value.parse().ok()?;
            } else {
                params.push((key.trim(), value));
            }
        }
        Some(MediaRange { essence, q, params })
    })
}

/// Whether a range's parameters allow a UTF-8 JSON body.
fn utf8_only(params: &[(&str, &str)]) -> bool {
    params.iter().all(|(key, value)| {
        !key.eq_ignore_ascii_case("charset") || value.eq_ignore_ascii_case("utf-8")
    })
}

/// The response type for an `Accept` header: none (or `*/*`) means `application/json`, as for
/// clients written before the new type; `None` when nothing acceptable can be produced (406).
pub fn response_type(accept: Option<&str>) -> Option<ResponseType> {
    // The usual headers, answered without parsing (each parses to the same answer).
    match accept {
        Some("application/json" | "*/*") => return Some(ResponseType::Json),
        Some("application/graphql-response+json") => return Some(ResponseType::GraphQlResponse),
        _ => {}
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(ResponseType::Json);
    };
    // Best quality per type, exact matches before wildcards; ties prefer the new type.
    let mut best: Option<(f32, u8, ResponseType)> = None;
    for range in media_ranges(accept) {
        if range.q <= 0.0 || !utf8_only(&range.params) {
            continue;
        }
        let candidates: &[(ResponseType, u8)] = match range.essence.as_str() {
            "application/graphql-response+json" => &[(ResponseType::GraphQlResponse, 2)],
            "application/json" => &[(ResponseType::Json, 2)],
            "application/*" | "*/*" => &[(ResponseType::Json, 1)],
            _ => &[],
        };
        for &(kind, specificity) in candidates {
            let preference = u8::from(kind == ResponseType::GraphQlResponse);
            let key = (range.q, specificity * 2 + preference, kind);
            if best.is_none_or(|(q, s, _)| (key.0, key.1) > (q, s)) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, _, kind)| kind)
}

/// The offer an `Accept` header prefers, for routes other than `/graphql`: each offer takes the
/// quality of the most specific range that matches it (`text/turtle`, then `text/*`, then
/// `*/*`); the highest quality wins, ties go to the earlier offer, and no or an empty header
/// takes the first. `None` when the header refuses every offer (406).
pub fn preferred<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offers.first().map(|(_, offer)| *offer);
    };
    let ranges: Vec<MediaRange<'_>> = media_ranges(accept).collect();
    let mut best: Option<(f32, T)> = None;
    for (media_type, offer) in offers {
        let main_type = media_type.split('/').next().unwrap_or_default();
        let quality = ranges
            .iter()
            .filter_map(|range| {
                let specificity = if range.essence == *media_type {
                    3
                } else if range.essence.strip_suffix("/*") == Some(main_type) {
                    2
                } else if range.essence == "*/*" {
                    1
                } else {
                    return None;
                };
                Some((specificity, range.q))
            })
            .max_by_key(|(specificity, _)| *specificity)
            .map(|(_, q)| q);
        if let Some(q) = quality.filter(|q| *q > 0.0) {
            if best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, *offer));
            }
        }
    }
    best.map(|(_, offer)| offer)
}

/// Whether a `Content-Type` is a JSON body the server reads.
pub fn is_json_body(content_type: Option<&str>) -> bool {
    if content_type == Some("application/json") {
        return true; // the usual header, without parsing
    }
    content_type
        .and_then(|header| media_ranges(header).next())
        .is_some_and(|range| range.essence == "application/json" && utf8_only(&range.params))
}

#[cfg(test)]
mod tests {
    use super::ResponseType::{GraphQlResponse, Json};
    use super::*;

    #[test]
    fn accept_headers() {
        let cases = [
            (None, Some(Json)),
            (Some(""), Some(Json)),
            (Some("*/*"), Some(Json)),
            (Some("application/json"), Some(Json)),
            (
                Some("application/graphql-response+json"),
                Some(GraphQlResponse),
            ),
            (
                Some("application/json, application/graphql-response+json"),
                Some(GraphQlResponse),
            ),
            (
                Some("application/graphql-response+json;q=0.5, application/json"),
                Some(Json),
            ),
            (
                Some("application/graphql-response+json, */*;q=0.1"),
                Some(GraphQlResponse),
            ),
            (Some("application/json; charset=utf-8"), Some(Json)),
            (Some("application/json; charset=iso-8859-1"), None),
            (Some("text/html"), None),
            (Some("application/json;q=0"), None),
            (Some("text/html, application/*;q=0.2"), Some(Json)),
        ];
        for (accept, expected) in cases {
            assert_eq!(response_type(accept), expected, "{accept:?}");
        }
    }

    #[test]
    fn preferred_offers() {
        let offers = [
            ("text/turtle", 't'),
            ("application/ld+json", 'j'),
            ("text/html", 'h'),
        ];
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        let cases = [
            (None, Some('t')),
            (Some(""), Some('t')),
            (Some("*/*"), Some('t')),
            (Some("text/turtle"), Some('t')),
            (Some("application/ld+json"), Some('j')),
            (Some(browser), Some('h')),
            (Some("text/*"), Some('t')),
            (Some("text/*, text/turtle;q=0"), Some('h')),
            (
                Some("application/ld+json;q=0.5, text/turtle;q=0.4"),
                Some('j'),
            ),
            (Some("image/png"), None),
            (Some("text/turtle;q=0"), None),
        ];
        for (accept, expected) in cases {
            assert_eq!(preferred(accept, &offers), expected, "{accept:?}");
        }
    }

    #[test]
    fn content_types() {
        assert!(is_json_body(Some("application/json")));
        assert!(is_json_body(Some("Application/JSON; charset=UTF-8")));
        for refused in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            Some("application/json; charset=latin1"),
            Some("application/graphql"),
        ] {
            assert!(!is_json_body(refused), "{refused:?}");
        }
    }
}
