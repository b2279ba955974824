// The 2026 calendar: every meeting dated in 2026, month by month, with its date, format
// (in person, online, hybrid) and status (planned, to be confirmed, held) in words, not only
// colour. Meetings whose month the sources do not give are listed after December.

import { gql, allPages } from './api.js';
import { CALENDAR_2026 } from './queries.js';
import { h, fill } from './dom.js';
import { dateLabel, enumLabel, monthName, categoryLabel } from './format.js';

const YEAR = 2026;

let loaded = null; // the meetings, fetched once per page load

export async function showCalendar(container) {
  if (!loaded) {
    fill(container, h('p', { class: 'loading' }, 'Loading…'));
    loaded = allPages(async (after) => (await gql(CALENDAR_2026, { after })).meetings)
      .then((meetings) => fill(container, months(meetings)));
    loaded.catch(() => {
      loaded = null; // try again next time the view opens
      fill(container, h('p', { class: 'failed' }, 'The calendar could not be loaded.'));
    });
  }
  return loaded;
}

/** One card per month of the year, then one for meetings dated only by year. */
function months(meetings) {
  const byMonth = new Map();
  for (const meeting of meetings) {
    // A meeting that starts in 2025 and ends in 2026 is listed in January.
    const month = meeting.date.year < YEAR ? 1 : meeting.date.month ?? 0;
    if (!byMonth.has(month)) byMonth.set(month, []);
    byMonth.get(month).push(meeting);
  }
  const cards = [];
  for (let month = 1; month <= 12; month += 1) {
    cards.push(monthCard(`${monthName(month)} ${YEAR}`, byMonth.get(month) ?? []));
  }
  if (byMonth.has(0)) cards.push(monthCard(`${YEAR}, month not given`, byMonth.get(0)));
  return cards;
}

function monthCard(title, meetings) {
  return h('section', { class: `month${meetings.length ? '' : ' empty'}`, 'aria-label': title },
    h('h3', {}, title),
    meetings.length
      ? h('ul', { class: 'meetings' }, meetings.map(meetingView))
      : h('p', { class: 'none' }, 'No meetings'));
}

function meetingView(meeting) {
  const venues = placesOf(meeting);
  const of = meeting.meetingOf.nodes.map((g) => g.name).join(', ');
  return h('li', { class: 'meeting' },
    h('p', { class: 'meeting-date' }, h('time', { datetime: meeting.date.iso }, dateLabel(meeting.date.iso))),
    h('p', { class: 'meeting-name' }, h('a', { href: `/?entity=${encodeURIComponent(meeting.slug)}` }, meeting.name)),
    h('p', { class: 'badges' },
      meeting.status ? h('span', { class: `badge status-${meeting.status.toLowerCase()}` }, enumLabel(meeting.status)) : null,
      h('span', { class: 'badge format' }, meeting.format ? enumLabel(meeting.format) : 'format not given'),
      meeting.category ? h('span', { class: 'category' }, categoryLabel(meeting.category)) : null),
    venues ? h('p', { class: 'venue' }, venues) : null,
    of ? h('p', { class: 'meeting-of' }, `of the ${of}`) : null);
}

/** "Antalya, Türkiye" or "Baghdad or Istanbul (TBC)": venues, each place once. */
function placesOf(meeting) {
  const seen = new Map();
  for (const venue of meeting.venues.nodes) {
    const tbc = venue.qualifiers.status === 'TBC';
    // A place both planned and TBC counts as planned.
    seen.set(venue.objectLabel, (seen.get(venue.objectLabel) ?? true) && tbc);
  }
  if (seen.size === 0) return '';
  return [...seen].map(([name, tbc]) => (tbc ? `${name} (TBC)` : name)).join(', ');
}
