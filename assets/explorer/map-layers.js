// The map's layers: which states each one colours, and why. A layer reads statements of the
// public API (dashboard-data.js) and answers a `Map` from a state's slug to the reasons it is
// coloured, as short phrases ("co-chairs Thematic Working Group on Legal Pathways"), which the
// map shows on hover and in its lists. Which relations stand for what:
//   participating  attended a meeting of the dialogue or of one of its groups, or chairs,
//                  co-chairs, co-funds or participates in either (the sources list no members)
//   attended       `attended` the meeting picked
//   co-chair       `co_chairs` a group (a thematic working group, the Reference Group, …)
//   co-funder      `co_funds` a project or the dialogue
//   silk-routes    `in_region` a region the dialogue `focuses_on` (the Silk Routes region)

import { DIALOGUE } from './queries.js';
import { predicateLabel } from './format.js';
import { dialogueParts, statementsOf } from './dashboard-data.js';

/** Statements whose subject is a state, as reasons keyed by the state's slug. */
function reasonsOf(statements, phrase) {
  const reasons = new Map();
  for (const statement of statements) {
    if (statement.subject.kind !== 'STATE') continue;
    const text = phrase(statement);
    const list = reasons.get(statement.subject.slug) ?? [];
    if (!list.includes(text)) list.push(text);
    reasons.set(statement.subject.slug, list);
  }
  return reasons;
}

/** "co-chairs Thematic Working Group on …". */
function relation(statement) {
  return `${predicateLabel(statement.predicate)} ${statement.objectLabel}`;
}

/** Adds the reasons of `more` to `into`. */
function merge(into, more) {
  for (const [slug, list] of more) {
    const known = into.get(slug) ?? [];
    into.set(slug, [...known, ...list.filter((text) => !known.includes(text))]);
  }
  return into;
}

async function participating() {
  const parts = await dialogueParts();
  const [attended, chairing, coChairing, coFunding, participates] = await Promise.all(
    ['ATTENDED', 'CHAIRS', 'CO_CHAIRS', 'CO_FUNDS', 'PARTICIPATES_IN'].map(statementsOf));
  const ofDialogue = (s) => s.object && parts.has(s.object.slug);
  const atDialogueMeeting = (s) =>
    s.object?.meetingOf?.nodes.some((of) => parts.has(of.slug)) ?? false;
  const reasons = new Map();
  merge(reasons, reasonsOf([...chairing, ...coChairing, ...coFunding, ...participates].filter(ofDialogue), relation));
  merge(reasons, reasonsOf(attended.filter(atDialogueMeeting), relation));
  return reasons;
}

async function attendedMeeting(meeting) {
  const attended = await statementsOf('ATTENDED');
  return reasonsOf(attended.filter((s) => s.object?.slug === meeting), relation);
}

async function coChairs() {
  const statements = await statementsOf('CO_CHAIRS');
  return reasonsOf(statements.filter((s) => s.object?.kind === 'GROUP'), relation);
}

async function coFunds() {
  return reasonsOf(await statementsOf('CO_FUNDS'), relation);
}

async function focusRegions() {
  const [focuses, inRegion] = await Promise.all([statementsOf('FOCUSES_ON'), statementsOf('IN_REGION')]);
  const regions = new Set(focuses
    .filter((s) => s.subject.slug === DIALOGUE && s.object?.kind === 'REGION')
    .map((s) => s.object.slug));
  return reasonsOf(inRegion.filter((s) => regions.has(s.object?.slug)),
    (s) => `in the ${s.objectLabel}, the dialogue's focus`);
}

/**
 * The layers in the order the picker lists them. `legend`: what a coloured state means;
 * `note`: which statements say so; `needsMeeting`: the layer colours by the meeting picked.
 */
export const LAYERS = [
  {
    id: 'participating',
    label: 'Participating in the dialogue',
    legend: 'takes part in the dialogue or its groups',
    note: 'Attended a meeting of the dialogue or of one of its groups, or chairs, co-chairs, co-funds or participates in either. The sources give no list of members as such.',
    load: participating,
  },
  {
    id: 'attended',
    label: 'Attended a meeting',
    legend: 'attended the meeting',
    note: 'As the meeting’s record lists its participants; only meetings with such a list can be picked.',
    needsMeeting: true,
    load: attendedMeeting,
  },
  {
    id: 'co-chair',
    label: 'Co-chair of a group',
    legend: 'co-chairs a working group',
    note: 'Co-chairs one of the groups (thematic working groups and others) at any time the sources give.',
    load: coChairs,
  },
  {
    id: 'co-funder',
    label: 'Co-funder',
    legend: 'co-funds the dialogue or a project',
    note: 'Named by the sources as co-funding the dialogue or one of its projects.',
    load: coFunds,
  },
  {
    id: 'silk-routes',
    label: 'Silk Routes focus',
    legend: 'in the region the dialogue focuses on',
    note: 'In a region the dialogue focuses on, as the sources define the region’s states.',
    load: focusRegions,
  },
];

export function layerById(id) {
  return LAYERS.find((layer) => layer.id === id) ?? LAYERS[0];
}
