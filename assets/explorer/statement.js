// One statement as the page shows it everywhere (entity panel, timeline details): subject,
// predicate and object, its qualifiers, the curator's note, and every citation with its
// verbatim quote and source.

import { h } from './dom.js';
import { predicateLabel, qualifierPhrases } from './format.js';

/** A link that opens an entity in the explorer (plain text for the entity already shown). */
export function entityLink(entity, currentSlug) {
  if (entity.slug === currentSlug) return h('strong', { class: 'self' }, entity.name);
  return h('a', { href: `/?entity=${encodeURIComponent(entity.slug)}` }, entity.name);
}

/** A quote and where it is from. */
export function citationView(citation) {
  const source = citation.source;
  const date = source.date ? `, ${source.date.iso}` : '';
  return h('figure', { class: 'citation' },
    h('blockquote', {}, citation.quote),
    h('figcaption', {}, '— ', h('cite', {}, source.title), ' ',
      h('span', { class: 'source-id' }, `(${source.id}${date})`)));
}

/** The statement as a list item; `currentSlug` is the entity the list belongs to. */
export function statementView(statement, currentSlug, extraClass = '') {
  const q = statement.qualifiers;
  const object = statement.object
    ? entityLink(statement.object, currentSlug)
    : h('span', { class: 'literal' }, statement.objectLabel);
  return h('li', { class: `statement ${extraClass}`.trim(), 'data-statement': statement.statementId },
    h('p', { class: 'triple' },
      entityLink(statement.subject, currentSlug), ' ',
      h('span', { class: 'predicate' }, predicateLabel(statement.predicate)), ' ',
      object,
      derivationBadge(statement.derivation)),
    qualifierList(q, statement.derivation),
    q.note ? h('p', { class: 'note' }, h('span', { class: 'note-label' }, 'Curator’s note: '), q.note) : null,
    statement.citations.map(citationView));
}

/** A reading beyond the literal text of the quotes is marked; the note below says why. */
const DERIVATIONS = {
  INFERRED: ['inferred', 'Inferred: a reading beyond the literal text of the quotes'],
  RECONSTRUCTED: ['reconstructed', 'Reconstructed from the document’s layout, not read from a sentence'],
};

function derivationBadge(derivation) {
  const known = DERIVATIONS[derivation];
  if (!known) return null;
  return [' ', h('span', { class: `derivation derivation-${known[0]}`, title: known[1] }, known[0])];
}

/** How the dates were read, where it differs from how the relation was: a quoted relation
 * can carry a year its quote does not give. */
const DATE_DERIVATIONS = {
  STATED: ['date stated', 'The quotes give the date'],
  INFERRED: ['date inferred', 'The date is not in the quotes: taken from elsewhere (see the note)'],
  RECONSTRUCTED: ['date reconstructed', 'The date is pieced together from the document’s layout (see the note)'],
};

function dateDerivationBadge(q, derivation) {
  const known = DATE_DERIVATIONS[q.dateDerivation];
  if (!known || q.dateDerivation === derivation) return null;
  const kind = q.dateDerivation.toLowerCase();
  return [' ', h('span', { class: `derivation derivation-${kind}`, title: known[1] }, known[0])];
}

function qualifierList(q, derivation) {
  const phrases = qualifierPhrases(q);
  if (phrases.length === 0) return null;
  // The date phrases come first; the badge follows the last of them.
  const dates = [q.start, q.end, q.pointInTime].filter(Boolean).length;
  return h('ul', { class: 'qualifiers', 'aria-label': 'Qualifiers' },
    phrases.map((phrase, i) => h('li', {}, phrase,
      i === dates - 1 ? dateDerivationBadge(q, derivation) : null)));
}
