// The map of the states: the world's countries (world-atlas, drawn with d3-geo and
// topojson-client, all vendored) with the states of the data coloured by a layer of
// map-layers.js, a meeting picker for the attendance layer, a legend, the name and the reasons
// on hover or keyboard focus, and a click (or Enter) that opens the state in the explorer.
// States are matched to the map's features by ISO code: the seed's alpha-3 code, through
// i18n-iso-countries' table, to the ISO 3166-1 numeric id world-atlas gives each feature.
// States the map cannot place, and those outside the regional view, are listed beside it.
// The layer, meeting and view are kept in the URL (`?view=map&layer=attended&meeting=som-24`,
// `&world=1`), so a coloured map can be linked to.

import { h, fill } from './dom.js';
import { dateLabel } from './format.js';
import { LAYERS, layerById } from './map-layers.js';
import { states, attendedMeetings } from './dashboard-data.js';

const ASSETS = '/explorer/assets/';
const WIDTH = 960;
const HEIGHT = 560;
/** The regional view: Ireland to Bangladesh, Malta to Scandinavia (longitude, latitude). */
const REGION = { west: -11, east: 93, south: 23, north: 67 };
/** Antarctica (ISO 3166-1 numeric 010) is left out of the world view: no state lies there. */
const ANTARCTICA = '010';
/** How many reasons a tooltip lists before "and N more". */
const TOOLTIP_REASONS = 3;

let loaded = null; // the map's files and the states, fetched once per page load

/** The map's choices a URL names; what it does not name stays as it is. */
function choiceInUrl() {
  const params = new URLSearchParams(window.location.search);
  return { layer: params.get('layer'), meeting: params.get('meeting'), world: params.has('world') ? params.get('world') === '1' : null };
}

/** Writes `shown` into the URL, leaving out the defaults. */
function writeUrl(shown) {
  const url = new URL(window.location.href);
  if (url.searchParams.get('view') !== 'map') return; // the reader has moved on meanwhile
  const put = (name, value) => (value ? url.searchParams.set(name, value) : url.searchParams.delete(name));
  put('layer', shown.layer === LAYERS[0].id ? null : shown.layer);
  put('meeting', layerById(shown.layer).needsMeeting ? shown.meeting : null);
  put('world', shown.world ? '1' : null);
  history.replaceState(history.state, '', url.pathname + url.search);
}

async function fetchJson(file) {
  const response = await fetch(ASSETS + file);
  if (!response.ok) throw new Error(`The map's file ${file} could not be loaded (${response.status}).`);
  return response.json();
}

/** The countries as GeoJSON features, and each seed state with its feature (or none). */
async function load() {
  const [topology, codes, stateList, meetings] = await Promise.all([
    fetchJson('countries-110m.json'), fetchJson('iso-3166-codes.json'), states(), attendedMeetings(),
  ]);
  const features = window.topojson.feature(topology, topology.objects.countries).features
    .filter((feature) => feature.id !== ANTARCTICA);
  const numericOf = new Map(codes.map(([, alpha3, numeric]) => [alpha3, numeric]));
  const byId = new Map(features.map((feature) => [feature.id, feature]));
  const placed = new Map(); // feature id → state
  const unplaced = [];
  for (const state of stateList) {
    const feature = byId.get(numericOf.get(state.iso3));
    if (feature) placed.set(feature.id, state);
    else unplaced.push(state);
  }
  return { features, placed, unplaced, meetings };
}

export async function showMap(root, { onOpen }) {
  const choice = choiceInUrl(); // read now: the page may rewrite its URL meanwhile
  if (!loaded) {
    fill(root, h('p', { class: 'loading' }, 'Loading the map…'));
    loaded = load().then((data) => build(root, data, onOpen));
    loaded.catch(() => {
      loaded = null; // try again next time the view opens
      fill(root, h('p', { class: 'failed' }, 'The map could not be loaded.'));
    });
  }
  const map = await loaded;
  return map.choose(choice);
}

/**
 * The controls, the drawing and the side lists; `redraw` recolours on every change. Returns
 * `choose(choice)`, which sets the controls to a URL's choices and draws.
 */
function build(root, data, onOpen) {
  const latest = data.meetings.filter((m) => m.date).at(-1) ?? data.meetings[0];
  const shown = { layer: LAYERS[0].id, meeting: latest?.slug ?? null, world: false };

  const layerSelect = h('select', { id: 'map-layer' },
    LAYERS.map((layer) => h('option', { value: layer.id }, layer.label)));
  const meetingSelect = h('select', { id: 'map-meeting' },
    data.meetings.map((m) => h('option', { value: m.slug },
      m.date ? `${m.name} (${dateLabel(m.date.iso)})` : m.name)));
  const meetingLabel = h('label', { class: 'map-meeting' }, 'Meeting ', meetingSelect);
  const extent = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Whole world');
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map-svg', role: 'group', 'aria-label': 'Map of the states' });
  const tooltip = h('div', { class: 'map-tooltip', role: 'tooltip', hidden: true });
  const side = h('aside', { class: 'map-side', 'aria-live': 'polite' });
  const status = h('p', { class: 'map-status', 'aria-live': 'polite' });

  layerSelect.addEventListener('change', () => { shown.layer = layerSelect.value; redraw(); });
  meetingSelect.addEventListener('change', () => { shown.meeting = meetingSelect.value; redraw(); });
  extent.addEventListener('click', () => { shown.world = !shown.world; redraw(); });

  const frame = h('div', { class: 'map-frame' }, svg, tooltip);
  fill(root,
    h('div', { class: 'map-controls' },
      h('label', {}, 'Colour by ', layerSelect), meetingLabel, extent, status),
    h('div', { class: 'map-body' }, frame, side));
  interact(svg, frame, tooltip, onOpen);

  let drawn = 0; // answers to older layer requests than the latest are dropped
  async function redraw() {
    const layer = layerById(shown.layer);
    layerSelect.value = layer.id;
    if (shown.meeting) meetingSelect.value = shown.meeting;
    meetingLabel.hidden = !layer.needsMeeting;
    extent.setAttribute('aria-pressed', String(shown.world));
    extent.textContent = shown.world ? 'Europe and Asia' : 'Whole world';
    writeUrl(shown);
    const mine = ++drawn;
    status.textContent = 'Loading…';
    try {
      const reasons = await layer.load(shown.meeting);
      if (mine !== drawn) return;
      const projection = project(data.features, shown.world);
      paint(svg, data, projection, reasons);
      fill(side, sideLists(data, layer, reasons, projection));
      status.textContent = '';
    } catch (error) {
      if (mine !== drawn) return;
      status.textContent = 'This layer could not be loaded.';
      throw error;
    }
  }
  return {
    choose: ({ layer, meeting, world }) => {
      if (LAYERS.some((known) => known.id === layer)) shown.layer = layer;
      if (data.meetings.some((known) => known.slug === meeting)) shown.meeting = meeting;
      if (world !== null) shown.world = world;
      return redraw();
    },
  };
}

/** The projection for the world or the regional view, fitted to the drawing. */
function project(features, world) {
  const d3 = window.d3;
  if (world) {
    return d3.geoNaturalEarth1()
      .fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'FeatureCollection', features });
  }
  // An equal-area conic centred on the region, fitted to points along its edges, and clipped
  // to the drawing so far-away countries cost nothing.
  const { west, east, south, north } = REGION;
  const edge = [];
  for (let lon = west; lon <= east; lon += 4) edge.push([lon, south], [lon, north]);
  for (let lat = south; lat <= north; lat += 4) edge.push([west, lat], [east, lat]);
  return d3.geoConicEqualArea()
    .rotate([-(west + east) / 2, 0])
    .parallels([south + 10, north - 10])
    .fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'MultiPoint', coordinates: edge })
    .clipExtent([[0, 0], [WIDTH, HEIGHT]]);
}

const SVG = 'http://www.w3.org/2000/svg';

function svgElement(tag, attributes = {}) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** Draws every country; the data's states are focusable, coloured if the layer has them. */
function paint(svg, data, projection, reasons) {
  const path = window.d3.geoPath(projection);
  const sea = svgElement('path', { class: 'map-sea', d: path({ type: 'Sphere' }) });
  const countries = svgElement('g', { class: 'map-countries' });
  for (const feature of data.features) {
    const d = path(feature);
    if (!d) continue;
    const state = data.placed.get(feature.id);
    const shape = svgElement('path', { d, class: 'country' });
    if (state) {
      const why = reasons.get(state.slug) ?? [];
      shape.classList.add('in-data', why.length ? 'on' : 'off');
      shape.setAttribute('tabindex', '0');
      shape.setAttribute('role', 'link');
      shape.setAttribute('aria-label', `${state.name}: ${why.length ? why.join('; ') : 'not in this layer'}`);
      shape.dataset.slug = state.slug;
      shape.dataset.name = state.name;
      shape.dataset.reasons = JSON.stringify(why);
    } else {
      shape.dataset.name = feature.properties.name;
    }
    countries.append(shape);
  }
  svg.replaceChildren(sea, countries);
}

/** Hover and focus show the tooltip; a click, Enter or Space opens the state. */
function interact(svg, frame, tooltip, onOpen) {
  const show = (shape, x, y) => {
    if (!shape?.dataset.name) {
      tooltip.hidden = true;
      return;
    }
    const reasons = shape.dataset.reasons ? JSON.parse(shape.dataset.reasons) : null;
    let lines;
    if (!reasons) lines = [h('span', { class: 'hint' }, 'not in the data')];
    else if (reasons.length === 0) lines = [h('span', { class: 'hint' }, 'not in this layer')];
    else {
      lines = reasons.slice(0, TOOLTIP_REASONS).map((text) => h('span', {}, text));
      if (reasons.length > TOOLTIP_REASONS) lines.push(h('span', { class: 'hint' }, `and ${reasons.length - TOOLTIP_REASONS} more`));
    }
    fill(tooltip, h('strong', {}, shape.dataset.name), lines);
    tooltip.hidden = false;
    const box = frame.getBoundingClientRect();
    const left = Math.min(x - box.left + 14, box.width - tooltip.offsetWidth - 4);
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${Math.max(4, y - box.top - tooltip.offsetHeight - 10)}px`;
  };
  svg.addEventListener('mousemove', (event) => show(event.target.closest('.country'), event.clientX, event.clientY));
  svg.addEventListener('mouseleave', () => { tooltip.hidden = true; });
  svg.addEventListener('focusin', (event) => {
    const box = event.target.getBoundingClientRect();
    show(event.target, box.left + box.width / 2, box.top + box.height / 2);
  });
  svg.addEventListener('focusout', () => { tooltip.hidden = true; });
  const open = (event) => {
    const slug = event.target.closest('.country')?.dataset.slug;
    if (!slug) return;
    event.preventDefault();
    tooltip.hidden = true;
    onOpen(slug);
  };
  svg.addEventListener('click', open);
  svg.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') open(event);
  });
}

/** A link to a state, with why it is coloured. */
function stateItem(state, reasons) {
  return h('li', {},
    h('a', { href: `/?entity=${encodeURIComponent(state.slug)}` }, state.name),
    reasons?.length ? h('span', { class: 'map-why' }, ` — ${reasons.join('; ')}`) : null);
}

/** The legend, the layer's states, and the states the drawing does not show. */
function sideLists(data, layer, reasons, projection) {
  const path = window.d3.geoPath(projection);
  const all = [...data.placed.values(), ...data.unplaced];
  const on = all.filter((state) => reasons.has(state.slug)).sort((a, b) => a.name.localeCompare(b.name));
  const outside = [...data.placed].filter(([id]) => {
    const feature = data.features.find((f) => f.id === id);
    const [[x0, y0], [x1, y1]] = path.bounds(feature);
    return !(x1 > 0 && x0 < WIDTH && y1 > 0 && y0 < HEIGHT);
  }).map(([, state]) => state);
  const elsewhere = (title, list, note) => (list.length === 0 ? null : [
    h('h3', {}, title),
    h('p', { class: 'hint' }, note),
    h('ul', { class: 'map-list' }, list.map((state) => stateItem(state, reasons.get(state.slug) ?? ['not in this layer']))),
  ]);
  return [
    h('ul', { class: 'legend map-legend', 'aria-label': 'Colours' },
      h('li', {}, h('span', { class: 'swatch square on' }), `${layer.legend} (${on.length})`),
      h('li', {}, h('span', { class: 'swatch square off' }), `other states of the data (${all.length - on.length})`),
      h('li', {}, h('span', { class: 'swatch square none' }), 'not in the data')),
    h('p', { class: 'hint map-note' }, layer.note),
    elsewhere('Not on the map', data.unplaced, 'Too small for the map’s scale, or without an ISO code the map knows.'),
    elsewhere('Outside this view', outside, 'Shown with “Whole world”.'),
    h('h3', {}, `${layer.label} (${on.length})`),
    on.length
      ? h('ul', { class: 'map-list map-names' }, on.map((state) => h('li', {},
        h('a', { href: `/?entity=${encodeURIComponent(state.slug)}`, title: reasons.get(state.slug).join('\n') }, state.name))))
      : h('p', { class: 'none' }, 'No state is recorded for this layer.'),
  ];
}
