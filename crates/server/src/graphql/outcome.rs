//! What became of each operation of a request, and the response body written from them.

use async_graphql::{Response as GqlResponse, ServerError};
use bpgraph_api::{code_of, ErrorCode};
use serde::Serialize;

/// What became of one operation: it ran (its errors, if any, are field errors), it was
/// refused before execution, in which case the response has no `data` entry at all, or a plan
/// wrote its answer directly.
pub enum Outcome {
    Executed(GqlResponse),
    Refused {
        errors: Vec<ServerError>,
    },
    /// The whole response, as JSON, from [`bpgraph_api::direct`].
    Written(Vec<u8>),
}

/// A refused operation's response.
#[derive(Serialize)]
struct Refusal<'a> {
    errors: &'a [ServerError],
}

/// The codes of errors raised before execution: by our checks or by async-graphql's parser
/// and validator (which run inside `execute`).
const REFUSAL_CODES: [ErrorCode; 3] = [
    ErrorCode::GraphqlParseFailed,
    ErrorCode::GraphqlValidationFailed,
    ErrorCode::LimitExceeded,
];

impl Outcome {
    pub fn of(response: GqlResponse) -> Outcome {
        let refused = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response
                .errors
                .iter()
                .all(|e| code_of(e).is_some_and(|code| REFUSAL_CODES.contains(&code)));
        if refused {
            Outcome::Refused {
                errors: response.errors,
            }
        } else {
            Outcome::Executed(response)
        }
    }

    /// The `code` of each error (`None` for an error without one).
    pub fn error_codes(&self) -> impl Iterator<Item = Option<ErrorCode>> + '_ {
        let errors = match self {
            Outcome::Executed(response) => &response.errors[..],
            Outcome::Refused { errors } => &errors[..],
            Outcome::Written(_) => &[],
        };
        errors.iter().map(code_of)
    }

    /// Appends the response to `out`.
    fn write(self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Outcome::Executed(response) => serde_json::to_writer(out, &response),
            Outcome::Refused { errors } => serde_json::to_writer(out, &Refusal { errors: &errors }),
            Outcome::Written(bytes) if out.is_empty() => {
                *out = bytes;
                Ok(())
            }
            Outcome::Written(bytes) => {
                out.extend_from_slice(&bytes);
                Ok(())
            }
        }
    }
}

/// The response body: one response, or a batch's as a JSON array.
pub fn body_of(outcomes: Vec<Outcome>, batched: bool) -> serde_json::Result<Vec<u8>> {
    let mut body = Vec::new();
    if !batched {
        for outcome in outcomes {
            outcome.write(&mut body)?;
        }
        return Ok(body);
    }
    body.push(b'[');
    for (i, outcome) in outcomes.into_iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        outcome.write(&mut body)?;
    }
    body.push(b']');
    Ok(body)
}
