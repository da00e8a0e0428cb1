// @ts-check
// The lab workspace's terminal island: xterm.js terminals of the nodes' shells (one per node to begin with; "+" opens
// more, up to the server's cap per node, and closing a tab ends its shell in the node), fed by the WorkspaceHub stream
// (keystrokes and output never travel over the Blazor circuit: latency), and the hub connection the graph and packet
// islands share.
// The session's state is the server's: the SessionPanel component hands each snapshot to publish(), which passes it on
// to the other islands as the netacademy:session event on #workspace.

import { cleanError, hubConnection, whenConnected } from './hub.js';
import { terminalTabs } from './terminals.js';
import { nextShell, shellLabel } from './terminal-shells.js';
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
  const terminalArea = /** @type {HTMLElement} */ (root.querySelector('[data-role=terminal-area]'));
  const newButton = /** @type {HTMLButtonElement} */ (root.querySelector('[data-action=new-terminal]'));
  const closeButton = /** @type {HTMLButtonElement} */ (root.querySelector('[data-action=close-terminal]'));
  // The server's cap per node (TerminalRegistry.MaxShellsPerNode), written into the page by the server.
  const maxShells = Number(terminalArea.dataset.maxShells) || 1;
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
      await restoreShells();
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

  const shellTabs = terminalTabs({
    tabs,
    panes,
    idPrefix: sessionId,
    options: () => ({ cursorBlink: true, convertEol: false, theme: terminalTheme() }),
    focusOnSelect: true,
    onSelect: t => {
      root.dataset.selectedNode = t.node;
      root.dataset.selectedShell = String(t.shell);
      updateShellButtons();
    },
    onDeleteKey: t => { closeShell(t); },
  });
  const { terminals, add, select, remove, shellsOf, dispose: disposeTabs } = shellTabs;
  /** @type {Map<string, { resolve: () => void, promise: Promise<void> }>} by terminal key: resolved once its shell said something */
  const live = new Map();
  /** @type {[string, number][]} shells closed while the connection was down, to end on the server once it is back */
  const closing = [];
  let restored = false;

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
      for (const node of s.nodes) {
        if (shellsOf(node).length === 0) ensureTerminal(node, 1);
      }
      for (const [, t] of terminals) ensureTerminal(t.node, t.shell);
      restoreShells();
    } else {
      for (const [, t] of terminals) t.pane.classList.add('inactive');
    }
    updateShellButtons();
  }

  /**
   * The terminal of a node's shell, added and subscribed when the page has none.
   * @param {string} node @param {number} shell
   * @param {boolean} [show] select and focus a new one before it subscribes, so the shell opens at the pane's size
   */
  function ensureTerminal(node, shell, show = false) {
    const existing = [...terminals.values()].find(t => t.node === node && t.shell === shell);
    if (existing) {
      existing.pane.classList.remove('inactive');
      if (!existing.subscription) subscribe(existing);
      return existing;
    }
    const t = add(node, shell);
    if (show) select(t.key, true);
    t.term.onData(data => send(t, data));
    t.term.onResize(({ cols, rows }) => {
      if (connection.state === 'Connected' && t.subscription) {
        connection.invoke('Resize', sessionId, node, shell, cols, rows).catch(() => {});
      }
    });
    subscribe(t);
    updateShellButtons();
    return t;
  }

  // A page opened (or reloaded) while the lab has more shells open than the first of each node shows them all,
  // once it is connected and the lab is ready.
  async function restoreShells() {
    if (restored || connection.state !== 'Connected' || !snapshot || snapshot.state !== 'Ready') return;
    restored = true;
    try {
      /** @type {Record<string, number[]>} */
      const open = /** @type {Record<string, number[]>} */ (await connection.invoke('OpenTerminals', sessionId));
      for (const [node, shells] of Object.entries(open)) {
        if (!snapshot.nodes.includes(node)) continue;
        for (const shell of shells) {
          if (shellsOf(node).length < maxShells) ensureTerminal(node, shell);
        }
      }
    } catch (err) {
      restored = false;
      showError(cleanError(err));
    }
  }

  // "+": another shell on the selected tab's node, selected and focused at once.
  async function openShell() {
    const node = shellTabs.selected?.node;
    if (!node || !snapshot || snapshot.state !== 'Ready') return null;
    const shell = nextShell(shellsOf(node), maxShells);
    if (shell === null) return null;
    return ensureTerminal(node, shell, true);
  }

  // Closing a tab ends its shell in the node (the server hangs up its processes). A node keeps at least one tab.
  /** @param {NodeTerminal} t */
  async function closeShell(t) {
    if (shellsOf(t.node).length <= 1) return;
    remove(t.key);
    live.delete(t.key);
    updateShellButtons();
    if (connection.state !== 'Connected') {
      closing.push([t.node, t.shell]);
      if (closing.length === 1) closeWhenConnected();
      return;
    }
    try {
      await connection.invoke('CloseTerminal', sessionId, t.node, t.shell);
    } catch (err) {
      showError(cleanError(err));
    }
  }

  async function closeWhenConnected() {
    await whenConnected(connection, 30000);
    if (connection.state !== 'Connected') return;
    // A shell reopened under the same number since then is the page's again: leave it alone.
    for (const [node, shell] of closing.splice(0)) {
      if (!shellsOf(node).includes(shell)) connection.invoke('CloseTerminal', sessionId, node, shell).catch(() => {});
    }
  }

  function updateShellButtons() {
    const t = shellTabs.selected;
    const ready = snapshot?.state === 'Ready';
    if (!t) {
      newButton.disabled = true;
      closeButton.disabled = true;
      return;
    }
    const count = shellsOf(t.node).length;
    newButton.disabled = !ready || count >= maxShells;
    newButton.setAttribute('aria-label', `New terminal on ${t.node}`);
    newButton.title = count >= maxShells
      ? `${t.node} has ${maxShells} terminals, the most one node may have: close one first`
      : `New terminal on ${t.node}`;
    closeButton.disabled = count <= 1;
    closeButton.setAttribute('aria-label', `Close terminal ${shellLabel(t.node, t.shell)}`);
    closeButton.title = count <= 1
      ? `The only terminal on ${t.node} stays open`
      : `Close terminal ${shellLabel(t.node, t.shell)} and end its shell (Delete on its tab)`;
  }
  const onNew = () => { openShell(); };
  const onClose = () => { if (shellTabs.selected) closeShell(shellTabs.selected); };
  newButton.addEventListener('click', onNew);
  closeButton.addEventListener('click', onClose);

  /** @param {string} key */
  function liveOf(key) {
    let entry = live.get(key);
    if (!entry) {
      /** @type {() => void} */
      let resolve = () => {};
      const promise = new Promise(r => { resolve = () => r(undefined); });
      entry = { resolve, promise };
      live.set(key, entry);
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
    live.delete(t.key);
    const stream = connection.stream('Terminal', sessionId, t.node, t.shell, Math.max(t.term.cols, 2), Math.max(t.term.rows, 2));
    const subscription = stream.subscribe({
      next: chunk => { t.term.write(chunk); liveOf(t.key).resolve(); },
      error: err => {
        if (t.subscription !== subscription) return;
        t.subscription = null;
        if (connection.state === 'Connected') {
          const message = cleanError(err);
          t.term.write(`\r\n\x1b[2m[${message}]\x1b[0m\r\n`);
          showError(message);
        }
      },
      complete: () => {
        if (t.subscription !== subscription) return;
        t.subscription = null;
        t.term.write(TERMINAL_END);
        const once = t.term.onData(() => { once.dispose(); subscribe(t); });
      },
    });
    t.subscription = subscription;
    t.pane.dataset.attached = 'true';
  }

  // Keystrokes go out as they come (SignalR keeps their order on the wire). Those typed while the connection is
  // being re-established wait for it, in order, and are sent once it is back; if it does not come back they are lost.
  /** @type {[NodeTerminal, string][]} */
  const pending = [];
  /** @param {NodeTerminal} t @param {string} data */
  function send(t, data) {
    if (connection.state === 'Connected' && pending.length === 0) {
      sendNow(t, data);
      return;
    }
    if (pending.length >= 10000) return;
    pending.push([t, data]);
    if (pending.length === 1) sendWhenConnected();
  }

  async function sendWhenConnected() {
    await whenConnected(connection, 30000);
    const waiting = pending.splice(0);
    if (connection.state !== 'Connected') return;
    for (const [t, data] of waiting) if (terminals.get(t.key) === t) sendNow(t, data);
  }

  /** @param {NodeTerminal} t @param {string} data */
  async function sendNow(t, data) {
    for (let i = 0; i < data.length; i += MAX_INPUT) {
      try {
        await connection.invoke('Input', sessionId, t.node, t.shell, data.slice(i, i + MAX_INPUT));
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
    // The node's selected shell if that is where the learner is, else its first tab.
    const shown = shellTabs.selected;
    const t = shown?.node === node ? shown : [...terminals.values()].filter(x => x.node === node).sort((a, b) => a.shell - b.shell)[0];
    if (!t) {
      showError(snapshot && snapshot.nodes.includes(node)
        ? 'Start the lab first: it is not ready yet. Run this again once the terminals show.'
        : `This lab has no node "${node}".`);
      return;
    }
    select(t.key);
    // On a narrow screen the lab sits below the lesson: bring the terminal into view.
    t.pane.scrollIntoView({ block: 'nearest' });
    // Right after the lab turns ready the node's shell may not be open yet: wait for it rather than lose the text.
    Promise.race([liveOf(t.key).promise, new Promise(r => setTimeout(r, 15000))])
      .then(() => send(t, code.endsWith('\n') ? code : code + '\n'));
  }
  document.addEventListener('click', onRun);

  async function dispose() {
    document.removeEventListener('click', onRun);
    newButton.removeEventListener('click', onNew);
    closeButton.removeEventListener('click', onClose);
    scheme.removeEventListener('change', onScheme);
    islands.delete(root);
    disposeTabs();
    await close();
  }

  /** @type {WorkspaceIsland} */
  const island = { sessionId, connection, terminals, openShell, closeShell, get snapshot() { return snapshot; }, publish, dispose };
  islands.set(root, island);
  root.dataset.island = 'mounted';
  emit('created', { sessionId, connection });
  connect();
  return island;
}
