// The neighbourhood graph (cytoscape, vendored): an entity and everything one statement away.
// Clicking a node opens it and adds its own neighbours, so the graph grows as one explores;
// "Only this entity's neighbours" starts over. Node colour says the kind (legend below).

import { gql } from './api.js';
import { NEIGHBOURHOOD } from './queries.js';
import { h, fill } from './dom.js';
import { KIND_COLOURS, enumLabel, predicateLabel } from './format.js';

/** Longer names are cut in the graph (the panel shows them whole). */
const LABEL_CHARS = 38;
/** Fitting a small graph to the pane zooms no further than this. */
const MAX_FIT_ZOOM = 1.25;

const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      color: '#1b1b1b',
      'font-size': 13,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': 130,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': 2,
      width: 22,
      height: 22,
    },
  },
  // Names are written next to the open entity's neighbours and the entities opened before;
  // the others show theirs on hover, so a grown graph stays legible.
  { selector: 'node.near, node.expanded, node.hover', style: { label: 'data(label)' } },
  { selector: 'node.hover', style: { 'z-index': 20, 'text-background-opacity': 1 } },
  { selector: 'node.expanded', style: { width: 30, height: 30, 'border-width': 2, 'border-color': '#1b1b1b' } },
  {
    selector: 'node.focus',
    style: { width: 40, height: 40, 'border-width': 4, 'border-color': '#111', 'font-size': 15, 'font-weight': 'bold', 'z-index': 10 },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#9aa3ad',
      'target-arrow-color': '#9aa3ad',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'curve-style': 'bezier',
    },
  },
  // Only the focused entity's statements are labelled, so labels do not pile up.
  {
    selector: 'edge.focus',
    style: {
      label: 'data(label)',
      'font-size': 10,
      color: '#333',
      'line-color': '#4a5560',
      'target-arrow-color': '#4a5560',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': 1,
    },
  },
];

function shortLabel(name) {
  return name.length <= LABEL_CHARS ? name : `${name.slice(0, LABEL_CHARS - 1).trimEnd()}…`;
}

export function createGraph(container, { count, legend, onOpen, onError }) {
  const cy = window.cytoscape({
    container,
    style: STYLE,
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  let focused = null;
  let pending = Promise.resolve();

  cy.on('tap', 'node', (event) => onOpen(event.target.id()));
  // The canvas cannot be tabbed to; the panel lists the same statements as links.
  cy.on('mouseover', 'node', (event) => {
    event.target.addClass('hover');
    container.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', (event) => {
    event.target.removeClass('hover');
    container.style.cursor = '';
  });

  /** Adds `slug`'s neighbours around it and lays the graph out again. */
  async function expand(slug) {
    const { neighbourhood: n } = await gql(NEIGHBOURHOOD, { ref: slug });
    const centre = n.center.slug;
    const origin = cy.$id(centre).nonempty() ? cy.$id(centre).position() : { x: 0, y: 0 };
    const first = cy.nodes().empty();
    const newcomers = n.entities.nodes.map((neighbour) => neighbour.entity)
      .filter((entity) => cy.$id(entity.slug).empty());
    // New nodes start on an arc around the node they came from, facing away from the rest of
    // the graph, so the layout below only has to settle them.
    const away = angleFromCentre(origin);
    const spread = Math.min(2 * Math.PI, Math.PI / 2 + 0.35 * newcomers.length);
    const radius = 120 + 4 * newcomers.length;
    const added = newcomers.map((entity, i) => {
      const angle = away - spread / 2 + (spread * (i + 0.5)) / newcomers.length;
      return {
        group: 'nodes',
        data: { id: entity.slug, label: shortLabel(entity.name), name: entity.name, kind: entity.kind, colour: KIND_COLOURS[entity.kind] },
        position: { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) },
      };
    });
    // One edge per subject, predicate and object: several sources stating the same relation
    // (at different times) make one edge labelled with their number, not a bundle of lines.
    for (const s of n.statements.nodes) {
      if (!s.object) continue;
      const id = `${s.subject.slug} ${s.predicate} ${s.object.slug}`;
      const edge = cy.$id(id);
      const label = predicateLabel(s.predicate);
      if (edge.nonempty()) {
        const ids = new Set(edge.data('statements'));
        ids.add(s.statementId);
        edge.data({ statements: [...ids], label: ids.size > 1 ? `${label} (${ids.size})` : label });
        continue;
      }
      const pending = added.find((e) => e.data.id === id);
      if (pending) {
        pending.data.statements.push(s.statementId);
        pending.data.label = `${label} (${pending.data.statements.length})`;
        continue;
      }
      added.push({
        group: 'edges',
        data: { id, source: s.subject.slug, target: s.object.slug, label, statements: [s.statementId] },
      });
    }
    cy.add(added.filter((e) => e.group === 'nodes'));
    // Edges only between nodes present (a statement may link two neighbours of the centre).
    cy.add(added.filter((e) => e.group === 'edges' && cy.$id(e.data.source).nonempty() && cy.$id(e.data.target).nonempty()));
    cy.$id(centre).addClass('expanded');
    setFocus(centre);
    layout(newcomers.length > 0, first);
    describe(n);
  }

  function setFocus(slug) {
    focused = slug;
    cy.elements().removeClass('focus near');
    const node = cy.$id(slug);
    node.addClass('focus');
    node.connectedEdges().addClass('focus');
    node.closedNeighborhood().nodes().addClass('near');
  }

  /** The direction from the middle of the graph to `point` (to the right for the first). */
  function angleFromCentre(point) {
    if (cy.nodes().length < 2) return 0;
    const box = cy.nodes().boundingBox();
    const dx = point.x - (box.x1 + box.x2) / 2;
    const dy = point.y - (box.y1 + box.y2) / 2;
    return dx === 0 && dy === 0 ? 0 : Math.atan2(dy, dx);
  }

  /**
   * The first neighbourhood is a star: the entity in the middle, its neighbours in a ring.
   * Later expansions refine the current picture with a force layout that starts from where
   * the nodes are (new ones on their arc), so the picture keeps roughly its shape.
   */
  function layout(changed, first) {
    if (first) {
      cy.layout({
        name: 'concentric',
        concentric: (node) => (node.hasClass('focus') ? 2 : 1),
        levelWidth: () => 1,
        minNodeSpacing: 8,
        nodeDimensionsIncludeLabels: true,
        animate: false,
        padding: 20,
      }).run();
    } else if (changed) {
      cy.layout({
        name: 'cose',
        animate: false,
        randomize: false,
        initialTemp: 150,
        nodeRepulsion: () => 120000,
        idealEdgeLength: () => 80,
        nodeOverlap: 12,
        gravity: 0.4,
        numIter: 1200,
        padding: 20,
      }).run();
    }
    fit();
  }

  /** The whole graph in view, but never so zoomed in that a small graph's labels loom. */
  function fit() {
    cy.fit(cy.elements(), 20);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center();
    }
  }

  function describe(n) {
    const total = cy.nodes().length;
    const cut = n.entities.totalCount > n.entities.nodes.length
      ? ` (${n.center.name}: first ${n.entities.nodes.length} of ${n.entities.totalCount} neighbours)`
      : '';
    count.textContent = `${total} entities, ${cy.edges().length} statements${cut}`;
    const kinds = [...new Set(cy.nodes().map((node) => node.data('kind')))].sort();
    fill(legend, kinds.map((kind) =>
      h('li', {}, h('span', { class: 'swatch', style: { background: KIND_COLOURS[kind] } }), enumLabel(kind))));
  }

  /** Runs graph changes one after another, reporting failures. */
  function queue(task) {
    pending = pending.then(task).catch(onError);
    return pending;
  }

  return {
    /** Opens `slug`: expands it if it is in the graph already, else starts from it. */
    show: (slug) => {
      focused = slug;
      return queue(async () => {
        if (cy.$id(slug).nonempty()) return expand(slug);
        cy.elements().remove();
        return expand(slug);
      });
    },
    /** Starts over from `slug` and its neighbours. */
    reset: (slug) => {
      focused = slug;
      return queue(() => {
        cy.elements().remove();
        return expand(slug);
      });
    },
    /** Call when the container is shown again: cytoscape measures it then. */
    visible: () => {
      cy.resize();
      if (cy.nodes().length) fit();
    },
    focused: () => focused,
    /** Resolves once every change asked for so far is drawn. */
    idle: () => pending,
    /** For tests and the console: how many nodes are drawn, and where one is on screen. */
    nodeCount: () => cy.nodes().length,
    renderedPosition: (slug) => (cy.$id(slug).nonempty() ? cy.$id(slug).renderedPosition() : null),
  };
}
