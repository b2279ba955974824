"""Sends REQUESTS POSTs of a JSON body over four kept-alive connections, one at a time, and
checks each is answered 200. Usage: client.py PORT REQUESTS PATH BODY_FILE"""
import http.client
import sys

port, requests, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
body = open(sys.argv[4], "rb").read()
connections = [http.client.HTTPConnection("127.0.0.1", port) for _ in range(4)]
for number in range(requests):
    connection = connections[number % len(connections)]
    # As wrk sends it: no Accept-Encoding (http.client would add `identity`).
    connection.putrequest("POST", path, skip_accept_encoding=True)
    connection.putheader("content-type", "application/json")
    connection.putheader("content-length", str(len(body)))
    connection.endheaders(body)
    answer = connection.getresponse()
    answer.read()
    if answer.status != 200:
        sys.exit(f"request {number}: status {answer.status}")
