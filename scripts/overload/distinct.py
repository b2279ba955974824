#!/usr/bin/env python3
"""Sends N distinct GraphQL queries over C kept-alive connections to 127.0.0.1:PORT, each
answered before the next is sent on its connection (a bounded loop: N requests, no more).
With --names every query is a named operation with a name of its own (the operation-name
run); otherwise each selects a field under an alias of its own. Prints the statuses seen."""
import argparse
import asyncio
import collections
import json


def body(i: int, names: bool) -> bytes:
    if names:
        query = f"query Op{i} {{ entity(ref: \"turkiye\") {{ name slug }} dataVersion }}"
        request = {"query": query, "operationName": f"Op{i}"}
    else:
        query = f"{{ entity(ref: \"turkiye\") {{ name slug kind }} a{i}: dataVersion }}"
        request = {"query": query}
    return json.dumps(request).encode()


async def worker(port: int, ids, names: bool, statuses: collections.Counter):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in ids:
        payload = body(i, names)
        writer.write(
            b"POST /graphql HTTP/1.1\r\nhost: load\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(payload)}\r\n\r\n".encode()
            + payload
        )
        head = await reader.readuntil(b"\r\n\r\n")
        statuses[int(head.split(b" ", 2)[1])] += 1
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await reader.readexactly(length)
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--names", action="store_true")
    args = parser.parse_args()
    statuses = collections.Counter()
    c = args.connections
    await asyncio.gather(
        *(worker(args.port, range(k, args.count, c), args.names, statuses) for k in range(c))
    )
    print(" ".join(f"{status}×{n}" for status, n in sorted(statuses.items())))


asyncio.run(main())
