// @ts-check
// The lab workspace's terminal island: one xterm.js terminal per node, fed by the WorkspaceHub stream (keystrokes and
// output never travel over the Blazor circuit: latency), and the hub connection the graph and packet islands share.
// The session's state is the server's: the SessionPanel component hands each snapshot to publish(), which passes it on
// to the other islands as the netacademy:session event on #workspace.

import { cleanError, hubConnection, whenConnected } from './hub.js';
import { terminalTabs } from './terminals.js';
import { isNewer } from './session-order.js';

/** @typedef {import('./hub.js').HubConnection} HubConnection */
/** @typedef {import('./terminals.js').NodeTerminal} NodeTerminal */

/**
 * A session snapshot as the server sends it (SessionSnapshot in camelCase, enums as names).
 * @typedef {object} SessionSnapshot
 * @property {string} id
 * @property {string} state Starting, Ready, Failed, Stopping or Stopped
 * @property {string[]} nodes
 * @property {number} version
 * @property {string} expiresAt
 */

/**
 * The .NET side of the island (SessionPanel's DotNetObjectReference).
 * @typedef {{ invokeMethodAsync(method: string, ...args: unknown[]): Promise<unknown> }} DotNetComponent
 */

/**
 * What tests and other modules can read of a mounted workspace (workspaceOf).
 * @typedef {object} WorkspaceIsland
 * @property {string} sessionId
 * @property {HubConnection} connection
 * @property {Map<string, NodeTerminal>} terminals
 * @property {SessionSnapshot | null} snapshot
 * @property {(json: string) => void} publish takes the server's snapshot (JSON)
 * @property {() => Promise<void>} dispose
 */

const MAX_INPUT = 16 * 1024;
const TERMINAL_END = '\r\n\x1b[2m[the shell ended; press Enter for a new one]\x1b[0m\r\n';

/** @type {WeakMap<HTMLElement, WorkspaceIsland>} */
const islands = new WeakMap();

/**
 * The island mounted on a workspace root (#workspace), or undefined.
 * @param {HTMLElement} root
 */
export function workspaceOf(root) {
  return islands.get(root);
}

/**
 * Mounts the terminal island in the workspace that holds `element`.
 * @param {HTMLElement} element an element inside #workspace (the SessionPanel component's root)
 * @param {{ sessionId: string, component: DotNetComponent }} options
 * @returns {WorkspaceIsland}
 */
export function mount(element, options) {
  const root = /** @type {HTMLElement} */ (element.closest('#workspace'));
  const existing = islands.get(root);
  if (existing) return existing;
  const { sessionId, component } = options;
  const tabs = /** @type {HTMLElement} */ (root.querySelector('[data-role=tabs]'));
  const panes = /** @type {HTMLElement} */ (root.querySelector('[data-role=panes]'));
  const status = /** @type {HTMLElement} */ (root.querySelector('[data-role=connection]'));
  /** @type {SessionSnapshot | null} */
  let snapshot = null;

  /** @param {string} message */
  const showError = message => { component.invokeMethodAsync('ShowError', message).catch(() => {}); };

  const { connection, connect, close } = hubConnection({
    url: '/hubs/workspace',
    root,
    status,
    connected: async () => {
      // The other islands act on a session event through this connection: they hear of the session once it is up.
      if (snapshot) emit('session', { snapshot });
      for (const [, t] of terminals) subscribe(t);
    },
    reconnected: async () => {
      for (const [, t] of terminals) subscribe(t);
      emit('reconnected', {});
    },
  });

  // Light terminals in the light scheme, dark in the dark one; both keep ANSI colours readable.
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const terminalTheme = () => scheme.matches
    ? { background: '#0f1114', foreground: '#e6e6e6', cursor: '#e6e6e6', selectionBackground: '#3a4657' }
    : { background: '#fdfdfc', foreground: '#1b1d21', cursor: '#1b1d21', selectionBackground: '#b9d3f5',
        yellow: '#8a6d00', brightYellow: '#7a5c00', white: '#5d636e', brightWhite: '#3d424a' };
  const onScheme = () => { for (const [, t] of terminals) t.term.options.theme = terminalTheme(); };
  scheme.addEventListener('change', onScheme);

  const { terminals, add, select, dispose: disposeTabs } = terminalTabs({
    tabs,
    panes,
    idPrefix: sessionId,
    options: () => ({ cursorBlink: true, convertEol: false, theme: terminalTheme() }),
    focusOnSelect: true,
    onSelect: node => { root.dataset.selectedNode = node; },
  });
  /** @type {Map<string, { resolve: () => void, promise: Promise<void> }>} resolved once a node's shell said something */
  const live = new Map();

  // The graph and packet islands follow the workspace through these events on the root (the shared contract):
  // netacademy:created {sessionId, connection}, netacademy:session {snapshot}, netacademy:reconnected.
  /** @param {string} name @param {object} detail */
  function emit(name, detail) {
    root.dispatchEvent(new CustomEvent('netacademy:' + name, { detail }));
  }

  /** @param {string} json */
  function publish(json) {
    /** @type {SessionSnapshot} */
    const s = JSON.parse(json);
    if (!isNewer(snapshot, s)) return;
    snapshot = s;
    root.dataset.state = s.state;
    if (connection.state === 'Connected') emit('session', { snapshot: s });
    if (s.state === 'Ready') {
      for (const node of s.nodes) ensureTerminal(node);
    } else {
      for (const [, t] of terminals) t.pane.classList.add('inactive');
    }
  }

  /** @param {string} node */
  function ensureTerminal(node) {
    const existing = terminals.get(node);
    if (existing) {
      existing.pane.classList.remove('inactive');
      if (!existing.subscription) subscribe(existing);
      return;
    }
    const t = add(node);
    t.term.onData(data => send(node, data));
    t.term.onResize(({ cols, rows }) => {
      if (connection.state === 'Connected' && t.subscription) {
        connection.invoke('Resize', sessionId, node, cols, rows).catch(() => {});
      }
    });
    subscribe(t);
  }

  /** @param {string} node */
  function liveOf(node) {
    let entry = live.get(node);
    if (!entry) {
      /** @type {() => void} */
      let resolve = () => {};
      const promise = new Promise(r => { resolve = () => r(undefined); });
      entry = { resolve, promise };
      live.set(node, entry);
    }
    return entry;
  }

  /** @param {NodeTerminal} t */
  function subscribe(t) {
    t.subscription?.dispose();
    t.subscription = null;
    if (connection.state !== 'Connected' || !snapshot || snapshot.state !== 'Ready') return;
    // The server replays the shell's recent output first: start from a clean screen.
    t.term.reset();
    live.delete(t.node);
    const stream = connection.stream('Terminal', sessionId, t.node, Math.max(t.term.cols, 2), Math.max(t.term.rows, 2));
    t.subscription = stream.subscribe({
      next: chunk => { t.term.write(chunk); liveOf(t.node).resolve(); },
      error: err => {
        t.subscription = null;
        if (connection.state === 'Connected') showError(cleanError(err));
      },
      complete: () => {
        t.subscription = null;
        t.term.write(TERMINAL_END);
        const once = t.term.onData(() => { once.dispose(); subscribe(t); });
      },
    });
    t.pane.dataset.attached = 'true';
  }

  // Keystrokes go out as they come (SignalR keeps their order on the wire). Those typed while the connection is
  // being re-established wait for it, in order, and are sent once it is back; if it does not come back they are lost.
  /** @type {[string, string][]} */
  const pending = [];
  /** @param {string} node @param {string} data */
  function send(node, data) {
    if (connection.state === 'Connected' && pending.length === 0) {
      sendNow(node, data);
      return;
    }
    if (pending.length >= 10000) return;
    pending.push([node, data]);
    if (pending.length === 1) sendWhenConnected();
  }

  async function sendWhenConnected() {
    await whenConnected(connection, 30000);
    const waiting = pending.splice(0);
    if (connection.state !== 'Connected') return;
    for (const [node, data] of waiting) sendNow(node, data);
  }

  /** @param {string} node @param {string} data */
  async function sendNow(node, data) {
    for (let i = 0; i < data.length; i += MAX_INPUT) {
      try {
        await connection.invoke('Input', sessionId, node, data.slice(i, i + MAX_INPUT));
      } catch (err) {
        showError(cleanError(err));
        return;
      }
    }
  }

  // Click-to-run code blocks in the lesson: send to the node's terminal and focus it.
  /** @param {MouseEvent} ev */
  function onRun(ev) {
    const run = /** @type {HTMLElement | null} */ (/** @type {Element} */ (ev.target).closest?.('[data-run-node]'));
    if (!run) return;
    const node = run.dataset.runNode ?? '';
    const code = run.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    const t = terminals.get(node);
    if (!t) {
      showError(snapshot && snapshot.nodes.includes(node)
        ? 'Start the lab first: it is not ready yet. Run this again once the terminals show.'
        : `This lab has no node "${node}".`);
      return;
    }
    select(node);
    // On a narrow screen the lab sits below the lesson: bring the terminal into view.
    t.pane.scrollIntoView({ block: 'nearest' });
    // Right after the lab turns ready the node's shell may not be open yet: wait for it rather than lose the text.
    Promise.race([liveOf(node).promise, new Promise(r => setTimeout(r, 15000))])
      .then(() => send(node, code.endsWith('\n') ? code : code + '\n'));
  }
  document.addEventListener('click', onRun);

  async function dispose() {
    document.removeEventListener('click', onRun);
    scheme.removeEventListener('change', onScheme);
    islands.delete(root);
    disposeTabs();
    await close();
  }

  /** @type {WorkspaceIsland} */
  const island = { sessionId, connection, terminals, get snapshot() { return snapshot; }, publish, dispose };
  islands.set(root, island);
  root.dataset.island = 'mounted';
  emit('created', { sessionId, connection });
  connect();
  return island;
}
