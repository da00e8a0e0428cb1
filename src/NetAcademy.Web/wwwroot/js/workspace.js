// The lab workspace: session progress and state, one terminal per node, session actions.
// Talks to WorkspaceHub over SignalR; the server checks every call against the signed-in learner.

import { cleanError, errorBox, hubConnection, whenConnected } from './hub.js';
import { terminalTabs } from './terminals.js';

const MAX_INPUT = 16 * 1024;
// SessionAccessException's message: the hub's answer for a session that does not exist (or is not the caller's).
const NO_SUCH_SESSION = 'No such lab session.';

export function startWorkspace(root) {
  const sessionId = root.dataset.sessionId;
  const ui = {
    state: root.querySelector('[data-role=state]'),
    steps: root.querySelector('[data-role=steps]'),
    startProgress: root.querySelector('[data-role=start-progress]'),
    progress: root.querySelector('[data-role=progress]'),
    progressLabel: root.querySelector('[data-role=progress-label]'),
    progressTime: root.querySelector('[data-role=progress-time]'),
    error: root.querySelector('[data-role=error]'),
    notices: root.querySelector('[data-role=notices]'),
    connection: root.querySelector('[data-role=connection]'),
    timeLeft: root.querySelector('[data-role=time-left]'),
    tabs: root.querySelector('[data-role=tabs]'),
    panes: root.querySelector('[data-role=panes]'),
    stop: root.querySelector('[data-action=stop]'),
    reset: root.querySelector('[data-action=reset]'),
    extend: root.querySelector('[data-action=extend]'),
    retry: root.querySelector('[data-action=retry]'),
  };
  let snapshot = null;
  let leaving = false;

  const { connection, connect } = hubConnection({
    url: '/hubs/workspace',
    root,
    status: ui.connection,
    connected: watch,
    reconnected: async () => {
      await watch();
      for (const [node, t] of terminals) subscribe(node, t);
      emit('reconnected', {});
    },
  });
  connection.on('session', s => render(s));
  const showError = errorBox(ui.error);

  // Light terminals in the light scheme, dark in the dark one; both keep ANSI colours readable.
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  function terminalTheme() {
    return scheme.matches
      ? { background: '#0f1114', foreground: '#e6e6e6', cursor: '#e6e6e6', selectionBackground: '#3a4657' }
      : { background: '#fdfdfc', foreground: '#1b1d21', cursor: '#1b1d21', selectionBackground: '#b9d3f5',
          yellow: '#8a6d00', brightYellow: '#7a5c00', white: '#5d636e', brightWhite: '#3d424a' };
  }

  // node -> { term, fit, pane, tab, subscription, node, live }
  const { terminals, add, select } = terminalTabs({
    tabs: ui.tabs,
    panes: ui.panes,
    idPrefix: sessionId,
    options: () => ({ cursorBlink: true, convertEol: false, theme: terminalTheme() }),
    focusOnSelect: true,
    onSelect: node => { root.dataset.selectedNode = node; },
  });
  scheme.addEventListener('change', () => {
    for (const [, t] of terminals) t.term.options.theme = terminalTheme();
  });

  async function watch() {
    try {
      render(await connection.invoke('Watch', sessionId));
    } catch (err) {
      const message = cleanError(err);
      if (snapshot && snapshot.state !== 'Stopped' && message === NO_SUCH_SESSION) {
        // The session was there before the connection dropped and is gone now: it ended (stopped elsewhere,
        // expired) while this page could not hear the broadcast. Say so instead of waiting forever.
        render({ ...snapshot, state: 'Stopped', version: snapshot.version + 1, stopReason: 'it ended while this page was disconnected' });
        return;
      }
      showError(message);
    }
  }

  // Other workspace modules (graph, packets) follow the session through these DOM events on the root:
  // netacademy:session {snapshot}, netacademy:reconnected, netacademy:select-node {node}.
  function emit(name, detail) {
    root.dispatchEvent(new CustomEvent('netacademy:' + name, { detail }));
  }

  function render(s) {
    // Watch's answer and the 'session' broadcasts can cross: never go back to an older state.
    if (snapshot && s.id === snapshot.id && s.version < snapshot.version) return;
    snapshot = s;
    emit('session', { snapshot: s });
    root.dataset.state = s.state;
    ui.state.textContent = s.state;
    renderProgress(s);
    renderNotices(s.notices || []);
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
    if (s.state === 'Stopped' && !leaving) {
      // The answer to Stop, its broadcast and a Watch can each bring Stopped: leave once.
      leaving = true;
      setTimeout(() => { window.location.href = root.dataset.lessonUrl || '/'; }, 1500);
    }
  }

  // What the platform did to the learner's processes (an out-of-memory kill, ...): kept until the lab is reset.
  function renderNotices(notices) {
    ui.notices.hidden = notices.length === 0;
    ui.notices.replaceChildren(...notices.map(text => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
  }

  // Start progress: a real progress bar (share of the expected steps done), each named step with its time, and
  // the output of the step that failed. Shown while starting and after a failed start; hidden once ready.
  function renderProgress(s) {
    const steps = s.steps || [];
    const expected = Math.max(Number(root.dataset.startSteps) || 0, steps.length, 1);
    const done = steps.filter(step => step.status === 'Done').length;
    const failedStep = steps.find(step => step.status === 'Failed');
    const status = s.state === 'Ready' ? 'ready' : failedStep || s.state === 'Failed' ? 'failed' : 'starting';
    const percent = s.state === 'Ready' ? 100 : Math.min(99, Math.round(100 * done / expected));
    const total = steps.reduce((sum, step) => sum + parseElapsed(step.elapsed), 0);
    ui.startProgress.hidden = !(s.state === 'Starting' || s.state === 'Failed') || steps.length === 0 && s.state !== 'Starting';
    ui.startProgress.dataset.status = status;
    ui.progress.style.setProperty('--progress', String(percent));
    ui.progress.setAttribute('aria-valuenow', String(percent));
    const label = status === 'failed' ? `The lab failed to start${failedStep ? `: ${failedStep.title}` : ''}`
      : status === 'ready' ? 'The lab is ready' : `Starting the lab: ${done} of ${expected} steps`;
    ui.progress.setAttribute('aria-valuetext', `${label} (${percent}%)`);
    ui.progressLabel.textContent = label;
    ui.progressTime.textContent = `${total.toFixed(1)} s`;
    ui.steps.replaceChildren(...steps.map(step => {
      const li = document.createElement('li');
      li.className = 'step step-' + step.status.toLowerCase();
      li.dataset.step = step.step;
      const icon = document.createElement('span');
      icon.className = 'step-icon';
      icon.setAttribute('aria-hidden', 'true');
      const title = document.createElement('span');
      title.className = 'step-title';
      const word = { Running: 'running', Done: 'done', Failed: 'failed' }[step.status] || step.status;
      title.textContent = step.title + (step.status === 'Running' ? '…' : '');
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ` (${word})`;
      title.append(hidden);
      const time = document.createElement('span');
      time.className = 'step-time';
      time.textContent = step.status === 'Running' ? '' : `${parseElapsed(step.elapsed).toFixed(1)} s`;
      li.append(icon, title, time);
      if (step.status === 'Failed' && step.output) {
        const out = document.createElement('pre');
        out.className = 'step-output';
        out.dataset.role = 'step-output';
        out.tabIndex = 0; // long output scrolls: keyboard users need to reach it
        out.textContent = step.output;
        li.append(out);
      }
      return li;
    }));
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
    const t = add(node);
    t.live = deferred();
    t.term.onData(data => send(node, data));
    t.term.onResize(({ cols, rows }) => {
      if (connection.state === 'Connected' && t.subscription) {
        connection.invoke('Resize', sessionId, node, cols, rows).catch(() => {});
      }
    });
    subscribe(node, t);
  }

  // Resolves once a terminal's shell has said something, i.e. the server has it open and takes input.
  function deferred() {
    let resolve;
    const d = new Promise(r => { resolve = r; });
    d.resolve = () => { d.settled = true; resolve(); };
    d.settled = false;
    return d;
  }

  // Keystrokes go out as they come (SignalR keeps their order on the wire). Those typed while the connection is
  // being re-established wait for it, in order, and are sent once it is back; if it does not come back they are lost.
  const pending = [];
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

  function subscribe(node, t) {
    if (t.subscription) {
      try { t.subscription.dispose(); } catch { }
      t.subscription = null;
    }
    if (connection.state !== 'Connected' || !snapshot || snapshot.state !== 'Ready') return;
    // The server replays the shell's recent output first: start from a clean screen.
    t.term.reset();
    if (t.live.settled) t.live = deferred();
    const stream = connection.stream('Terminal', sessionId, node, Math.max(t.term.cols, 2), Math.max(t.term.rows, 2));
    t.subscription = stream.subscribe({
      next: chunk => { t.term.write(chunk); t.live.resolve(); },
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

  // Session actions.
  const act = async (method, button, answered = () => {}) => {
    button.disabled = true;
    try {
      await whenConnected(connection);
      answered(await connection.invoke(method, sessionId));
    } catch (err) {
      showError(cleanError(err));
    } finally {
      if (snapshot) render(snapshot);
    }
  };
  // Stop answers with the stopped session: rendered even if the broadcast was missed.
  ui.stop.addEventListener('click', () => act('Stop', ui.stop, stopped => render(stopped)));
  ui.reset.addEventListener('click', () => act('Reset', ui.reset));
  ui.extend.addEventListener('click', () => act('Extend', ui.extend, expiresAt => {
    if (snapshot) { snapshot.expiresAt = expiresAt; tick(); }
  }));
  ui.retry.addEventListener('click', () => act('Reset', ui.retry));

  // Time left, with a warning in the last five minutes.
  let warned = false;
  function tick() {
    if (!snapshot || snapshot.state === 'Stopped') return;
    const left = Math.max(0, (Date.parse(snapshot.expiresAt) - Date.now()) / 1000);
    const m = Math.floor(left / 60), s = Math.floor(left % 60);
    const warning = left < 300;
    ui.timeLeft.textContent = `${m}:${String(s).padStart(2, '0')} left`;
    ui.timeLeft.classList.toggle('warning', warning);
    ui.timeLeft.title = warning ? 'Less than five minutes left: Extend keeps the lab running.' : 'Time until the lab is stopped';
    ui.extend.classList.toggle('primary', warning && snapshot.state === 'Ready');
    root.dataset.timeWarning = warning ? 'true' : 'false';
    if (warning && !warned) {
      warned = true;
      announce('Less than five minutes left in this lab. Press Extend to keep it running.');
    } else if (!warning) {
      warned = false;
    }
  }

  function announce(text) {
    let region = root.querySelector('[data-role=announce]');
    if (!region) {
      region = document.createElement('div');
      region.className = 'visually-hidden';
      region.dataset.role = 'announce';
      region.setAttribute('role', 'status');
      root.append(region);
    }
    region.textContent = text;
  }
  setInterval(tick, 1000);

  // Click-to-run code blocks in the lesson: send to the node's terminal and focus it.
  document.addEventListener('click', ev => {
    const run = ev.target.closest('[data-run-node]');
    if (!run) return;
    const node = run.dataset.runNode;
    const code = run.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    if (!terminals.has(node)) { showError(`This lab has no node "${node}", or it is not ready yet.`); return; }
    const t = terminals.get(node);
    select(node);
    // On a narrow screen the lab sits below the lesson: bring the terminal into view.
    t.pane.scrollIntoView({ block: 'nearest' });
    // Right after the lab turns ready the node's shell may not be open yet: wait for it rather than lose the text.
    Promise.race([t.live, new Promise(r => setTimeout(r, 15000))])
      .then(() => send(node, code.endsWith('\n') ? code : code + '\n'));
  });

  window.netacademyWorkspace = { root, sessionId, terminals, connection, select, send, showError, get snapshot() { return snapshot; } };
  emit('created', { sessionId, connection });
  connect();
}

const workspace = document.getElementById('workspace');
if (workspace) startWorkspace(workspace);
