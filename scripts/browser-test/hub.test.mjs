// The explorer's hub grouping (assets/explorer/hub.js) on its own, with node's test runner:
// how a hub's neighbours are split into groups, and that the ring it is drawn on leaves no
// name on top of another wherever an opened group sits. run.sh runs it before the browser.
//
// Usage: node --test scripts/browser-test/hub.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupNeighbours, radialPositions } from '../../assets/explorer/hub.js';

const entity = (slug, kind) => ({ slug, name: slug, kind });
const statement = (subject, predicate, object) => ({ statementId: `${subject} ${predicate} ${object}`, predicate, subject: { slug: subject }, object: { slug: object } });

/** A hub "hub": 12 meetings of it, 5 states co-funding it (one also chairs it), 4 regions
 * each linked another way, 2 documents it produced, 1 neighbour with no statement here. */
function hub() {
  const newcomers = [];
  const statements = [];
  for (let i = 0; i < 12; i += 1) {
    newcomers.push(entity(`meeting-${i}`, 'MEETING'));
    statements.push(statement(`meeting-${i}`, 'MEETING_OF', 'hub'));
  }
  for (let i = 0; i < 5; i += 1) {
    newcomers.push(entity(`state-${i}`, 'STATE'));
    statements.push(statement(`state-${i}`, 'CO_FUNDS', 'hub'));
  }
  statements.push(statement('state-0', 'CHAIRS', 'hub'));
  ['FOCUSES_ON', 'ABOUT', 'OPERATES_IN', 'PARTNER_OF'].forEach((predicate, i) => {
    newcomers.push(entity(`region-${i}`, 'REGION'));
    statements.push(statement('hub', predicate, `region-${i}`));
  });
  for (let i = 0; i < 2; i += 1) {
    newcomers.push(entity(`document-${i}`, 'DOCUMENT'));
    statements.push(statement('hub', 'PRODUCED', `document-${i}`));
  }
  newcomers.push(entity('loner', 'PERSON'));
  // A statement between two neighbours says nothing of how they relate to the hub.
  statements.push(statement('meeting-0', 'HELD_IN', 'region-0'));
  return { newcomers, statements };
}

test('a hub\'s neighbours are grouped by relation, direction and kind, each once', () => {
  const { newcomers, statements } = hub();
  const { groups, direct } = groupNeighbours('hub', newcomers, statements);
  assert.deepEqual(groups.map((g) => g.label), [
    '12 meetings · meeting of',
    '4 states · co-funds',
    '4 regions',
  ]);
  assert.deepEqual(groups.map((g) => [g.predicate, g.incoming, g.kind]), [
    ['MEETING_OF', true, 'MEETING'],
    ['CO_FUNDS', true, 'STATE'],
    [null, null, 'REGION'],
  ]);
  // The chair is shown on its own (its rarest relation); two documents are too few to group.
  assert.deepEqual(direct.map((e) => e.slug).sort(), ['document-0', 'document-1', 'loner', 'state-0']);
  const placed = [...groups.flatMap((g) => g.members), ...direct].map((e) => e.slug).sort();
  assert.deepEqual(placed, newcomers.map((e) => e.slug).sort(), 'every neighbour exactly once');
  assert.equal(new Set(groups.map((g) => g.id)).size, groups.length, 'group ids are distinct');
});

test('an outgoing relation reads from the hub', () => {
  const newcomers = [0, 1, 2].map((i) => entity(`project-${i}`, 'PROJECT'));
  const statements = newcomers.map((p) => statement('hub', 'IMPLEMENTS', p.slug));
  const { groups } = groupNeighbours('hub', newcomers, statements);
  assert.deepEqual(groups.map((g) => g.label), ['implements · 3 projects']);
});

/** Name labels (130px wide, up to three lines under the node) must not overlap. */
const LABEL = { width: 130, height: 60 };

function overlaps(positions) {
  const points = [...positions];
  const clashes = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const [a, p] = points[i];
      const [b, q] = points[j];
      if (Math.abs(p.x - q.x) < LABEL.width && Math.abs(p.y - q.y) < LABEL.height) clashes.push(`${a} / ${b}`);
    }
  }
  return clashes;
}

test('the ring leaves room for every name, wherever an opened group sits', () => {
  for (const size of [3, 13, 36]) {
    for (let opened = 0; opened < 10; opened += 1) {
      const items = Array.from({ length: 10 }, (_, i) => ({
        id: `item-${i}`,
        members: i === opened ? Array.from({ length: size }, (__, m) => `member-${m}`) : [],
      }));
      const positions = radialPositions(items);
      assert.equal(positions.size, 10 + size, 'every item and member is placed');
      assert.deepEqual(overlaps(positions), [], `${size} members opened at item ${opened}`);
      const distance = (p) => Math.hypot(p.x, p.y);
      const ring = distance(positions.get('item-0'));
      for (let m = 0; m < size; m += 1) {
        assert.ok(distance(positions.get(`member-${m}`)) > ring, 'members lie beyond the ring');
      }
    }
  }
});

test('two opened groups keep their names apart too', () => {
  const items = Array.from({ length: 9 }, (_, i) => ({
    id: `item-${i}`,
    members: i === 2 || i === 3 ? Array.from({ length: 13 }, (__, m) => `member-${i}-${m}`) : [],
  }));
  const positions = radialPositions(items);
  assert.equal(positions.size, 9 + 26);
  assert.deepEqual(overlaps(positions), []);
});
