"""Schemathesis hooks for scripts/fuzz/run.sh (loaded through SCHEMATHESIS_HOOKS).

`no_5xx` fails a test case only when the server answers with an HTTP 5xx status.

schemathesis' `not_a_server_error` is not used: in GraphQL mode it also fails every HTTP 200
answer whose `errors` carry a resolver `path` and no code it knows as a client error (its ST113
"GraphQL server error"). bpgraph answers that way, by design, when an argument names nothing:
`NOT_FOUND` ("no entity is called `...`") for `entity(ref:)`, `statements(subject:)`,
`states(filter: {attendedNone: [...]})` and the like, so many random queries would "fail".
Crashes need no check of their own: a panic either turns into a 500 (caught here) or drops
the connection (a network error, which fails the run), and run.sh also looks for panics in the
server log and checks that the server is still up afterwards.
"""

import schemathesis


@schemathesis.check
def no_5xx(ctx, response, case):
    """The server must never answer with a 5xx status."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code} from the server")
