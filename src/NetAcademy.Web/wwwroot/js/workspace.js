// @ts-check
// The lab workspace's terminal island: xterm.js terminals of the nodes' shells (one per node to begin with; "+" opens
// more, up to the server's cap per node, and closing a tab ends its shell in the node), fed by the WorkspaceHub stream
// (keystrokes and output never travel over the Blazor circuit: latency), and the hub connection the graph and packet
// islands share.
// The session's state is the server's: the SessionPanel component hands each snapshot to publish(), which passes it on
// to the other islands as the netacademy:session event on #workspace.
// mount() wires the roles together over one shared state (Workspace): publishing snapshots, the shells' tabs and
// buttons, each terminal's stream and keystrokes, and the lesson's "Run on <node>" blocks.

import { cleanError, hubConnection, whenConnected } from './hub.js';
import { terminalTabs } from './terminals.js';
import { nextShell, runTarget, shellButtons } from './terminal-shells.js';
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
 * @property {Map<string, NodeTerminal>} terminals keyed by node and shell number (terminalKey in terminal-shells.js)
 * @property {() => Promise<NodeTerminal | null>} openShell opens another shell on the selected node, as "+" does
 * @property {(t: NodeTerminal) => Promise<void>} closeShell closes a shell's tab and ends it in the node
 * @property {SessionSnapshot | null} snapshot
 * @property {(json: string) => void} publish takes the server's snapshot (JSON)
 * @property {Promise<void>} shown resolved once a terminal has shown its shell's first output and no more came for a
 *   moment (SHOWN_QUIET_MS), or its stream failed
 * @property {() => void} replay tells islands started after the mount (js/workspace-attach.js imports them late) of the
 *   hub connection and, once it is up, of the session: the netacademy:created and netacademy:session events again
 * @property {() => Promise<void>} dispose
 */

const MAX_INPUT = 16 * 1024;
/** How long a terminal's first output must be followed by silence before it counts as shown (the island's `shown`). */
const SHOWN_QUIET_MS = 120;
const TERMINAL_END = '\r\n\x1b[2m[the shell ended; press Enter for a new one]\x1b[0m\r\n';

/**
 * What the roles of a mounted workspace share.
 * @typedef {object} Workspace
 * @property {HTMLElement} root
 * @property {string} sessionId
 * @property {HubConnection} connection
 * @property {SessionSnapshot | null} snapshot
 * @property {ReturnType<typeof terminalTabs>} shellTabs
 * @property {Map<string, NodeTerminal>} terminals
 * @property {number} maxShells the server's cap per node
 * @property {HTMLButtonElement} newButton
 * @property {HTMLButtonElement} closeButton
 * @property {Map<string, { resolve: () => void, promise: Promise<void> }>} live by terminal key: resolved once its shell said something
 * @property {[string, number][]} closing shells closed while the connection was down, to end on the server once it is back
 * @property {[NodeTerminal, string][]} pending keystrokes waiting for the connection
 * @property {boolean} restored whether the lab's other open shells were asked for
 * @property {(message: string) => void} showError
 * @property {() => void} markShown settles the island's `shown`
 * @property {boolean} shownPending whether `shown` waits still
 * @property {number} quietTimer the timer that settles `shown` once the first output has been quiet for a moment
 */

/** @type {WeakMap<HTMLElement, WorkspaceIsland>} */
const islands = new WeakMap();
/** @type {WeakMap<HTMLElement, (component: DotNetComponent) => void>} hands a mounted island its component */
const components = new WeakMap();

/** @param {HTMLElement} root @param {DotNetComponent} component */
function attachComponent(root, component) {
  components.get(root)?.(component);
}

/**
 * The island mounted on a workspace root (#workspace), or undefined.
 * @param {HTMLElement} root
 */
export function workspaceOf(root) {
  return islands.get(root);
}

/**
 * Mounts the terminal island in the workspace that holds `element`.
 * Mounted twice: first by js/workspace-attach.js as the page's modules run (no component yet, so a ready lab's prompt
 * does not wait for the Blazor circuit), then by SessionPanel once its circuit is up, which hands over the component.
 * @param {HTMLElement} element an element inside #workspace (the SessionPanel component's root, or #workspace itself)
 * @param {{ sessionId: string, component: DotNetComponent | null }} options
 * @returns {WorkspaceIsland}
 */
export function mount(element, options) {
  const root = /** @type {HTMLElement} */ (element.closest('#workspace'));
  const existing = islands.get(root);
  if (existing) {
    if (options.component) attachComponent(root, options.component);
    return existing;
  }
  const { sessionId } = options;
  /** @type {DotNetComponent | null} */
  let component = options.component;
  /** @type {string | null} an error raised before the component was there, shown once it is */
  let unshownError = null;
  components.set(root, c => {
    component = c;
    if (unshownError !== null) c.invokeMethodAsync('ShowError', unshownError).catch(() => {});
    unshownError = null;
  });
  const terminalArea = /** @type {HTMLElement} */ (root.querySelector('[data-role=terminal-area]'));
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const { connection, connect, close } = hubConnection({
    url: '/hubs/workspace',
    root,
    status: /** @type {HTMLElement} */ (root.querySelector('[data-role=connection]')),
    connected: async () => {
      mark('hub-connected');
      // The other islands act on a session event through this connection: they hear of the session once it is up.
      if (ws.snapshot) emit(root, 'session', { snapshot: ws.snapshot });
      for (const [, t] of ws.terminals) subscribe(ws, t);
      await restoreShells(ws);
    },
    reconnected: async () => {
      for (const [, t] of ws.terminals) subscribe(ws, t);
      emit(root, 'reconnected', {});
    },
  });
  const shellTabs = terminalTabs({
    tabs: /** @type {HTMLElement} */ (root.querySelector('[data-role=tabs]')),
    panes: /** @type {HTMLElement} */ (root.querySelector('[data-role=panes]')),
    idPrefix: sessionId,
    options: () => ({ cursorBlink: true, convertEol: false, theme: terminalTheme(scheme.matches) }),
    focusOnSelect: true,
    onSelect: t => {
      root.dataset.selectedNode = t.node;
      root.dataset.selectedShell = String(t.shell);
      updateShellButtons(ws);
    },
    onDeleteKey: t => { closeShell(ws, t); },
  });
  /** @type {() => void} */
  let markShown = () => {};
  /** @type {Promise<void>} */
  const shown = new Promise(resolve => { markShown = () => { ws.shownPending = false; clearTimeout(ws.quietTimer); resolve(undefined); }; });
  /** @type {Workspace} */
  const ws = {
    root, sessionId, connection, shellTabs, terminals: shellTabs.terminals, snapshot: null, markShown, shownPending: true, quietTimer: 0,
    // The server's cap per node (TerminalRegistry.MaxShellsPerNode), written into the page by the server.
    maxShells: Number(terminalArea.dataset.maxShells) || 1,
    newButton: /** @type {HTMLButtonElement} */ (root.querySelector('[data-action=new-terminal]')),
    closeButton: /** @type {HTMLButtonElement} */ (root.querySelector('[data-action=close-terminal]')),
    live: new Map(), closing: [], pending: [], restored: false,
    showError: message => {
      if (component) component.invokeMethodAsync('ShowError', message).catch(() => {});
      else unshownError = message;
    },
  };

  // Light terminals in the light scheme, dark in the dark one.
  const onScheme = () => { for (const [, t] of ws.terminals) t.term.options.theme = terminalTheme(scheme.matches); };
  const onNew = () => { openShell(ws); };
  const onClose = () => { if (ws.shellTabs.selected) closeShell(ws, ws.shellTabs.selected); };
  /** @param {MouseEvent} ev */
  const onRun = ev => runCodeBlock(ws, ev);
  scheme.addEventListener('change', onScheme);
  ws.newButton.addEventListener('click', onNew);
  ws.closeButton.addEventListener('click', onClose);
  document.addEventListener('click', onRun);

  /** @type {WorkspaceIsland} */
  const island = {
    sessionId,
    connection,
    terminals: ws.terminals,
    openShell: () => openShell(ws),
    closeShell: t => closeShell(ws, t),
    get snapshot() { return ws.snapshot; },
    publish: json => publish(ws, json),
    shown,
    replay() {
      emit(root, 'created', { sessionId, connection });
      if (connection.state === 'Connected' && ws.snapshot) emit(root, 'session', { snapshot: ws.snapshot });
    },
    async dispose() {
      document.removeEventListener('click', onRun);
      ws.newButton.removeEventListener('click', onNew);
      ws.closeButton.removeEventListener('click', onClose);
      scheme.removeEventListener('change', onScheme);
      islands.delete(root);
      components.delete(root);
      ws.shellTabs.dispose();
      await close();
    },
  };
  islands.set(root, island);
  root.dataset.island = 'mounted';
  mark('terminal-mounted');
  emit(root, 'created', { sessionId, connection });
  connect();
  return island;
}

/** @type {Set<string>} the steps marked already */
const marked = new Set();

/**
 * Marks a step of the way to the first prompt on the page's timeline (performance.mark, the first time only): the
 * lab-start-warm-browser benchmark reads them to say where a start's time goes.
 * @param {string} step
 * @param {object | null} [detail] e.g. the size the first terminal's stream was asked at
 */
function mark(step, detail = null) {
  if (marked.has(step)) return;
  marked.add(step);
  performance.mark('netacademy:' + step, { detail });
}

/**
 * The terminals' colours: light in the light scheme, dark in the dark one; both keep ANSI colours readable.
 * @param {boolean} dark
 */
function terminalTheme(dark) {
  return dark
    ? { background: '#0f1114', foreground: '#e6e6e6', cursor: '#e6e6e6', selectionBackground: '#3a4657' }
    : { background: '#fdfdfc', foreground: '#1b1d21', cursor: '#1b1d21', selectionBackground: '#b9d3f5',
        yellow: '#8a6d00', brightYellow: '#7a5c00', white: '#5d636e', brightWhite: '#3d424a' };
}

/**
 * The graph and packet islands follow the workspace through these events on the root (the shared contract):
 * netacademy:created {sessionId, connection}, netacademy:session {snapshot}, netacademy:reconnected.
 * @param {HTMLElement} root @param {string} name @param {object} detail
 */
function emit(root, name, detail) {
  root.dispatchEvent(new CustomEvent('netacademy:' + name, { detail }));
}

/**
 * Takes the server's snapshot (JSON): passes it on, and opens each node's first shell once the lab is ready.
 * @param {Workspace} ws
 * @param {string} json
 */
function publish(ws, json) {
  /** @type {SessionSnapshot} */
  const s = JSON.parse(json);
  if (!isNewer(ws.snapshot, s)) return;
  ws.snapshot = s;
  ws.root.dataset.state = s.state;
  if (ws.connection.state === 'Connected') emit(ws.root, 'session', { snapshot: s });
  if (s.state === 'Ready') {
    for (const node of s.nodes) {
      if (ws.shellTabs.shellsOf(node).length === 0) ensureTerminal(ws, node, 1);
    }
    for (const [, t] of ws.terminals) ensureTerminal(ws, t.node, t.shell);
    restoreShells(ws);
  } else {
    for (const [, t] of ws.terminals) t.pane.classList.add('inactive');
  }
  updateShellButtons(ws);
}

/**
 * The terminal of a node's shell, added and subscribed when the page has none.
 * @param {Workspace} ws
 * @param {string} node @param {number} shell
 * @param {boolean} [show] select and focus a new one before it subscribes, so the shell opens at the pane's size
 */
function ensureTerminal(ws, node, shell, show = false) {
  const existing = [...ws.terminals.values()].find(t => t.node === node && t.shell === shell);
  if (existing) {
    existing.pane.classList.remove('inactive');
    if (!existing.subscription) subscribe(ws, existing);
    return existing;
  }
  const t = ws.shellTabs.add(node, shell);
  if (show) ws.shellTabs.select(t.key, true);
  t.term.onData(data => send(ws, t, data));
  t.term.onResize(({ cols, rows }) => {
    if (ws.connection.state === 'Connected' && t.subscription) {
      ws.connection.invoke('Resize', ws.sessionId, node, shell, cols, rows).catch(() => {});
    }
  });
  subscribe(ws, t);
  updateShellButtons(ws);
  return t;
}

/**
 * A page opened (or reloaded) while the lab has more shells open than the first of each node shows them all,
 * once it is connected and the lab is ready.
 * @param {Workspace} ws
 */
async function restoreShells(ws) {
  const { connection, snapshot } = ws;
  if (ws.restored || connection.state !== 'Connected' || !snapshot || snapshot.state !== 'Ready') return;
  ws.restored = true;
  try {
    /** @type {Record<string, number[]>} */
    const open = /** @type {Record<string, number[]>} */ (await connection.invoke('OpenTerminals', ws.sessionId));
    for (const [node, shells] of Object.entries(open)) {
      if (!snapshot.nodes.includes(node)) continue;
      for (const shell of shells) {
        if (ws.shellTabs.shellsOf(node).length < ws.maxShells) ensureTerminal(ws, node, shell);
      }
    }
  } catch (err) {
    ws.restored = false;
    ws.showError(cleanError(err));
  }
}

/**
 * "+": another shell on the selected tab's node, selected and focused at once.
 * @param {Workspace} ws
 */
async function openShell(ws) {
  const node = ws.shellTabs.selected?.node;
  if (!node || !ws.snapshot || ws.snapshot.state !== 'Ready') return null;
  const shell = nextShell(ws.shellTabs.shellsOf(node), ws.maxShells);
  if (shell === null) return null;
  return ensureTerminal(ws, node, shell, true);
}

/**
 * Closing a tab ends its shell in the node (the server hangs up its processes). A node keeps at least one tab.
 * @param {Workspace} ws
 * @param {NodeTerminal} t
 */
async function closeShell(ws, t) {
  if (ws.shellTabs.shellsOf(t.node).length <= 1) return;
  ws.shellTabs.remove(t.key);
  ws.live.delete(t.key);
  updateShellButtons(ws);
  if (ws.connection.state !== 'Connected') {
    ws.closing.push([t.node, t.shell]);
    if (ws.closing.length === 1) closeWhenConnected(ws);
    return;
  }
  try {
    await ws.connection.invoke('CloseTerminal', ws.sessionId, t.node, t.shell);
  } catch (err) {
    ws.showError(cleanError(err));
  }
}

/** @param {Workspace} ws */
async function closeWhenConnected(ws) {
  await whenConnected(ws.connection, 30000);
  if (ws.connection.state !== 'Connected') return;
  // A shell reopened under the same number since then is the page's again: leave it alone.
  for (const [node, shell] of ws.closing.splice(0)) {
    if (!ws.shellTabs.shellsOf(node).includes(shell)) ws.connection.invoke('CloseTerminal', ws.sessionId, node, shell).catch(() => {});
  }
}

/** @param {Workspace} ws */
function updateShellButtons(ws) {
  const t = ws.shellTabs.selected;
  const state = shellButtons(t, t ? ws.shellTabs.shellsOf(t.node).length : 0, ws.maxShells, ws.snapshot?.state === 'Ready');
  ws.newButton.disabled = state.newDisabled;
  ws.closeButton.disabled = state.closeDisabled;
  if (state.newLabel) ws.newButton.setAttribute('aria-label', state.newLabel);
  if (state.newTitle) ws.newButton.title = state.newTitle;
  if (state.closeLabel) ws.closeButton.setAttribute('aria-label', state.closeLabel);
  if (state.closeTitle) ws.closeButton.title = state.closeTitle;
}

/**
 * @param {Workspace} ws
 * @param {string} key
 */
function liveOf(ws, key) {
  let entry = ws.live.get(key);
  if (!entry) {
    /** @type {() => void} */
    let resolve = () => {};
    const promise = new Promise(r => { resolve = () => r(undefined); });
    entry = { resolve, promise };
    ws.live.set(key, entry);
  }
  return entry;
}

/**
 * Feeds a terminal from its shell's hub stream (again after a reconnect, or after the shell ended and a key is pressed).
 * @param {Workspace} ws
 * @param {NodeTerminal} t
 */
function subscribe(ws, t) {
  const { connection, snapshot } = ws;
  t.subscription?.dispose();
  t.subscription = null;
  if (connection.state !== 'Connected' || !snapshot || snapshot.state !== 'Ready') return;
  // The server replays the shell's recent output first: start from a clean screen.
  t.term.reset();
  ws.live.delete(t.key);
  mark('terminal-stream', { cols: t.term.cols, rows: t.term.rows });
  const stream = connection.stream('Terminal', ws.sessionId, t.node, t.shell, Math.max(t.term.cols, 2), Math.max(t.term.rows, 2));
  const subscription = stream.subscribe({
    next: chunk => {
      t.term.write(chunk, ws.shownPending ? () => outputQuiet(ws) : undefined);
      liveOf(ws, t.key).resolve();
      mark('terminal-output');
    },
    error: err => {
      ws.markShown();
      if (t.subscription !== subscription) return;
      t.subscription = null;
      if (connection.state === 'Connected') {
        const message = cleanError(err);
        t.term.write(`\r\n\x1b[2m[${message}]\x1b[0m\r\n`);
        ws.showError(message);
      }
    },
    complete: () => {
      if (t.subscription !== subscription) return;
      t.subscription = null;
      t.term.write(TERMINAL_END);
      const once = t.term.onData(() => { once.dispose(); subscribe(ws, t); });
    },
  });
  t.subscription = subscription;
  t.pane.dataset.attached = 'true';
}

/**
 * A terminal has shown what its shell said first once no more has come for a moment: a login shell's greeting and
 * prompt come in a few chunks, and the other islands' scripts would hold up the last of them on the main thread.
 * @param {Workspace} ws
 */
function outputQuiet(ws) {
  if (!ws.shownPending) return;
  clearTimeout(ws.quietTimer);
  ws.quietTimer = window.setTimeout(ws.markShown, SHOWN_QUIET_MS);
}

/**
 * Keystrokes go out as they come (SignalR keeps their order on the wire). Those typed while the connection is being
 * re-established wait for it, in order, and are sent once it is back; if it does not come back they are lost.
 * @param {Workspace} ws
 * @param {NodeTerminal} t
 * @param {string} data
 */
function send(ws, t, data) {
  if (ws.connection.state === 'Connected' && ws.pending.length === 0) {
    sendNow(ws, t, data);
    return;
  }
  if (ws.pending.length >= 10000) return;
  ws.pending.push([t, data]);
  if (ws.pending.length === 1) sendWhenConnected(ws);
}

/** @param {Workspace} ws */
async function sendWhenConnected(ws) {
  await whenConnected(ws.connection, 30000);
  const waiting = ws.pending.splice(0);
  if (ws.connection.state !== 'Connected') return;
  for (const [t, data] of waiting) if (ws.terminals.get(t.key) === t) sendNow(ws, t, data);
}

/** @param {Workspace} ws @param {NodeTerminal} t @param {string} data */
async function sendNow(ws, t, data) {
  for (let i = 0; i < data.length; i += MAX_INPUT) {
    try {
      await ws.connection.invoke('Input', ws.sessionId, t.node, t.shell, data.slice(i, i + MAX_INPUT));
    } catch (err) {
      ws.showError(cleanError(err));
      return;
    }
  }
}

/**
 * Click-to-run code blocks in the lesson: send to the node's terminal and focus it.
 * @param {Workspace} ws
 * @param {MouseEvent} ev
 */
function runCodeBlock(ws, ev) {
  const run = /** @type {HTMLElement | null} */ (/** @type {Element} */ (ev.target).closest?.('[data-run-node]'));
  if (!run) return;
  const node = run.dataset.runNode ?? '';
  const code = run.closest('.code-block')?.querySelector('code')?.textContent ?? '';
  const t = runTarget(ws.shellTabs.selected, ws.terminals.values(), node);
  if (!t) {
    ws.showError(ws.snapshot && ws.snapshot.nodes.includes(node)
      ? 'Start the lab first: it is not ready yet. Run this again once the terminals show.'
      : `This lab has no node "${node}".`);
    return;
  }
  ws.shellTabs.select(t.key);
  // On a narrow screen the lab sits below the lesson: bring the terminal into view.
  t.pane.scrollIntoView({ block: 'nearest' });
  // Right after the lab turns ready the node's shell may not be open yet: wait for it rather than lose the text.
  Promise.race([liveOf(ws, t.key).promise, new Promise(r => setTimeout(r, 15000))])
    .then(() => send(ws, t, code.endsWith('\n') ? code : code + '\n'));
}
