// The entity panel: name, kind, aliases, the curator's note, where the sources name it, and
// every statement about it (as subject or object) with its qualifiers, quotes and sources.

import { gql } from './api.js';
import { ENTITY } from './queries.js';
import { h, fill } from './dom.js';
import { enumLabel, categoryLabel, kindColour } from './format.js';
import { statementView, citationView } from './statement.js';

export function createPanel(element, { onResolved, onError }) {
  let shown = null; // the slug or reference last asked for
  let asked = 0; // answers to older requests than the latest are dropped

  async function show(ref) {
    shown = ref;
    const mine = ++asked;
    element.setAttribute('aria-busy', 'true');
    fill(element, h('p', { class: 'loading' }, 'Loading…'));
    try {
      const data = await gql(ENTITY, { ref });
      if (mine !== asked) return;
      if (!data.entity) {
        fill(element, h('h2', {}, 'Not found'),
          h('p', {}, `No entity is called “${ref}”. Try the search box.`));
        return;
      }
      shown = data.entity.slug;
      render(data.entity);
      onResolved(data.entity.slug);
    } catch (error) {
      if (mine !== asked) return;
      if (error.codes?.includes('NOT_FOUND')) {
        fill(element, h('h2', {}, 'Not found'),
          h('p', {}, `No entity is called “${ref}”. Try the search box.`));
        return;
      }
      fill(element, h('p', { class: 'failed' }, 'This entity could not be loaded.'));
      onError(error);
    } finally {
      if (mine === asked) element.removeAttribute('aria-busy');
    }
  }

  function render(entity) {
    const list = h('ol', { class: 'statements' });
    const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Show more statements');
    let cursor = null;

    const addPage = (page) => {
      list.append(...page.nodes.map((s) => statementView(s, entity.slug)));
      cursor = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
    };
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const data = await gql(ENTITY, { ref: entity.slug, after: cursor });
        addPage(data.entity.statements);
      } catch (error) {
        onError(error);
      } finally {
        more.disabled = false;
      }
    });

    fill(element,
      h('header', { class: 'entity-head' },
        h('h2', {}, entity.name),
        h('p', { class: 'kind' },
          h('span', { class: 'kind-badge' },
            h('span', { class: 'swatch', style: { background: kindColour(entity.kind) } }),
            enumLabel(entity.kind)),
          entity.category ? ` ${categoryLabel(entity.category)}` : null,
          ' · ', h('code', {}, entity.slug))),
      entity.aliases.length
        ? h('p', { class: 'aliases' }, h('span', { class: 'label' }, 'Also written: '), entity.aliases.join(', '))
        : null,
      entity.note ? h('p', { class: 'note' }, h('span', { class: 'note-label' }, 'Curator’s note: '), entity.note) : null,
      entity.citations.length
        ? h('details', { class: 'named-in' },
          h('summary', {}, `Named in the sources (${entity.citations.length})`),
          entity.citations.map(citationView))
        : null,
      h('h3', {}, `Statements (${entity.statements.totalCount})`),
      list,
      more);
    addPage(entity.statements);
  }

  return { show, shown: () => shown };
}
