// The chairs timeline: for the dialogue and each group, one row per state and role (chair,
// co-chair), drawn on a year axis of its own. A statement with a start is a bar (to its end,
// or an arrow while it still holds); one a source only attests at a time is a dot, or a
// bracket over the month or year the source gives. Statements of one row that disagree are
// marked and shown side by side with their quotes.

import { gql, allPages } from './api.js';
import { CHAIR_TIMELINE, CO_CHAIR_TIMELINE, GROUPS } from './queries.js';
import { h, fill } from './dom.js';
import { predicateLabel, qualifierPhrases } from './format.js';
import { statementView } from './statement.js';

/** Marks narrower than this (in % of the track) are drawn as dots of this width. */
const MIN_MARK = 1.6;
/** Marks closer than this (in %) go to separate lanes so none hides another. */
const LANE_GAP = 0.6;

let loaded = null; // the statements, fetched once per page load

export async function showTimeline(container, detail) {
  if (!loaded) {
    fill(container, h('p', { class: 'loading' }, 'Loading…'));
    loaded = Promise.all([
      allPages(async (after) => (await gql(CHAIR_TIMELINE, { after })).chairTimeline),
      allPages(async (after) => (await gql(CO_CHAIR_TIMELINE, { after })).coChairTimeline),
      gql(GROUPS),
    ]).then(([chairs, coChairs, { groups }]) => {
      const list = sections([...chairs, ...coChairs], groups.nodes);
      fill(container, list.map((s) => sectionView(s, detail)));
      fill(detail, h('p', { class: 'hint' }, 'Select a bar, dot or ! to read what the sources say.'));
    });
    loaded.catch(() => {
      loaded = null; // try again next time the view opens
      fill(container, h('p', { class: 'failed' }, 'The timeline could not be loaded.'));
    });
  }
  return loaded;
}

/**
 * Statements grouped by the dialogue or group they are about, then by state and role: the
 * dialogue first, then every group in the data's order, those without chairs too (saying so).
 */
function sections(statements, groups) {
  const bySection = new Map();
  const section = (body) => {
    if (!bySection.has(body.slug)) bySection.set(body.slug, { body, rows: new Map() });
    return bySection.get(body.slug);
  };
  for (const s of statements.filter((s) => s.object.kind !== 'GROUP')) section(s.object);
  for (const group of groups) section(group);
  for (const s of statements) {
    const rows = section(s.object).rows;
    const rowKey = `${s.predicate} ${s.subject.slug}`;
    if (!rows.has(rowKey)) rows.set(rowKey, { subject: s.subject, predicate: s.predicate, statements: [] });
    rows.get(rowKey).statements.push(s);
  }
  // Chairs before co-chairs; each in the order the API gives (the data's order).
  const rank = (row) => (row.predicate === 'CHAIRS' ? 0 : 1);
  return [...bySection.values()].map(({ body, rows }) => ({
    body,
    rows: [...rows.values()].sort((a, b) => rank(a) - rank(b)),
  }));
}

// Dates as fractional years (2025-07-02 ≈ 2025.5), so whole and partial dates share one
// axis; a day runs from its start to the start of the next, so ranges touch exactly.
const DAY_MS = 24 * 60 * 60 * 1000;
function toYear(day) {
  const [y, m, d] = day.split('-').map(Number);
  const start = Date.UTC(y, 0, 1);
  return y + (Date.UTC(y, m - 1, d) - start) / (Date.UTC(y + 1, 0, 1) - start);
}
function dayAfter(day) {
  const [y, m, d] = day.split('-').map(Number);
  return toYear(new Date(Date.UTC(y, m - 1, d) + DAY_MS).toISOString().slice(0, 10));
}

/** When a statement says the role held: its start, or the time a source attests it. */
function claimed(s) {
  const q = s.qualifiers;
  const date = q.start ?? q.pointInTime;
  return date ? { from: toYear(date.earliest), to: dayAfter(date.latest) } : null;
}

/** Whether the interval statement `c` (with a start) covers the span `t`. */
function covers(c, t) {
  const q = c.qualifiers;
  return toYear(q.start.earliest) < t.to && (!q.end || dayAfter(q.end.latest) > t.from);
}

/**
 * Pairs of one row's statements that disagree: a statement claims the role at a time before
 * another's start, or after its end, and no statement with a start and end covers that time
 * (a second term of office is then no disagreement). The API keeps such statements side by
 * side, each with its citation; this is where the page tells them apart.
 */
export function conflicts(statements) {
  const intervals = statements.filter((s) => s.qualifiers.start);
  const pairs = [];
  for (const a of intervals) {
    const start = toYear(a.qualifiers.start.earliest);
    const end = a.qualifiers.end ? dayAfter(a.qualifiers.end.latest) : Infinity;
    for (const b of statements) {
      const t = b === a ? null : claimed(b);
      if (!t || (t.to > start && t.from < end)) continue;
      if (intervals.some((c) => covers(c, t))) continue;
      pairs.push([a, b]);
    }
  }
  return pairs;
}

function sectionView(section, detail) {
  const title = h('h3', {}, h('a', { href: `/?entity=${encodeURIComponent(section.body.slug)}` }, section.body.name));
  if (section.rows.length === 0) {
    return h('section', { class: 'tl-section', 'aria-label': section.body.name },
      title, h('p', { class: 'none' }, 'The sources name no chair or co-chair.'));
  }
  const rows = section.rows.map((row) => ({ ...row, conflicts: conflicts(row.statements) }));
  const axis = axisOf(section.rows.flatMap((r) => r.statements), narrow());
  return h('section', { class: 'tl-section', 'aria-label': section.body.name },
    title,
    h('div', { class: 'tl-grid' },
      h('div', { class: 'tl-label tl-axis-label', 'aria-hidden': 'true' }),
      axisView(axis),
      rows.map((row) => rowView(row, axis, detail))));
}

/** Whether the screen is too narrow for a label every five years. */
function narrow() {
  return window.matchMedia('(max-width: 52rem)').matches;
}

/** Whole years around every date of the section, at least two. */
function axisOf(statements, narrowScreen) {
  let from = Infinity;
  let to = -Infinity;
  for (const s of statements) {
    for (const date of [s.qualifiers.start, s.qualifiers.end, s.qualifiers.pointInTime]) {
      if (!date) continue;
      from = Math.min(from, toYear(date.earliest));
      to = Math.max(to, dayAfter(date.latest));
    }
  }
  from = Math.floor(from);
  to = Math.max(Math.ceil(to), from + 2);
  const step = to - from <= 12 ? 1 : narrowScreen ? 10 : 5;
  return { from, to, step, at: (year) => (100 * (year - from)) / (to - from) };
}

function axisView(axis) {
  const ticks = [];
  for (let year = Math.ceil(axis.from / axis.step) * axis.step; year <= axis.to; year += axis.step) {
    ticks.push(h('span', { class: 'tl-tick', style: { left: `${axis.at(year)}%` } }, String(year)));
  }
  return h('div', { class: 'tl-axis', 'aria-hidden': 'true' }, ticks);
}

function rowView(row, axis, detail) {
  const inConflict = new Set(row.conflicts.flat());
  const marks = row.statements.map((s) => markOf(s, axis, inConflict.has(s)));
  const lanes = packLanes(marks);
  const role = predicateLabel(row.predicate);
  const label = `${row.subject.name} · ${role}`;
  const showConflict = () => showDetail(detail, `${row.subject.name} ${role}: the sources disagree`,
    [...inConflict], true);
  return [
    h('div', { class: 'tl-label' },
      h('a', { href: `/?entity=${encodeURIComponent(row.subject.slug)}` }, row.subject.name),
      h('span', { class: 'tl-role' }, ` ${role}`),
      row.conflicts.length
        ? h('button', {
          type: 'button', class: 'conflict-marker', onclick: showConflict,
          title: conflictTitle(inConflict),
          'aria-label': `${label}: the sources disagree; show both quotes`,
        }, '!')
        : null),
    h('div', { class: 'tl-track', style: { minHeight: `${lanes * 16 + 6}px` } },
      marks.map((mark) => h('button', {
        type: 'button',
        class: `tl-mark ${mark.kind}${mark.conflict ? ' conflict' : ''}`,
        style: { left: `${mark.left}%`, width: `${mark.width}%`, top: `${mark.lane * 16 + 3}px` },
        title: `${mark.text}\n“${mark.statement.citations[0]?.quote ?? ''}”`,
        'aria-label': `${label}, ${mark.text}${mark.conflict ? ' (the sources disagree)' : ''}`,
        onclick: () => (mark.conflict
          ? showConflict()
          : showDetail(detail, label, [mark.statement], false)),
      })))];
}

/** Where and how one statement is drawn. */
function markOf(s, axis, conflict) {
  const q = s.qualifiers;
  const sources = s.citations.map((c) => c.source.id).join(', ');
  let from;
  let to;
  let kind;
  if (q.start) {
    from = toYear(q.start.earliest);
    to = q.end ? dayAfter(q.end.latest) : axis.to;
    kind = q.end ? 'interval' : 'interval open';
  } else if (q.pointInTime) {
    from = toYear(q.pointInTime.earliest);
    to = dayAfter(q.pointInTime.latest);
    kind = 'attested';
  } else {
    from = axis.from;
    to = axis.to;
    kind = 'undated';
  }
  let left = axis.at(from);
  let width = axis.at(to) - left;
  if (width < MIN_MARK) {
    kind += ' dot';
    left = Math.max(0, left + width / 2 - MIN_MARK / 2);
    width = MIN_MARK;
  }
  const text = `${qualifierPhrases(q).join(', ') || 'undated'} (${sources})`;
  return { statement: s, kind, left, width, conflict, text, lane: 0 };
}

/** Puts each mark in the first lane where it overlaps no other; returns the lane count. */
function packLanes(marks) {
  const ends = [];
  const order = [...marks].sort((a, b) => a.left - b.left || b.width - a.width);
  for (const mark of order) {
    let lane = ends.findIndex((end) => end + LANE_GAP <= mark.left);
    if (lane < 0) lane = ends.length;
    ends[lane] = mark.left + mark.width;
    mark.lane = lane;
  }
  return Math.max(ends.length, 1);
}

function conflictTitle(statements) {
  return [...statements].map((s) => {
    const c = s.citations[0];
    const when = qualifierPhrases(s.qualifiers).join(', ') || 'undated';
    return `${c?.source.id} (${when}): “${c?.quote ?? ''}”`;
  }).join('\n');
}

function showDetail(detail, title, statements, disagree) {
  fill(detail,
    h('h3', {}, title),
    disagree ? h('p', { class: 'disagree' }, 'Both statements are kept, each with its own source; neither is taken as the truth.') : null,
    h('ol', { class: `statements${disagree ? ' side-by-side' : ''}` },
      statements.map((s) => statementView(s, null, disagree ? 'conflict' : ''))));
  detail.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}
