// An instructor's read-only view of a learner's lab: follows ObservationHub (the session's state, its tasks and
// its terminals' output). The terminals never take input: xterm has disableStdin and the hub has no input method.

import { cleanError, errorBox, hubConnection } from './hub.js';
import { terminalTabs } from './terminals.js';

const ICON = { Locked: '⊘', Open: '○', Done: '✓' };

export function startObserve(root) {
  const sessionId = root.dataset.sessionId;
  const nodes = (root.dataset.nodes || '').split(',').filter(Boolean);
  const ui = {
    state: root.querySelector('[data-role=state]'),
    connection: root.querySelector('[data-role=connection]'),
    error: root.querySelector('[data-role=error]'),
    tabs: root.querySelector('[data-role=tabs]'),
    panes: root.querySelector('[data-role=panes]'),
    tasks: root.querySelector('[data-role=tasks]'),
    progress: root.querySelector('[data-role=task-progress]'),
  };
  const { connection, connect } = hubConnection({
    url: '/hubs/observe', root, status: ui.connection, connected: observe, reconnected: observe,
  });
  const showError = errorBox(ui.error);
  const { terminals, add } = terminalTabs({
    tabs: ui.tabs,
    panes: ui.panes,
    idPrefix: sessionId,
    paneLabel: node => `Terminal on ${node} (read-only)`,
    // The cursor takes the background's colour: the instructor's keys go nowhere.
    options: {
      disableStdin: true,
      cursorBlink: false,
      theme: { background: '#1d1f21', foreground: '#eaeaea', cursor: '#1d1f21' },
    },
  });
  for (const node of nodes) add(node);

  function subscribe(node, t) {
    if (t.subscription) { try { t.subscription.dispose(); } catch { } }
    t.term.reset();
    t.subscription = connection.stream('Terminal', sessionId, node).subscribe({
      next: chunk => t.term.write(chunk),
      error: err => { t.subscription = null; showError(cleanError(err)); },
      complete: () => {
        t.subscription = null;
        t.term.write('\r\n\x1b[2m[the shell ended]\x1b[0m\r\n');
      },
    });
    t.pane.dataset.attached = 'true';
  }

  async function observe() {
    try {
      const snapshot = await connection.invoke('Observe', sessionId);
      ui.state.textContent = snapshot.state;
      root.dataset.state = snapshot.state;
      if (snapshot.state === 'Ready') for (const [node, t] of terminals) subscribe(node, t);
      await tasks();
    } catch (err) {
      showError(cleanError(err));
    }
  }

  async function tasks() {
    if (connection.state !== 'Connected') return;
    try {
      const board = await connection.invoke('Tasks', sessionId);
      const done = board.tasks.filter(t => t.status === 'Done').length;
      ui.progress.textContent = `${done} of ${board.tasks.length} done`;
      root.dataset.done = String(done);
      ui.tasks.replaceChildren(...board.tasks.map(t => {
        const li = document.createElement('li');
        li.dataset.taskId = t.id;
        li.dataset.status = t.status.toLowerCase();
        li.textContent = `${ICON[t.status] || ''} ${t.title} (${t.status.toLowerCase()})`;
        if (t.lastMessage && t.status !== 'Done') {
          const m = document.createElement('span');
          m.className = 'task-message';
          m.textContent = t.lastMessage;
          li.append(m);
        }
        return li;
      }));
    } catch (err) {
      showError(cleanError(err));
    }
  }

  // The task board changes as the learner works; an observer is fine with a few seconds' delay.
  // A lab that was still starting is looked at again until it is ready, then its terminals are attached.
  setInterval(() => (root.dataset.state === 'Ready' ? tasks() : observe()), 4000);
  window.netacademyObserve = { connection, terminals };
  connect();
}

const root = document.getElementById('observe');
if (root) startObserve(root);
