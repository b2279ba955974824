// Asks bpgraph and the Apollo peer each shared query (shared-queries.txt) and compares the
// answers: the same bytes (ignoring one trailing newline), else the same parsed JSON, else a
// failure that prints both. Usage: node compare.mjs BPGRAPH_URL PEER_URL (each up to /graphql).

import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";

const [bpgraph, peer] = process.argv.slice(2);
const root = new URL("../../", import.meta.url);
const paths = readFileSync(new URL("shared-queries.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() && !line.startsWith("#"));

async function ask(url, query) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query }),
  });
  const text = (await response.text()).replace(/\n$/, "");
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
  return text;
}

let failed = 0;
for (const path of paths) {
  const query = readFileSync(new URL(path, root), "utf8");
  const [expected, answer] = await Promise.all([ask(bpgraph, query), ask(peer, query)]);
  if (expected === answer) {
    console.log(`same bytes  ${path} (${Buffer.byteLength(expected)} B)`);
  } else if (isDeepStrictEqual(JSON.parse(expected), JSON.parse(answer))) {
    console.log(`same JSON   ${path} (bytes differ: key order or number format)`);
  } else {
    failed += 1;
    console.log(`DIFFERENT   ${path}\n  bpgraph: ${expected}\n  apollo:  ${answer}`);
  }
}
if (failed > 0) {
  console.error(`${failed} of ${paths.length} shared queries answer differently`);
  process.exit(1);
}
console.log(`all ${paths.length} shared queries answer alike`);
