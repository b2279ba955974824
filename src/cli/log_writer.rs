//! The log's writer: every line (tracing's events and the edge's access lines) is appended to
//! one buffer under a lock, and a thread of its own writes what has gathered to stdout, in
//! one system call per batch. A line never waits for stdout: a slow or blocked stdout (a pipe,
//! a terminal, a log shipper) never holds up an answer. Past [`MAX_PENDING_LINES`] unwritten
//! lines, further lines are dropped, rather than slowing answers, and the count is reported
//! on stderr.
//!
//! Written here rather than taken from tracing-appender, whose non-blocking writer this
//! replaces with the same guarantees: it queued each line as a `Vec` of its own through a
//! channel, and the copy, the channel, the wake-ups of its thread and each line freed on that
//! other thread came to 3–5% of a cached answer's CPU time (perf, BENCHMARKS.md).

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// The most lines waiting to be written (tracing-appender's default, as before).
pub const MAX_PENDING_LINES: usize = 128_000;

/// The most a buffer keeps allocated after a batch: 1 MiB, some 6,000 access lines.
const MAX_KEPT_CAPACITY: usize = 1 << 20;

/// How long the writer lets lines gather after writing a batch: at most a hundred writes a
/// second however busy the server, each line at most this late (plus the write).
const GATHER: Duration = Duration::from_millis(10);

/// A handle to the log; clones share it. Takes whole lines: `tracing-subscriber` writes each
/// event with one `write_all`, and the edge each access line in one call.
#[derive(Clone)]
pub struct LogWriter(Arc<Shared>);

struct Shared {
    pending: Mutex<Pending>,
    /// Signalled when lines arrive while the writer waits, and on close.
    arrived: Condvar,
}

#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    lines: usize,
    dropped: u64,
    /// The writer is waiting for lines: the next line wakes it.
    waiting: bool,
    closed: bool,
}

/// Writes the lines still pending and stops the writer's thread when dropped.
pub struct Flush {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl LogWriter {
    /// The log, written to `out` by a thread of its own until the [`Flush`] is dropped.
    pub fn spawn(out: impl Write + Send + 'static) -> std::io::Result<(LogWriter, Flush)> {
        let shared = Arc::new(Shared {
            pending: Mutex::new(Pending::default()),
            arrived: Condvar::new(),
        });
        let writer = shared.clone();
        let thread = std::thread::Builder::new()
            .name("bpgraph-log".to_owned())
            .spawn(move || write_batches(&writer, out))?;
        let flush = Flush {
            shared: shared.clone(),
            thread: Some(thread),
        };
        Ok((LogWriter(shared), flush))
    }

    /// Queues one line (its newline included), or drops it if too many are waiting.
    pub fn append(&self, line: &[u8]) {
        let mut pending = self.0.lock();
        if pending.lines >= MAX_PENDING_LINES {
            pending.dropped += 1;
            return;
        }
        pending.bytes.extend_from_slice(line);
        pending.lines += 1;
        // Only a waiting writer is woken: a notification is a system call.
        let wake = std::mem::take(&mut pending.waiting);
        drop(pending);
        if wake {
            self.0.arrived.notify_one();
        }
    }
}

impl Shared {
    /// The pending lines, even if a thread panicked while holding them (they are bytes).
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The writer's loop: waits for lines, takes all that have gathered, writes them in one go.
fn write_batches(shared: &Shared, mut out: impl Write) {
    let mut batch = Vec::with_capacity(64 * 1024);
    loop {
        let (dropped, closed) = {
            let mut pending = shared.lock();
            while pending.bytes.is_empty() && !pending.closed {
                pending.waiting = true;
                pending = shared
                    .arrived
                    .wait(pending)
                    .unwrap_or_else(|e| e.into_inner());
            }
            std::mem::swap(&mut pending.bytes, &mut batch);
            pending.lines = 0;
            (std::mem::take(&mut pending.dropped), pending.closed)
        };
        // A failed write (stdout closed) loses these lines; there is nowhere else to put them.
        let _ = out.write_all(&batch).and_then(|()| out.flush());
        if dropped > 0 {
            eprintln!("bpgraph: {dropped} log lines dropped: stdout was too slow");
        }
        batch.clear();
        if batch.capacity() > MAX_KEPT_CAPACITY {
            // A burst's buffer is not kept for good (the two buffers take turns).
            batch = Vec::with_capacity(64 * 1024);
        }
        if closed {
            // Lines appended after the close are written too: `closed` is only read here.
            let rest = std::mem::take(&mut shared.lock().bytes);
            let _ = out.write_all(&rest).and_then(|()| out.flush());
            return;
        }
        std::thread::sleep(GATHER);
    }
}

impl Drop for Flush {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.arrived.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl bpgraph_server::LineWriter for LogWriter {
    fn write_line(&self, line: &[u8]) {
        self.append(line);
    }
}

/// What `tracing-subscriber` writes an event through.
pub struct EventWriter<'a>(&'a LogWriter);

impl Write for EventWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.append(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = EventWriter<'a>;

    fn make_writer(&'a self) -> EventWriter<'a> {
        EventWriter(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output keeping what it is given.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_from_every_thread_arrive_whole_and_all_by_the_flush() {
        let kept = Kept::default();
        let (log, flush) = LogWriter::spawn(kept.clone()).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let log = log.clone();
                std::thread::spawn(move || {
                    for line in 0..1000 {
                        log.append(format!("thread {thread} line {line}\n").as_bytes());
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        drop(flush);
        let text = String::from_utf8(kept.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4000);
        for thread in 0..4 {
            let own: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|line| line.starts_with(&format!("thread {thread} ")))
                .collect();
            let expected: Vec<String> = (0..1000)
                .map(|line| format!("thread {thread} line {line}"))
                .collect();
            assert_eq!(own, expected, "each thread's lines whole and in order");
        }
    }

    /// An output that never returns, as a blocked pipe.
    struct Blocked(std::sync::mpsc::Receiver<()>);

    impl Write for Blocked {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.recv();
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_blocked_output_never_blocks_a_line_and_drops_past_the_limit() {
        let (unblock, blocked) = std::sync::mpsc::channel();
        let (log, flush) = LogWriter::spawn(Blocked(blocked)).unwrap();
        log.append(b"first\n");
        // The writer takes the first line and blocks on it; then the queue fills.
        while log.0.lock().lines > 0 {
            std::thread::yield_now();
        }
        for _ in 0..MAX_PENDING_LINES + 10 {
            log.append(b"line\n");
        }
        {
            let pending = log.0.lock();
            assert_eq!(pending.lines, MAX_PENDING_LINES);
            assert_eq!(pending.dropped, 10);
        }
        drop(unblock);
        drop(flush);
    }

    #[test]
    fn events_go_through_the_same_buffer() {
        let kept = Kept::default();
        let (log, flush) = LogWriter::spawn(kept.clone()).unwrap();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(log.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || tracing::info!("an event"));
        bpgraph_server::LineWriter::write_line(&log, b"an access line\n");
        drop(flush);
        let text = String::from_utf8(kept.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].ends_with("an event"), "{text}");
        assert_eq!(lines[1], "an access line");
    }
}
