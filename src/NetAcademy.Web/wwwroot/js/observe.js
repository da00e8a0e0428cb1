// @ts-check
// The islands of an instructor's read-only observation, all on one ObservationHub connection: the learner's
// terminals' output, a tab per open shell of each node; the interface graph (graph.js, read-only); the packets of the
// captures the learner runs (packets.js, read-only). The terminals never take input: xterm has disableStdin and the
// hub has no input method, nor any to start or stop a capture. The session's state, tasks and open shells are the
// ObservationView component's; it tells the island the state with show() and the open shells with shells(). The
// graph and packet islands follow this root's events as they follow the learner's workspace (netacademy:created,
// :session, :reconnected), so they stream the same methods from this hub.

import { startGraph } from './graph.js';
import { cleanError, hubConnection } from './hub.js';
import { startPackets } from './packets.js';
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
    url: '/hubs/observe', root, status, connected: observe,
    reconnected: async () => {
      await observe();
      emit('reconnected', {});
    },
  });
  startGraph(root, { readOnly: true });
  startPackets(root, { readOnly: true });
  emit('created', { sessionId, connection });

  /** @param {string} name @param {object} detail */
  function emit(name, detail) {
    root.dispatchEvent(new CustomEvent('netacademy:' + name, { detail }));
  }

  /** Tells the graph and packet islands the lab's state (they stream only while it is Ready and connected). */
  function publish() {
    if (connection.state === 'Connected') emit('session', { snapshot: { state, nodes } });
  }
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
      publish();
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
      publish();
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
