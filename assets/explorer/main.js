// The explorer's entry point: which view and entity are shown lives in the URL
// (`/?entity=turkiye`, `/?view=timeline`; a view's name as the fragment, `/#map`, opens it
// too), so every state can be linked to, reloaded and reached with the browser's back and
// forward buttons. This module reads and writes that
// state and hands the work to one module per part of the page.

import { createSearch } from './search.js';
import { createPanel } from './panel.js';
import { createGraph } from './graph.js';
import { showTimeline } from './timeline.js';
import { showCalendar } from './calendar.js';
import { showMap } from './map.js';
import { showMatrix } from './matrix.js';
import { DIALOGUE } from './queries.js';

const VIEWS = ['entity', 'timeline', 'calendar', 'map', 'matrix'];
/** What `/` with no query shows: the dialogue itself, the hub of the graph. */
const DEFAULT_ENTITY = DIALOGUE;

const errorBox = document.getElementById('error');

/** Shows a failure to the user (the API's own message when there is one). */
export function showError(error) {
  console.warn(error);
  document.getElementById('error-text').textContent = error?.message ?? String(error);
  errorBox.hidden = false;
}

function clearError() {
  errorBox.hidden = true;
}

document.getElementById('error-close').addEventListener('click', clearError);
window.addEventListener('unhandledrejection', (event) => showError(event.reason));

/** The state a URL stands for. */
function stateFrom(url) {
  const { searchParams: params, hash } = new URL(url);
  const entity = params.get('entity') || null;
  let view = params.get('view');
  if (VIEWS.includes(hash.slice(1))) view = hash.slice(1);
  if (!VIEWS.includes(view)) view = 'entity';
  return { view, entity };
}

/** The URL of a state; `entity` is kept across views so the Entity tab returns to it. */
export function urlOf({ view, entity }) {
  const params = new URLSearchParams();
  if (view !== 'entity') params.set('view', view);
  if (entity) params.set('entity', entity);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

let current = { view: 'entity', entity: null };

/** Goes to `state`, adding a history entry unless `replace` (or nothing changed). */
export function navigate(state, { replace = false } = {}) {
  const next = { ...current, ...state };
  const url = urlOf(next);
  const here = window.location.pathname + window.location.search;
  if (replace || url === here) history.replaceState(next, '', url);
  else history.pushState(next, '', url);
  render(next);
}

window.addEventListener('popstate', () => render(stateFrom(window.location.href)));
// A typed or linked `#map` becomes the view's own URL.
window.addEventListener('hashchange', () => navigate(stateFrom(window.location.href), { replace: true }));

/**
 * Follows same-page links (`/?…`) without reloading: tabs, entity names in the panel, the
 * timeline and the calendar. Modified clicks (new tab, …) keep the browser's behaviour.
 */
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="/?"], a[href="/"]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const target = stateFrom(new URL(link.getAttribute('href'), window.location.origin).href);
  // A tab link names only the view: keep the entity open now.
  navigate({ view: target.view, entity: target.entity ?? current.entity });
});

const panel = createPanel(document.getElementById('panel'), {
  // An alias or another spelling in the URL is replaced by the canonical slug.
  onResolved: (slug) => {
    if (slug !== current.entity) navigate({ entity: slug }, { replace: true });
  },
  onError: showError,
});
const graph = createGraph(document.getElementById('graph'), {
  count: document.getElementById('graph-count'),
  legend: document.getElementById('graph-legend'),
  groupList: document.getElementById('graph-groups'),
  onOpen: (slug) => navigate({ view: 'entity', entity: slug }),
  onError: showError,
});
document.getElementById('graph-reset').addEventListener('click', () => {
  graph.reset(current.entity ?? DEFAULT_ENTITY);
});

createSearch(document.getElementById('search-form'), {
  // A search starts the graph afresh; clicks in the graph and the panel grow it.
  onOpen: (slug) => {
    graph.reset(slug);
    navigate({ view: 'entity', entity: slug });
  },
  onError: showError,
});

/** Opens an entity from a dashboard: the entity view, its graph started afresh. */
function openEntity(slug) {
  graph.reset(slug);
  navigate({ view: 'entity', entity: slug });
}

/** Shows `state`: the active tab and view, and the entity in the panel and the graph. */
function render(state) {
  current = state;
  clearError();
  for (const view of VIEWS) {
    document.getElementById(`view-${view}`).hidden = view !== state.view;
  }
  for (const tab of document.querySelectorAll('.tabs a[data-view]')) {
    const view = tab.dataset.view;
    tab.href = urlOf({ view, entity: state.entity });
    if (view === state.view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  if (state.view === 'entity') {
    const entity = state.entity ?? DEFAULT_ENTITY;
    document.title = 'Budapest Process explorer · bpgraph';
    if (entity !== panel.shown()) panel.show(entity);
    graph.visible();
    if (entity !== graph.focused()) graph.show(entity);
  } else if (state.view === 'timeline') {
    document.title = 'Chairs timeline · Budapest Process explorer';
    showTimeline(document.getElementById('timeline'), document.getElementById('timeline-detail'))
      .catch(showError);
  } else if (state.view === 'calendar') {
    document.title = '2026 calendar · Budapest Process explorer';
    showCalendar(document.getElementById('calendar')).catch(showError);
  } else if (state.view === 'map') {
    document.title = 'Map of the states · Budapest Process explorer';
    showMap(document.getElementById('map'), { onOpen: openEntity }).catch(showError);
  } else {
    document.title = 'Attendance · Budapest Process explorer';
    showMatrix(document.getElementById('matrix'), { onOpen: openEntity }).catch(showError);
  }
}

// For the browser test and curious users of the console.
window.explorer = { graph };

render(stateFrom(window.location.href));
history.replaceState(current, '', urlOf(current));
