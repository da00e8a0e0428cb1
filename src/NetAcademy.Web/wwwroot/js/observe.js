// @ts-check
// The terminal island of an instructor's read-only observation: the learner's terminals' output from ObservationHub,
// a tab per open shell of each node. The terminals never take input: xterm has disableStdin and the hub has no input
// method. The session's state, tasks and open shells are the ObservationView component's; it tells the island the
// state with show() and the open shells with shells().

import { cleanError, hubConnection } from './hub.js';
import { terminalTabs } from './terminals.js';

/** @typedef {import('./terminals.js').NodeTerminal} NodeTerminal */

/**
 * Mounts the observation's terminals in `root` (#observe).
 * @param {HTMLElement} root
 * @param {{ sessionId: string, nodes: string[] }} options
 */
export function mount(root, { sessionId, nodes }) {
  const status = /** @type {HTMLElement} */ (root.querySelector('[data-role=connection]'));
  const error = /** @type {HTMLElement} */ (root.querySelector('[data-role=error]'));
  let state = root.dataset.state ?? '';
  /** @param {string} text */
  const showError = text => { error.hidden = !text; error.textContent = text; };

  const { connection, connect, close } = hubConnection({
    url: '/hubs/observe', root, status, connected: observe, reconnected: observe,
  });
  const { terminals, add, remove, dispose: disposeTabs } = terminalTabs({
    tabs: /** @type {HTMLElement} */ (root.querySelector('[data-role=tabs]')),
    panes: /** @type {HTMLElement} */ (root.querySelector('[data-role=panes]')),
    idPrefix: sessionId,
    paneLabel: node => `Terminal on ${node} (read-only)`,
    // The cursor takes the background's colour: the instructor's keys go nowhere.
    options: { disableStdin: true, cursorBlink: false, theme: { background: '#1d1f21', foreground: '#eaeaea', cursor: '#1d1f21' } },
  });
  for (const node of nodes) add(node);

  /** @param {NodeTerminal} t */
  function subscribe(t) {
    t.subscription?.dispose();
    t.term.reset();
    t.subscription = connection.stream('Terminal', sessionId, t.node, t.shell).subscribe({
      next: chunk => t.term.write(chunk),
      error: err => { t.subscription = null; showError(cleanError(err)); },
      complete: () => {
        t.subscription = null;
        // A node's first shell stays (the hub opens it again); the learner's other shells go with their end.
        if (t.shell > 1) remove(t.key);
        else t.term.write('\r\n\x1b[2m[the shell ended]\x1b[0m\r\n');
      },
    });
    t.pane.dataset.attached = 'true';
  }

  async function observe() {
    try {
      await connection.invoke('Observe', sessionId);
      attach();
    } catch (err) {
      showError(cleanError(err));
    }
  }

  function attach() {
    if (state !== 'Ready' || connection.state !== 'Connected') return;
    for (const [, t] of terminals) if (!t.subscription) subscribe(t);
  }

  connect();
  return {
    /** The session's state changed (from the server, through the component). @param {string} next */
    show(next) {
      state = next;
      attach();
    },
    /**
     * The learner's open shells changed (from the server, through the component): a tab for each, the first shell of
     * every node always.
     * @param {Record<string, number[]>} open node name to its open shell numbers
     */
    shells(open) {
      for (const [node, numbers] of Object.entries(open)) {
        if (!nodes.includes(node)) continue;
        for (const shell of numbers) add(node, shell);
      }
      for (const [key, t] of [...terminals]) {
        if (t.shell > 1 && !(open[t.node] ?? []).includes(t.shell)) remove(key);
      }
      attach();
    },
    async dispose() {
      disposeTabs();
      await close();
    },
  };
}
