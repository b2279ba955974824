// The search box: a combobox over the API's ranked `search`, which matches names, aliases and
// slugs ignoring case and diacritics ("turkiye", "Turkey" and "TÜRKIYE" all find Türkiye).
// Keyboard: type, ↓/↑ to move through the matches, Enter to open one, Escape to close.

import { gql } from './api.js';
import { SEARCH } from './queries.js';
import { h, fill } from './dom.js';
import { enumLabel } from './format.js';

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
    close();
    input.value = hit.entity.name;
    onOpen(hit.entity.slug);
  }

  function show(found, text) {
    hits = found.nodes;
    const options = hits.map((hit, i) =>
      h('li', { role: 'option', id: `search-hit-${i}`, 'aria-selected': 'false',
        onmousedown: (event) => event.preventDefault(), // keep focus in the input
        onclick: () => open(hit) },
      h('span', { class: 'hit-name' }, hit.entity.name),
      h('span', { class: 'hit-kind' }, enumLabel(hit.entity.kind)),
      hit.matched !== hit.entity.name ? h('span', { class: 'hit-matched' }, `matched “${hit.matched}”`) : null));
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
      if (mine === asked && input.value.trim() === text) show(data.search, text);
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
      if (data.search.nodes.length > 0) open(data.search.nodes[0]);
      else show(data.search, text);
    } catch (error) {
      onError(error);
    }
  });

  input.addEventListener('blur', () => setTimeout(close, 100));
}
