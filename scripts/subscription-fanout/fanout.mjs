// Opens N graphql-transport-ws subscriptions to `dataVersionChanged`, asks the run script to
// reload different data (by writing "reload" to stdout and waiting for a line on stdin), and
// prints how long the server took to subscribe them all and, from the reload signal, to tell
// every subscriber of the new version. Figures, not a test.
//
// Usage: node --experimental-websocket fanout.mjs WS_URL N

import { createInterface } from 'node:readline';

const [url, count] = [process.argv[2], Number(process.argv[3] ?? 1000)];
const query = 'subscription { dataVersionChanged(initial: true) { version entityCount } }';

function subscribe() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const events = [];
    let first;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
    socket.onerror = () => reject(new Error('socket error'));
    socket.onmessage = ({ data }) => {
      const message = JSON.parse(data);
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      } else if (message.type === 'next') {
        events.push([performance.now(), message.payload.data.dataVersionChanged.version]);
        if (!first) {
          first = true;
          resolve({ socket, events });
        }
      }
    };
  });
}

const started = performance.now();
const subscribers = [];
// In batches, so the listen queue is not flooded.
for (let i = 0; i < count; i += 100) {
  const batch = Math.min(100, count - i);
  subscribers.push(...(await Promise.all(Array.from({ length: batch }, subscribe))));
}
const subscribed = performance.now() - started;
const before = subscribers[0].events[0][1];

console.log('reload');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
const signalled = performance.now();
const told = () => subscribers.filter((s) => s.events.some(([, v]) => v !== before)).length;
while (told() < count) await new Promise((resolve) => setTimeout(resolve, 5));
const arrivals = subscribers
  .map((s) => s.events.find(([, v]) => v !== before)[0] - signalled)
  .sort((a, b) => a - b);
const at = (q) => Math.round(arrivals[Math.floor(q * (count - 1))]);
console.error(
  `${count} subscribers: subscribed in ${Math.round(subscribed)} ms; ` +
    `after SIGHUP, the new version reached the first in ${at(0)} ms, ` +
    `the median in ${at(0.5)} ms, the last in ${at(1)} ms`,
);
subscribers.forEach((s) => s.socket.close());
process.exit(0);
