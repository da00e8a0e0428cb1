// @ts-check
// The live interface graph of the workspace: lab nodes hold namespaces, namespaces hold interfaces, typed edges
// join them (docs/graph-format.md). Follows the workspace's DOM events: subscribes to WorkspaceHub.Graph when the
// session is Ready (first the whole graph, then diffs), lays the first graph out with ELK (graph-layout.js) and
// places later arrivals beside what is drawn, so nothing already drawn is reshuffled; later edges are routed
// around the boxes as they stand (graph-route.js). Keeps the whole graph in
// view as it grows, when its pane is resized and in full screen, until the learner pans or zooms.
//
// Tests and other modules reach a live graph with graphOf(element), importing this same module URL.

import cytoscapeModule from '../lib/cytoscape/cytoscape.esm.min.mjs';
import { applyDiff, applyGraph, isDown } from './graph-patch.js';
import { applyElkLayout, drawRoute, edgesToRoute, forgetRoutes, growLeaf, leafSize, nodesOf, placeNew, routeEdges, setRoute, toElkGraph } from './graph-layout.js';
import { buildStyle } from './graph-style.js';
import { createElk } from './elk-worker-client.js';

/** @typedef {import('cytoscape').Core} Core */
/** @typedef {import('cytoscape').NodeSingular} NodeSingular */

/** The minified vendor module has no types beside it; cytoscape's own declarations describe it. */
const cytoscape = /** @type {typeof import('cytoscape')} */ (/** @type {unknown} */ (cytoscapeModule));
/** @typedef {import('./graph-patch.js').Diagnostic} Diagnostic */
/** @typedef {import('./graph-patch.js').PatchResult} PatchResult */
/** @typedef {import('./elk-worker-client.js').ElkClient} ElkClient */

/**
 * A message of the Graph stream: the whole graph first, then differences.
 * @typedef {{ kind: 'graph', data: import('./graph-patch.js').WholeGraph } | { kind: 'diff', data: import('./graph-patch.js').GraphDiff }} GraphMessage
 */

/**
 * A graph island's API.
 * @typedef {object} GraphIsland
 * @property {Core} cy
 * @property {HTMLElement} section
 * @property {boolean} live whether a lab's graph is being followed
 * @property {number} updates messages applied
 * @property {number | null} layoutMs how long the last whole layout took
 * @property {() => string[]} interfaces ids of the interfaces drawn
 * @property {() => { id: string, kind: string, source: string, target: string }[]} edges
 * @property {(id: string) => void} select opens an interface's details
 * @property {() => Promise<void>} relayout lays the whole graph out again
 * @property {() => void} fit fits the graph into view and follows it again
 * @property {(message: GraphMessage) => Promise<void>} apply applies a stream message (tests feed graphs this way)
 * @property {() => Promise<void>} settled resolves when every message so far is applied and laid out
 */

const EDGE_LABELS = /** @type {Record<string, string>} */ ({
  'veth': 'veth peer',
  'bridge-member': 'bridge port',
  'master': 'enslaved to',
  'lower': 'on top of',
  'tunnel-underlay': 'tunnel leaves by',
  'tunnel-remote': 'tunnel remote',
  'tunnel-peer': 'tunnel peer',
  'session-network': 'on network',
});

/** Room around the graph when it is fitted into view, in pixels. */
const FIT_PADDING = 20;

/** @type {WeakMap<Element, GraphIsland>} */
const islands = new WeakMap();

/**
 * The graph island on an element: its section ([data-role=graph]) or the workspace root holding it.
 * @param {Element | null} element
 * @returns {GraphIsland | undefined}
 */
export function graphOf(element) {
  if (!element) return undefined;
  return islands.get(element) ?? islands.get(element.querySelector('[data-role=graph]') ?? element);
}

/**
 * Draws a graph island into a section. Without a workspace around it (a test page), messages come only through
 * the returned API's apply().
 * @param {HTMLElement} section
 * @param {{ onCapture?: (detail: { node: string, netns: string | null, interface: string }) => void, layout?: () => ElkClient }} [options]
 * @returns {GraphIsland}
 */
export function mountGraph(section, options = {}) {
  const existing = islands.get(section);
  if (existing) return existing;

  section.innerHTML = `
    <div class="graph-bar">
      <h2 class="graph-title">Interfaces</h2>
      <span class="graph-status" data-role="graph-status" aria-live="polite">Waiting for the lab…</span>
      <span class="spacer"></span>
      <button type="button" data-action="graph-layout" title="Lay the whole graph out again">Re-layout</button>
      <button type="button" data-action="graph-fit" title="Fit the graph into view">Fit</button>
    </div>
    <div class="graph-body">
      <div class="graph-canvas" data-role="graph-canvas" role="img" aria-label="Interface graph; the same content is listed as text below."></div>
      <aside class="graph-details" data-role="graph-details" aria-label="Interface details" hidden></aside>
    </div>
    <details class="graph-text">
      <summary>Interfaces as text</summary>
      <ul data-role="graph-list"></ul>
      <ul class="graph-diagnostics" data-role="graph-diagnostics"></ul>
    </details>`;
  const ui = {
    status: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-status]')),
    canvas: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-canvas]')),
    details: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-details]')),
    list: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-list]')),
    diagnostics: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-diagnostics]')),
  };

  const cy = cytoscape({
    container: ui.canvas,
    elements: [],
    style: buildStyle(),
    minZoom: 0.2,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
  });
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', () => {
    cy.style(buildStyle());
    cy.edges().forEach(drawRoute);
  });

  /** @type {string | null} */
  let selected = null;
  let updates = 0;
  /** @type {number | null} */
  let layoutMs = null;
  // Started now: the worker loads and compiles ELK (~2 MB) while the lab starts, not when its graph arrives.
  /** @type {ElkClient | null} */
  let elk = null;
  try {
    elk = options.layout ? options.layout() : createElk();
  } catch (err) {
    console.error('The layout worker could not start; the graph is placed without it', err);
  }
  /** @type {Promise<void>} */
  let queue = Promise.resolve();

  // Follow the whole graph (fit on growth, resize and full screen) until the learner pans or zooms; Fit and
  // Re-layout follow again.
  let follow = true;
  let fitting = false;
  let wasFullscreen = false;

  section.querySelector('[data-action=graph-fit]')?.addEventListener('click', () => fit());
  section.querySelector('[data-action=graph-layout]')?.addEventListener('click', () => { relayout(); });

  cy.on('tap', 'node[type = "interface"]', e => showDetails(e.target.id()));
  cy.on('tap', e => { if (e.target === cy) hideDetails(); });
  cy.on('viewport', () => { if (!fitting) follow = false; });
  // A dragged node leaves its edges' routes behind: draw those straight.
  cy.on('drag', 'node', e => forgetRoutes(e.target));

  const resize = new ResizeObserver(() => {
    if (ui.canvas.clientWidth === 0 || ui.canvas.clientHeight === 0) return;
    cy.resize();
    const fullscreen = section.closest('.fullscreen') != null;
    if (fullscreen !== wasFullscreen) { wasFullscreen = fullscreen; follow = true; }
    if (follow) view();
  });
  resize.observe(ui.canvas);

  /** Fits without giving up following. */
  function view() {
    if (cy.elements().empty() || ui.canvas.clientWidth === 0 || ui.canvas.clientHeight === 0) return;
    fitting = true;
    try {
      cy.fit(undefined, FIT_PADDING);
    } finally {
      fitting = false;
    }
  }

  function fit() {
    follow = true;
    view();
  }

  /**
   * Keeps new elements in sight: fits while following, and also when something new lies outside the view.
   * @param {import('cytoscape').NodeCollection} added
   */
  function reveal(added) {
    if (follow) { view(); return; }
    if (added.empty()) return;
    const bb = added.boundingBox({});
    const ext = cy.extent();
    if (bb.x1 < ext.x1 || bb.y1 < ext.y1 || bb.x2 > ext.x2 || bb.y2 > ext.y2) fit();
  }

  /** Lays everything out with ELK; without it (no worker), places everything incrementally. */
  async function layoutAll() {
    if (cy.nodes().empty()) return;
    const started = performance.now();
    try {
      if (!elk) throw new Error('no layout worker');
      const result = await elk.layout(toElkGraph(cy));
      const placed = applyElkLayout(cy, result);
      const rest = cy.nodes().filter(n => n.isChildless() && !placed.has(n.id()));
      if (rest.nonempty()) placeNew(cy, rest);
    } catch (err) {
      console.error('The ELK layout failed; placing the graph without it', err);
      cy.edges().forEach(e => setRoute(e, null));
      placeNew(cy, cy.nodes());
    }
    routeEdges(cy, edgesToRoute(cy));
    layoutMs = performance.now() - started;
    section.dataset.layoutMs = layoutMs.toFixed(1);
  }

  async function relayout() {
    await enqueue(async () => {
      await layoutAll();
      fit();
    });
  }

  /**
   * Runs a step after the ones before it (messages and layouts never interleave).
   * @param {() => Promise<void> | void} step
   */
  function enqueue(step) {
    queue = queue.then(step).catch(err => console.error('graph update failed', err));
    return queue;
  }

  /** @param {GraphMessage} message */
  function apply(message) {
    return enqueue(() => handle(message));
  }

  /** @param {GraphMessage} message */
  async function handle(message) {
    const sizes = new Map(cy.nodes('[type = "interface"]').map(n => [n.id(), leafSize(n)]));
    const first = cy.nodes().empty();
    /** @type {PatchResult} */
    const result = message.kind === 'graph' ? applyGraph(cy, message.data) : applyDiff(cy, message.data);
    if (first && result.added.nonempty()) {
      ui.canvas.classList.add('graph-pending');
      try {
        await layoutAll();
      } finally {
        ui.canvas.classList.remove('graph-pending');
      }
      follow = true;
      view();
    } else {
      for (const id of result.changedIds) {
        const node = cy.getElementById(id);
        const before = sizes.get(id);
        if (before && node.isNode() && node.isChildless()) growLeaf(cy, node, before);
      }
      if (result.added.nonempty()) placeNew(cy, result.added);
      // Edges new in this message, at new or grown leaves, or pushed under a box by the room made: routed around
      // the boxes as they stand.
      routeEdges(cy, edgesToRoute(cy));
      reveal(result.added);
    }
    updates++;
    section.dataset.updates = String(updates);
    section.dataset.live = 'true';
    const diagnostics = message.data.diagnostics;
    renderText(message.kind === 'graph' ? diagnostics ?? [] : diagnostics ?? null);
    setStatus(summary() + (message.kind === 'diff' ? recent(message.data, result) : ''));
    if (selected && cy.getElementById(selected).empty()) hideDetails();
    else if (selected) showDetails(selected);
  }

  /**
   * @param {import('./graph-patch.js').GraphDiff} diff
   * @param {PatchResult} result
   */
  function recent(diff, result) {
    const names = (diff.added ?? []).filter(e => e.data?.type === 'interface' && result.addedIds.includes(e.data.id)).map(e => e.data.name);
    const gone = result.removedIds.filter(id => id.split('/').length === 3).map(id => id.split('/')[2]);
    const parts = [];
    if (names.length) parts.push(`added ${names.join(', ')}`);
    if (gone.length) parts.push(`removed ${gone.join(', ')}`);
    if (result.changedIds.length) parts.push(`${result.changedIds.length} changed`);
    return parts.length ? `. Just now: ${parts.join('; ')}.` : '';
  }

  function summary() {
    const interfaces = cy.nodes('[type = "interface"]');
    const down = interfaces.filter('.down').length;
    const nss = cy.nodes('[type = "netns"]').length;
    const links = cy.edges().length;
    return `${nss} namespace${nss === 1 ? '' : 's'}, ${interfaces.length} interface${interfaces.length === 1 ? '' : 's'}` +
      `${down ? ` (${down} down)` : ''}, ${links} link${links === 1 ? '' : 's'}`;
  }

  /** @param {string} text */
  function setStatus(text) { ui.status.textContent = text; }

  /**
   * The text alternative: one entry per interface with what the picture shows, each opening the details panel.
   * @param {Diagnostic[] | null} diagnostics null keeps the list shown
   */
  function renderText(diagnostics) {
    const items = nodesOf(cy.nodes('[type = "interface"]')).sort((a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0)).map(n => {
      const d = n.data();
      const li = document.createElement('li');
      li.dataset.id = d.id;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = describe(n);
      button.addEventListener('click', () => showDetails(d.id));
      li.append(button);
      return li;
    });
    ui.list.replaceChildren(...items);
    if (diagnostics) {
      ui.diagnostics.replaceChildren(...diagnostics.map(x => {
        const li = document.createElement('li');
        li.className = 'diagnostic-' + x.severity;
        li.textContent = `${x.severity}: ${x.node || ''}${x.netns ? '/' + x.netns : ''} ${x.message}`;
        return li;
      }));
    }
  }

  /** @param {NodeSingular} n */
  function describe(n) {
    const d = n.data();
    const where = `${d.node} ${d.netns ? 'namespace ' + d.netns : 'root namespace'}`;
    const parts = [`${d.name} on ${where}: ${d.kind}, ${isDown(d) ? 'down' : 'up'}`];
    if (d.addresses && d.addresses.length) parts.push(d.addresses.join(' '));
    const links = n.connectedEdges().map(e => {
      const other = e.source().id() === d.id ? e.target() : e.source();
      return `${EDGE_LABELS[e.data('kind')] || e.data('kind')} ${other.data('type') === 'network' ? other.data('label') : other.id()}`;
    });
    if (links.length) parts.push(links.join(', '));
    return parts.join('; ');
  }

  /** @param {string} id */
  function showDetails(id) {
    const n = cy.getElementById(id);
    if (n.empty() || n.data('type') !== 'interface') { hideDetails(); return; }
    selected = id;
    cy.nodes().unselect();
    n.select();
    const d = n.data();
    /** @type {[string, unknown][]} */
    const rows = [
      ['Name', d.name],
      ['Where', `${d.node} / ${d.netns || 'root namespace'}`],
      ['Kind', d.rawKind && d.rawKind !== d.kind ? `${d.kind} (${d.rawKind})` : d.kind],
      ['State', `${d.operState}${d.up ? ', admin up' : ', admin down'}`],
      ['MTU', d.mtu ?? '—'],
      ['MAC', d.mac || '—'],
      ['Addresses', (d.addresses || []).join('\n') || '—'],
    ];
    if (d.master) rows.push(['Master', d.master]);
    if (d.vxlan) {
      const v = d.vxlan;
      rows.push(['VXLAN', [`id ${v.id}`, v.local && `local ${v.local}`, v.remote && `remote ${v.remote}`,
        v.group && `group ${v.group}`, v.dev && `dev ${v.dev}`, v.port && `port ${v.port}`].filter(Boolean).join('\n')]);
    }
    if (d.tunnel) {
      const t = d.tunnel;
      rows.push(['Tunnel', [t.local && `local ${t.local}`, t.remote && `remote ${t.remote}`, t.dev && `dev ${t.dev}`].filter(Boolean).join('\n') || '—']);
    }
    for (const e of n.connectedEdges()) {
      const other = e.source().id() === id ? e.target() : e.source();
      rows.push([EDGE_LABELS[e.data('kind')] || e.data('kind'), other.data('type') === 'network' ? other.data('display') : other.id()]);
    }

    const heading = document.createElement('h3');
    heading.textContent = d.name;
    const dl = document.createElement('dl');
    for (const [k, v] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = String(v);
      dl.append(dt, dd);
    }
    const capture = document.createElement('button');
    capture.type = 'button';
    capture.className = 'primary';
    capture.dataset.action = 'capture';
    capture.textContent = 'Capture here';
    capture.addEventListener('click', () => options.onCapture?.({ node: d.node, netns: d.netns ?? null, interface: d.name }));
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'graph-close';
    close.setAttribute('aria-label', 'Close details');
    close.textContent = '×';
    close.addEventListener('click', hideDetails);
    const actions = document.createElement('div');
    actions.className = 'graph-actions';
    actions.append(capture);
    ui.details.replaceChildren(close, heading, dl, actions);
    ui.details.hidden = false;
    ui.details.dataset.id = id;
  }

  function hideDetails() {
    selected = null;
    ui.details.hidden = true;
    ui.details.replaceChildren();
    delete ui.details.dataset.id;
    cy.nodes().unselect();
  }

  /** @type {GraphIsland} */
  const island = {
    cy,
    section,
    get live() { return section.dataset.live === 'true'; },
    get updates() { return updates; },
    get layoutMs() { return layoutMs; },
    interfaces: () => cy.nodes('[type = "interface"]').map(n => n.id()),
    edges: () => cy.edges().map(e => ({ id: e.id(), kind: e.data('kind'), source: e.source().id(), target: e.target().id() })),
    select: showDetails,
    relayout,
    fit,
    apply,
    settled: () => queue,
  };
  islands.set(section, island);
  return island;
}

/**
 * Minimal view of a SignalR HubConnection: what the graph uses of it.
 * @typedef {{ state: string, stream(method: string, ...args: any[]): { subscribe(observer: { next(value: any): void, error(err: any): void, complete(): void }): { dispose(): void } } }} HubConnection
 */

/**
 * Starts the graph island of a workspace: mounts it in [data-role=graph] and follows the workspace's events.
 * @param {HTMLElement} root the workspace element (#workspace)
 * @returns {GraphIsland | null}
 */
export function startGraph(root) {
  /** @type {HTMLElement | null} */
  const section = root.querySelector('[data-role=graph]');
  if (!section) return null;
  const known = islands.get(section);
  if (known) return known;
  const island = mountGraph(section, {
    onCapture: detail => root.dispatchEvent(new CustomEvent('netacademy:capture', { detail })),
  });
  const status = /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-status]'));

  /** @type {HubConnection | null} */
  let connection = null;
  /** @type {{ dispose(): void } | null} */
  let subscription = null;
  /** @type {HubConnection | null} */
  let subscribedFor = null; // the connection the current subscription runs on
  let ready = false;

  root.addEventListener('netacademy:created', e => { connection = /** @type {CustomEvent} */ (e).detail.connection; });
  root.addEventListener('netacademy:session', e => {
    const state = /** @type {CustomEvent} */ (e).detail.snapshot.state;
    ready = state === 'Ready';
    if (ready) subscribe(false);
    else stop(state);
  });
  root.addEventListener('netacademy:reconnected', () => { if (ready) subscribe(true); });

  /** @param {boolean} force */
  function subscribe(force) {
    const c = connection;
    if (!c || c.state !== 'Connected') return;
    if (subscription && subscribedFor === c && !force) return;
    dispose();
    subscribedFor = c;
    const stream = c.stream('Graph', root.dataset.sessionId);
    /** @type {{ dispose(): void }} */
    const mine = stream.subscribe({
      next: msg => {
        if (subscription !== mine) return;
        island.apply(msg);
      },
      error: err => {
        if (subscription === mine) subscription = null;
        if (c.state === 'Connected' && ready) status.textContent = `The graph stream failed: ${errorText(err)}`;
      },
      complete: () => {
        // The server ends the stream when the lab leaves Ready (reset); the next Ready subscribes again.
        if (subscription === mine) subscription = null;
      },
    });
    subscription = mine;
  }

  function dispose() {
    if (subscription) {
      try { subscription.dispose(); } catch { /* already closed */ }
    }
    subscription = null;
    subscribedFor = null;
  }

  /** @param {string} state */
  function stop(state) {
    // The server ends the graph stream itself when the lab leaves Ready. Cancelling it from here as well races
    // with that end, and SignalR answers the race (a cancel for a stream whose token source it has just disposed)
    // by closing the whole connection (ObjectDisposedException in DefaultHubDispatcher, seen in CI at Stop).
    // So let go of it without a cancel; what it still sends is ignored.
    subscription = null;
    subscribedFor = null;
    island.section.dataset.live = 'false';
    if (state === 'Starting') status.textContent = 'Waiting for the lab…';
    else if (state === 'Stopped' || state === 'Stopping') status.textContent = 'The lab is stopped.';
  }

  return island;
}

/**
 * A hub error as a learner can read it: the server's message without SignalR's wrapping.
 * @param {unknown} err
 */
function errorText(err) {
  const text = String(err instanceof Error ? err.message : err);
  const at = text.indexOf('HubException: ');
  return at >= 0 ? text.slice(at + 'HubException: '.length) : text;
}

const workspace = document.getElementById('workspace');
if (workspace) startGraph(workspace);
