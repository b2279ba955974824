//! Admission: what a request must do before it may use one of the server's execution slots,
//! and how long it may wait for one.
//!
//! A request first arrives whole: its body is read without a slot, under the size limit, the
//! request's time limit and a minimum rate ([`Admission::min_body_rate`] after
//! [`Admission::body_grace_ms`]), so clients trickling bodies hold sockets, never the slots
//! ordinary queries need. Then, unless an answer is ready in the response cache (served
//! without a slot, like the probes), it waits for a slot ([`Slots::admit`]): at most
//! [`Admission::max_queue_ms`], behind at most [`Admission::max_queued`] others; past either
//! bound it is shed at once with `503 OVERLOADED` and `Retry-After`, so overload turns into
//! quick refusals rather than client time-outs.
//!
//! Admitted work runs on tokio's blocking pool ([`Slots::execute`]), not on the async workers:
//! executing a heavy query is synchronous CPU work that cannot yield, and on a two-core machine
//! two such queries on the workers would leave none for `/health`, `/ready`, `/metrics` and
//! cached answers. The slot count bounds the blocking threads in use; the workers only accept,
//! read, look up caches and write.
//!
//! Except light work: an operation whose plan is known to answer within
//! [`Admission::inline_us`] runs on the async worker that read it, without a slot
//! ([`Admission::runs_inline`]). Handing it to the pool and back would cost more than
//! running it (a thread wake-up each way, about 17 µs a request on this server), and work that
//! short keeps the worker no longer than writing a large cached answer does.
//!
//! Queue depth, wait time and shed requests are in `/metrics` ([`crate::Metrics`]).

use crate::metrics::{Metrics, ShedReason};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How requests are admitted (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Admission {
    /// Slowest a request body may arrive, in bytes per second averaged since the headers, once
    /// its grace period is over; a slower body is refused with 408 `BODY_TOO_SLOW` (0 switches
    /// the check off).
    #[arg(long, env = "BPGRAPH_MIN_BODY_RATE", default_value_t = Admission::DEFAULT.min_body_rate)]
    pub min_body_rate: u64,
    /// Time a request body may take before its rate is checked, in milliseconds.
    #[arg(long, env = "BPGRAPH_BODY_GRACE_MS", default_value_t = Admission::DEFAULT.body_grace_ms)]
    pub body_grace_ms: u64,
    /// Longest a request waits for an execution slot, in milliseconds; then it is shed with 503
    /// `OVERLOADED` and `Retry-After`.
    #[arg(long, env = "BPGRAPH_MAX_QUEUE_MS", default_value_t = Admission::DEFAULT.max_queue_ms)]
    pub max_queue_ms: u64,
    /// Most requests waiting for an execution slot at once; more are shed at once.
    #[arg(long, env = "BPGRAPH_MAX_QUEUED", default_value_t = Admission::DEFAULT.max_queued)]
    pub max_queued: usize,
    /// Longest an operation's plan may have taken, in microseconds, for the operation to run
    /// at once on the worker that read it rather than wait for a slot (0: every operation
    /// takes a slot). Only small operations whose plan has answered before qualify.
    #[arg(long, env = "BPGRAPH_INLINE_US", default_value_t = Admission::DEFAULT.inline_us)]
    pub inline_us: u64,
}

impl Admission {
    pub const DEFAULT: Admission = Admission {
        min_body_rate: 1_024,
        body_grace_ms: 2_000,
        max_queue_ms: 100,
        max_queued: 1_024,
        inline_us: 200,
    };

    /// Whether an operation may run inline (see the module docs): its text is small and its
    /// plan has answered before, recently never slower than `inline_us`. An operation with variables
    /// must also be of low complexity with this request's values: the time was measured with
    /// other values, and a variable's page size may multiply the work.
    pub fn runs_inline(&self, operation: InlineCandidate) -> bool {
        operation.query_bytes <= INLINE_MAX_QUERY_BYTES
            && (!operation.has_variables || operation.cost <= INLINE_MAX_COST)
            && operation
                .slowest
                .is_some_and(|took| took.as_micros() <= u128::from(self.inline_us))
    }

    pub fn body_grace(&self) -> Duration {
        Duration::from_millis(self.body_grace_ms)
    }
}

/// What [`Admission::runs_inline`] decides on.
#[derive(Debug, Clone, Copy)]
pub struct InlineCandidate {
    /// The length of its document's text.
    pub query_bytes: usize,
    /// Whether the request gives variables.
    pub has_variables: bool,
    /// Its complexity with the request's variables.
    pub cost: usize,
    /// The longest its document's plans took recently (`None`: no plan has answered yet).
    pub slowest: Option<Duration>,
}

/// Largest query text an operation running inline may have: the checks made before its plan
/// runs walk the whole document.
pub const INLINE_MAX_QUERY_BYTES: usize = 4 * 1024;

/// Highest complexity an operation with variables may have to run inline: a few hundred
/// objects.
pub const INLINE_MAX_COST: usize = 1_000;

impl Default for Admission {
    fn default() -> Self {
        Admission::DEFAULT
    }
}

/// A request turned away for want of a slot.
#[derive(Debug)]
pub struct Shed;

/// What a cancelled or failed blocking job reports.
#[derive(Debug)]
pub struct Interrupted;

/// The execution slots and the queue in front of them.
pub struct Slots {
    free: Arc<Semaphore>,
    /// Requests waiting now.
    queued: AtomicUsize,
    max_wait: Duration,
    max_queued: usize,
    /// No slot at all (`--max-concurrent 0`): nothing could ever be admitted.
    none: bool,
}

impl Slots {
    pub fn new(slots: usize, admission: &Admission) -> Slots {
        Slots {
            free: Arc::new(Semaphore::new(slots)),
            queued: AtomicUsize::new(0),
            max_wait: Duration::from_millis(admission.max_queue_ms),
            max_queued: admission.max_queued,
            none: slots == 0,
        }
    }

    /// A slot, at once if one is free, else after waiting in the queue within its bounds.
    pub async fn admit(&self, metrics: &Metrics) -> Result<OwnedSemaphorePermit, Shed> {
        if let Ok(permit) = self.free.clone().try_acquire_owned() {
            metrics.queue_wait(Duration::ZERO);
            return Ok(permit);
        }
        if self.none {
            metrics.shed(ShedReason::QueueFull);
            return Err(Shed);
        }
        // Counted in before it waits, so a burst cannot overshoot the bound.
        let depth = self.queued.fetch_add(1, Ordering::AcqRel) + 1;
        let _leave = Leave(&self.queued, metrics);
        if depth > self.max_queued {
            metrics.shed(ShedReason::QueueFull);
            return Err(Shed);
        }
        metrics.queue_depth(depth);
        let started = Instant::now();
        let waited = tokio::time::timeout(self.max_wait, self.free.clone().acquire_owned()).await;
        metrics.queue_wait(started.elapsed());
        match waited {
            Ok(Ok(permit)) => Ok(permit),
            // Timed out (or closed, which never happens): shed.
            _ => {
                metrics.shed(ShedReason::Waited);
                Err(Shed)
            }
        }
    }

    /// Runs `work` on the blocking pool holding `permit` until it is done, even when the
    /// caller stops waiting (a time-out, a client gone): the slot stays taken for as long as
    /// its CPU is, so the slot count stays an honest bound on the work running.
    pub async fn execute<T: Send + 'static>(
        permit: OwnedSemaphorePermit,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Interrupted> {
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            yield_to_the_workers();
            work()
        })
        .await
        .map_err(|_| Interrupted)
    }
}

/// CPU time the calling thread has used: what running a plan costs, whatever else the core
/// does meanwhile (a plan on the blocking pool at nice 19 may wait for the core mid-way, and
/// that wait must not count against it). The standard library has no thread clock.
pub fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes one `timespec`, which `now` is; the thread clock
    // exists on every Unix this server builds for, and on failure `now` stays zero.
    unsafe {
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now);
    }
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

/// Lowers the calling blocking thread's scheduling priority (nice 19, the lowest), once per thread. A
/// thread executing a heavy query is always ready to run; at the same priority it would take
/// as much of a core as the async worker that answers probes and cached requests for every
/// connection. At nice 19 the kernel gives such a thread a seventieth of a worker's share
/// when both want the core, and all of it when the workers are idle: heavy queries take the
/// CPU left over, and everything cheap stays fast (measured in RELIABILITY.md). The blocking
/// pool runs only heavy work (queries, SPARQL evaluation and store builds), so the pool's
/// threads keep the lower priority for good.
fn yield_to_the_workers() {
    thread_local! {
        static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if LOWERED.with(|lowered| lowered.replace(true)) {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: `setpriority` only changes a scheduling attribute. On Linux the nice value is
    // per thread and `who = 0` names the calling thread; lowering needs no privilege, and a
    // failure leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

/// Leaves the queue, whatever becomes of the waiting request.
struct Leave<'a>(&'a AtomicUsize, &'a Metrics);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        let depth = self.0.fetch_sub(1, Ordering::AcqRel) - 1;
        self.1.queue_depth(depth);
    }
}

#[cfg(test)]
mod tests;
