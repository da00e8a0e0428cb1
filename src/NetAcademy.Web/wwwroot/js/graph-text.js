// @ts-check
// What the graph says in words: the text alternative (one entry per interface), the details panel of the selected
// interface with its "Capture here", and the status line's summary of the graph and of its latest change.

import { isDown } from './graph-patch.js';
import { nodesOf } from './graph-layout.js';

/** @typedef {import('cytoscape').Core} Core */
/** @typedef {import('cytoscape').NodeSingular} NodeSingular */
/** @typedef {import('./graph-patch.js').Diagnostic} Diagnostic */
/** @typedef {import('./graph-patch.js').PatchResult} PatchResult */

export const EDGE_LABELS = /** @type {Record<string, string>} */ ({
  'veth': 'veth peer',
  'bridge-member': 'bridge port',
  'master': 'enslaved to',
  'lower': 'on top of',
  'tunnel-underlay': 'tunnel leaves by',
  'tunnel-remote': 'tunnel remote',
  'tunnel-peer': 'tunnel peer',
  'session-network': 'on network',
});

/**
 * The status line's summary: namespaces, interfaces (how many down) and links.
 * @param {Core} cy
 */
export function graphSummary(cy) {
  const interfaces = cy.nodes('[type = "interface"]');
  const down = interfaces.filter('.down').length;
  const nss = cy.nodes('[type = "netns"]').length;
  const links = cy.edges().length;
  return `${nss} namespace${nss === 1 ? '' : 's'}, ${interfaces.length} interface${interfaces.length === 1 ? '' : 's'}` +
    `${down ? ` (${down} down)` : ''}, ${links} link${links === 1 ? '' : 's'}`;
}

/**
 * What a diff just did, for the status line: interfaces added and removed, elements changed.
 * @param {import('./graph-patch.js').GraphDiff} diff
 * @param {{ addedIds: string[], removedIds: string[], changedIds: string[] }} result
 */
export function recentChanges(diff, result) {
  const names = (diff.added ?? []).filter(e => e.data?.type === 'interface' && result.addedIds.includes(e.data.id)).map(e => e.data.name);
  const gone = result.removedIds.filter(id => id.split('/').length === 3).map(id => id.split('/')[2]);
  const parts = [];
  if (names.length) parts.push(`added ${names.join(', ')}`);
  if (gone.length) parts.push(`removed ${gone.join(', ')}`);
  if (result.changedIds.length) parts.push(`${result.changedIds.length} changed`);
  return parts.length ? `. Just now: ${parts.join('; ')}.` : '';
}

/**
 * An interface in words: where it is, its kind and state, its addresses and links.
 * @param {NodeSingular} n
 */
export function describe(n) {
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

/**
 * The text alternative: one entry per interface with what the picture shows, each opening the details panel; and
 * discovery's diagnostics.
 * @param {Core} cy
 * @param {{ list: HTMLElement, diagnostics: HTMLElement }} ui
 * @param {Diagnostic[] | null} diagnostics null keeps the list shown
 * @param {(id: string) => void} open
 */
export function renderText(cy, ui, diagnostics, open) {
  const items = nodesOf(cy.nodes('[type = "interface"]')).sort((a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0)).map(n => {
    const li = document.createElement('li');
    li.dataset.id = n.id();
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = describe(n);
    button.addEventListener('click', () => open(n.id()));
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

/**
 * The rows of an interface's details: its data and one row per link.
 * @param {NodeSingular} n
 * @returns {[string, unknown][]}
 */
export function detailRows(n) {
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
    const other = e.source().id() === n.id() ? e.target() : e.source();
    rows.push([EDGE_LABELS[e.data('kind')] || e.data('kind'), other.data('type') === 'network' ? other.data('display') : other.id()]);
  }
  return rows;
}

/**
 * @typedef {object} DetailsPanel
 * @property {(id: string) => void} show opens an interface's details (an unknown id closes the panel)
 * @property {() => void} hide
 * @property {() => void} refresh after an update: shows the selected interface again, or closes if it is gone
 */

/**
 * The details panel of the selected interface.
 * @param {Core} cy
 * @param {HTMLElement} panel
 * @param {((detail: { node: string, netns: string | null, interface: string }) => void) | undefined} onCapture
 * @returns {DetailsPanel}
 */
export function detailsPanel(cy, panel, onCapture) {
  /** @type {string | null} */
  let selected = null;

  /** @param {string} id */
  function show(id) {
    const n = cy.getElementById(id);
    if (n.empty() || n.data('type') !== 'interface') { hide(); return; }
    selected = id;
    cy.nodes().unselect();
    n.select();
    const d = n.data();
    const heading = document.createElement('h3');
    heading.textContent = d.name;
    const dl = document.createElement('dl');
    for (const [k, v] of detailRows(/** @type {NodeSingular} */ (n))) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = String(v);
      dl.append(dt, dd);
    }
    const close = button('graph-close', '×', hide);
    close.setAttribute('aria-label', 'Close details');
    const actions = document.createElement('div');
    actions.className = 'graph-actions';
    // Without onCapture (an instructor's read-only view, a test page) there is nothing to start a capture with.
    if (onCapture) {
      const capture = button('primary', 'Capture here', () => onCapture({ node: d.node, netns: d.netns ?? null, interface: d.name }));
      capture.dataset.action = 'capture';
      actions.append(capture);
    }
    panel.replaceChildren(close, heading, dl, actions);
    panel.hidden = false;
    panel.dataset.id = id;
  }

  function hide() {
    selected = null;
    panel.hidden = true;
    panel.replaceChildren();
    delete panel.dataset.id;
    cy.nodes().unselect();
  }

  return {
    show,
    hide,
    refresh() {
      if (selected && cy.getElementById(selected).empty()) hide();
      else if (selected) show(selected);
    },
  };
}

/** @param {string} className @param {string} text @param {() => void} onClick */
function button(className, text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
