//! The access log: one line per answered request (its id, method, path, status and latency),
//! formatted by the edge and handed to a writer that writes it off the request path.
//!
//! Not a `tracing` span and event per request: through tracing-subscriber's `fmt` layer those
//! cost about a fifth of a cached answer's CPU time (a span registered, entered and left on
//! every poll and its fields formatted; the event's time and fields formatted through
//! `fmt::Write`; perf, BENCHMARKS.md). The line is written here in the layer's own formats
//! (its text format, or its JSON with `--log-json`, field for field), so readers of the log
//! see no difference, and `RUST_LOG` still decides whether it is written (target
//! [`TARGET`], level `info`). Events logged while a request runs carry its id through
//! `edge::request_span`.

use axum::http::{HeaderValue, Method, StatusCode};
use std::cell::RefCell;
use std::fmt;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The target access lines are filtered under (`RUST_LOG=bpgraph_server::edge=warn` turns them
/// off): the edge's module, where they were events before.
pub const TARGET: &str = "bpgraph_server::edge";

/// Where finished lines go. The binary passes its log writer (`cli/log_writer.rs`), the one
/// every other log line goes through, so lines stay in order in one stream.
pub trait LineWriter: Send + Sync + 'static {
    /// Takes one whole line, its newline included. Must not block.
    fn write_line(&self, line: &[u8]);
}

/// The two formats of the binary's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// tracing-subscriber's default text format, without colours.
    Text,
    /// tracing-subscriber's JSON format with the current span and the span list.
    Json,
}

/// A server's access log: lines to a writer, or none. An in-process server (tests, the
/// in-process bench) has none unless it sets one.
#[derive(Clone, Default)]
pub struct AccessLog {
    out: Option<(Arc<dyn LineWriter>, LogFormat)>,
}

impl fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = self.out.as_ref().map(|(_, format)| format);
        f.debug_struct("AccessLog")
            .field("format", &format)
            .finish()
    }
}

/// What one access line says.
pub struct Answered<'a> {
    pub id: &'a HeaderValue,
    pub method: &'a Method,
    pub path: &'a str,
    pub status: StatusCode,
    pub latency_us: u64,
}

/// A worker thread's line being formatted (reused: the writer copies it), and its clock text.
struct Scratch {
    line: Vec<u8>,
    stamps: Timestamps,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        line: Vec::with_capacity(320),
        stamps: Timestamps::default(),
    });
}

/// Times as the fmt layer writes them, RFC 3339 with microseconds
/// (`2026-12-01T12:00:00.000123Z`). The text up to the second changes once a second, so it is
/// formatted (by humantime) only then: through `fmt` it cost more than the rest of the line.
/// The microseconds are written digit by digit.
#[derive(Default)]
struct Timestamps {
    /// The whole seconds since the epoch that `text` shows.
    second: Option<u64>,
    text: [u8; Timestamps::LEN],
}

impl Timestamps {
    /// The text's length for the years 1970 to 9999.
    const LEN: usize = 27;

    fn format(&mut self, now: SystemTime) -> &[u8] {
        // A clock before 1970 is shown as 1970 (humantime would panic).
        let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
        let second = since.as_secs();
        if self.second != Some(second) {
            let whole = UNIX_EPOCH + Duration::from_secs(second);
            let mut text = Vec::with_capacity(Self::LEN);
            let _ = write!(text, "{}", humantime::format_rfc3339_micros(whole));
            self.text.copy_from_slice(&text);
            self.second = Some(second);
        }
        let mut micros = since.subsec_micros();
        for digit in self.text[20..26].iter_mut().rev() {
            *digit = b'0' + (micros % 10) as u8;
            micros /= 10;
        }
        &self.text
    }
}

impl AccessLog {
    pub fn new(writer: Arc<dyn LineWriter>, format: LogFormat) -> AccessLog {
        AccessLog {
            out: Some((writer, format)),
        }
    }

    /// Whether lines are written: there is a writer, and `RUST_LOG` enables `info` for
    /// [`TARGET`]. The edge asks once, when it is built.
    pub fn is_on(&self) -> bool {
        self.out.is_some() && tracing::enabled!(target: TARGET, tracing::Level::INFO)
    }

    /// Writes the line for one answer, if lines are written.
    pub fn write(&self, answered: &Answered<'_>) {
        let Some((writer, format)) = &self.out else {
            return;
        };
        SCRATCH.with_borrow_mut(|Scratch { line, stamps }| {
            line.clear();
            let now = stamps.format(SystemTime::now());
            match format {
                LogFormat::Text => answered.write_text(line, now),
                LogFormat::Json => answered.write_json(line, now),
            }
            writer.write_line(line);
        });
    }
}

impl Answered<'_> {
    /// `2026-12-01T19:12:13.931336Z  INFO request{id=… method=POST path=/graphql}:
    /// bpgraph_server::edge: answered status=200 latency_us=12` (one line).
    fn write_text(&self, line: &mut Vec<u8>, now: &[u8]) {
        line.extend_from_slice(now);
        line.extend_from_slice(b"  INFO request{id=");
        line.extend_from_slice(self.id.as_bytes());
        line.extend_from_slice(b" method=");
        line.extend_from_slice(self.method.as_str().as_bytes());
        line.extend_from_slice(b" path=");
        line.extend_from_slice(self.path.as_bytes());
        line.extend_from_slice(b"}: ");
        line.extend_from_slice(TARGET.as_bytes());
        line.extend_from_slice(b": answered status=");
        self.write_numbers(line, b" latency_us=");
        line.push(b'\n');
    }

    /// tracing-subscriber's JSON line: `timestamp`, `level`, `fields` (`message`, `status`,
    /// `latency_us`), `target`, the current `span` and the `spans` list (the request's alone).
    fn write_json(&self, line: &mut Vec<u8>, now: &[u8]) {
        line.extend_from_slice(br#"{"timestamp":""#);
        line.extend_from_slice(now);
        line.extend_from_slice(br#"","level":"INFO","fields":{"message":"answered","status":"#);
        self.write_numbers(line, br#","latency_us":"#);
        line.extend_from_slice(br#"},"target":""#);
        line.extend_from_slice(TARGET.as_bytes());
        line.extend_from_slice(br#"","span":"#);
        self.write_json_span(line);
        line.extend_from_slice(br#","spans":["#);
        self.write_json_span(line);
        line.extend_from_slice(b"]}\n");
    }

    fn write_json_span(&self, line: &mut Vec<u8>) {
        line.extend_from_slice(br#"{"id":"#);
        // The id is a safe token and the method a token, but the path is the client's: every
        // string goes through serde_json's escaping.
        let id = String::from_utf8_lossy(self.id.as_bytes());
        let _ = serde_json::to_writer(&mut *line, &*id);
        line.extend_from_slice(br#","method":"#);
        let _ = serde_json::to_writer(&mut *line, self.method.as_str());
        line.extend_from_slice(br#","path":"#);
        let _ = serde_json::to_writer(&mut *line, self.path);
        line.extend_from_slice(br#","name":"request"}"#);
    }

    /// The status, `between`, then the latency.
    fn write_numbers(&self, line: &mut Vec<u8>, between: &[u8]) {
        let mut digits = itoa::Buffer::new();
        line.extend_from_slice(digits.format(self.status.as_u16()).as_bytes());
        line.extend_from_slice(between);
        line.extend_from_slice(digits.format(self.latency_us).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn answered<'a>(id: &'a HeaderValue, path: &'a str) -> Answered<'a> {
        Answered {
            id,
            method: &Method::POST,
            path,
            status: StatusCode::OK,
            latency_us: 12,
        }
    }

    fn noon() -> SystemTime {
        UNIX_EPOCH + Duration::from_micros(1_796_126_400_000_123)
    }

    /// `noon()` as the fmt layer writes it.
    const NOON: &[u8] = b"2026-12-01T12:00:00.000123Z";

    #[test]
    fn timestamps_read_as_humantime_writes_them_within_and_across_seconds() {
        let mut stamps = Timestamps::default();
        let offsets_us = [
            0,
            1,
            999_876,
            999_999,
            1_000_000,
            1_000_007,
            61_500_000,
            86_400_000_001,
        ];
        for offset in offsets_us {
            let now = noon() + Duration::from_micros(offset);
            let expected = humantime::format_rfc3339_micros(now).to_string();
            assert_eq!(
                stamps.format(now),
                expected.as_bytes(),
                "{offset} µs after noon"
            );
        }
        // Back in time, to a second already shown once.
        assert_eq!(stamps.format(noon()), NOON);
        assert_eq!(
            Timestamps::default().format(UNIX_EPOCH - Duration::from_secs(1)),
            b"1970-01-01T00:00:00.000000Z"
        );
    }

    #[test]
    fn text_lines_read_like_the_fmt_layers() {
        let id = HeaderValue::from_static("req-1");
        let mut line = Vec::new();
        answered(&id, "/graphql").write_text(&mut line, NOON);
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "2026-12-01T12:00:00.000123Z  INFO request{id=req-1 method=POST path=/graphql}: \
             bpgraph_server::edge: answered status=200 latency_us=12\n"
        );
    }

    #[test]
    fn json_lines_carry_the_fmt_layers_fields_and_escape_the_path() {
        let id = HeaderValue::from_static("req-2");
        let mut line = Vec::new();
        answered(&id, "/entity/a\"b\\c").write_json(&mut line, NOON);
        assert_eq!(line.last(), Some(&b'\n'));
        let json: serde_json::Value = serde_json::from_slice(&line).unwrap();
        let span = serde_json::json!({
            "id": "req-2", "method": "POST", "path": "/entity/a\"b\\c", "name": "request"
        });
        assert_eq!(
            json,
            serde_json::json!({
                "timestamp": "2026-12-01T12:00:00.000123Z",
                "level": "INFO",
                "fields": { "message": "answered", "status": 200, "latency_us": 12 },
                "target": "bpgraph_server::edge",
                "span": span,
                "spans": [span],
            })
        );
    }

    /// A writer keeping its lines, for the test below.
    #[derive(Default)]
    struct Kept(Mutex<Vec<Vec<u8>>>);

    impl LineWriter for Kept {
        fn write_line(&self, line: &[u8]) {
            self.0.lock().unwrap().push(line.to_vec());
        }
    }

    #[test]
    fn each_write_hands_one_whole_line_to_the_writer() {
        let kept = Arc::new(Kept::default());
        let log = AccessLog::new(kept.clone(), LogFormat::Text);
        let id = HeaderValue::from_static("req-3");
        log.write(&answered(&id, "/health"));
        log.write(&answered(&id, "/ready"));
        let lines = kept.0.lock().unwrap();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with(b"answered status=200 latency_us=12\n"));
        assert!(String::from_utf8_lossy(&lines[1]).contains("path=/ready}"));
        assert!(AccessLog::default().out.is_none());
    }
}
