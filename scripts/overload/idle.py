#!/usr/bin/env python3
"""Opens N connections to 127.0.0.1:PORT, sends one kept-alive GET /health on each and reads
its answer, then leaves them idle. Prints `open` once all are idle and waits for a line on
stdin; then closes them all and prints `closed`."""
import socket
import sys

port, count = int(sys.argv[1]), int(sys.argv[2])
sockets = []
request = b"GET /health HTTP/1.1\r\nhost: idle\r\n\r\n"
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    sockets.append(s)
answered = 0
for s in sockets:
    s.settimeout(10)
    data = b""
    while b'"ok"' not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    answered += data.startswith(b"HTTP/1.1 200")
print(f"open {answered}", flush=True)
sys.stdin.readline()
for s in sockets:
    s.close()
print("closed", flush=True)
