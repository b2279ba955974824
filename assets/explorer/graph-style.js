// The neighbourhood graph's look, as a cytoscape stylesheet: node colour by kind, which names
// are written (the open entity's neighbours, entities opened before, a hub's group members),
// the open entity in bold, a hub's groups as boxes, and edges labelled only around the open
// entity so labels do not pile up.

export const STYLE = [
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
  { selector: 'node.near, node.expanded, node.hover, node.member', style: { label: 'data(label)' } },
  { selector: 'node.hover', style: { 'z-index': 20, 'text-background-opacity': 1 } },
  { selector: 'node.expanded', style: { width: 30, height: 30, 'border-width': 2, 'border-color': '#1b1b1b' } },
  {
    selector: 'node.focus',
    style: { width: 40, height: 40, 'border-width': 4, 'border-color': '#111', 'font-size': 15, 'font-weight': 'bold', 'z-index': 10 },
  },
  // A collapsed group: a rounded box in its members' colour, its label inside.
  {
    selector: 'node.cluster',
    style: {
      label: 'data(text)',
      shape: 'round-rectangle',
      width: 'data(width)',
      height: 'data(height)',
      'background-color': 'data(colour)',
      'background-opacity': 0.16,
      'border-width': 2,
      'border-color': 'data(colour)',
      'text-valign': 'center',
      'text-margin-y': 0,
      'text-background-opacity': 0,
      'font-size': 13,
      'font-weight': 'bold',
      'text-max-width': 400,
    },
  },
  // An opened group: a lighter box, its members tied to it by thin dotted lines.
  { selector: 'node.cluster.open', style: { 'background-opacity': 0.05, 'border-style': 'dashed' } },
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
  { selector: 'edge.undirected', style: { 'target-arrow-shape': 'none' } },
  {
    selector: 'edge.membership',
    style: { width: 1, 'line-style': 'dotted', 'line-color': '#8c96a0', 'target-arrow-shape': 'none', label: '' },
  },
];
