// The search box: a combobox over the API's full-text `textSearch`, which finds words and
// phrases in names, aliases, notes, quotes and source passages, ignoring case and diacritics
// ("turkiye" finds Türkiye; "operational arm" the quotes and paragraphs that say it). Each hit
// shows where it was found and its snippet with the matched words marked.
// Keyboard: type, ↓/↑ to move through the matches, Enter to open one, Escape to close.
// An entity hit opens the entity; a statement hit its subject; a passage has nothing to open.

import { gql } from './api.js';
import { SEARCH } from './queries.js';
import { h, fill } from './dom.js';
import { enumLabel, predicateLabel } from './format.js';

/** Waits this long after the last key before asking, so typing does not flood the server. */
const DEBOUNCE_MS = 150;

export function createSearch(form, { onOpen, onError }) {
  const input = form.querySelector('input');
  const list = form.querySelector('[role=listbox]');
  let hits = [];
  let active = -1;
  let timer = null;
  let asked = 0; // answers to older requests than the latest are dropped

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(index) {
    active = index;
    list.querySelectorAll('[role=option]').forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === index));
      if (i === index) {
        input.setAttribute('aria-activedescendant', option.id);
        option.scrollIntoView({ block: 'nearest' });
      }
    });
  }

  function open(hit) {
    const entity = entityOf(hit);
    if (!entity) return;
    close();
    input.value = entity.name;
    onOpen(entity.slug);
  }

  function show(found, text) {
    hits = found.nodes;
    const options = hits.map((hit, i) =>
      h('li', { role: 'option', id: `search-hit-${i}`, 'aria-selected': 'false',
        'aria-disabled': entityOf(hit) ? null : 'true',
        onmousedown: (event) => event.preventDefault(), // keep focus in the input
        onclick: () => open(hit) },
      h('span', { class: 'hit-name' }, title(hit)),
      h('span', { class: 'hit-kind' }, where(hit)),
      h('span', { class: 'hit-snippet' }, marked(hit.snippet))));
    if (options.length === 0) {
      options.push(h('li', { class: 'no-hits', role: 'presentation' }, `Nothing matches “${text}”.`));
    }
    fill(list, options);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  async function ask(text) {
    const mine = ++asked;
    try {
      const data = await gql(SEARCH, { text });
      if (mine === asked && input.value.trim() === text) show(data.textSearch, text);
    } catch (error) {
      onError(error);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      close();
      return;
    }
    timer = setTimeout(() => ask(text), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && hits.length) {
      event.preventDefault();
      if (list.hidden) list.hidden = false;
      highlight((active + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length) {
      event.preventDefault();
      highlight(active <= 0 ? hits.length - 1 : active - 1);
    } else if (event.key === 'Escape') {
      close();
    }
  });

  // Enter opens the highlighted match, or the best one.
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (!list.hidden && hits[active]) {
      open(hits[active]);
      return;
    }
    try {
      const data = await gql(SEARCH, { text });
      const first = data.textSearch.nodes.find(entityOf);
      if (first) open(first);
      else show(data.textSearch, text);
    } catch (error) {
      onError(error);
    }
  });

  input.addEventListener('blur', () => setTimeout(close, 100));
}

/** The entity a hit opens: the entity found, or the subject of the statement found. */
function entityOf(hit) {
  return hit.entity ?? hit.statement?.subject ?? null;
}

/** The hit's heading: the entity's name, the statement in words, or the source's title. */
function title(hit) {
  if (hit.entity) return hit.entity.name;
  if (hit.statement) {
    const s = hit.statement;
    return `${s.subject.name} ${predicateLabel(s.predicate)} ${s.objectLabel}`;
  }
  return hit.passage.source.title;
}

/** Where the words were found. */
function where(hit) {
  if (hit.entity) return enumLabel(hit.entity.kind);
  if (hit.statement) return hit.citation ? `quote · ${hit.citation.source.title}` : 'note';
  return `paragraph ${hit.passage.ordinal + 1}`;
}

/** The snippet as text nodes with each highlight in a `<mark>`; highlights count characters. */
function marked(snippet) {
  const chars = Array.from(snippet.text);
  const parts = [];
  let at = 0;
  for (const { start, end } of snippet.highlights) {
    parts.push(chars.slice(at, start).join(''), h('mark', {}, chars.slice(start, end).join('')));
    at = end;
  }
  parts.push(chars.slice(at).join(''));
  return parts;
}
