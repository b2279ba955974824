// The attendance matrix: who (states, organisations, any other attendee) attended which
// meeting, from the `attended` statements of the public API. One row per attendee, one column
// per meeting with recorded attendance, oldest first; a mark per statement-backed cell whose
// source quote shows on hover (its title) and, with the statement in full, when the mark is
// selected. Rows sort by name or by the number of meetings attended, either way round.

import { h, fill } from './dom.js';
import { dateLabel, enumLabel, kindColour } from './format.js';
import { attendedMeetings } from './dashboard-data.js';
import { statementView } from './statement.js';

let loaded = null; // the meetings and their attendance, fetched once per page load

export async function showMatrix(root, { onOpen }) {
  if (!loaded) {
    fill(root, h('p', { class: 'loading' }, 'Loading…'));
    loaded = attendedMeetings().then((meetings) => build(root, meetings, onOpen));
    loaded.catch(() => {
      loaded = null; // try again next time the view opens
      fill(root, h('p', { class: 'failed' }, 'The attendance could not be loaded.'));
    });
  }
  return loaded;
}

/** One row per attendee: `{ entity, cells: Map(meeting slug → statements), count }`. */
function rowsOf(meetings) {
  const rows = new Map();
  for (const meeting of meetings) {
    for (const statement of meeting.statements) {
      const who = statement.subject;
      if (!rows.has(who.slug)) rows.set(who.slug, { entity: who, cells: new Map() });
      const cells = rows.get(who.slug).cells;
      cells.set(meeting.slug, [...(cells.get(meeting.slug) ?? []), statement]);
    }
  }
  return [...rows.values()].map((row) => ({ ...row, count: row.cells.size }));
}

const byName = (a, b) => a.entity.name.localeCompare(b.entity.name);

/** Orders of the rows: by name, or by meetings attended (ties by name, A to Z either way). */
function sorter({ key, descending }) {
  const sign = descending ? -1 : 1;
  if (key === 'name') return (a, b) => sign * byName(a, b);
  return (a, b) => sign * (a.count - b.count) || byName(a, b);
}

/** The quotes behind a cell, as one text for its title. */
function quotesOf(statements) {
  return statements.flatMap((s) => s.citations.map((c) => `“${c.quote}” — ${c.source.title}`)).join('\n');
}

function build(root, meetings, onOpen) {
  const detail = document.getElementById('matrix-detail');
  if (meetings.length === 0) {
    fill(root, h('p', { class: 'none' }, 'No attendance is recorded.'));
    return;
  }
  const rows = rowsOf(meetings);
  const kinds = [...new Set(rows.map((row) => row.entity.kind))].sort();
  let order = { key: 'count', descending: true };
  let kind = '';

  const kindSelect = h('select', { id: 'matrix-kind' },
    h('option', { value: '' }, `All (${rows.length})`),
    kinds.map((k) => h('option', { value: k },
      `${enumLabel(k)} (${rows.filter((row) => row.entity.kind === k).length})`)));
  kindSelect.addEventListener('change', () => { kind = kindSelect.value; render(); });

  const table = h('table', { class: 'matrix-table' });
  const summary = h('p', { class: 'matrix-summary', 'aria-live': 'polite' });
  fill(root, h('div', { class: 'matrix-controls' }, h('label', {}, 'Show ', kindSelect), summary),
    h('div', { class: 'matrix-scroll' }, table));
  fill(detail, h('p', { class: 'hint' }, 'Select a mark to read what the source says.'));

  /** A column heading that sorts the rows by `key` (again: the other way round). */
  const sortHeader = (key, label, attributes = {}) => {
    const active = order.key === key;
    const direction = order.descending ? 'descending' : 'ascending';
    return h('th', { scope: 'col', 'aria-sort': active ? direction : 'none', ...attributes },
      h('button', {
        type: 'button',
        class: 'sort',
        onclick: () => {
          order = { key, descending: active ? !order.descending : key === 'count' };
          render();
        },
      }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (order.descending ? ' ▼' : ' ▲') : ' ↕')));
  };

  function render() {
    const shown = rows.filter((row) => !kind || row.entity.kind === kind);
    shown.sort(sorter(order));
    summary.textContent = `${shown.length} attendees × ${meetings.length} meetings with attendance recorded`;
    fill(table,
      h('thead', {}, h('tr', {},
        sortHeader('name', 'Name', { class: 'matrix-name' }),
        sortHeader('count', 'Meetings', { class: 'matrix-count' }),
        meetings.map((meeting) => h('th', { scope: 'col', class: 'matrix-meeting' },
          h('a', { href: `/?entity=${encodeURIComponent(meeting.slug)}`, title: meeting.name }, meeting.name),
          meeting.date ? h('span', { class: 'matrix-date' }, dateLabel(meeting.date.iso)) : null)))),
      h('tbody', {}, shown.map((row) => h('tr', {},
        h('th', { scope: 'row', class: 'matrix-name' },
          h('span', { class: 'swatch', style: { background: kindColour(row.entity.kind) }, title: enumLabel(row.entity.kind) }),
          h('a', { href: `/?entity=${encodeURIComponent(row.entity.slug)}` }, row.entity.name)),
        h('td', { class: 'matrix-count' }, String(row.count)),
        meetings.map((meeting) => cell(row, meeting))))));
  }

  function cell(row, meeting) {
    const statements = row.cells.get(meeting.slug);
    if (!statements) return h('td', { class: 'matrix-cell' });
    return h('td', { class: 'matrix-cell' }, h('button', {
      type: 'button',
      class: 'mark',
      title: quotesOf(statements),
      'aria-label': `${row.entity.name} attended ${meeting.name}: read the source`,
      onclick: (event) => select(event.currentTarget, statements, row, meeting),
    }, '●'));
  }

  function select(button, statements, row, meeting) {
    for (const marked of table.querySelectorAll('.mark[aria-pressed=true]')) marked.removeAttribute('aria-pressed');
    button.setAttribute('aria-pressed', 'true');
    fill(detail,
      h('h3', {}, `${row.entity.name} at ${meeting.name}`),
      h('ol', { class: 'statements' }, statements.map((s) => statementView(s, null))),
      h('p', {}, h('button', { type: 'button', class: 'more', onclick: () => onOpen(row.entity.slug) }, `Open ${row.entity.name}`)));
  }

  render();
}
