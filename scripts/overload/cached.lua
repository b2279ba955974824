-- wrk: POSTs one query to /graphql, the same every time: after the first, the response cache
-- answers it.
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"query":"{ entity(ref: \\"turkiye\\") { name slug } }"}'
