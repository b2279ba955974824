// The one way the page talks to the server: GraphQL over HTTP at `/graphql`, the same public
// API any other client uses. Failures become `ApiError`s with a message fit to show the user.

export class ApiError extends Error {
  /** `codes`: the `extensions.code` of each GraphQL error (e.g. `NOT_FOUND`). */
  constructor(message, codes = []) {
    super(message);
    this.codes = codes;
  }
}

/**
 * Runs `query` with `variables` and resolves to its `data`. Rejects with an ApiError when the
 * server cannot be reached, answers with an HTTP error, or reports GraphQL errors (their
 * messages and codes are kept: they say what was wrong).
 */
export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError(`The server could not be reached (${error.message}).`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status line below says what happened.
  }
  const errors = body?.errors ?? [];
  if (errors.length > 0) {
    const messages = errors.map((e) => (e.extensions?.code ? `${e.message} [${e.extensions.code}]` : e.message));
    throw new ApiError(`The server answered with an error: ${messages.join('; ')}`,
      errors.map((e) => e.extensions?.code));
  }
  if (!response.ok || !body?.data) {
    throw new ApiError(`The server answered ${response.status} ${response.statusText}.`);
  }
  return body.data;
}

/**
 * Every page of a connection: `fetchPage(after)` resolves to a connection with `nodes` and
 * `pageInfo { hasNextPage endCursor }`; the nodes of all pages are returned in order.
 */
export async function allPages(fetchPage) {
  const nodes = [];
  let after = null;
  for (;;) {
    const page = await fetchPage(after);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}
