// Grouping a hub's neighbours for the graph: an entity with many neighbours (the dialogue has
// over fifty) is drawn with its neighbours gathered by relation, one collapsed group per
// predicate, direction and kind ("13 meetings · meeting of", "implements · 3 projects"),
// which the graph expands on request. Rare relations stay visible: a neighbour linked in several ways
// joins its smallest group. Neighbours left over from groups too small to collapse are then
// gathered by kind ("5 regions") when there are enough of one kind; the rest are shown as
// they are.
// No drawing here: graph.js places what this module decides.

import { enumLabel, predicateLabel } from './format.js';

/** More new neighbours than this, and they are grouped. */
export const HUB_NEIGHBOURS = 20;
/** Groups with fewer members are shown as plain nodes. */
const MIN_GROUP = 3;

/** Kinds in the plural, for group labels ("13 meetings"). */
const PLURALS = { PERSON: 'people', PROCESS: 'processes', DOCUMENT: 'documents' };

function plural(kind, count) {
  const word = enumLabel(kind);
  if (count === 1) return word;
  return PLURALS[kind] ?? `${word}s`;
}

/**
 * Splits `newcomers` (entities `{ slug, name, kind }` around `centre`) into groups and
 * neighbours shown directly, by the statements linking each to the centre:
 * `{ groups: [{ id, label, predicate, incoming, kind, members }], direct: [entity] }`
 * (`predicate` and `incoming` are null for a group by kind).
 * Every group's members share a `kind`, which colours it.
 */
export function groupNeighbours(centre, newcomers, statements) {
  const kindOf = new Map(newcomers.map((entity) => [entity.slug, entity.kind]));
  const waysOf = new Map(); // neighbour slug → keys "in PREDICATE KIND" / "out PREDICATE KIND"
  for (const s of statements) {
    if (!s.object) continue;
    const incoming = s.object.slug === centre;
    if (!incoming && s.subject.slug !== centre) continue;
    const other = incoming ? s.subject.slug : s.object.slug;
    if (!kindOf.has(other)) continue;
    const key = `${incoming ? 'in' : 'out'} ${s.predicate} ${kindOf.get(other)}`;
    const ways = waysOf.get(other) ?? new Set();
    ways.add(key);
    waysOf.set(other, ways);
  }
  const sizes = new Map();
  for (const entity of newcomers) {
    for (const key of waysOf.get(entity.slug) ?? []) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  // Each neighbour joins its smallest group (ties: the first in the key's order, so the
  // choice is stable), which keeps the rarer relations apart.
  const members = new Map();
  const direct = [];
  for (const entity of newcomers) {
    const keys = [...(waysOf.get(entity.slug) ?? [])].sort();
    if (keys.length === 0) {
      direct.push(entity);
      continue;
    }
    const key = keys.reduce((best, k) => (sizes.get(k) < sizes.get(best) ? k : best));
    members.set(key, [...(members.get(key) ?? []), entity]);
  }
  const groups = [];
  const leftOver = [];
  for (const [key, list] of members) {
    if (list.length < MIN_GROUP) {
      leftOver.push(...list);
      continue;
    }
    const [direction, predicate, kind] = key.split(' ');
    const incoming = direction === 'in';
    const relation = predicateLabel(predicate);
    const what = `${list.length} ${plural(kind, list.length)}`;
    groups.push({
      id: `group ${centre} ${key}`,
      // "13 meetings · meeting of" (they are meetings of the centre); "implements · 3
      // projects" (the centre implements them). Drawn on two lines, for narrow boxes.
      label: incoming ? `${what} · ${relation}` : `${relation} · ${what}`,
      predicate,
      incoming,
      kind,
      members: list,
    });
  }
  const byKind = new Map();
  for (const entity of leftOver) byKind.set(entity.kind, [...(byKind.get(entity.kind) ?? []), entity]);
  for (const [kind, list] of byKind) {
    if (list.length < MIN_GROUP) {
      direct.push(...list);
      continue;
    }
    // Linked by several relations: no direction, and the label names the kind alone.
    groups.push({ id: `group ${centre} kind ${kind}`, label: `${list.length} ${plural(kind, list.length)}`, predicate: null, incoming: null, kind, members: list });
  }
  groups.sort((a, b) => b.members.length - a.members.length);
  return { groups, direct };
}

/** Arc length one name needs on a ring (a label wraps at 130px). */
const SLOT = 150;
/** The room a node and its name take: 130px wide, up to three lines under the node. */
const LABEL_WIDTH = 130;
const LABEL_HEIGHT = 60;
/** Members are tried on rows this far apart, outwards from the ring. */
const ROW_STEP = 30;
/** An opened group's members count this much each towards its share of the circle. */
const MEMBER_WEIGHT = 0.45;

/**
 * A hub's picture as positions around the centre at (0, 0): its neighbours and groups on a
 * ring, in the order given (clockwise from the top), each with a share of the circle; an
 * opened group's share grows with its members, which take the free places nearest it beyond
 * the ring, within that share, so no name lands on another. `items`: `[{ id, members: [id] }]`
 * (`members` empty for a neighbour or a closed group). Returns a `Map` from id to `{ x, y }`.
 */
export function radialPositions(items) {
  const weights = items.map((item) => Math.max(1, item.members.length * MEMBER_WEIGHT));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const ring = Math.max(160, (SLOT * total) / (2 * Math.PI));
  const positions = new Map();
  const at = (radius, angle) => ({ x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
  const free = (p) => [...positions.values()].every((q) =>
    Math.abs(p.x - q.x) >= LABEL_WIDTH || Math.abs(p.y - q.y) >= LABEL_HEIGHT);
  const middles = [];
  let start = -Math.PI / 2 - (Math.PI * weights[0]) / total; // the first item at the top
  items.forEach((item, i) => {
    const share = (2 * Math.PI * weights[i]) / total;
    middles.push(start + share / 2);
    positions.set(item.id, at(ring, start + share / 2));
    start += share;
  });
  // Members take the free places nearest their group: row by row outwards, within the
  // group's share of the circle, from its middle to its edges.
  items.forEach((item, i) => {
    const share = (2 * Math.PI * weights[i]) / total;
    const waiting = [...item.members];
    for (let radius = ring + ROW_STEP; waiting.length > 0; radius += ROW_STEP) {
      const places = Math.max(1, Math.floor((share * 0.9 * radius) / SLOT));
      const step = places > 1 ? (share * 0.9) / (places - 1) : 0;
      const angles = Array.from({ length: places }, (_, k) => middles[i] + (k - (places - 1) / 2) * step)
        .sort((a, b) => Math.abs(a - middles[i]) - Math.abs(b - middles[i]));
      for (const angle of angles) {
        const place = at(radius, angle);
        if (waiting.length > 0 && free(place)) positions.set(waiting.shift(), place);
      }
    }
  });
  return positions;
}
