#!/usr/bin/env python3
"""Asks http://127.0.0.1:PORT/PATH at a steady RATE per second for SECONDS over one kept-alive
connection, as a load balancer's or orchestrator's checks do (unlike wrk, which asks again as
soon as it is answered and so would itself load the server), and prints the latency's p50,
p99 and max with the count of answers and of failures. Usage: paced.py PORT PATH RATE SECONDS."""
import http.client
import sys
import time

port, path, rate, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
interval = 1 / rate
latencies, failures = [], 0
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
start = time.monotonic()
next_at = start
while next_at - start < seconds:
    time.sleep(max(0.0, next_at - time.monotonic()))
    asked = time.monotonic()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            failures += 1
        latencies.append(time.monotonic() - asked)
    except (OSError, http.client.HTTPException):
        failures += 1
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    next_at += interval
latencies.sort()


def ms(q):
    return f"{latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000:.2f}ms" if latencies else "-"


print(f"p50 {ms(0.50)}, p99 {ms(0.99)}, max {ms(1.0)} ({len(latencies)} answers, {failures} failed)")
