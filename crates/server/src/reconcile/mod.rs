//! `/reconcile`: an OpenRefine reconciliation service (W3C Entity Reconciliation Service API
//! 0.2, and the 0.1 forms OpenRefine still sends) matching names in spreadsheets to the
//! graph's entities.
//!
//! `GET /reconcile` answers the manifest ([`manifest`]); queries come as `queries=` (a batch)
//! or `query=` (one, 0.1) in the URL or a form body, or as a JSON body; data extension as
//! `extend=` or a JSON body with `ids` ([`extend`]). Queries are read and bounded in
//! [`query`], scored over the graph in [`score`] (the types and properties are defined once in
//! [`catalogue`]). `/reconcile/preview`, `/reconcile/suggest/*` and
//! `/reconcile/extend/propose` are the services the manifest names.
//!
//! Like `/sparql`, every request holds one of the server's concurrency permits while it works
//! (none left: `503 OVERLOADED`), goes through the same edge (CORS, compression, request log)
//! and request counter, and counts its refusals by code ([`error`]). A GET may ask for JSONP
//! with `callback=` (0.1 clients did): the name must be a plain JavaScript name, and the
//! answer starts with a comment so that it cannot be read as anything but script.

mod catalogue;
mod error;
mod extend;
mod manifest;
mod preview;
mod query;
mod score;
mod suggest;

pub use error::ReconcileError;
pub use query::{DEFAULT_LIMIT, MAX_BATCH, MAX_LIMIT, MAX_QUERY_CHARS};
pub use score::PROPERTY_WEIGHT;

use super::AppState;
use axum::body::Body;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Instant;

/// The longest JSONP callback name accepted.
const MAX_CALLBACK_CHARS: usize = 64;

/// The parameters `/reconcile` reads, from the URL or a form body.
#[derive(Debug, Default, Deserialize)]
struct Params {
    queries: Option<String>,
    query: Option<String>,
    extend: Option<String>,
    callback: Option<String>,
}

/// What a request to `/reconcile` asks for.
enum Ask {
    Manifest,
    Batch(Value),
    Single(String),
    Extend(Value),
}

/// `GET` and `POST /reconcile`.
pub async fn endpoint(State(state): State<AppState>, request: Request) -> Response {
    let Ok(_permit) = state.slots.admit(&state.metrics).await else {
        return refuse(&state, ReconcileError::Overloaded);
    };
    match answer(&state, request).await {
        Ok(response) => response,
        Err(error) => refuse(&state, error),
    }
}

fn refuse(state: &AppState, error: ReconcileError) -> Response {
    state.metrics.error(error.code().as_str());
    error.into_response()
}

async fn answer(state: &AppState, request: Request) -> Result<Response, ReconcileError> {
    let (parts, body) = request.into_parts();
    let mut params = url_params(parts.uri.query())?;
    let ask = if parts.method == Method::POST {
        read_post(state, &parts.headers, body, &mut params).await?
    } else {
        ask_of(&mut params)?
    };
    let callback = callback(params.callback.take())?;
    let served = state.served();
    let answer = match ask {
        Ask::Manifest => manifest::manifest(&state.config.base_iri),
        Ask::Extend(query) => extend::extend(&served.graph, query)?,
        Ask::Batch(value) => {
            let queries = query::batch(value)?;
            let graph = served.graph.clone();
            blocking(state, move |deadline| {
                let names = score::Names::of(&graph);
                // Past the deadline the answer is refused anyway: stop scoring.
                let answers = queries
                    .into_iter()
                    .take_while(|_| Instant::now() < deadline)
                    .map(|(key, query)| (key, json!({ "result": results(&names, &query) })));
                Value::Object(answers.collect())
            })
            .await?
        }
        Ask::Single(text) => {
            let query = query::single(&text)?;
            let graph = served.graph.clone();
            blocking(
                state,
                move |_| json!({ "result": results(&score::Names::of(&graph), &query) }),
            )
            .await?
        }
    };
    Ok(reply(&answer, callback.as_deref()))
}

fn results(names: &score::Names<'_>, query: &score::Query) -> Vec<Value> {
    score::candidates(names, query)
        .iter()
        .map(manifest::candidate)
        .collect()
}

/// Scores on a blocking thread (every name of the graph is compared), under the request
/// time limit; the work is told the deadline, after which nobody reads its answer.
async fn blocking(
    state: &AppState,
    work: impl FnOnce(Instant) -> Value + Send + 'static,
) -> Result<Value, ReconcileError> {
    let limits = &state.config.limits;
    let deadline = Instant::now() + limits.timeout();
    let job = tokio::task::spawn_blocking(move || work(deadline));
    match tokio::time::timeout(limits.timeout(), job).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_panicked)) => Err(ReconcileError::Interrupted),
        Err(_) => Err(ReconcileError::Timeout {
            ms: limits.timeout_ms,
        }),
    }
}

fn url_params(query: Option<&str>) -> Result<Params, ReconcileError> {
    serde_urlencoded::from_str(query.unwrap_or_default())
        .map_err(|e| ReconcileError::BadRequest(format!("the query string is not valid: {e}")))
}

/// A POST: a form with `queries=`, `query=` or `extend=` (0.1 and 0.2), or a JSON body that
/// is a query batch or, when it has `ids`, a data extension query.
async fn read_post(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    body: Body,
    params: &mut Params,
) -> Result<Ask, ReconcileError> {
    let media_type = crate::request::header_text(headers, header::CONTENT_TYPE)
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase());
    let is_form = media_type.as_deref() == Some("application/x-www-form-urlencoded");
    let is_json = media_type.as_deref() == Some("application/json");
    if !is_form && !is_json {
        return Err(ReconcileError::UnsupportedMediaType);
    }
    let body = crate::request::read_body(headers, body, &state.config).await?;
    if is_form {
        let form: Params = serde_urlencoded::from_bytes(&body)
            .map_err(|e| ReconcileError::BadRequest(format!("the form is not valid: {e}")))?;
        params.queries = form.queries.or(params.queries.take());
        params.query = form.query.or(params.query.take());
        params.extend = form.extend.or(params.extend.take());
        params.callback = form.callback.or(params.callback.take());
        return match ask_of(params)? {
            Ask::Manifest => Err(ReconcileError::BadRequest(
                "the form has no `queries`, `query` or `extend`".into(),
            )),
            ask => Ok(ask),
        };
    }
    let value = query::parse_json(&body, "the body")?;
    if value.get("ids").is_some_and(Value::is_array) {
        Ok(Ask::Extend(value))
    } else {
        Ok(Ask::Batch(value))
    }
}

fn ask_of(params: &mut Params) -> Result<Ask, ReconcileError> {
    match (
        params.queries.take(),
        params.query.take(),
        params.extend.take(),
    ) {
        (None, None, None) => Ok(Ask::Manifest),
        (Some(queries), None, None) => Ok(Ask::Batch(query::parse_json(
            queries.as_bytes(),
            "`queries`",
        )?)),
        (None, Some(query), None) => Ok(Ask::Single(query)),
        (None, None, Some(extend)) => Ok(Ask::Extend(query::parse_json(
            extend.as_bytes(),
            "`extend`",
        )?)),
        _ => Err(ReconcileError::BadRequest(
            "send one of `queries`, `query` and `extend`".into(),
        )),
    }
}

/// A JSONP callback name, if one is given and plain: dotted JavaScript identifiers.
fn callback(name: Option<String>) -> Result<Option<String>, ReconcileError> {
    let Some(name) = name else { return Ok(None) };
    let identifier = |part: &str| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    if name.len() <= MAX_CALLBACK_CHARS && name.split('.').all(identifier) {
        Ok(Some(name))
    } else {
        Err(ReconcileError::InvalidCallback {
            max: MAX_CALLBACK_CHARS,
        })
    }
}

/// JSON, or JSONP when a callback was given.
fn reply(answer: &Value, callback: Option<&str>) -> Response {
    let json = answer.to_string();
    let Some(callback) = callback else {
        return ([(header::CONTENT_TYPE, "application/json")], json).into_response();
    };
    // U+2028 and U+2029 end a line in older JavaScript, though JSON allows them in strings.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    let script = format!("/**/{callback}({json});");
    let mut response = script.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/javascript; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The parameters of the preview.
#[derive(Debug, Deserialize)]
struct PreviewParams {
    id: Option<String>,
}

/// `GET /reconcile/preview?id={slug}`: the entity's card as HTML.
pub async fn preview(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let Ok(_permit) = state.slots.admit(&state.metrics).await else {
        return refuse(&state, ReconcileError::Overloaded);
    };
    let card = || -> Result<String, ReconcileError> {
        let params: PreviewParams = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
            .map_err(|e| {
                ReconcileError::BadRequest(format!("the query string is not valid: {e}"))
            })?;
        let Some(id) = params.id else {
            return Err(ReconcileError::BadRequest(
                "the preview needs an `id`".into(),
            ));
        };
        let served = state.served();
        let entity = served
            .graph
            .entity_by_slug(&id)
            .ok_or(ReconcileError::UnknownEntity(id))?;
        let explorer = format!("{}?entity={}", state.config.base_iri, entity.slug());
        Ok(preview::card(entity, &explorer))
    };
    match card() {
        Ok(html) => Html(html).into_response(),
        Err(error) => refuse(&state, error),
    }
}

/// `GET /reconcile/suggest/{entity|type|property}?prefix=`.
pub async fn suggest(
    State(state): State<AppState>,
    Path(what): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Ok(_permit) = state.slots.admit(&state.metrics).await else {
        return refuse(&state, ReconcileError::Overloaded);
    };
    let answer = || -> Result<Response, ReconcileError> {
        let what = suggest::Suggest::from_path(&what).ok_or_else(|| {
            ReconcileError::BadRequest(format!(
                "no suggest service `{what}`: there are `entity`, `type` and `property`"
            ))
        })?;
        let (params, callback) = params_with_callback(query.as_deref())?;
        let served = state.served();
        Ok(reply(
            &suggest::answer(&served.graph, what, params)?,
            callback.as_deref(),
        ))
    };
    answer().unwrap_or_else(|error| refuse(&state, error))
}

/// `GET /reconcile/extend/propose?type=State`.
pub async fn propose(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let Ok(_permit) = state.slots.admit(&state.metrics).await else {
        return refuse(&state, ReconcileError::Overloaded);
    };
    let answer = || -> Result<Response, ReconcileError> {
        let (params, callback) = params_with_callback(query.as_deref())?;
        Ok(reply(&extend::propose(params)?, callback.as_deref()))
    };
    answer().unwrap_or_else(|error| refuse(&state, error))
}

/// A GET's own parameters, and its JSONP callback if any.
fn params_with_callback<T: serde::de::DeserializeOwned>(
    query: Option<&str>,
) -> Result<(T, Option<String>), ReconcileError> {
    #[derive(Deserialize)]
    struct Callback {
        callback: Option<String>,
    }
    let parse_error = |e: serde_urlencoded::de::Error| {
        ReconcileError::BadRequest(format!("the query string is not valid: {e}"))
    };
    let text = query.unwrap_or_default();
    let params = serde_urlencoded::from_str(text).map_err(parse_error)?;
    let Callback { callback: name } = serde_urlencoded::from_str(text).map_err(parse_error)?;
    Ok((params, callback(name)?))
}
