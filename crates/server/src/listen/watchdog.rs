//! What bounds an open connection: the header timeout, checked by one sweeping task for all
//! connections, and the signal to finish at shutdown.
//!
//! hyper's own `header_read_timeout` arms a tokio timer for every request: a boxed sleep
//! allocated, registered in the timer wheel and cancelled each time, about 1,100 instructions
//! of a cached answer's 26,500 (callgrind, BENCHMARKS.md). Here a request costs two counter
//! steps on its connection's [`Activity`]; every quarter of the timeout one task looks at every
//! connection and closes those that made no progress for the whole timeout: no request's head
//! read and none being answered, no byte of an answer taken. So a connection is closed between
//! one and one and a quarter timeouts after it fell silent, whether it never finished a head,
//! sat idle between requests, or stopped reading its answer (`counted.rs` does the counting).
//!
//! The same registry tells every connection to finish at shutdown: each registers its task's
//! waker (an atomic compare when it has not changed), where a `watch` receiver polled beside
//! the connection took a lock on every wake.

use futures_util::task::AtomicWaker;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Context;
use std::time::Duration;
use tokio::sync::Notify;

/// Quarters of the timeout: a connection is closed after this many sweeps saw it silent.
const SILENT_SWEEPS: u32 = 4;

/// What a connection has done, as the sweeps see it: one count, stepped by one when a request's
/// answer begins and by one when it is ready (so it is odd while a request is answered), and by
/// two when a write takes bytes of an answer.
#[derive(Default)]
pub struct Activity(AtomicU64);

impl Activity {
    pub fn answer_begun(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn answer_ready(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn bytes_written(&self) {
        self.0.fetch_add(2, Ordering::Relaxed);
    }

    fn now(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// Whether a request is being answered at `count`.
    fn answering(count: u64) -> bool {
        count % 2 == 1
    }
}

/// Why a connection must stop.
#[derive(Clone, Copy, PartialEq, Debug)]
#[repr(u8)]
pub enum Stop {
    Not = 0,
    /// Silent for the whole timeout: closed at once.
    Silent = 1,
    /// Shutdown: the request in flight is answered, then the connection closes.
    Finish = 2,
}

/// One connection as the registry holds it.
pub struct Watched {
    pub activity: Activity,
    stop: AtomicU8,
    waker: AtomicWaker,
}

impl Watched {
    fn tell(&self, stop: Stop) {
        self.stop.store(stop as u8, Ordering::Release);
        self.waker.wake();
    }

    /// Why the connection polled with `cx` must stop, if it must; from then on its task is
    /// woken when that changes.
    pub fn stop(&self, cx: &Context<'_>) -> Stop {
        // Registered before the flag is read: a flag set after the read wakes this waker.
        self.waker.register(cx.waker());
        match self.stop.load(Ordering::Acquire) {
            1 => Stop::Silent,
            2 => Stop::Finish,
            _ => Stop::Not,
        }
    }
}

/// Every open connection, with what the last sweep saw of it.
#[derive(Default)]
pub struct Registry {
    entries: Mutex<Entries>,
    finishing: AtomicBool,
    /// Told whenever the last connection is removed.
    emptied: Notify,
}

#[derive(Default)]
struct Entries {
    next_key: u64,
    by_key: HashMap<u64, Entry>,
}

struct Entry {
    watched: Arc<Watched>,
    seen: u64,
    silent_sweeps: u32,
}

impl Registry {
    /// A new connection, and the key to [`Registry::remove`] it by when it closes. One that
    /// opens after shutdown has begun is told to finish at once.
    pub fn add(&self) -> (u64, Arc<Watched>) {
        let watched = Arc::new(Watched {
            activity: Activity::default(),
            stop: AtomicU8::new(Stop::Not as u8),
            waker: AtomicWaker::new(),
        });
        let mut entries = self
            .entries
            .lock()
            .expect("the registry's lock is never poisoned");
        let key = entries.next_key;
        entries.next_key += 1;
        let entry = Entry {
            watched: watched.clone(),
            seen: watched.activity.now(),
            silent_sweeps: 0,
        };
        entries.by_key.insert(key, entry);
        if self.finishing.load(Ordering::Acquire) {
            watched.tell(Stop::Finish);
        }
        (key, watched)
    }

    pub fn remove(&self, key: u64) {
        let mut entries = self
            .entries
            .lock()
            .expect("the registry's lock is never poisoned");
        entries.by_key.remove(&key);
        if entries.by_key.is_empty() {
            self.emptied.notify_waiters();
        }
    }

    /// Completes once no connection is open.
    pub async fn all_removed(&self) {
        loop {
            let emptied = self.emptied.notified();
            let mut emptied = std::pin::pin!(emptied);
            // Waiting before looking: a removal after the look wakes it.
            emptied.as_mut().enable();
            if self.len() == 0 {
                return;
            }
            emptied.await;
        }
    }

    pub fn len(&self) -> usize {
        let entries = self
            .entries
            .lock()
            .expect("the registry's lock is never poisoned");
        entries.by_key.len()
    }

    /// Tells every connection to finish its request in flight and close.
    pub fn finish_all(&self) {
        self.finishing.store(true, Ordering::Release);
        let entries = self
            .entries
            .lock()
            .expect("the registry's lock is never poisoned");
        for entry in entries.by_key.values() {
            entry.watched.tell(Stop::Finish);
        }
    }

    /// One look at every connection: those silent for [`SILENT_SWEEPS`] looks in a row are
    /// closed.
    fn sweep(&self) {
        let mut entries = self
            .entries
            .lock()
            .expect("the registry's lock is never poisoned");
        for entry in entries.by_key.values_mut() {
            let now = entry.watched.activity.now();
            if now != entry.seen || Activity::answering(now) {
                entry.seen = now;
                entry.silent_sweeps = 0;
                continue;
            }
            entry.silent_sweeps += 1;
            if entry.silent_sweeps == SILENT_SWEEPS {
                entry.watched.tell(Stop::Silent);
            }
        }
    }

    /// Sweeps every quarter of `timeout`, for as long as the runtime runs.
    pub async fn sweep_every_quarter_of(self: Arc<Self>, timeout: Duration) {
        let quarter = (timeout / SILENT_SWEEPS).max(Duration::from_millis(1));
        let mut ticks = tokio::time::interval(quarter);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            self.sweep();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    fn stop_of(watched: &Watched) -> Stop {
        watched.stop(&Context::from_waker(Waker::noop()))
    }

    fn sweeps(registry: &Registry, times: u32) {
        for _ in 0..times {
            registry.sweep();
        }
    }

    #[test]
    fn a_connection_is_closed_after_four_silent_sweeps_not_before() {
        let registry = Registry::default();
        let (_, watched) = registry.add();
        sweeps(&registry, SILENT_SWEEPS - 1);
        assert_eq!(stop_of(&watched), Stop::Not);
        registry.sweep();
        assert_eq!(stop_of(&watched), Stop::Silent);
    }

    #[test]
    fn a_request_read_an_answer_being_worked_out_or_taken_is_progress() {
        let registry = Registry::default();
        let (_, watched) = registry.add();
        sweeps(&registry, SILENT_SWEEPS - 1);
        watched.activity.answer_begun();
        // However long the answer takes.
        sweeps(&registry, 10 * SILENT_SWEEPS);
        assert_eq!(stop_of(&watched), Stop::Not);
        watched.activity.answer_ready();
        for _ in 0..10 {
            sweeps(&registry, SILENT_SWEEPS - 1);
            // A slow client takes a little of the answer each time.
            watched.activity.bytes_written();
        }
        assert_eq!(stop_of(&watched), Stop::Not);
        sweeps(&registry, SILENT_SWEEPS + 1);
        assert_eq!(stop_of(&watched), Stop::Silent);
    }

    #[test]
    fn shutdown_tells_every_connection_and_any_that_opens_after_it() {
        let registry = Registry::default();
        let (first_key, first) = registry.add();
        let (_, second) = registry.add();
        registry.remove(first_key);
        assert_eq!(registry.len(), 1);
        registry.finish_all();
        assert_eq!(stop_of(&second), Stop::Finish);
        assert_eq!(
            stop_of(&first),
            Stop::Not,
            "a connection removed is not told"
        );
        let (_, late) = registry.add();
        assert_eq!(stop_of(&late), Stop::Finish);
    }

    #[tokio::test]
    async fn waiting_for_every_connection_ends_when_the_last_is_removed() {
        let registry = Arc::new(Registry::default());
        registry.all_removed().await;
        let (first, _) = registry.add();
        let (second, _) = registry.add();
        let waiting = tokio::spawn({
            let registry = registry.clone();
            async move { registry.all_removed().await }
        });
        registry.remove(first);
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "one connection is still open");
        registry.remove(second);
        tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .expect("the wait ends")
            .unwrap();
    }
}
