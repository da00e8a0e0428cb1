// An instructor's read-only view of a learner's lab: follows ObservationHub (the session's state, its tasks and
// its terminals' output). The terminals never take input: xterm has disableStdin and the hub has no input method.

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
  const terminals = new Map();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/observe')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) })
    .build();

  const setConnection = (text, cls) => {
    ui.connection.textContent = text;
    ui.connection.className = 'connection ' + cls;
    root.dataset.connection = cls;
  };
  connection.onreconnecting(() => setConnection('Reconnecting…', 'reconnecting'));
  connection.onreconnected(() => { setConnection('Connected', 'connected'); observe(); });
  connection.onclose(() => {
    setConnection('Disconnected', 'disconnected');
    setTimeout(connect, 5000);
  });

  for (const node of nodes) addTerminal(node);
  if (nodes.length > 0) select(nodes[0]);

  function addTerminal(node) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.setAttribute('role', 'tab');
    tab.textContent = node;
    tab.dataset.node = node;
    tab.addEventListener('click', () => select(node));
    ui.tabs.append(tab);
    const pane = document.createElement('div');
    pane.className = 'terminal-pane';
    pane.dataset.node = node;
    pane.setAttribute('role', 'tabpanel');
    pane.setAttribute('aria-label', `Terminal on ${node} (read-only)`);
    ui.panes.append(pane);
    const term = new Terminal({
      disableStdin: true,
      cursorBlink: false,
      scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
      fontSize: 14,
      theme: { background: '#1d1f21', foreground: '#eaeaea', cursor: '#1d1f21' },
    });
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(pane);
    const t = { term, fit, pane, tab, subscription: null };
    terminals.set(node, t);
    new ResizeObserver(() => { if (!pane.hidden) safeFit(t); }).observe(pane);
  }

  function select(node) {
    for (const [name, t] of terminals) {
      const on = name === node;
      t.pane.hidden = !on;
      t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on) safeFit(t);
    }
  }

  function safeFit(t) {
    try { t.fit.fit(); } catch { /* not laid out yet */ }
  }

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

  function showError(text) {
    ui.error.hidden = !text;
    ui.error.textContent = text || '';
  }

  function cleanError(err) {
    const text = String(err && err.message ? err.message : err);
    const at = text.indexOf('HubException: ');
    return at >= 0 ? text.slice(at + 'HubException: '.length) : text;
  }

  async function connect() {
    try {
      setConnection('Connecting…', 'reconnecting');
      await connection.start();
      setConnection('Connected', 'connected');
      await observe();
    } catch (err) {
      setConnection('Disconnected', 'disconnected');
      setTimeout(connect, 3000);
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
