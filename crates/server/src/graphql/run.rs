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

/// Answers the request's operations: a lone light operation here and now, anything else in
/// an execution slot once admitted (or `503 OVERLOADED` if none frees in time).
pub async fn run(
    state: &AppState,
    served: Arc<Served>,
    mut operations: Vec<async_graphql::Request>,
    method: Method,
) -> Result<Vec<Outcome>, HttpError> {
    if let [operation] = &mut operations[..] {
        if let Some(outcome) = run_inline(state, &served, operation, &method)? {
            count_errors(state, &outcome);
            return Ok(vec![outcome]);
        }
    }
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
            let mut outcomes = Vec::with_capacity(operations.len());
            for operation in operations {
                let outcome = run_operation(&state, &served, operation, &method).await?;
                count_errors(&state, &outcome);
                outcomes.push(outcome);
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

fn count_errors(state: &AppState, outcome: &Outcome) {
    for code in outcome.error_codes() {
        state
            .metrics
            .error(code.map_or(UNCLASSIFIED, ErrorCode::as_str));
    }
}

/// Runs `operation` here if it is light (`admission::Admission::runs_inline`): its
/// document is parsed and checked already and its plan answers. `Ok(None)` leaves it to an
/// execution slot, the request unchanged but for a persisted query's text filled in.
fn run_inline(
    state: &AppState,
    served: &Served,
    operation: &mut async_graphql::Request,
    method: &Method,
) -> Result<Option<Outcome>, HttpError> {
    let admission = &state.config.admission;
    if admission.inline_us == 0 {
        return Ok(None);
    }
    let started = Instant::now();
    if let Err(refused) = persisted::resolve(operation, &state.persisted) {
        return Ok(Some(Outcome::Refused {
            errors: vec![refused],
        }));
    }
    let Some(checked) = state.documents.get(&operation.query) else {
        return Ok(None);
    };
    let selected = match select(operation, &checked, &state.config, &state.lists, method)? {
        Ok(selected) => selected,
        // Refused by a check: as quick to say here as anywhere.
        Err(refused) => {
            return Ok(Some(Outcome::Refused {
                errors: vec![refused],
            }))
        }
    };
    let candidate = InlineCandidate {
        query_bytes: operation.query.len(),
        has_variables: !operation.variables.is_empty(),
        cost: selected.facts.cost,
        slowest: checked.slowest_plan(),
    };
    if !admission.runs_inline(candidate) {
        return Ok(None);
    }
    let Some(plan) = checked.plan(selected.name.as_deref()) else {
        return Ok(None);
    };
    let cx = served.cx(&state.config.base_iri);
    let cpu = thread_cpu_time();
    let Some(body) = plan.execute(&cx, &operation.variables) else {
        // The plan gives up on these variables: async-graphql answers, in a slot.
        return Ok(None);
    };
    checked.record_plan_time(thread_cpu_time().saturating_sub(cpu));
    state.metrics.ran_inline();
    state
        .metrics
        .operation(selected.name.as_deref(), started.elapsed());
    Ok(Some(Outcome::Written(body)))
}

/// Resolves a persisted query, checks the operation and executes it on `served`: by its plan
/// if it has one and the plan can answer, else through async-graphql.
async fn run_operation(
    state: &AppState,
    served: &Served,
    mut operation: async_graphql::Request,
    method: &Method,
) -> Result<Outcome, HttpError> {
    let started = Instant::now();
    if let Err(refused) = persisted::resolve(&mut operation, &state.persisted) {
        return Ok(Outcome::Refused {
            errors: vec![refused],
        });
    }
    let prepared = prepare(
        operation,
        &state.config,
        &state.lists,
        &state.documents,
        method,
    )?;
    Ok(match prepared {
        Ok(prepared) => {
            let name = prepared.selected.name.clone();
            let outcome = execute(state, served, prepared).await;
            state.metrics.operation(name.as_deref(), started.elapsed());
            outcome
        }
        Err(refused) => Outcome::Refused {
            errors: vec![refused],
        },
    })
}

/// Executes a prepared operation by its plan if it has one that answers (recording the CPU
/// time it took, for `run_inline`), else through async-graphql.
async fn execute(state: &AppState, served: &Served, prepared: Prepared) -> Outcome {
    let name = prepared.selected.name.as_deref();
    if let Some(plan) = prepared.checked.plan(name) {
        let cx = served.cx(&state.config.base_iri);
        let cpu = thread_cpu_time();
        if let Some(body) = plan.execute(&cx, &prepared.request.variables) {
            let took = thread_cpu_time().saturating_sub(cpu);
            prepared.checked.record_plan_time(took);
            return Outcome::Written(body);
        }
    }
    let checked = prepared.checked.clone();
    let response = served.schema.execute(prepared.into_request()).await;
    // Only an operation that passed validation has data.
    if response.data != async_graphql::Value::Null {
        checked.validated.store(true, Ordering::Relaxed);
    }
    Outcome::of(response)
}
