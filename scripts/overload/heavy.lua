-- wrk: POSTs the query in $QUERY_FILE to /graphql, each request with its own comment so that
-- no cache answers it (the uncached heavy query of the overload run).
local file = assert(io.open(os.getenv("QUERY_FILE")))
local query = file:read("*a")
file:close()
local n = 0
local id = tostring(math.random(1, 1e9))
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"

local function json_string(text)
	return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n') .. '"'
end

request = function()
	n = n + 1
	local body = '{"query":' .. json_string(query .. "\n# " .. id .. "-" .. n) .. '}'
	return wrk.format(nil, nil, nil, body)
end
