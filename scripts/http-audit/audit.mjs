// Runs every audit of graphql-http's `serverAudits` (the GraphQL-over-HTTP spec's MUSTs and
// SHOULDs) against the endpoint given as the first argument; exits non-zero if any fails.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    passed += 1;
  } else {
    failed += 1;
    console.log(`${result.status} ${audit.id} ${audit.name}\n    ${result.reason}`);
  }
}
console.log(`http-audit: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
