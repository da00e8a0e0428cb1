// Lab tasks in the workspace: Check buttons of the lesson's task blocks, each task's status (locked / open / done,
// as text and icon, not colour alone), the sentences of a failed check, hints that unfold after a failure, a compact
// task list at the top of the lesson, a short message when the lab is complete, and the banner shown while an
// instructor observes the lab. Talks to WorkspaceHub (Tasks, Check, Observers; pushes "tasks" and "observed").

import { cleanError, whenConnected } from './hub.js';

const STATUS_TEXT = { Locked: 'Locked', Open: 'Open', Done: 'Done' };
const STATUS_ICON = { Locked: '⊘', Open: '○', Done: '✓' };

export function startTasks(root) {
  const pane = root.querySelector('.lesson-pane');
  const article = pane?.querySelector('.lesson');
  if (!pane || !article) return null;

  let connection = null;
  let board = null;
  let ready = false;
  let celebrated = false;
  const checking = new Set();

  // The overview sits at the top of the lesson: progress, every task with its status, and the tasks the lesson
  // text has no block for.
  const overview = document.createElement('section');
  overview.className = 'task-overview';
  overview.setAttribute('aria-label', 'Lab tasks');
  overview.hidden = true;
  overview.innerHTML = `
    <div class="task-overview-head">
      <h2 class="task-overview-title">Tasks</h2>
      <span class="task-progress" data-role="task-progress" role="status" aria-live="polite"></span>
    </div>
    <ol class="task-list" data-role="task-list"></ol>
    <div class="task-extra" data-role="task-extra"></div>
    <div class="lab-complete" data-role="lab-complete" role="status" aria-live="polite" hidden></div>`;
  const ui = {
    progress: overview.querySelector('[data-role=task-progress]'),
    list: overview.querySelector('[data-role=task-list]'),
    extra: overview.querySelector('[data-role=task-extra]'),
    complete: overview.querySelector('[data-role=lab-complete]'),
  };
  const crumb = pane.querySelector('nav');
  (crumb ? crumb.after(overview) : pane.prepend(overview));

  const banner = document.createElement('div');
  banner.className = 'observed-banner';
  banner.dataset.role = 'observed';
  banner.setAttribute('role', 'status');
  banner.hidden = true;
  const labPane = root.querySelector('.lab-pane');
  labPane?.prepend(banner);

  function hub() {
    return connection || window.netacademyWorkspace?.connection || null;
  }

  root.addEventListener('netacademy:created', e => attach(e.detail.connection));
  if (window.netacademyWorkspace?.connection) attach(window.netacademyWorkspace.connection);

  function attach(c) {
    if (connection === c) return;
    connection = c;
    c.on('tasks', b => { if (b.sessionId === root.dataset.sessionId) render(b); });
    c.on('observed', n => { if (n.sessionId === root.dataset.sessionId) showObserved(n.observers); });
  }

  root.addEventListener('netacademy:session', e => {
    const wasReady = ready;
    ready = e.detail.snapshot.state === 'Ready';
    if (ready && !wasReady) refresh();
    if (!ready) setBusyAll(false);
    if (e.detail.snapshot.state === 'Starting' && wasReady) {
      // A reset starts the lab over: every task is open or locked again.
      celebrated = false;
      clearResults();
    }
  });
  root.addEventListener('netacademy:reconnected', () => { if (ready) refresh(); });

  async function refresh() {
    const c = hub();
    if (!c || c.state !== 'Connected') return;
    try {
      render(await c.invoke('Tasks', root.dataset.sessionId));
      showObserved(await c.invoke('Observers', root.dataset.sessionId));
    } catch (err) {
      window.netacademyWorkspace?.showError(cleanError(err));
    }
  }

  // Check buttons: the lesson's blocks and the generated ones share one handler.
  root.addEventListener('click', ev => {
    const button = ev.target.closest('button.lab-task-check');
    if (!button || !root.contains(button)) return;
    check(button.dataset.taskId);
  });

  async function check(taskId) {
    const c = hub();
    if (!c || checking.has(taskId)) return;
    checking.add(taskId);
    setBusy(taskId, true);
    try {
      await whenConnected(c);
      if (c.state !== 'Connected') {
        setStatusLine(taskId, 'Not connected to the lab; try again in a moment.', 'error');
        return;
      }
      const outcome = await c.invoke('Check', root.dataset.sessionId, taskId);
      render(outcome.board);
      showOutcome(taskId, outcome);
    } catch (err) {
      // A refusal (locked task, lab not ready) comes back as the sentence to show.
      setStatusLine(taskId, cleanError(err), 'refused');
    } finally {
      checking.delete(taskId);
      setBusy(taskId, false);
    }
  }

  function blocksOf(taskId) {
    return [...root.querySelectorAll('section.lab-task')].filter(s => s.dataset.taskId === taskId);
  }

  function setBusy(taskId, busy) {
    for (const block of blocksOf(taskId)) {
      const button = block.querySelector('button.lab-task-check');
      if (!button) continue;
      button.disabled = busy;
      button.textContent = busy ? 'Checking…' : 'Check';
      block.setAttribute('aria-busy', busy ? 'true' : 'false');
    }
  }

  function setBusyAll(busy) {
    for (const id of checking) setBusy(id, busy);
  }

  function setStatusLine(taskId, text, kind) {
    for (const block of blocksOf(taskId)) {
      const results = ensureResults(block);
      results.replaceChildren();
      const li = document.createElement('li');
      li.className = 'check-result check-' + kind;
      li.append(inline(text));
      results.append(li);
      results.hidden = false;
    }
  }

  function showOutcome(taskId, outcome) {
    for (const block of blocksOf(taskId)) {
      const results = ensureResults(block);
      results.replaceChildren(...outcome.checks
        .filter(ch => !outcome.passed ? !ch.passed : true)
        .map(ch => {
          const li = document.createElement('li');
          li.className = 'check-result ' + (ch.passed ? 'check-passed' : ch.errored ? 'check-errored' : 'check-failed');
          const mark = document.createElement('span');
          mark.className = 'check-mark';
          mark.setAttribute('aria-hidden', 'true');
          mark.textContent = ch.passed ? '✓' : ch.errored ? '!' : '✗';
          const label = document.createElement('span');
          label.className = 'visually-hidden';
          label.textContent = ch.passed ? 'Passed: ' : ch.errored ? 'Could not check: ' : 'Not yet: ';
          li.append(mark, label, inline(ch.message));
          return li;
        }));
      results.hidden = false;
      block.dataset.lastCheck = outcome.passed ? 'passed' : 'failed';
      if (!outcome.passed) unfoldNextHint(block);
    }
  }

  // One more hint per failed check: the first failure opens the first hint, and so on.
  function unfoldNextHint(block) {
    const next = [...block.querySelectorAll('details.hint')].find(d => !d.open);
    if (next) next.open = true;
  }

  function ensureResults(block) {
    let results = block.querySelector('.lab-task-results');
    if (!results) {
      results = document.createElement('ul');
      results.className = 'lab-task-results';
      results.setAttribute('aria-label', 'Check results');
      results.hidden = true;
      const status = block.querySelector('.lab-task-status');
      (status ? status.after(results) : block.append(results));
    }
    return results;
  }

  function clearResults() {
    for (const r of root.querySelectorAll('.lab-task-results')) { r.replaceChildren(); r.hidden = true; }
    for (const b of root.querySelectorAll('section.lab-task')) delete b.dataset.lastCheck;
    ui.complete.hidden = true;
    root.dataset.labComplete = 'false';
  }

  function render(b) {
    board = b;
    overview.hidden = b.tasks.length === 0;
    const done = b.tasks.filter(t => t.status === 'Done').length;
    ui.progress.textContent = `${done} of ${b.tasks.length} done`;
    overview.dataset.done = String(done);
    overview.dataset.total = String(b.tasks.length);

    const inLesson = new Set([...article.querySelectorAll('section.lab-task')].map(s => s.dataset.taskId));
    ui.list.replaceChildren(...b.tasks.map(t => {
      const li = document.createElement('li');
      li.className = 'task-item';
      li.dataset.taskId = t.id;
      li.dataset.status = t.status.toLowerCase();
      const icon = document.createElement('span');
      icon.className = 'task-icon';
      icon.setAttribute('aria-hidden', 'true');
      icon.textContent = STATUS_ICON[t.status] || '';
      const link = document.createElement('a');
      link.href = '#task-' + t.id;
      link.textContent = t.title;
      const state = document.createElement('span');
      state.className = 'task-state';
      state.textContent = STATUS_TEXT[t.status] || t.status;
      li.append(icon, link, ' ', state);
      return li;
    }));

    // Tasks without a block in the lesson text get one here, in the same form as the lesson's.
    for (const t of b.tasks.filter(t => !inLesson.has(t.id))) {
      if (!ui.extra.querySelector(`section.lab-task[data-task-id="${cssEscape(t.id)}"]`)) ui.extra.append(makeBlock(t));
    }

    for (const t of b.tasks) {
      for (const block of blocksOf(t.id)) decorate(block, t);
    }

    root.dataset.labComplete = b.tasks.length > 0 && done === b.tasks.length ? 'true' : 'false';
    if (root.dataset.labComplete === 'true') celebrate(b.tasks.length);
    else ui.complete.hidden = true;
  }

  function makeBlock(t) {
    const section = document.createElement('section');
    section.className = 'lab-task lab-task-generated';
    section.dataset.taskId = t.id;
    const h = document.createElement('h3');
    h.className = 'lab-task-title';
    h.textContent = t.title;
    const p = document.createElement('p');
    p.append(inline(t.description));
    const status = document.createElement('p');
    status.className = 'lab-task-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'lab-task-check';
    button.dataset.taskId = t.id;
    button.textContent = 'Check';
    section.append(h, p, status, button);
    return section;
  }

  function decorate(block, t) {
    if (!block.id) block.id = 'task-' + t.id;
    block.dataset.status = t.status.toLowerCase();
    const title = block.querySelector('.lab-task-title');
    if (title && !title.querySelector('.task-badge')) {
      const badge = document.createElement('span');
      badge.className = 'task-badge';
      title.append(' ', badge);
    }
    const badge = title?.querySelector('.task-badge');
    if (badge) {
      badge.textContent = `${STATUS_ICON[t.status] || ''} ${STATUS_TEXT[t.status] || t.status}`;
      badge.dataset.status = t.status.toLowerCase();
    }
    const status = block.querySelector('.lab-task-status');
    if (status) {
      status.textContent = t.status === 'Done'
        ? 'Done: every check passed.'
        : t.status === 'Locked'
          ? `Locked: finish ${t.needs.map(n => `“${n}”`).join(' and ')} first.`
          : 'Open: do the task, then press Check.';
    }
    // The lab's own hints, folded, after the lesson's; added once.
    if (t.hints.length > 0 && !block.querySelector('.lab-task-hints')) {
      const hints = document.createElement('div');
      hints.className = 'lab-task-hints';
      t.hints.forEach((text, i) => {
        const d = document.createElement('details');
        d.className = 'hint';
        const s = document.createElement('summary');
        s.textContent = t.hints.length > 1 ? `Hint ${i + 1}` : 'Hint';
        const p = document.createElement('p');
        p.append(inline(text));
        d.append(s, p);
        hints.append(d);
      });
      const button = block.querySelector('button.lab-task-check');
      (button ? button.after(hints) : block.append(hints));
    }
    // A task that passed elsewhere (another tab, a background check) drops its stale failure sentences.
    if (t.status === 'Done' && block.dataset.lastCheck === 'failed') {
      const results = block.querySelector('.lab-task-results');
      if (results) { results.replaceChildren(); results.hidden = true; }
      block.dataset.lastCheck = 'passed';
    }
  }

  function celebrate(count) {
    ui.complete.replaceChildren();
    const strong = document.createElement('strong');
    strong.textContent = '✓ Lab complete! ';
    ui.complete.append(strong, `All ${count} tasks are done. `);
    const next = root.dataset.nextLessonUrl;
    const link = document.createElement('a');
    if (next) {
      link.href = next;
      link.textContent = `Next lesson: ${root.dataset.nextLessonTitle || 'continue'}`;
    } else {
      link.href = root.dataset.courseUrl || '/';
      link.textContent = 'That was the last lesson: back to the course';
    }
    link.dataset.role = 'next-lesson';
    ui.complete.append(link);
    ui.complete.hidden = false;
    if (!celebrated) {
      celebrated = true;
      ui.complete.classList.add('just-completed');
      setTimeout(() => ui.complete.classList.remove('just-completed'), 1200);
    }
  }

  function showObserved(observers) {
    const list = observers || [];
    banner.hidden = list.length === 0;
    root.dataset.observed = list.length > 0 ? 'true' : 'false';
    banner.textContent = list.length === 0 ? '' : `An instructor is watching this lab (${list.join(', ')}). They see your terminals but cannot type in them.`;
  }

  // Text with `code spans`, as DOM nodes (never HTML from the server).
  function inline(text) {
    const fragment = document.createDocumentFragment();
    String(text || '').split(/(`[^`]+`)/).forEach(part => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
        const code = document.createElement('code');
        code.textContent = part.slice(1, -1);
        fragment.append(code);
      } else if (part) {
        fragment.append(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/"/g, '\\"');
  }

  const api = { get board() { return board; }, refresh, check };
  window.netacademyTasks = api;
  return api;
}

const workspace = document.getElementById('workspace');
if (workspace) startTasks(workspace);
