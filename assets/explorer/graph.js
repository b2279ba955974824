// The neighbourhood graph (cytoscape, vendored): an entity and everything one statement away.
// Clicking a node opens it and adds its own neighbours, so the graph grows as one explores;
// "Only this entity's neighbours" starts over. Node colour says the kind (legend below). A
// hub's many neighbours come gathered by relation into group nodes (hub.js), which a click,
// or their button below the graph, expands into a box of their members.

import { gql } from './api.js';
import { NEIGHBOURHOOD } from './queries.js';
import { h, fill } from './dom.js';
import { KIND_COLOURS, enumLabel, kindColour, predicateLabel } from './format.js';
import { HUB_NEIGHBOURS, groupNeighbours, radialPositions } from './hub.js';
import { STYLE } from './graph-style.js';

/** Longer names are cut in the graph (the panel shows them whole). */
const LABEL_CHARS = 38;
/** Fitting a small graph to the pane zooms no further than this. */
const MAX_FIT_ZOOM = 1.25;

/** A group box wide enough for its label (cytoscape does not size nodes by their labels). */
const CLUSTER_CHAR_WIDTH = 7.4;

function shortLabel(name) {
  return name.length <= LABEL_CHARS ? name : `${name.slice(0, LABEL_CHARS - 1).trimEnd()}…`;
}

export function createGraph(container, { count, legend, groupList, onOpen, onError }) {
  const cy = window.cytoscape({
    container,
    style: STYLE,
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  let focused = null;
  let lastNeighbourhood = null; // the neighbourhood drawn last, for the count above
  let pending = Promise.resolve();

  /** Members and statements of each collapsed group, by the group node's id. */
  const collapsed = new Map();

  cy.on('tap', 'node', (event) => {
    const node = event.target;
    if (!node.hasClass('cluster')) onOpen(node.id());
    else if (collapsed.has(node.id())) queue(() => expandGroup(node.id()));
  });
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
    const isNew = (entity) => cy.$id(entity.slug).empty();
    // A hub opened from a grown graph starts a picture of its own: two hubs' groups in one
    // picture would be as unreadable as the ring they replace.
    if (n.entities.nodes.filter((neighbour) => isNew(neighbour.entity)).length > HUB_NEIGHBOURS) clear();
    const origin = cy.$id(centre).nonempty() ? cy.$id(centre).position() : { x: 0, y: 0 };
    const first = cy.nodes().empty();
    const newcomers = n.entities.nodes.map((neighbour) => neighbour.entity).filter(isNew);
    const { groups, direct } = newcomers.length > HUB_NEIGHBOURS
      ? groupNeighbours(centre, newcomers, n.statements.nodes)
      : { groups: [], direct: newcomers };
    const hidden = new Map(); // member slug → its group's id
    for (const group of groups) {
      for (const member of group.members) hidden.set(member.slug, group.id);
      collapsed.set(group.id, { centre, members: group.members, statements: [] });
    }
    const shown = [...groups.map(clusterData), ...direct.map(entityData)];
    // New nodes start on an arc around the node they came from, facing away from the rest of
    // the graph, so the layout below only has to settle them.
    const away = angleFromCentre(origin);
    const spread = Math.min(2 * Math.PI, Math.PI / 2 + 0.35 * shown.length);
    const radius = 120 + 4 * shown.length;
    const added = shown.map((data, i) => {
      const angle = away - spread / 2 + (spread * (i + 0.5)) / shown.length;
      return {
        group: 'nodes',
        data,
        classes: data.cluster ? 'cluster' : '',
        position: { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) },
      };
    });
    for (const group of groups) {
      const [source, target] = group.incoming ? [group.id, centre] : [centre, group.id];
      // Unlabelled: the group's own label names the relation (a group by kind has several).
      added.push({
        group: 'edges',
        data: { id: `${group.id} edge`, source, target, label: '', statements: [] },
        classes: group.predicate ? 'structural' : 'structural undirected',
      });
    }
    // One edge per subject, predicate and object: several sources stating the same relation
    // (at different times) make one edge labelled with their number, not a bundle of lines.
    for (const s of n.statements.nodes) {
      if (!s.object) continue;
      // A statement touching a collapsed group's member waits for the group to open.
      const group = hidden.get(s.subject.slug) ?? hidden.get(s.object.slug);
      if (group) {
        collapsed.get(group).statements.push(s);
        continue;
      }
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
    lastNeighbourhood = n;
    describe(n);
    layout(newcomers.length > 0, first);
  }

  function entityData(entity) {
    return { id: entity.slug, label: shortLabel(entity.name), name: entity.name, kind: entity.kind, colour: KIND_COLOURS[entity.kind] };
  }

  function clusterData(group) {
    const lines = group.label.split(' · '); // "13 meetings" over "meeting of"
    return {
      id: group.id,
      cluster: true,
      label: group.label,
      text: lines.join('\n'),
      name: group.label,
      kind: group.kind,
      colour: kindColour(group.kind),
      width: Math.round(Math.max(...lines.map((line) => line.length)) * CLUSTER_CHAR_WIDTH + 24),
      height: 16 + 18 * lines.length,
    };
  }

  /**
   * Opens a collapsed group: its members around the group's box, on the side away from the
   * centre, each tied to the box by a thin line, with the statements between them and other
   * entities drawn; their statements with the centre are left to the group's edge, which
   * stands for them (opening a member draws its own).
   */
  function expandGroup(id) {
    const group = collapsed.get(id);
    const box = cy.$id(id);
    if (!group || box.empty()) return;
    collapsed.delete(id);
    box.addClass('open');
    const at = box.position();
    const from = cy.$id(group.centre).nonempty() ? cy.$id(group.centre).position() : { x: 0, y: 0 };
    const away = Math.atan2(at.y - from.y, at.x - from.x);
    const members = group.members.filter((m) => cy.$id(m.slug).empty());
    const spread = Math.min(1.6 * Math.PI, Math.PI / 3 + 0.25 * members.length);
    const radius = 140 + 6 * members.length;
    cy.add(members.flatMap((member, i) => {
      const angle = away - spread / 2 + (spread * (i + 0.5)) / members.length;
      return [
        {
          group: 'nodes',
          data: entityData(member),
          classes: 'member',
          position: { x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle) },
        },
        { group: 'edges', data: { id: `${id} ${member.slug}`, source: id, target: member.slug }, classes: 'membership structural' },
      ];
    }));
    for (const s of group.statements) {
      const source = s.subject.slug;
      const target = s.object.slug;
      const edgeId = `${source} ${s.predicate} ${target}`;
      if (source === group.centre || target === group.centre) continue;
      if (cy.$id(source).empty() || cy.$id(target).empty() || cy.$id(edgeId).nonempty()) continue;
      cy.add({
        group: 'edges',
        data: { id: edgeId, source, target, label: predicateLabel(s.predicate), statements: [s.statementId] },
      });
    }
    hubLayout(group.centre, id);
    describe(lastNeighbourhood);
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
        // A hub's group boxes are wide: the layout must know, or they land on each other.
        nodeDimensionsIncludeLabels: cy.nodes('.cluster').nonempty(),
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

  /**
   * After a group opens: the hub's ring again (hub.js), in the order it is drawn now, with
   * the opened groups' members in rows beyond them; then the view closes in on the group
   * just opened (the rest stays a scroll or a zoom away).
   */
  function hubLayout(centre, opened) {
    const hub = cy.$id(centre);
    if (hub.empty()) return;
    const origin = hub.position();
    const clockwise = (node) => {
      const p = node.position();
      return (Math.atan2(p.y - origin.y, p.x - origin.x) + 2.5 * Math.PI) % (2 * Math.PI);
    };
    const ring = hub.neighborhood('node').not('.member').sort((a, b) => clockwise(a) - clockwise(b));
    const items = ring.map((node) => ({
      id: node.id(),
      members: node.outgoers('edge.membership').targets().map((member) => member.id()),
    }));
    for (const [id, p] of radialPositions(items)) cy.$id(id).position({ x: origin.x + p.x, y: origin.y + p.y });
    cy.fit(cy.$id(opened).closedNeighborhood().union(hub), 20);
    if (cy.zoom() > MAX_FIT_ZOOM) cy.zoom(MAX_FIT_ZOOM);
  }

  /** The whole graph in view, but never so zoomed in that a small graph's labels loom. */
  function fit() {
    cy.resize(); // the list of groups below may have changed the pane's height
    cy.fit(cy.elements(), 20);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center();
    }
  }

  function describe(n) {
    const cut = n.entities.totalCount > n.entities.nodes.length
      ? ` (${n.center.name}: first ${n.entities.nodes.length} of ${n.entities.totalCount} neighbours)`
      : '';
    const inGroups = [...collapsed.values()].reduce((sum, g) => sum + g.members.length, 0);
    const grouped = collapsed.size ? ` (${inGroups} more in ${collapsed.size} groups)` : '';
    const entities = cy.nodes().not('.cluster').length;
    count.textContent = `${entities} entities${grouped}, ${cy.edges().not('.structural').length} statements${cut}`;
    describeGroups();
    const kinds = [...new Set(cy.nodes().map((node) => node.data('kind')).filter(Boolean))].sort();
    fill(legend, kinds.map((kind) =>
      h('li', {}, h('span', { class: 'swatch', style: { background: KIND_COLOURS[kind] } }), enumLabel(kind))));
  }

  /** A button per collapsed group, so the keyboard can open them too. */
  function describeGroups() {
    if (!groupList) return;
    const ids = [...collapsed.keys()].filter((id) => cy.$id(id).nonempty());
    groupList.hidden = ids.length === 0;
    fill(groupList, h('span', { class: 'hint' }, 'Grouped by relation (each neighbour once, under its rarest), open one:'),
      ids.map((id) => h('button', { type: 'button', onclick: () => queue(() => expandGroup(id)) },
        cy.$id(id).data('label'))));
  }

  function clear() {
    cy.elements().remove();
    collapsed.clear();
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
        clear();
        return expand(slug);
      });
    },
    /** Starts over from `slug` and its neighbours. */
    reset: (slug) => {
      focused = slug;
      return queue(() => {
        clear();
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
    /** The group nodes drawn: id, label, whether still collapsed, members drawn around it. */
    groups: () => cy.nodes('.cluster').map((node) => ({
      id: node.id(),
      label: node.data('label'),
      collapsed: collapsed.has(node.id()),
      members: node.outgoers('edge.membership').length,
    })),
  };
}
