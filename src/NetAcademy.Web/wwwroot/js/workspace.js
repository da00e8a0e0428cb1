// The lab workspace: session progress and state, one terminal per node, session actions.
// Talks to WorkspaceHub over SignalR; the server checks every call against the signed-in learner.

const MAX_INPUT = 16 * 1024;

export function startWorkspace(root) {
  const sessionId = root.dataset.sessionId;
  const ui = {
    state: root.querySelector('[data-role=state]'),
    steps: root.querySelector('[data-role=steps]'),
    error: root.querySelector('[data-role=error]'),
    connection: root.querySelector('[data-role=connection]'),
    timeLeft: root.querySelector('[data-role=time-left]'),
    tabs: root.querySelector('[data-role=tabs]'),
    panes: root.querySelector('[data-role=panes]'),
    stop: root.querySelector('[data-action=stop]'),
    reset: root.querySelector('[data-action=reset]'),
    extend: root.querySelector('[data-action=extend]'),
    retry: root.querySelector('[data-action=retry]'),
  };
  const terminals = new Map(); // node -> { term, fit, subscription, pane, tab }
  let snapshot = null;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/workspace')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) })
    .build();

  const setConnection = (text, cls) => {
    ui.connection.textContent = text;
    ui.connection.className = 'connection ' + cls;
    root.dataset.connection = cls;
  };

  connection.onreconnecting(() => setConnection('Reconnecting…', 'reconnecting'));
  connection.onreconnected(async () => {
    setConnection('Connected', 'connected');
    await watch();
    for (const [node, t] of terminals) subscribe(node, t);
    emit('reconnected', {});
  });
  connection.onclose(() => {
    setConnection('Disconnected', 'disconnected');
    // Automatic reconnect gave up: keep trying at a slow pace.
    setTimeout(connect, 5000);
  });
  connection.on('session', s => render(s));

  async function connect() {
    try {
      setConnection('Connecting…', 'reconnecting');
      await connection.start();
      setConnection('Connected', 'connected');
      await watch();
    } catch (err) {
      setConnection('Disconnected', 'disconnected');
      setTimeout(connect, 3000);
    }
  }

  async function watch() {
    try {
      render(await connection.invoke('Watch', sessionId));
    } catch (err) {
      showError(cleanError(err));
    }
  }

  function cleanError(err) {
    const text = String(err && err.message ? err.message : err);
    const at = text.indexOf('HubException: ');
    return at >= 0 ? text.slice(at + 'HubException: '.length) : text;
  }

  function showError(text) {
    ui.error.hidden = !text;
    ui.error.textContent = text || '';
  }

  // Other workspace modules (graph, packets) follow the session through these DOM events on the root:
  // netacademy:session {snapshot}, netacademy:reconnected, netacademy:select-node {node}.
  function emit(name, detail) {
    root.dispatchEvent(new CustomEvent('netacademy:' + name, { detail }));
  }

  function render(s) {
    snapshot = s;
    emit('session', { snapshot: s });
    root.dataset.state = s.state;
    ui.state.textContent = s.state;
    ui.steps.replaceChildren(...s.steps.map(step => {
      const li = document.createElement('li');
      li.className = 'step step-' + step.status.toLowerCase();
      li.dataset.step = step.step;
      const secs = parseElapsed(step.elapsed);
      li.textContent = `${step.title}${step.status === 'Running' ? '…' : ''}${step.status !== 'Running' ? ` (${secs.toFixed(1)} s)` : ''}`;
      return li;
    }));
    const failed = s.state === 'Failed';
    showError(failed ? s.error : (s.state === 'Stopped' ? `The lab was stopped (${s.stopReason || 'stopped'}).` : ''));
    ui.retry.hidden = !failed;
    ui.reset.disabled = !(s.state === 'Ready' || failed);
    ui.stop.disabled = !(s.state === 'Ready' || s.state === 'Starting' || failed);
    ui.extend.disabled = s.state !== 'Ready';
    if (s.state === 'Ready') {
      s.nodes.forEach(node => ensureTerminal(node));
    } else if (s.state !== 'Ready') {
      for (const [, t] of terminals) t.pane.classList.add('inactive');
    }
    if (s.state === 'Stopped') {
      setTimeout(() => { window.location.href = root.dataset.lessonUrl || '/'; }, 1500);
    }
  }

  function parseElapsed(text) {
    // TimeSpan as "hh:mm:ss.fffffff"
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text || '');
    return m ? (+(m[1] || 0)) * 86400 + (+m[2]) * 3600 + (+m[3]) * 60 + parseFloat(m[4]) : 0;
  }

  function ensureTerminal(node) {
    const existing = terminals.get(node);
    if (existing) {
      existing.pane.classList.remove('inactive');
      if (!existing.subscription) subscribe(node, existing);
      return;
    }
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.role = 'tab';
    tab.textContent = node;
    tab.dataset.node = node;
    tab.addEventListener('click', () => select(node));
    ui.tabs.append(tab);

    const pane = document.createElement('div');
    pane.className = 'terminal-pane';
    pane.dataset.node = node;
    pane.setAttribute('role', 'tabpanel');
    pane.setAttribute('aria-label', `Terminal on ${node}`);
    ui.panes.append(pane);

    const term = new Terminal({
      cursorBlink: true,
      convertEol: false,
      scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
      fontSize: 14,
      theme: terminalTheme(),
    });
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    const t = { term, fit, pane, tab, subscription: null, node };
    terminals.set(node, t);
    term.open(pane);
    term.onData(data => send(node, data));
    term.onResize(({ cols, rows }) => {
      if (connection.state === 'Connected' && t.subscription) {
        connection.invoke('Resize', sessionId, node, cols, rows).catch(() => {});
      }
    });
    new ResizeObserver(() => { if (!pane.hidden) safeFit(t); }).observe(pane);
    if (terminals.size === 1) select(node);
    safeFit(t);
    subscribe(node, t);
  }

  function safeFit(t) {
    try { t.fit.fit(); } catch { /* not laid out yet */ }
  }

  async function send(node, data) {
    if (connection.state !== 'Connected') return;
    for (let i = 0; i < data.length; i += MAX_INPUT) {
      try {
        await connection.invoke('Input', sessionId, node, data.slice(i, i + MAX_INPUT));
      } catch (err) {
        showError(cleanError(err));
        return;
      }
    }
  }

  function subscribe(node, t) {
    if (t.subscription) {
      try { t.subscription.dispose(); } catch { }
      t.subscription = null;
    }
    if (connection.state !== 'Connected' || !snapshot || snapshot.state !== 'Ready') return;
    // The server replays the shell's recent output first: start from a clean screen.
    t.term.reset();
    const stream = connection.stream('Terminal', sessionId, node, Math.max(t.term.cols, 2), Math.max(t.term.rows, 2));
    t.subscription = stream.subscribe({
      next: chunk => t.term.write(chunk),
      error: err => {
        t.subscription = null;
        if (connection.state === 'Connected') showError(cleanError(err));
      },
      complete: () => {
        t.subscription = null;
        t.term.write('\r\n\x1b[2m[the shell ended; press Enter for a new one]\x1b[0m\r\n');
        const once = t.term.onData(() => { once.dispose(); subscribe(node, t); });
      },
    });
    t.pane.dataset.attached = 'true';
  }

  function select(node) {
    for (const [name, t] of terminals) {
      const on = name === node;
      t.pane.hidden = !on;
      t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on) {
        safeFit(t);
        t.term.focus();
      }
    }
  }

  function terminalTheme() {
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    return dark
      ? { background: '#111418', foreground: '#e6e6e6', cursor: '#e6e6e6' }
      : { background: '#1d1f21', foreground: '#eaeaea', cursor: '#eaeaea' };
  }

  // Session actions.
  const act = async (method, button) => {
    button.disabled = true;
    try {
      const result = await connection.invoke(method, sessionId);
      if (method === 'Extend' && snapshot) { snapshot.expiresAt = result; tick(); }
    } catch (err) {
      showError(cleanError(err));
    } finally {
      if (snapshot) render(snapshot);
    }
  };
  ui.stop.addEventListener('click', () => act('Stop', ui.stop));
  ui.reset.addEventListener('click', () => act('Reset', ui.reset));
  ui.extend.addEventListener('click', () => act('Extend', ui.extend));
  ui.retry.addEventListener('click', () => act('Reset', ui.retry));

  // Time left, with a warning in the last five minutes.
  function tick() {
    if (!snapshot) return;
    const left = Math.max(0, (Date.parse(snapshot.expiresAt) - Date.now()) / 1000);
    const m = Math.floor(left / 60), s = Math.floor(left % 60);
    ui.timeLeft.textContent = `${m}:${String(s).padStart(2, '0')} left`;
    ui.timeLeft.classList.toggle('warning', left < 300);
  }
  setInterval(tick, 1000);

  // Click-to-run code blocks in the lesson: send to the node's terminal and focus it.
  document.addEventListener('click', ev => {
    const run = ev.target.closest('[data-run-node]');
    if (!run) return;
    const node = run.dataset.runNode;
    const code = run.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    if (!terminals.has(node)) { showError(`This lab has no node "${node}", or it is not ready yet.`); return; }
    select(node);
    send(node, code.endsWith('\n') ? code : code + '\n');
  });

  window.netacademyWorkspace = { root, sessionId, terminals, connection, select, send, showError, get snapshot() { return snapshot; } };
  emit('created', { sessionId, connection });
  connect();
}

// Copy buttons on every code block (lesson pages too, not only the workspace).
document.addEventListener('click', async ev => {
  const copy = ev.target.closest('.code-copy');
  if (!copy) return;
  const code = copy.closest('.code-block')?.querySelector('code')?.textContent ?? '';
  try {
    await navigator.clipboard.writeText(code);
    copy.textContent = 'Copied';
  } catch {
    copy.textContent = 'Copy failed';
  }
  setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
});

const workspace = document.getElementById('workspace');
if (workspace) startWorkspace(workspace);
