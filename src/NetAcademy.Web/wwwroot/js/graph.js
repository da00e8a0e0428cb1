// @ts-check
// The live interface graph of the workspace: lab nodes hold namespaces, namespaces hold interfaces, typed edges
// join them (docs/graph-format.md). Follows the workspace's DOM events: subscribes to WorkspaceHub.Graph when the
// session is Ready (first the whole graph, then diffs), lays the first graph out with ELK (graph-layout.js) and
// places later arrivals beside what is drawn, so nothing already drawn is reshuffled; later edges are routed
// around the boxes as they stand (graph-route.js). Keeps the whole graph in view as it grows, when its pane is
// resized and in full screen, until the learner pans or zooms. The text alternative, the details panel and the
// status line's words are in graph-text.js.
//
// Tests and other modules reach a live graph with graphOf(element), importing this same module URL.

import cytoscapeModule from '../lib/cytoscape/cytoscape.esm.min.mjs';
import { applyDiff, applyGraph } from './graph-patch.js';
import { applyElkLayout, drawRoute, edgesToRoute, forgetRoutes, growLeaf, leafSize, placeNew, routeEdges, setRoute, toElkGraph } from './graph-layout.js';
import { detailsPanel, graphSummary, recentChanges, renderText } from './graph-text.js';
import { buildStyle } from './graph-style.js';
import { createElk } from './elk-worker-client.js';
import { packetLayer } from './graph-packets.js';

/** @typedef {import('cytoscape').Core} Core */

/** The minified vendor module has no types beside it; cytoscape's own declarations describe it. */
const cytoscape = /** @type {typeof import('cytoscape')} */ (/** @type {unknown} */ (cytoscapeModule));
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
 * @property {import('./graph-packets.js').PacketLayer} packets the packets shown on the edges, a followed packet's path
 */

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

  const ui = buildGraphPane(section);
  const cy = cytoscape({
    container: ui.canvas,
    elements: [],
    style: buildStyle(),
    minZoom: 0.2,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
  });
  followColourScheme(cy);
  const elk = startLayoutWorker(options.layout);
  const viewport = followViewport(cy, section, ui.canvas);
  const details = detailsPanel(cy, ui.details, options.onCapture);
  const packets = packetLayer(cy, ui.canvas);
  let updates = 0;
  /** @type {number | null} */
  let layoutMs = null;
  /** @type {Promise<void>} */
  let queue = Promise.resolve();

  section.querySelector('[data-action=graph-fit]')?.addEventListener('click', () => viewport.fit());
  section.querySelector('[data-action=graph-layout]')?.addEventListener('click', () => { relayout(); });
  const animateToggle = /** @type {HTMLInputElement | null} */ (section.querySelector('[name=graph-animate]'));
  animateToggle?.addEventListener('change', () => packets.animate(animateToggle.checked));
  cy.on('tap', 'node[type = "interface"]', e => details.show(e.target.id()));
  cy.on('tap', e => { if (e.target === cy) details.hide(); });
  // A dragged node leaves its edges' routes behind: draw those straight.
  cy.on('drag', 'node', e => forgetRoutes(e.target));

  async function layout() {
    if (cy.nodes().empty()) return;
    layoutMs = await layoutAll(cy, elk);
    section.dataset.layoutMs = layoutMs.toFixed(1);
  }

  function relayout() {
    return enqueue(async () => {
      await layout();
      viewport.fit();
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
  async function handle(message) {
    const sizes = new Map(cy.nodes('[type = "interface"]').map(n => [n.id(), leafSize(n)]));
    const first = cy.nodes().empty();
    /** @type {PatchResult} */
    const result = message.kind === 'graph' ? applyGraph(cy, message.data) : applyDiff(cy, message.data);
    packets.graphChanged();
    if (first && result.added.nonempty()) {
      ui.canvas.classList.add('graph-pending');
      try {
        await layout();
      } finally {
        ui.canvas.classList.remove('graph-pending');
      }
      viewport.fit();
    } else {
      placeLater(cy, result, sizes);
      viewport.reveal(result.added);
    }
    updates++;
    section.dataset.updates = String(updates);
    section.dataset.live = 'true';
    const diagnostics = message.data.diagnostics;
    renderText(cy, ui, message.kind === 'graph' ? diagnostics ?? [] : diagnostics ?? null, details.show);
    ui.status.textContent = graphSummary(cy) + (message.kind === 'diff' ? recentChanges(message.data, result) : '');
    details.refresh();
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
    select: details.show,
    relayout,
    fit: viewport.fit,
    apply: message => enqueue(() => handle(message)),
    settled: () => queue,
    packets,
  };
  islands.set(section, island);
  return island;
}

/**
 * The island's markup in its section: toolbar, canvas, details panel, text alternative.
 * @param {HTMLElement} section
 */
function buildGraphPane(section) {
  section.innerHTML = `
    <div class="graph-bar">
      <h2 class="graph-title">Interfaces</h2>
      <span class="graph-status" data-role="graph-status" aria-live="polite">Waiting for the lab…</span>
      <span class="spacer"></span>
      <label class="graph-animate" title="Flash the edges the captured packets cross"><input type="checkbox" name="graph-animate" checked> Animate packets</label>
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
  return {
    status: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-status]')),
    canvas: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-canvas]')),
    details: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-details]')),
    list: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-list]')),
    diagnostics: /** @type {HTMLElement} */ (section.querySelector('[data-role=graph-diagnostics]')),
  };
}

/**
 * Restyles the graph when the page's colour scheme changes.
 * @param {Core} cy
 */
function followColourScheme(cy) {
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', () => {
    cy.style(buildStyle());
    cy.edges().forEach(drawRoute);
  });
}

/**
 * Starts the layout worker now: it loads and compiles ELK (~2 MB) while the lab starts, not when its graph arrives.
 * @param {(() => ElkClient) | undefined} make
 * @returns {ElkClient | null} null when no worker could start (the graph is then placed without it)
 */
function startLayoutWorker(make) {
  try {
    return make ? make() : createElk();
  } catch (err) {
    console.error('The layout worker could not start; the graph is placed without it', err);
    return null;
  }
}

/**
 * Lays everything out with ELK; without it (no worker, or it failed), places everything incrementally. Edges ELK
 * did not route are routed around the boxes.
 * @param {Core} cy
 * @param {ElkClient | null} elk
 * @returns {Promise<number>} how long it took, in milliseconds
 */
async function layoutAll(cy, elk) {
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
  return performance.now() - started;
}

/**
 * Places what a later message brought without reshuffling what is drawn: grown interfaces make room, new ones go
 * beside their siblings, and edges new in this message, at new or grown leaves, or pushed under a box by the room
 * made are routed around the boxes as they stand.
 * @param {Core} cy
 * @param {PatchResult} result
 * @param {Map<string, { w: number, h: number }>} sizes the interfaces' sizes before the message
 */
function placeLater(cy, result, sizes) {
  for (const id of result.changedIds) {
    const node = cy.getElementById(id);
    const before = sizes.get(id);
    if (before && node.isNode() && node.isChildless()) growLeaf(cy, node, before);
  }
  if (result.added.nonempty()) placeNew(cy, result.added);
  routeEdges(cy, edgesToRoute(cy));
}

/**
 * @typedef {object} Viewport
 * @property {() => void} fit fits the graph into view and follows it again
 * @property {(added: import('cytoscape').NodeCollection) => void} reveal keeps new elements in sight
 */

/**
 * Keeps the whole graph in view as it grows, when its pane is resized and in full screen, until the learner pans
 * or zooms; Fit and Re-layout follow again.
 * @param {Core} cy
 * @param {HTMLElement} section
 * @param {HTMLElement} canvas
 * @returns {Viewport}
 */
function followViewport(cy, section, canvas) {
  let follow = true;
  let fitting = false;
  let wasFullscreen = false;
  cy.on('viewport', () => { if (!fitting) follow = false; });

  /** Fits without giving up following. */
  function view() {
    if (cy.elements().empty() || canvas.clientWidth === 0 || canvas.clientHeight === 0) return;
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

  const resize = new ResizeObserver(() => {
    if (canvas.clientWidth === 0 || canvas.clientHeight === 0) return;
    cy.resize();
    const fullscreen = section.closest('.fullscreen') != null;
    if (fullscreen !== wasFullscreen) { wasFullscreen = fullscreen; follow = true; }
    if (follow) view();
  });
  resize.observe(canvas);

  return {
    fit,
    reveal(added) {
      if (follow) { view(); return; }
      if (added.empty()) return;
      const bb = added.boundingBox({});
      const ext = cy.extent();
      if (bb.x1 < ext.x1 || bb.y1 < ext.y1 || bb.x2 > ext.x2 || bb.y2 > ext.y2) fit();
    },
  };
}

/**
 * Minimal view of a SignalR HubConnection: what the graph uses of it.
 * @typedef {{ state: string, stream(method: string, ...args: any[]): { subscribe(observer: { next(value: any): void, error(err: any): void, complete(): void }): { dispose(): void } } }} HubConnection
 */

/**
 * Starts the graph island of a page: mounts it in [data-role=graph] and follows the page's events on `root`
 * (netacademy:created brings the hub connection whose Graph(sessionId) stream it draws, :session the lab's state,
 * :reconnected). The learner's workspace and the instructor's observation both raise them, each for its own hub.
 * @param {HTMLElement} root the page's root (#workspace, #observe), holding data-session-id
 * @param {{ readOnly?: boolean }} [options] readOnly: no "Capture here" (the observer starts no capture)
 * @returns {GraphIsland | null}
 */
export function startGraph(root, options = {}) {
  /** @type {HTMLElement | null} */
  const section = root.querySelector('[data-role=graph]');
  if (!section) return null;
  const known = islands.get(section);
  if (known) return known;
  const island = mountGraph(section, options.readOnly ? {} : {
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
  // Every packet a capture shows crosses the graph; a followed packet's hops are drawn until the next one.
  root.addEventListener('netacademy:packet', e => island.packets.packet(/** @type {CustomEvent} */ (e).detail));
  root.addEventListener('netacademy:follow', e => {
    const hops = /** @type {CustomEvent} */ (e).detail?.hops;
    if (Array.isArray(hops) && hops.length) island.packets.showPath(hops);
    else island.packets.clearPath();
  });

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
