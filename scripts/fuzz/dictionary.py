"""Write a schemathesis config whose fuzz dictionaries hold values the running server knows.

Usage: python dictionary.py GRAPHQL_URL OUT.toml

Purely random strings almost never name an entity, so without a dictionary nearly every
generated query stops at NOT_FOUND and the resolvers behind it go untested. This asks the
server (127.0.0.1 only) for its slugs, names, aliases, global ids, statement ids, source ids
and cursors, and writes them, with a few dates and integers, as type-wide dictionaries that
schemathesis substitutes into String/ID and Int arguments with probability 0.5 (the other
half stays random). Nothing here is committed: run.sh writes the file under target/fuzz.
"""

import json
import sys
import urllib.request

PAGE = 100  # the server's largest `first`


def post(url, query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.load(response)
    if payload.get("errors"):
        raise SystemExit(f"dictionary query failed: {payload['errors']}")
    return payload["data"]


def pages(url, field, selection):
    after = None
    while True:
        query = (
            f"query($after: String) {{ {field}(first: {PAGE}, after: $after) "
            f"{{ pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {selection} }} }} }} }}"
        )
        connection = post(url, query, {"after": after})[field]
        yield from connection["edges"]
        if not connection["pageInfo"]["hasNextPage"]:
            return
        after = connection["pageInfo"]["endCursor"]


def toml_array(values):
    # JSON strings without ASCII escaping are valid TOML basic strings.
    return "[" + ", ".join(json.dumps(value, ensure_ascii=False) for value in values) + "]"


def main():
    url, out = sys.argv[1], sys.argv[2]
    strings = {"", "2024", "2026", "2026-05", "2026-05-01", "2019-02-20", "9999-12-31", "0000-01-01"}
    for edge in pages(url, "entities", "id slug name aliases"):
        node = edge["node"]
        strings.update([edge["cursor"], node["id"], node["slug"], node["name"], *node["aliases"]])
    for edge in pages(url, "statements", "id statementId"):
        strings.update([edge["cursor"], edge["node"]["id"], edge["node"]["statementId"]])
    for edge in pages(url, "sources", "id"):
        strings.update([edge["cursor"], edge["node"]["id"]])
    integers = sorted({-1, 0, 1, 2, 3, 5, 10, 20, 99, 100, 101, *range(2000, 2031)})

    with open(out, "w", encoding="utf-8") as fd:
        fd.write("# Written by scripts/fuzz/dictionary.py; do not edit.\n")
        fd.write(f"[dictionaries.known-strings]\nvalues = {toml_array(sorted(strings))}\n\n")
        fd.write(f"[dictionaries.known-integers]\nvalues = {toml_array(integers)}\n\n")
        fd.write("[generation.dictionaries]\n")
        fd.write('string = { dictionary = "known-strings", probability = 0.5 }\n')
        fd.write('integer = { dictionary = "known-integers", probability = 0.5 }\n')
    print(f"fuzz dictionary: {len(strings)} strings, {len(integers)} integers -> {out}")


if __name__ == "__main__":
    main()
