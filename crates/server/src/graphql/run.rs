//! Running a request's operations: a light one at once on the async worker that read it,
//! the rest on the blocking pool in an execution slot (see `admission` for which is which
//! and why).

use super::outcome::Outcome;
use crate::admission::{thread_cpu_time, InlineCandidate, Interrupted, Slots};
use crate::error::HttpError;
use crate::persisted;
use crate::prepare::{prepare, select, Prepared};
use crate::{AppState, Served};
use axum::http::Method;
use bpgraph_api::ErrorCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// The metric label of an error without a code (none is expected: a label to notice).
const UNCLASSIFIED: &str = "UNCLASSIFIED";

/// An operation on its way to an answer.
enum Pending {
    /// Answered already: refused by a check, or run inline.
    Done(Outcome),
    /// Parsed, checked and selected: to execute in a slot.
    Prepared(Prepared),
    /// Its document not parsed yet: to prepare and execute in a slot.
    Unparsed(async_graphql::Request),
}

/// Answers the request's operations: a lone light operation here and now, anything else in
/// an execution slot once admitted (or `503 OVERLOADED` if none frees in time).
pub async fn run(
    state: &AppState,
    served: Arc<Served>,
    operations: Vec<async_graphql::Request>,
    method: Method,
) -> Result<Vec<Outcome>, HttpError> {
    let mut pending: Vec<Pending> = operations
        .into_iter()
        .map(|operation| resolve_persisted(state, operation))
        .collect();
    if let [Pending::Unparsed(_)] = &pending[..] {
        if let Some(Pending::Unparsed(operation)) = pending.pop() {
            pending.push(try_inline(state, &served, operation, &method)?);
        }
    }
    let outcomes = if pending.iter().all(|p| matches!(p, Pending::Done(_))) {
        pending
            .into_iter()
            .filter_map(|p| match p {
                Pending::Done(outcome) => Some(outcome),
                _ => None,
            })
            .collect()
    } else {
        in_a_slot(state, served, pending, method).await?
    };
    for outcome in &outcomes {
        for code in outcome.error_codes() {
            state
                .metrics
                .error(code.map_or(UNCLASSIFIED, ErrorCode::as_str));
        }
    }
    Ok(outcomes)
}

/// Runs what is pending on the blocking pool once admitted, within the request's time limit.
async fn in_a_slot(
    state: &AppState,
    served: Arc<Served>,
    pending: Vec<Pending>,
    method: Method,
) -> Result<Vec<Outcome>, HttpError> {
    let permit = state
        .slots
        .admit(&state.metrics)
        .await
        .map_err(|_| HttpError::Overloaded)?;
    let limits = &state.config.limits;
    let runtime = tokio::runtime::Handle::current();
    let state = state.clone();
    // Past the time limit the client gets its `503`; the work, which cannot be interrupted,
    // finishes and only then frees its slot.
    let job = Slots::execute(permit, move || {
        runtime.block_on(async {
            let mut outcomes = Vec::with_capacity(pending.len());
            for operation in pending {
                outcomes.push(match operation {
                    Pending::Done(outcome) => outcome,
                    Pending::Prepared(prepared) => {
                        execute(&state, &served, prepared, Instant::now()).await
                    }
                    Pending::Unparsed(request) => {
                        prepare_and_execute(&state, &served, request, &method).await?
                    }
                });
            }
            Ok(outcomes)
        })
    });
    match tokio::time::timeout(limits.timeout(), job).await {
        Ok(Ok(outcomes)) => outcomes,
        Ok(Err(Interrupted)) => Err(HttpError::Interrupted),
        Err(_) => Err(HttpError::Timeout {
            ms: limits.timeout_ms,
        }),
    }
}

/// Fills in a persisted query's text (or registers it); its refusal is the answer.
fn resolve_persisted(state: &AppState, mut operation: async_graphql::Request) -> Pending {
    match persisted::resolve(&mut operation, &state.persisted) {
        Ok(()) => Pending::Unparsed(operation),
        Err(refused) => Pending::Done(Outcome::Refused {
            errors: vec![refused],
        }),
    }
}

/// Runs `operation` here if it is light (`Admission::runs_inline`): its document is parsed
/// and checked already and its plan answers. Otherwise it is left for a slot, prepared if
/// its document was at hand.
fn try_inline(
    state: &AppState,
    served: &Served,
    request: async_graphql::Request,
    method: &Method,
) -> Result<Pending, HttpError> {
    let admission = &state.config.admission;
    if admission.inline_us == 0 {
        return Ok(Pending::Unparsed(request));
    }
    let started = Instant::now();
    let Some(checked) = state.documents.get(&request.query) else {
        return Ok(Pending::Unparsed(request));
    };
    let selected = match select(&request, &checked, &state.config, &state.lists, method)? {
        Ok(selected) => selected,
        // Refused by a check: as quick to say here as anywhere.
        Err(refused) => {
            return Ok(Pending::Done(Outcome::Refused {
                errors: vec![refused],
            }))
        }
    };
    let candidate = InlineCandidate {
        query_bytes: request.query.len(),
        has_variables: !request.variables.is_empty(),
        cost: selected.facts.cost,
        slowest: checked.slowest_plan(),
    };
    let prepared = Prepared {
        request,
        selected,
        checked,
    };
    if !admission.runs_inline(candidate) {
        return Ok(Pending::Prepared(prepared));
    }
    match run_plan(state, served, &prepared, PlanClock::Wall) {
        Some(body) => {
            state.metrics.ran_inline();
            let name = prepared.selected.name.as_deref();
            state.metrics.operation(name, started.elapsed());
            Ok(Pending::Done(Outcome::Written(body)))
        }
        // No plan, or it gives up on these variables: async-graphql answers, in a slot.
        None => Ok(Pending::Prepared(prepared)),
    }
}

/// Checks the operation and executes it on `served`.
async fn prepare_and_execute(
    state: &AppState,
    served: &Served,
    request: async_graphql::Request,
    method: &Method,
) -> Result<Outcome, HttpError> {
    let started = Instant::now();
    let prepared = prepare(
        request,
        &state.config,
        &state.lists,
        &state.documents,
        method,
    )?;
    Ok(match prepared {
        Ok(prepared) => execute(state, served, prepared, started).await,
        Err(refused) => Outcome::Refused {
            errors: vec![refused],
        },
    })
}

/// Executes a prepared operation by its plan if it has one that answers, else through
/// async-graphql; its time since `started` goes to the operation's metric.
async fn execute(
    state: &AppState,
    served: &Served,
    prepared: Prepared,
    started: Instant,
) -> Outcome {
    let name = prepared.selected.name.clone();
    let outcome = match run_plan(state, served, &prepared, PlanClock::ThreadCpu) {
        Some(body) => Outcome::Written(body),
        None => {
            let checked = prepared.checked.clone();
            let response = served.schema.execute(prepared.into_request()).await;
            // Only an operation that passed validation has data.
            if response.data != async_graphql::Value::Null {
                checked.validated.store(true, Ordering::Relaxed);
            }
            Outcome::of(response)
        }
    };
    state.metrics.operation(name.as_deref(), started.elapsed());
    outcome
}

/// The answer of the operation's plan, if it has one and it answers, recording the CPU time
/// it took, read by `clock` (what `Admission::runs_inline` decides on).
fn run_plan(
    state: &AppState,
    served: &Served,
    prepared: &Prepared,
    clock: PlanClock,
) -> Option<Vec<u8>> {
    let plan = prepared.checked.plan(prepared.selected.name.as_deref())?;
    let cx = served.cx(&state.config.base_iri);
    let (body, took) = clock.time(|| plan.execute(&cx, &prepared.request.variables));
    // A plan that gave up answers nothing: async-graphql's run is not the plan's time.
    let body = body?;
    prepared.checked.record_plan_time(took);
    Some(body)
}

/// How a plan's CPU time is read.
#[derive(Clone, Copy)]
enum PlanClock {
    /// By the wall clock, read without a system call. On the async worker, which runs at full
    /// priority, a plan's wall time is its CPU time but for a rare preemption, which at worst
    /// sends the operation to a slot for a few runs. The thread's clock would cost two system
    /// calls, a tenth of a light operation's time (perf).
    Wall,
    /// By the thread's CPU time: in a slot, on a blocking thread at nice 19 that may wait for
    /// the core mid-way, a wait that must not count against the plan.
    ThreadCpu,
}

impl PlanClock {
    fn time<T>(self, work: impl FnOnce() -> T) -> (T, std::time::Duration) {
        match self {
            PlanClock::Wall => {
                let started = Instant::now();
                let done = work();
                (done, started.elapsed())
            }
            PlanClock::ThreadCpu => {
                let started = thread_cpu_time();
                let done = work();
                (done, thread_cpu_time().saturating_sub(started))
            }
        }
    }
}
