// @ts-check
// The live packet table of the workspace, read like Wireshark's top pane: one line per packet (time, where, source,
// destination, protocol, info), a drawer with the selected packet's layers, fields and bytes, keyboard navigation,
// the grader's own probes hidden unless asked for. Starts a capture on a node's interface (prefilled by the
// graph's "Capture here"), pauses, filters, downloads the pcap.
// Talks to WorkspaceHub (StartCapture, StopCapture, CaptureStream); follows the workspace through the DOM events
// of its root (netacademy:created, :session, :reconnected, :capture) and emits netacademy:packet per listed packet.
// The row model (cells, filtering, the frame queue) is in packet-rows.js, the pane's markup and the drawer's in packet-view.js.

import { cleanError, whenConnected } from './hub.js';
import { RowQueue, formatWhere, isShown, nextRowIndex, packetEventDetail, rowCells, rowsToEvict } from './packet-rows.js';
import { buildPacketPane, packetDetail } from './packet-view.js';

/** Rows kept in the table (the DOM); older ones are removed. The server sends at most 200 rows a second. */
export const MAX_ROWS = 1000;
/** Rows appended per animation frame: a burst reaches the table within a few frames without blocking input. */
export const ROWS_PER_FRAME = 100;
/** Rows held while paused. */
const MAX_PAUSED = 2000;

/**
 * The parts of a SignalR HubConnection this module uses.
 * @typedef {object} HubConnection
 * @property {string} state
 * @property {(method: string, ...args: any[]) => Promise<any>} invoke
 * @property {(method: string, ...args: any[]) => { subscribe: (observer: { next: (item: any) => void, error: (err: any) => void, complete: () => void }) => { dispose: () => void } }} stream
 */

/**
 * @typedef {import('./packet-rows.js').CapturedPacket} CapturedPacket
 */

/**
 * A capture this table follows.
 * @typedef {object} Capture
 * @property {string} id
 * @property {string} node
 * @property {string | null} netns
 * @property {string} iface
 * @property {string | null} filter
 * @property {string} state Starting, Running, Stopped, Failed
 * @property {number} last number of the last packet received
 * @property {{ dispose: () => void } | null} subscription
 * @property {number} dropped packets the download no longer holds
 * @property {number} packets packets captured
 * @property {string | null} [error]
 * @property {string | null} first time of the first packet received: the time column counts from it
 */

/**
 * What a test or another module may read of a packet table.
 * @typedef {object} PacketTable
 * @property {Capture | null} capture the capture followed, or null
 * @property {{ received: number, rendered: number, dropped: number }} stats packets received from the server,
 *   rows appended to the table, rows dropped before reaching it because the page fell behind
 * @property {(show: boolean) => void} showProbes shows or hides the grader's probes, as the toggle does
 */

/** @type {WeakMap<Element, PacketTable>} */
const tables = new WeakMap();

/**
 * The packet table started in `pane` (the workspace's [data-role=packets] element), or undefined.
 * @param {Element | null} pane
 * @returns {PacketTable | undefined}
 */
export function packetsOf(pane) {
  return pane ? tables.get(pane) : undefined;
}

/**
 * Starts the packet table in the workspace root's [data-role=packets] pane (once per pane).
 * @param {HTMLElement} root the workspace root (#workspace): its data-session-id, and where the events travel
 * @returns {PacketTable | undefined}
 */
export function startPackets(root) {
  /** @type {HTMLElement | null} */
  const found = root.querySelector('[data-role=packets]');
  if (!found) return undefined;
  const pane = found;
  const existing = tables.get(pane);
  if (existing) return existing;

  const sessionId = root.dataset.sessionId || '';
  /** @type {HubConnection | null} */
  let connection = null;
  /** @type {{ state: string, nodes?: string[] } | null} */
  let snapshot = null;
  /** @type {Capture | null} */
  let capture = null;
  let paused = false;
  /** @type {CapturedPacket[]} */
  let held = [];
  let samplingTimer = 0;
  let frame = 0;
  const stats = { received: 0, rendered: 0, dropped: 0 };
  /** @type {RowQueue<CapturedPacket>} */
  const queue = new RowQueue(MAX_ROWS);
  /** Packets of the rows in the table, by row. */
  /** @type {WeakMap<HTMLTableRowElement, CapturedPacket>} */
  const packetOfRow = new WeakMap();
  const view = { text: '', showProbes: false };

  pane.replaceChildren(buildPacketPane());
  /** @param {string} selector */
  const el = selector => /** @type {HTMLElement} */ (pane.querySelector(selector));
  const ui = {
    form: /** @type {HTMLFormElement} */ (el('form')),
    node: /** @type {HTMLSelectElement} */ (el('[name=node]')),
    netns: /** @type {HTMLInputElement} */ (el('[name=netns]')),
    iface: /** @type {HTMLInputElement} */ (el('[name=iface]')),
    filter: /** @type {HTMLInputElement} */ (el('[name=filter]')),
    start: /** @type {HTMLButtonElement} */ (el('[data-action=capture-start]')),
    stop: /** @type {HTMLButtonElement} */ (el('[data-action=capture-stop]')),
    pause: /** @type {HTMLButtonElement} */ (el('[data-action=capture-pause]')),
    clear: /** @type {HTMLButtonElement} */ (el('[data-action=capture-clear]')),
    display: /** @type {HTMLInputElement} */ (el('[name=display-filter]')),
    probes: /** @type {HTMLInputElement} */ (el('[name=show-probes]')),
    status: el('[data-role=capture-status]'),
    sampling: el('[data-role=sampling]'),
    error: el('[data-role=capture-error]'),
    download: /** @type {HTMLAnchorElement} */ (el('[data-role=download]')),
    wrap: el('.packet-table-wrap'),
    body: /** @type {HTMLTableSectionElement} */ (el('tbody')),
    detail: el('[data-role=packet-detail]'),
  };


  /** @param {string} text */
  function showError(text) {
    ui.error.hidden = !text;
    ui.error.textContent = text || '';
  }

  /** @param {string[] | undefined} nodes */
  function setNodes(nodes) {
    const current = ui.node.value;
    const names = nodes || [];
    if ([...ui.node.options].map(o => o.value).join() === names.join()) return;
    ui.node.replaceChildren(...names.map(n => new Option(n, n)));
    if (names.includes(current)) ui.node.value = current;
  }

  function ready() {
    return !!connection && connection.state === 'Connected' && !!snapshot && snapshot.state === 'Ready';
  }

  function render() {
    const running = !!capture && (capture.state === 'Running' || capture.state === 'Starting');
    ui.start.disabled = !ready() || running || ui.start.dataset.busy === 'true';
    ui.stop.disabled = !running;
    ui.pause.disabled = !capture;
    pane.dataset.captureState = capture ? capture.state.toLowerCase() : 'none';
  }

  // The graph's "Capture here" fills the form.
  root.addEventListener('netacademy:capture', ev => {
    const d = /** @type {CustomEvent} */ (ev).detail || {};
    if (d.node) {
      if (![...ui.node.options].some(o => o.value === d.node)) ui.node.append(new Option(d.node, d.node));
      ui.node.value = d.node;
    }
    ui.netns.value = d.netns || '';
    ui.iface.value = d.interface || '';
    pane.scrollIntoView({ block: 'nearest' });
    ui.filter.focus();
  });

  root.addEventListener('netacademy:created', ev => {
    connection = /** @type {CustomEvent} */ (ev).detail.connection;
    render();
  });

  root.addEventListener('netacademy:session', ev => {
    snapshot = /** @type {CustomEvent} */ (ev).detail.snapshot;
    if (!snapshot) return;
    setNodes(snapshot.nodes);
    if (snapshot.state !== 'Ready' && capture && capture.state === 'Running') {
      capture.state = 'Stopped';
      setStatus('The lab stopped; so did the capture.');
    }
    render();
  });

  root.addEventListener('netacademy:reconnected', () => {
    if (capture) subscribe();
    render();
  });

  ui.form.addEventListener('submit', async ev => {
    ev.preventDefault();
    if (!ready() || !connection) return;
    showError('');
    const node = ui.node.value;
    const netns = ui.netns.value.trim() || null;
    const iface = ui.iface.value.trim();
    const filter = ui.filter.value.trim() || null;
    ui.start.dataset.busy = 'true';
    render();
    setStatus('Starting capture…');
    try {
      if (capture) await stopCurrent();
      await whenConnected(connection);
      const id = await connection.invoke('StartCapture', sessionId, node, netns, iface, filter);
      clearRows();
      capture = { id, node, netns, iface, filter, state: 'Running', last: 0, subscription: null, dropped: 0, packets: 0, first: null };
      ui.download.href = `/api/sessions/${encodeURIComponent(sessionId)}/captures/${encodeURIComponent(id)}.pcap`;
      ui.download.download = `capture-${node}${netns ? '-' + netns : ''}-${iface}.pcap`;
      ui.download.hidden = false;
      subscribe();
    } catch (err) {
      showError(cleanError(err));
      setStatus(capture ? statusText() : 'No capture running.');
    } finally {
      ui.start.dataset.busy = 'false';
      render();
    }
  });

  ui.stop.addEventListener('click', () => stopCurrent().catch(err => showError(cleanError(err))));

  async function stopCurrent() {
    if (!capture || capture.state !== 'Running' || !connection) return;
    const c = capture;
    await connection.invoke('StopCapture', sessionId, c.id);
    c.state = 'Stopped';
    setStatus(statusText());
    render();
  }

  ui.pause.addEventListener('click', () => {
    paused = !paused;
    ui.pause.textContent = paused ? 'Resume' : 'Pause';
    ui.pause.setAttribute('aria-pressed', String(paused));
    if (!paused) {
      const rows = held;
      held = [];
      rows.forEach(enqueue);
    }
    setStatus(statusText());
  });

  ui.clear.addEventListener('click', clearRows);

  ui.display.addEventListener('input', () => {
    view.text = ui.display.value;
    applyView();
  });

  ui.probes.addEventListener('change', () => {
    view.showProbes = ui.probes.checked;
    applyView();
  });

  /** Shows and hides the rows in the table after the filter or the probe toggle changed. */
  function applyView() {
    for (const tr of ui.body.rows) {
      const p = packetOfRow.get(tr);
      if (p) tr.hidden = !isShown(p, view);
    }
    const selected = selectedRow();
    if (selected && selected.hidden) closeDetail(false);
    // The table's one tab stop must stay on a row that can take the focus.
    const stop = /** @type {HTMLTableRowElement | null} */ (ui.body.querySelector('tr[tabindex="0"]'));
    if (!stop || stop.hidden) focusable(firstVisibleRow());
    pane.dataset.showProbes = String(view.showProbes);
  }

  function clearRows() {
    ui.body.replaceChildren();
    held = [];
    queue.clear();
    closeDetail(false);
  }

  function subscribe() {
    if (!capture || !connection || connection.state !== 'Connected') return;
    const c = capture;
    if (c.subscription) {
      try { c.subscription.dispose(); } catch { /* already ended */ }
      c.subscription = null;
    }
    c.subscription = connection.stream('CaptureStream', sessionId, c.id, c.last).subscribe({
      next: item => { if (capture === c) onEvent(c, item); },
      error: err => {
        c.subscription = null;
        if (capture === c && connection && connection.state === 'Connected') showError(cleanError(err));
      },
      complete: () => {
        c.subscription = null;
        if (capture === c && c.state === 'Running') c.state = 'Stopped';
        if (capture === c) { setStatus(statusText()); render(); }
      },
    });
  }

  /**
   * @param {Capture} c
   * @param {{ kind: string, packet?: CapturedPacket, sampling?: any, status?: any }} item
   */
  function onEvent(c, item) {
    switch (item.kind) {
      case 'Packet': {
        const p = /** @type {CapturedPacket} */ (item.packet);
        if (p.number <= c.last) return;
        c.last = p.number;
        c.first ??= p.time;
        stats.received++;
        if (paused) {
          held.push(p);
          if (held.length > MAX_PAUSED) held.shift();
        } else {
          enqueue(p);
        }
        break;
      }
      case 'Sampling':
        showSampling(item.sampling);
        break;
      case 'Status': {
        const s = item.status;
        c.state = s.state;
        c.packets = s.packets;
        c.dropped = s.droppedPackets;
        c.error = s.error;
        if (s.state === 'Failed' && s.error) showError(s.error);
        setStatus(statusText());
        render();
        break;
      }
    }
  }

  function statusText() {
    if (!capture) return 'No capture running.';
    const where = `${capture.node}${capture.netns ? ` (netns ${capture.netns})` : ''} ${capture.iface}`;
    const state = capture.state === 'Running' ? 'Capturing on' : capture.state === 'Failed' ? 'Capture failed on' : 'Capture stopped on';
    let text = `${state} ${where}${capture.filter ? ` (${capture.filter})` : ''}: ${capture.packets || 0} packets`;
    if (capture.dropped > 0) text += `; the download holds the newest only (${capture.dropped} oldest dropped)`;
    if (paused) text += ' — paused';
    return text;
  }

  /** @param {string} text */
  function setStatus(text) {
    ui.status.textContent = text;
  }

  /** @param {{ message: string, flows?: { flow: string, packets: number, bytes: number }[] }} s */
  function showSampling(s) {
    ui.sampling.hidden = false;
    const flows = s.flows || [];
    const top = flows.slice(0, 3).map(f => `${f.flow}: ${f.packets}`).join('; ');
    ui.sampling.textContent = s.message + (top ? ` — busiest: ${top}` : '');
    ui.sampling.title = flows.map(f => `${f.flow}: ${f.packets} packets, ${f.bytes} bytes`).join('\n');
    clearTimeout(samplingTimer);
    samplingTimer = window.setTimeout(() => { ui.sampling.hidden = true; }, 2500);
  }

  /** @param {CapturedPacket} p */
  function enqueue(p) {
    queue.push(p);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  /** Appends the rows waiting, up to ROWS_PER_FRAME, and keeps the table under MAX_ROWS. */
  function flush() {
    frame = 0;
    stats.dropped = queue.dropped;
    const batch = queue.take(ROWS_PER_FRAME);
    if (batch.length === 0) return;
    const atBottom = ui.wrap.scrollHeight - ui.wrap.scrollTop - ui.wrap.clientHeight < 30;
    const rows = document.createDocumentFragment();
    for (const p of batch) {
      rows.append(makeRow(p));
      if (!p.probe || view.showProbes) root.dispatchEvent(new CustomEvent('netacademy:packet', { detail: packetEventDetail(p) }));
    }
    const evict = rowsToEvict(ui.body.rows.length, batch.length, MAX_ROWS);
    for (let i = 0; i < evict; i++) {
      const first = ui.body.rows[0];
      if (first.getAttribute('aria-selected') === 'true') closeDetail(false);
      first.remove();
    }
    ui.body.append(rows);
    stats.rendered += batch.length;
    if (!ui.body.querySelector('tr[tabindex="0"]')) focusable(firstVisibleRow());
    if (atBottom) ui.wrap.scrollTop = ui.wrap.scrollHeight;
    if (queue.length > 0) frame = requestAnimationFrame(flush);
  }

  /**
   * @param {CapturedPacket} p
   * @returns {HTMLTableRowElement}
   */
  function makeRow(p) {
    const cells = rowCells(p, capture?.first ?? p.time);
    const tr = document.createElement('tr');
    tr.dataset.number = String(p.number);
    tr.className = cells.protocolClass + (cells.probe ? ' probe' : '');
    if (cells.probe) tr.dataset.probe = 'true';
    tr.tabIndex = -1;
    tr.title = p.summary;
    for (const [text, name, title] of /** @type {[(string | Node)[], string, string][]} */ ([
      [splitTime(cells.time), 'time', `${cells.time} s after the first packet, at ${cells.clock}`],
      [splitWhere(p), 'where', cells.where], [[cells.source], 'source', cells.source],
      [[cells.destination], 'destination', cells.destination], [[cells.protocol], 'protocol', cells.protocol],
    ])) {
      const td = document.createElement('td');
      td.className = name;
      td.append(...text);
      if (title) td.title = title;
      tr.append(td);
    }
    const info = document.createElement('td');
    info.className = 'info';
    if (cells.probe) {
      const badge = document.createElement('span');
      badge.className = 'probe-badge';
      badge.textContent = 'grader';
      info.append(badge, ' ');
    }
    if (cells.tunnel) {
      const tunnel = document.createElement('span');
      tunnel.className = 'tunnel';
      tunnel.textContent = cells.tunnel;
      info.append(tunnel, ' ');
    }
    info.append(cells.info);
    tr.append(info);
    tr.hidden = !isShown(p, view);
    packetOfRow.set(tr, p);
    return tr;
  }

  /**
   * The time with its microseconds apart, which a narrow pane leaves out: 0.347 and 830.
   * @param {string} time
   * @returns {(string | Node)[]}
   */
  function splitTime(time) {
    const dot = time.indexOf('.');
    if (dot < 0 || time.length - dot <= 4) return [time];
    return [time.slice(0, dot + 4), span('time-us', time.slice(dot + 4))];
  }

  /**
   * Where with the node and namespace apart from the interface, which a narrow pane shows alone.
   * @param {CapturedPacket} p
   * @returns {(string | Node)[]}
   */
  function splitWhere(p) {
    const where = formatWhere(p);
    const at = where.length - p.interface.length;
    return at > 0 ? [span('where-at', where.slice(0, at)), where.slice(at)] : [where];
  }

  /** @param {string} className @param {string} text */
  function span(className, text) {
    const s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
  }

  /** @returns {HTMLTableRowElement[]} */
  function visibleRows() {
    return [...ui.body.rows].filter(tr => !tr.hidden);
  }

  function firstVisibleRow() {
    for (const tr of ui.body.rows) if (!tr.hidden) return tr;
    return null;
  }

  /** @returns {HTMLTableRowElement | null} */
  function selectedRow() {
    return ui.body.querySelector('tr[aria-selected=true]');
  }

  /**
   * Makes `tr` the one row reached with Tab (a roving tabindex: the table is one stop, arrows move inside it).
   * @param {HTMLTableRowElement | null} tr
   */
  function focusable(tr) {
    if (!tr) return;
    for (const other of ui.body.querySelectorAll('tr[tabindex="0"]')) /** @type {HTMLElement} */ (other).tabIndex = -1;
    tr.tabIndex = 0;
  }

  ui.body.addEventListener('click', ev => {
    const tr = /** @type {HTMLElement} */ (ev.target).closest('tr');
    if (tr && ui.body.contains(tr)) select(/** @type {HTMLTableRowElement} */ (tr), false);
  });

  ui.body.addEventListener('keydown', ev => {
    const tr = /** @type {HTMLElement} */ (ev.target).closest('tr');
    if (!tr || !ui.body.contains(tr)) return;
    const row = /** @type {HTMLTableRowElement} */ (tr);
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      select(row, true);
      return;
    }
    if (ev.key === 'Escape' && !ui.detail.hidden) {
      ev.preventDefault();
      closeDetail(true);
      return;
    }
    const rows = visibleRows();
    const page = Math.max(1, Math.floor(ui.wrap.clientHeight / Math.max(1, row.offsetHeight)) - 1);
    const next = nextRowIndex(ev.key, rows.indexOf(row), rows.length, page);
    if (next < 0) return;
    ev.preventDefault();
    const target = rows[next];
    focusable(target);
    target.focus();
    // An open drawer follows the row, as Wireshark's detail pane does.
    if (!ui.detail.hidden) select(target, false);
  });

  ui.detail.addEventListener('keydown', ev => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      closeDetail(true);
    }
  });

  /**
   * Selects a row and opens the drawer with its packet.
   * @param {HTMLTableRowElement} tr
   * @param {boolean} moveFocus move the keyboard focus into the drawer
   */
  function select(tr, moveFocus) {
    const p = packetOfRow.get(tr);
    if (!p) return;
    selectedRow()?.removeAttribute('aria-selected');
    tr.setAttribute('aria-selected', 'true');
    focusable(tr);
    ui.detail.hidden = false;
    ui.detail.replaceChildren(packetDetail(p, () => closeDetail(true)));
    if (moveFocus) ui.detail.focus();
  }

  /** @param {boolean} refocus give the focus back to the selected row */
  function closeDetail(refocus) {
    const selected = selectedRow();
    ui.detail.hidden = true;
    ui.detail.replaceChildren();
    if (selected) {
      selected.removeAttribute('aria-selected');
      if (refocus) selected.focus();
    }
  }


  /** @type {PacketTable} */
  const table = {
    get capture() { return capture; },
    get stats() { return { ...stats, dropped: queue.dropped }; },
    showProbes(show) {
      ui.probes.checked = show;
      ui.probes.dispatchEvent(new Event('change'));
    },
  };
  tables.set(pane, table);
  pane.dataset.showProbes = 'false';
  render();
  return table;
}

const workspaceRoot = document.getElementById('workspace');
if (workspaceRoot) startPackets(workspaceRoot);
