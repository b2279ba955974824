// What the dashboards (the map and the attendance matrix) read from the API, fetched once per
// page load and shared: the states with their ISO codes, whole statement lists by predicate,
// and the dialogue's groups. A failed fetch is forgotten, so opening the view again retries.

import { gql, allPages } from './api.js';
import { DIALOGUE, DIALOGUE_GROUPS, MAP_STATES, STATEMENTS_OF } from './queries.js';

const cache = new Map();

/** `load()` once per `key`; a rejected promise is dropped so the next call tries again. */
function once(key, load) {
  if (!cache.has(key)) {
    const promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

/** Every state: `{ slug, name, iso2, iso3 }`. */
export function states() {
  return once('states', () => allPages(async (after) => (await gql(MAP_STATES, { after })).states));
}

/** Every statement of `predicate` (e.g. `ATTENDED`), in graph order. */
export function statementsOf(predicate) {
  return once(`statements ${predicate}`, () =>
    allPages(async (after) => (await gql(STATEMENTS_OF, { predicate, after })).statements));
}

/**
 * The slugs that make up the dialogue: the dialogue itself and the groups that are part of
 * it (its working groups, the Reference Group).
 */
export function dialogueParts() {
  return once('dialogue', async () => {
    const { groups } = await gql(DIALOGUE_GROUPS);
    const parts = new Set([DIALOGUE]);
    for (const group of groups.nodes) {
      if (group.partOf.nodes.some((s) => s.object?.slug === DIALOGUE)) parts.add(group.slug);
    }
    return parts;
  });
}

/**
 * The meetings someone is recorded to have attended, oldest first (undated last), each with
 * its attendance statements: `{ slug, name, date, statements }`.
 */
export async function attendedMeetings() {
  const attended = await statementsOf('ATTENDED');
  const meetings = new Map();
  for (const statement of attended) {
    const meeting = statement.object;
    if (!meeting) continue;
    if (!meetings.has(meeting.slug)) meetings.set(meeting.slug, { ...meeting, statements: [] });
    meetings.get(meeting.slug).statements.push(statement);
  }
  return [...meetings.values()].sort(byDate);
}

/** Oldest first by the first day of their dates; undated meetings last, in graph order. */
function byDate(a, b) {
  const from = (m) => m.date?.iso.split('/')[0] ?? '9999';
  return from(a).localeCompare(from(b));
}
