// The live interface graph of the workspace: lab nodes hold namespaces, namespaces hold interfaces, typed edges
// join them (docs/graph-format.md). Follows the workspace's DOM events: subscribes to WorkspaceHub.Graph when the
// session is Ready (first the whole graph, then diffs), applies diffs in place so nothing already drawn moves,
// and resubscribes after a reconnect. Exposes window.netacademyGraph for tests and other modules.

import { cleanError } from './hub.js';

const DOWN_STATES = new Set(['DOWN', 'LOWERLAYERDOWN', 'NOTPRESENT', 'DORMANT']);
const EDGE_LABELS = {
  'veth': 'veth peer',
  'bridge-member': 'bridge port',
  'master': 'enslaved to',
  'lower': 'on top of',
  'tunnel-underlay': 'tunnel leaves by',
  'tunnel-remote': 'tunnel remote',
  'tunnel-peer': 'tunnel peer',
  'session-network': 'on network',
};

export function startGraph(root) {
  const section = root.querySelector('[data-role=graph]');
  if (!section || typeof cytoscape !== 'function') return null;

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
    status: section.querySelector('[data-role=graph-status]'),
    canvas: section.querySelector('[data-role=graph-canvas]'),
    details: section.querySelector('[data-role=graph-details]'),
    list: section.querySelector('[data-role=graph-list]'),
    diagnostics: section.querySelector('[data-role=graph-diagnostics]'),
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
  scheme.addEventListener('change', () => cy.style(buildStyle()));

  let connection = null;
  let subscription = null;
  let subscribedFor = null; // the connection the current subscription runs on
  let ready = false;
  let selected = null;
  let updates = 0;

  root.addEventListener('netacademy:created', e => { connection = e.detail.connection; });
  root.addEventListener('netacademy:session', e => {
    ready = e.detail.snapshot.state === 'Ready';
    if (ready) subscribe(false);
    else stop(e.detail.snapshot.state);
  });
  root.addEventListener('netacademy:reconnected', () => { if (ready) subscribe(true); });

  section.querySelector('[data-action=graph-fit]').addEventListener('click', () => cy.fit(undefined, 20));
  section.querySelector('[data-action=graph-layout]').addEventListener('click', () => fullLayout());

  cy.on('tap', 'node[type = "interface"]', e => showDetails(e.target.id()));
  cy.on('tap', e => { if (e.target === cy) hideDetails(); });

  function hub() {
    return connection || (window.netacademyWorkspace && window.netacademyWorkspace.connection) || null;
  }

  function subscribe(force) {
    const c = hub();
    if (!c || c.state !== 'Connected') return;
    if (subscription && subscribedFor === c && !force) return;
    dispose();
    const sessionId = root.dataset.sessionId;
    subscribedFor = c;
    const stream = c.stream('Graph', sessionId);
    const mine = stream.subscribe({
      next: msg => {
        if (subscription !== mine) return;
        try {
          if (msg.kind === 'graph') applyGraph(msg.data);
          else applyDiff(msg.data);
          updates++;
          section.dataset.updates = String(updates);
        } catch (err) {
          console.error('graph update failed', err);
        }
      },
      error: err => {
        if (subscription === mine) { subscription = null; }
        if (c.state === 'Connected' && ready) setStatus(`The graph stream failed: ${cleanError(err)}`);
      },
      complete: () => {
        if (subscription === mine) { subscription = null; }
        // The server ends the stream when the lab leaves Ready (reset); the next Ready subscribes again.
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

  function stop(state) {
    // The server ends the graph stream itself when the lab leaves Ready. Cancelling it from here as well races
    // with that end, and SignalR answers the race (a cancel for a stream whose token source it has just disposed)
    // by closing the whole connection (ObjectDisposedException in DefaultHubDispatcher, seen in CI at Stop).
    // So let go of it without a cancel; what it still sends is ignored.
    subscription = null;
    subscribedFor = null;
    section.dataset.live = 'false';
    if (state === 'Starting') setStatus('Waiting for the lab…');
    else if (state === 'Stopped' || state === 'Stopping') setStatus('The lab is stopped.');
  }

  // A whole graph: the first after a subscription. When something is drawn already (a reconnect, a reset),
  // it is applied as a difference so the picture does not jump.
  function applyGraph(graph) {
    const elements = graph.elements.map(decorate);
    if (cy.elements().empty()) {
      // Deterministic rows (interfaces side by side in their namespace, namespaces stacked in their node, nodes
      // side by side), so a learner sees the same picture each time; Re-layout offers a force-directed one.
      placeNew(cy.add(elements).nodes());
      cy.fit(undefined, 20);
    } else {
      const wanted = new Map(elements.map(e => [e.data.id, e]));
      const removed = cy.elements().filter(e => !wanted.has(e.id())).map(e => e.id());
      const added = elements.filter(e => cy.getElementById(e.data.id).empty());
      const changed = elements.filter(e => !cy.getElementById(e.data.id).empty());
      patch(removed, added, changed);
    }
    section.dataset.live = 'true';
    renderText(graph.diagnostics || []);
    setStatus(summary());
  }

  function applyDiff(diff) {
    patch(diff.removed, diff.added.map(decorate), diff.changed.map(decorate));
    if (diff.diagnostics) renderText(diff.diagnostics); else renderText(null);
    const names = diff.added.filter(e => e.data.type === 'interface').map(e => e.data.name);
    const gone = diff.removed.filter(id => id.split('/').length === 3).map(id => id.split('/')[2]);
    const parts = [];
    if (names.length) parts.push(`added ${names.join(', ')}`);
    if (gone.length) parts.push(`removed ${gone.join(', ')}`);
    if (diff.changed.length) parts.push(`${diff.changed.length} changed`);
    setStatus(summary() + (parts.length ? `. Just now: ${parts.join('; ')}.` : ''));
  }

  // Removed, then added, then changed (docs/graph-format.md). New leaves are placed beside their siblings or
  // below their node; nothing else moves.
  function patch(removed, added, changed) {
    cy.batch(() => {
      for (const id of removed) cy.getElementById(id).remove();
      for (const el of changed) {
        const existing = cy.getElementById(el.data.id);
        existing.data(el.data);
        existing.classes(el.classes);
      }
    });
    if (added.length) {
      const before = new Set(cy.nodes().map(n => n.id()));
      const fresh = cy.add(added);
      placeNew(fresh.nodes().filter(n => !before.has(n.id())));
    }
    if (selected && cy.getElementById(selected).empty()) hideDetails();
    else if (selected) showDetails(selected);
  }

  function placeNew(nodes) {
    const placed = new Set(cy.nodes().filter(n => !nodes.contains(n)).map(n => n.id()));
    const isPlaced = n => placed.has(n.id());
    const leaves = nodes.filter(n => n.isChildless());
    // Interfaces first (their boxes make the namespace and node boxes), networks after (placed under their members).
    const ordered = leaves.filter(n => n.data('type') !== 'network').union(leaves.filter(n => n.data('type') === 'network'));
    ordered.forEach(n => {
      n.position(slotFor(n, isPlaced));
      placed.add(n.id());
    });
  }

  function slotFor(n, isPlaced) {
    const all = cy.nodes().filter(x => x.isChildless() && isPlaced(x));
    if (n.data('type') === 'network') {
      const members = n.connectedEdges().connectedNodes().filter(x => x !== n && isPlaced(x));
      if (members.nonempty()) {
        const bb = members.boundingBox();
        return { x: (bb.x1 + bb.x2) / 2, y: bb.y2 + 120 };
      }
      return below(all);
    }
    const ns = n.parent();
    const siblings = ns.children().filter(x => x !== n && isPlaced(x));
    if (siblings.nonempty()) {
      const bb = siblings.boundingBox();
      return bb.w > 520
        ? { x: bb.x1 + width(n) / 2, y: bb.y2 + 40 + height(n) / 2 }
        : { x: bb.x2 + 30 + width(n) / 2, y: siblings.last().position('y') };
    }
    const labNode = ns.parent();
    const cousins = labNode.nonempty() ? labNode.descendants().filter(x => x.isChildless() && x !== n && isPlaced(x)) : cy.collection();
    if (cousins.nonempty()) {
      const bb = cousins.boundingBox();
      return { x: bb.x1 + width(n) / 2, y: bb.y2 + 70 + height(n) / 2 };
    }
    if (all.nonempty()) {
      const bb = all.boundingBox();
      return { x: bb.x2 + 140 + width(n) / 2, y: bb.y1 + height(n) / 2 };
    }
    return { x: 0, y: 0 };
  }

  function below(collection) {
    if (collection.empty()) return { x: 0, y: 0 };
    const bb = collection.boundingBox();
    return { x: (bb.x1 + bb.x2) / 2, y: bb.y2 + 120 };
  }

  function fullLayout() {
    if (cy.elements().empty()) return;
    cy.layout({
      name: 'cose',
      animate: false,
      randomize: false,
      fit: true,
      padding: 20,
      nodeDimensionsIncludeLabels: true,
      componentSpacing: 60,
      nestingFactor: 1.1,
      idealEdgeLength: () => 60,
      nodeRepulsion: () => 8000,
    }).run();
  }

  // Data the stylesheet needs that the server leaves to the page: the label text and whether it looks down.
  function decorate(el) {
    const d = { ...el.data };
    const classes = [];
    if (d.type === 'interface') {
      const lines = [d.name];
      for (const a of d.addresses || []) lines.push(a);
      if (d.vxlan) lines.push(`vni ${d.vxlan.id}`);
      d.display = lines.join('\n');
      d.w = Math.max(56, Math.max(...lines.map(l => l.length)) * 7 + 16);
      d.h = 14 + lines.length * 13;
      if (isDown(d)) classes.push('down');
    } else if (d.type === 'network') {
      d.display = d.subnet ? `${d.label}\n${d.subnet}` : d.label;
    } else {
      d.display = d.label;
    }
    return { group: el.group, data: d, classes: classes.join(' ') };
  }

  function isDown(d) {
    return !d.up || DOWN_STATES.has(d.operState);
  }

  function width(n) { return n.data('w') || 60; }
  function height(n) { return n.data('h') || 30; }

  function summary() {
    const interfaces = cy.nodes('[type = "interface"]');
    const down = interfaces.filter('.down').length;
    const nss = cy.nodes('[type = "netns"]').length;
    const links = cy.edges().length;
    return `${nss} namespace${nss === 1 ? '' : 's'}, ${interfaces.length} interface${interfaces.length === 1 ? '' : 's'}` +
      `${down ? ` (${down} down)` : ''}, ${links} link${links === 1 ? '' : 's'}`;
  }

  function setStatus(text) { ui.status.textContent = text; }

  // The text alternative: one entry per interface with what the picture shows, each opening the details panel.
  function renderText(diagnostics) {
    const items = cy.nodes('[type = "interface"]').sort((a, b) => a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0).map(n => {
      const d = n.data();
      const li = document.createElement('li');
      li.dataset.id = d.id;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = describe(d, n);
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

  function describe(d, n) {
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

  function showDetails(id) {
    const n = cy.getElementById(id);
    if (n.empty() || n.data('type') !== 'interface') { hideDetails(); return; }
    selected = id;
    cy.nodes().unselect();
    n.select();
    const d = n.data();
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
    capture.addEventListener('click', () => {
      root.dispatchEvent(new CustomEvent('netacademy:capture', { detail: { node: d.node, netns: d.netns ?? null, interface: d.name } }));
    });
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

  function buildStyle() {
    const css = getComputedStyle(document.documentElement);
    const v = (name, fallback) => (css.getPropertyValue(name) || '').trim() || fallback;
    const c = {
      fg: v('--fg', '#1b1d21'), muted: v('--muted', '#5d636e'), panel: v('--panel', '#ffffff'), bg: v('--bg', '#fbfbfa'),
      border: v('--border', '#d9dce1'), accent: v('--accent', '#0b63ce'), ok: v('--ok', '#16794a'),
      warn: v('--warn', '#9a5b00'), bad: v('--bad', '#b42318'), code: v('--code-bg', '#f1f3f5'),
    };
    const kinds = {
      bridge: c.ok, veth: c.accent, vxlan: '#8e44ad', gre: '#8e44ad', ipip: '#8e44ad', tun: c.warn, tap: c.warn,
      macvlan: '#1f8a8a', vlan: '#1f8a8a', 'docker-eth': c.muted, loopback: c.border, dummy: c.border, other: c.border,
    };
    const style = [
      { selector: 'node', style: { 'font-family': 'system-ui, sans-serif', 'font-size': 11, color: c.fg, label: 'data(display)' } },
      { selector: 'node[type = "node"]', style: {
        shape: 'round-rectangle', 'background-color': c.panel, 'background-opacity': 0.6, 'border-width': 2, 'border-color': c.muted,
        'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', 'font-size': 13, padding: 14 } },
      { selector: 'node[type = "netns"]', style: {
        shape: 'round-rectangle', 'background-color': c.code, 'background-opacity': 0.7, 'border-width': 1, 'border-style': 'dashed',
        'border-color': c.muted, 'text-valign': 'top', 'text-halign': 'center', color: c.muted, padding: 10 } },
      { selector: 'node[type = "interface"]', style: {
        shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-color': c.panel, 'border-width': 2,
        'border-color': c.border, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center',
        'font-family': 'ui-monospace, "DejaVu Sans Mono", monospace', 'font-size': 10 } },
      { selector: 'node[type = "network"]', style: {
        shape: 'barrel', width: 110, height: 36, 'background-color': c.code, 'border-width': 2, 'border-color': c.muted,
        'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center' } },
      { selector: 'node.down', style: { 'border-style': 'dashed', 'border-color': c.muted, color: c.muted, opacity: 0.75 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': c.accent, 'border-style': 'solid' } },
      { selector: 'edge', style: { width: 2, 'curve-style': 'bezier', 'line-color': c.muted } },
      { selector: 'edge[kind = "veth"]', style: { width: 3, 'line-color': c.accent } },
      { selector: 'edge[kind = "bridge-member"]', style: { 'line-color': c.ok, 'line-style': 'dotted', width: 3, 'target-arrow-shape': 'tee', 'target-arrow-color': c.ok } },
      { selector: 'edge[kind = "master"]', style: { 'line-color': c.ok, 'line-style': 'dotted' } },
      { selector: 'edge[kind = "lower"]', style: { 'line-color': '#1f8a8a', 'line-style': 'dashed' } },
      { selector: 'edge[kind = "tunnel-underlay"]', style: { 'line-color': c.warn, 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': c.warn } },
      { selector: 'edge[kind = "tunnel-remote"]', style: { 'line-color': '#8e44ad', 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#8e44ad' } },
      { selector: 'edge[kind = "tunnel-peer"]', style: { 'line-color': '#8e44ad', 'line-style': 'dashed', width: 3 } },
      { selector: 'edge[kind = "session-network"]', style: { 'line-color': c.muted, width: 3 } },
    ];
    for (const [kind, color] of Object.entries(kinds)) {
      style.push({ selector: `node[type = "interface"][kind = "${kind}"]`, style: { 'border-color': color } });
    }
    // After the kind colours, so a down interface looks down whatever its kind.
    style.push({ selector: 'node[type = "interface"].down', style: { 'border-style': 'dashed', 'border-color': c.muted } });
    style.push({ selector: 'node[type = "interface"]:selected', style: { 'border-color': c.accent, 'border-style': 'solid' } });
    return style;
  }

  const api = {
    cy,
    section,
    get live() { return section.dataset.live === 'true'; },
    get updates() { return updates; },
    interfaces: () => cy.nodes('[type = "interface"]').map(n => n.id()),
    edges: () => cy.edges().map(e => ({ id: e.id(), kind: e.data('kind'), source: e.source().id(), target: e.target().id() })),
    select: showDetails,
    relayout: fullLayout,
  };
  window.netacademyGraph = api;
  return api;
}

const workspace = document.getElementById('workspace');
if (workspace) startGraph(workspace);
