//! Which answers are compressed: the one rule both the compressor and the edge's `Vary` follow.

use axum::body::HttpBody;
use axum::http::{header, Response};
use tower_http::compression::predicate::{Predicate, SizeAbove};

/// tower-http's default rule (`DefaultPredicate`): answers of 32 bytes or more, but not gRPC
/// (but gRPC-Web), not images (but SVG) and not server-sent events. Written out here so
/// that the content type is read once: tower-http's rule looks it up five times, a tenth of the
/// edge's work for a cached answer (callgrind, BENCHMARKS.md). The test below holds the two
/// rules to the same verdicts; the size check is tower-http's own.
#[derive(Clone, Copy, Debug, Default)]
pub struct Compressible;

impl Predicate for Compressible {
    fn should_compress<B: HttpBody>(&self, response: &Response<B>) -> bool {
        if !SizeAbove::default().should_compress(response) {
            return false;
        }
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let excluded = |prefix: &str, except: &str| {
            content_type.starts_with(prefix) && !content_type.starts_with(except)
        };
        !excluded("application/grpc", "application/grpc-web")
            && !excluded("image/", "image/svg+xml")
            && !content_type.starts_with("text/event-stream")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::HeaderValue;
    use tower_http::compression::predicate::DefaultPredicate;

    #[test]
    fn gives_tower_https_default_verdict_for_every_type_and_size() {
        let types: [Option<&[u8]>; 16] = [
            None,
            Some(b""),
            Some(b"application/json"),
            Some(b"application/graphql-response+json"),
            Some(b"text/html; charset=utf-8"),
            Some(b"text/turtle"),
            Some(b"application/grpc"),
            Some(b"application/grpc+proto"),
            Some(b"application/grpc-web"),
            Some(b"application/grpc-web+proto"),
            Some(b"image/png"),
            Some(b"image/svg+xml"),
            Some(b"image/svg+xml; charset=utf-8"),
            Some(b"text/event-stream"),
            Some(b"text/event-streaming"),
            Some(b"text/\xffplain"),
        ];
        for content_type in types {
            for size in [0, 31, 32, 33, 4096] {
                let mut response = Response::new(Body::from(vec![b'x'; size]));
                if let Some(value) = content_type {
                    let value = HeaderValue::from_bytes(value).unwrap();
                    response.headers_mut().insert(header::CONTENT_TYPE, value);
                }
                assert_eq!(
                    Compressible.should_compress(&response),
                    DefaultPredicate::new().should_compress(&response),
                    "{content_type:?}, {size} bytes"
                );
            }
        }
        // A body of unknown length is compressed by both (unless its type rules it out).
        let stream =
            Body::from_stream(futures_util::stream::empty::<Result<Vec<u8>, std::io::Error>>());
        let unknown = Response::new(stream);
        assert!(Compressible.should_compress(&unknown));
        assert!(DefaultPredicate::new().should_compress(&unknown));
    }
}
