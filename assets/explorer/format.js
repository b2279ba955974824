// How the API's values read on the page: predicates, kinds, dates and qualifiers as words,
// and one colour per entity kind (shared by the graph, its legend and the panel).

/** `CO_CHAIRS` → "co-chairs", `HELD_IN` → "held in". */
export function predicateLabel(predicate) {
  return predicate.toLowerCase().replace(/^co_/, 'co-').replaceAll('_', ' ');
}

/** `STATE` → "state", `IN_PERSON` → "in person", `TBC` → "TBC". */
export function enumLabel(value) {
  if (!value) return '';
  if (value === 'TBC') return 'TBC';
  return value.toLowerCase().replaceAll('_', ' ');
}

/** `thematic_working_group` → "thematic working group". */
export function categoryLabel(category) {
  return category ? category.replaceAll('_', ' ') : '';
}

/**
 * Colours per kind, from the Okabe–Ito palette (told apart with most colour-vision
 * deficiencies) and a few darker tones. They only mark nodes and swatches: text is always
 * dark on white, and the kind is also written out (legend, panel).
 */
export const KIND_COLOURS = {
  STATE: '#0072B2',
  ORGANISATION: '#D55E00',
  PROCESS: '#6A3D9A',
  REGION: '#117733',
  GROUP: '#CC79A7',
  MEETING: '#8C6D00',
  PLACE: '#44AA99',
  PROJECT: '#882255',
  DOCUMENT: '#555555',
  MILESTONE: '#AA4499',
  PERSON: '#332288',
};

export function kindColour(kind) {
  return KIND_COLOURS[kind] ?? '#555555';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

export function monthName(month) {
  return MONTHS[month - 1];
}

/**
 * A partial ISO date as people write it: "2025", "November 2025", "26 November 2025"; a
 * range shares what its ends share: "26–27 November 2025", "30 June – 1 July 2026".
 */
export function dateLabel(iso) {
  const [from, to] = iso.split('/');
  if (!to) return oneDate(from);
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  if (fd && td && fy === ty && fm === tm) return `${fd}–${td} ${monthName(fm)} ${fy}`;
  if (fd && td && fy === ty) return `${fd} ${monthName(fm)} – ${td} ${monthName(tm)} ${fy}`;
  return `${oneDate(from)} – ${oneDate(to)}`;
}

function oneDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  if (!month) return String(year);
  if (!day) return `${monthName(month)} ${year}`;
  return `${day} ${monthName(month)} ${year}`;
}

/**
 * The qualifiers of a statement as short phrases: "from 2006", "until 2006", "attested
 * 26–27 November 2025", "role: Chair", "status: planned", ... (the note is left to callers,
 * being long).
 */
export function qualifierPhrases(q) {
  const phrases = [];
  if (q.start) phrases.push(`from ${dateLabel(q.start.iso)}`);
  if (q.end) phrases.push(`until ${dateLabel(q.end.iso)}`);
  if (q.pointInTime) phrases.push(`attested ${dateLabel(q.pointInTime.iso)}`);
  if (q.role) phrases.push(`role: ${q.role}`);
  if (q.status) phrases.push(`status: ${enumLabel(q.status)}`);
  if (q.format) phrases.push(`format: ${enumLabel(q.format)}`);
  if (q.measure) phrases.push(`measure: ${q.measure}`);
  if (q.unit) phrases.push(`unit: ${q.unit}`);
  return phrases;
}
