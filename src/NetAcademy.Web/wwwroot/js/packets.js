// @ts-check
// The live packet table of the workspace, read like Wireshark's top pane: one line per packet (time, where, source,
// destination, protocol, info), a drawer with the selected packet's layers, fields and bytes, keyboard navigation,
// the grader's own probes hidden unless asked for. Starts a capture on a node's interface (prefilled by the
// graph's "Capture here"), pauses, filters, downloads the pcap.
// Talks to WorkspaceHub (StartCapture, StopCapture, CaptureStream); follows the workspace through the DOM events
// of its root (netacademy:created, :session, :reconnected, :capture) and emits netacademy:packet per listed packet
// and netacademy:packet-pick when a row is opened (null when the drawer closes). Starting a capture leaves the one
// shown running: capture-follow.js follows the session's other captures.
// The row model (cells, filtering, the frame queue) is in packet-rows.js, the pane's markup, rows and drawer in
// packet-view.js. Here, one function per role over the pane's shared state (PacketPane): the capture's controls,
// its stream, the rows' feed into the table, and the selection with its drawer.
// Read-only (an instructor's observation, through ObservationHub): no capture form, no Stop, no download; the table
// follows the captures the learner runs (ListCaptures, then CaptureStream of the newest, or of the one picked).

import { cleanError, whenConnected } from './hub.js';
import { RowQueue, captureStatusText, isShown, nextRowIndex, packetEventDetail, rowCells, rowsToEvict, samplingText } from './packet-rows.js';
import { buildPacketPane, packetDetail, packetRow } from './packet-view.js';

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

/**
 * The pane's controls.
 * @typedef {ReturnType<typeof paneControls>} PaneControls
 */

/**
 * What the roles of one packet pane share.
 * @typedef {object} PacketPane
 * @property {HTMLElement} root the workspace root, where the events travel
 * @property {HTMLElement} pane
 * @property {PaneControls} ui
 * @property {string} sessionId
 * @property {HubConnection | null} connection
 * @property {{ state: string, nodes?: string[] } | null} snapshot
 * @property {Capture | null} capture
 * @property {boolean} paused
 * @property {CapturedPacket[]} held rows received while paused
 * @property {{ text: string, showProbes: boolean }} view the display filter and the probe toggle
 * @property {{ received: number, rendered: number, dropped: number }} stats
 * @property {WeakMap<HTMLTableRowElement, CapturedPacket>} packetOfRow packets of the rows in the table
 * @property {RowFeed} feed
 * @property {RowSelection} selection
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

/** How often a read-only table asks for the learner's captures: one started since shows within this. */
export const WATCH_INTERVAL_MS = 2000;

/**
 * Starts the packet table in the page root's [data-role=packets] pane (once per pane).
 * @param {HTMLElement} root the page's root (#workspace, #observe): its data-session-id, and where the events travel
 * @param {{ readOnly?: boolean }} [options] readOnly: watch the learner's captures instead of starting any
 * @returns {PacketTable | undefined}
 */
export function startPackets(root, options = {}) {
  /** @type {HTMLElement | null} */
  const pane = root.querySelector('[data-role=packets]');
  if (!pane) return undefined;
  const existing = tables.get(pane);
  if (existing) return existing;

  pane.replaceChildren(buildPacketPane());
  const ui = paneControls(pane);
  /** @type {PacketPane} */
  const ctx = {
    root, pane, ui, sessionId: root.dataset.sessionId || '', connection: null, snapshot: null, capture: null,
    paused: false, held: [], view: { text: '', showProbes: false }, stats: { received: 0, rendered: 0, dropped: 0 },
    packetOfRow: new WeakMap(),
    feed: /** @type {RowFeed} */ (/** @type {unknown} */ (null)),
    selection: /** @type {RowSelection} */ (/** @type {unknown} */ (null)),
  };
  ctx.selection = rowSelection(ctx);
  ctx.feed = rowFeed(ctx);
  followWorkspace(ctx);
  if (options.readOnly) watchCaptures(ctx);
  else captureControls(ctx);
  tableControls(ctx);

  /** @type {PacketTable} */
  const table = {
    get capture() { return ctx.capture; },
    get stats() { return { ...ctx.stats, dropped: ctx.feed.dropped() }; },
    showProbes(show) {
      ui.probes.checked = show;
      ui.probes.dispatchEvent(new Event('change'));
    },
  };
  tables.set(pane, table);
  pane.dataset.showProbes = 'false';
  render(ctx);
  return table;
}

/**
 * The pane's controls, found in the markup buildPacketPane made.
 * @param {HTMLElement} pane
 */
function paneControls(pane) {
  /** @param {string} selector */
  const el = selector => /** @type {HTMLElement} */ (pane.querySelector(selector));
  return {
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
}

/** @param {PacketPane} ctx */
function ready(ctx) {
  return !!ctx.connection && ctx.connection.state === 'Connected' && !!ctx.snapshot && ctx.snapshot.state === 'Ready';
}

/** Enables the buttons that fit the capture's state. @param {PacketPane} ctx */
function render(ctx) {
  const { ui, capture } = ctx;
  const running = !!capture && (capture.state === 'Running' || capture.state === 'Starting');
  // A second capture may start while one runs: the first keeps running beside it (capture-follow.js).
  ui.start.disabled = !ready(ctx) || ui.start.dataset.busy === 'true';
  ui.stop.disabled = !running;
  ui.pause.disabled = !capture;
  ctx.pane.dataset.captureState = capture ? capture.state.toLowerCase() : 'none';
}

/** @param {PacketPane} ctx @param {string} text */
function showError(ctx, text) {
  ctx.ui.error.hidden = !text;
  ctx.ui.error.textContent = text || '';
}

/** @param {PacketPane} ctx */
function showStatus(ctx) {
  ctx.ui.status.textContent = captureStatusText(ctx.capture, ctx.paused);
}

/**
 * Follows the workspace through its root's events: the hub connection, the session's state and nodes, the
 * reconnects, and the graph's "Capture here", which fills the form.
 * @param {PacketPane} ctx
 */
function followWorkspace(ctx) {
  const { root, ui } = ctx;
  root.addEventListener('netacademy:capture', ev => {
    const d = /** @type {CustomEvent} */ (ev).detail || {};
    if (d.node) {
      if (![...ui.node.options].some(o => o.value === d.node)) ui.node.append(new Option(d.node, d.node));
      ui.node.value = d.node;
    }
    ui.netns.value = d.netns || '';
    ui.iface.value = d.interface || '';
    ctx.pane.scrollIntoView({ block: 'nearest' });
    ui.filter.focus();
  });
  root.addEventListener('netacademy:created', ev => {
    ctx.connection = /** @type {CustomEvent} */ (ev).detail.connection;
    render(ctx);
  });
  root.addEventListener('netacademy:session', ev => {
    const snapshot = /** @type {CustomEvent} */ (ev).detail.snapshot;
    ctx.snapshot = snapshot;
    if (!snapshot) return;
    setNodes(ui.node, snapshot.nodes);
    if (snapshot.state !== 'Ready' && ctx.capture && ctx.capture.state === 'Running') {
      ctx.capture.state = 'Stopped';
      ui.status.textContent = 'The lab stopped; so did the capture.';
    }
    render(ctx);
  });
  root.addEventListener('netacademy:reconnected', () => {
    if (ctx.capture) subscribe(ctx);
    render(ctx);
  });
}

/**
 * A capture as ListCaptures sends it.
 * @typedef {{ id: string, node: string, netns: string | null, interface: string, filter: string | null, state: string | number, packets: number, droppedPackets: number }} CaptureInfo
 */

/**
 * The read-only table: in place of the capture form, a list of the learner's captures (asked for every
 * WATCH_INTERVAL_MS while the lab is ready); the table follows the newest, switching to each capture the learner
 * starts later, or the one picked from the list.
 * @param {PacketPane} ctx
 */
function watchCaptures(ctx) {
  const { ui, pane } = ctx;
  ui.form.hidden = true;
  ui.download.remove();
  const label = document.createElement('label');
  label.className = 'field capture-watch';
  label.innerHTML = '<span class="field-name">Learner’s capture</span> ';
  const pick = document.createElement('select');
  pick.name = 'watch';
  pick.append(new Option('No capture yet', ''));
  label.append(pick);
  ui.form.after(label);
  /** @type {Set<string>} */
  const seen = new Set();
  let asking = false;

  /** @param {CaptureInfo} info */
  function follow(info) {
    if (ctx.capture?.id === info.id) return;
    if (ctx.capture?.subscription) {
      try { ctx.capture.subscription.dispose(); } catch { /* already ended */ }
    }
    ctx.feed.clear();
    ctx.capture = {
      id: info.id, node: info.node, netns: info.netns, iface: info.interface, filter: info.filter, state: String(info.state),
      last: 0, subscription: null, dropped: info.droppedPackets, packets: info.packets, first: null,
    };
    pick.value = info.id;
    showStatus(ctx);
    subscribe(ctx);
    render(ctx);
  }

  async function refresh() {
    const connection = ctx.connection;
    if (asking || !connection || !ready(ctx)) return;
    asking = true;
    try {
      /** @type {CaptureInfo[]} */
      const list = await connection.invoke('ListCaptures', ctx.sessionId);
      const fresh = list.filter(c => !seen.has(c.id));
      for (const c of list) seen.add(c.id);
      const options = list.map(c => new Option(`${c.node}${c.netns ? ` (netns ${c.netns})` : ''} ${c.interface}${c.filter ? ` (${c.filter})` : ''}`, c.id));
      if (options.length === 0) options.push(new Option('No capture yet', ''));
      const current = pick.value;
      pick.replaceChildren(...options);
      pick.value = current;
      // The learner started a capture since the last look: follow it, as the learner's own table does.
      const newest = fresh.at(-1) ?? (!ctx.capture ? list.at(-1) : undefined);
      if (newest) follow(newest);
      showError(ctx, '');
    } catch (err) {
      if (ctx.connection?.state === 'Connected') showError(ctx, cleanError(err));
    } finally {
      asking = false;
    }
  }

  pick.addEventListener('change', () => {
    const id = pick.value;
    if (!id || !ctx.connection) return;
    ctx.connection.invoke('ListCaptures', ctx.sessionId)
      .then((/** @type {CaptureInfo[]} */ list) => { const info = list.find(c => c.id === id); if (info) follow(info); })
      .catch(err => showError(ctx, cleanError(err)));
  });
  ctx.root.addEventListener('netacademy:session', () => { void refresh(); });
  const timer = window.setInterval(() => {
    // The page took the pane away (the observation ended): nothing more to watch.
    if (!pane.isConnected) window.clearInterval(timer);
    else void refresh();
  }, WATCH_INTERVAL_MS);
}

/**
 * @param {HTMLSelectElement} select
 * @param {string[] | undefined} nodes
 */
function setNodes(select, nodes) {
  const current = select.value;
  const names = nodes || [];
  if ([...select.options].map(o => o.value).join() === names.join()) return;
  select.replaceChildren(...names.map(n => new Option(n, n)));
  if (names.includes(current)) select.value = current;
}

/**
 * The capture form's Start, and Stop and Pause.
 * @param {PacketPane} ctx
 */
function captureControls(ctx) {
  const { ui } = ctx;
  ui.form.addEventListener('submit', ev => {
    ev.preventDefault();
    startCapture(ctx);
  });
  ui.stop.addEventListener('click', () => stopCapture(ctx).catch(err => showError(ctx, cleanError(err))));
  ui.pause.addEventListener('click', () => {
    ctx.paused = !ctx.paused;
    ui.pause.textContent = ctx.paused ? 'Resume' : 'Pause';
    ui.pause.setAttribute('aria-pressed', String(ctx.paused));
    if (!ctx.paused) {
      const rows = ctx.held;
      ctx.held = [];
      rows.forEach(ctx.feed.enqueue);
    }
    showStatus(ctx);
  });
}

/**
 * Starts a capture with the form's values (the one shown keeps running) and follows it.
 * @param {PacketPane} ctx
 */
async function startCapture(ctx) {
  const { ui, sessionId } = ctx;
  const connection = ctx.connection;
  if (!ready(ctx) || !connection) return;
  showError(ctx, '');
  const node = ui.node.value;
  const netns = ui.netns.value.trim() || null;
  const iface = ui.iface.value.trim();
  const filter = ui.filter.value.trim() || null;
  ui.start.dataset.busy = 'true';
  render(ctx);
  ui.status.textContent = 'Starting capture…';
  try {
    await whenConnected(connection);
    const id = await connection.invoke('StartCapture', sessionId, node, netns, iface, filter);
    // The capture shown so far keeps running (capture-follow.js lists it, with its Stop); the table shows the new one.
    if (ctx.capture?.subscription) {
      try { ctx.capture.subscription.dispose(); } catch { /* already ended */ }
      ctx.capture.subscription = null;
    }
    ctx.feed.clear();
    ctx.capture = { id, node, netns, iface, filter, state: 'Running', last: 0, subscription: null, dropped: 0, packets: 0, first: null };
    ui.download.href = `/api/sessions/${encodeURIComponent(sessionId)}/captures/${encodeURIComponent(id)}.pcap`;
    ui.download.download = `capture-${node}${netns ? '-' + netns : ''}-${iface}.pcap`;
    ui.download.hidden = false;
    subscribe(ctx);
  } catch (err) {
    showError(ctx, cleanError(err));
    showStatus(ctx);
  } finally {
    ui.start.dataset.busy = 'false';
    render(ctx);
  }
}

/** @param {PacketPane} ctx */
async function stopCapture(ctx) {
  const c = ctx.capture;
  if (!c || c.state !== 'Running' || !ctx.connection) return;
  await ctx.connection.invoke('StopCapture', ctx.sessionId, c.id);
  c.state = 'Stopped';
  showStatus(ctx);
  render(ctx);
}

/**
 * Follows the capture's stream from the packet after the last one received (again after a reconnect).
 * @param {PacketPane} ctx
 */
function subscribe(ctx) {
  const { capture: c, connection } = ctx;
  if (!c || !connection || connection.state !== 'Connected') return;
  if (c.subscription) {
    try { c.subscription.dispose(); } catch { /* already ended */ }
    c.subscription = null;
  }
  c.subscription = connection.stream('CaptureStream', ctx.sessionId, c.id, c.last).subscribe({
    next: item => { if (ctx.capture === c) onStreamItem(ctx, c, item); },
    error: err => {
      c.subscription = null;
      if (ctx.capture === c && ctx.connection && ctx.connection.state === 'Connected') showError(ctx, cleanError(err));
    },
    complete: () => {
      c.subscription = null;
      if (ctx.capture === c && c.state === 'Running') c.state = 'Stopped';
      if (ctx.capture === c) { showStatus(ctx); render(ctx); }
    },
  });
}

/**
 * @param {PacketPane} ctx
 * @param {Capture} c
 * @param {{ kind: string, packet?: CapturedPacket, sampling?: any, status?: any }} item
 */
function onStreamItem(ctx, c, item) {
  switch (item.kind) {
    case 'Packet': {
      const p = /** @type {CapturedPacket} */ (item.packet);
      if (p.number <= c.last) return;
      c.last = p.number;
      c.first ??= p.time;
      ctx.stats.received++;
      if (ctx.paused) {
        ctx.held.push(p);
        if (ctx.held.length > MAX_PAUSED) ctx.held.shift();
      } else {
        ctx.feed.enqueue(p);
      }
      break;
    }
    case 'Sampling':
      showSampling(ctx.ui.sampling, item.sampling);
      break;
    case 'Status': {
      const s = item.status;
      c.state = s.state;
      c.packets = s.packets;
      c.dropped = s.droppedPackets;
      c.error = s.error;
      if (s.state === 'Failed' && s.error) showError(ctx, s.error);
      showStatus(ctx);
      render(ctx);
      break;
    }
  }
}

/** @type {WeakMap<HTMLElement, number>} */
const samplingTimers = new WeakMap();

/**
 * Shows the server's sampling notice for a moment.
 * @param {HTMLElement} notice
 * @param {{ message: string, flows?: { flow: string, packets: number, bytes: number }[] }} s
 */
function showSampling(notice, s) {
  const { text, title } = samplingText(s);
  notice.hidden = false;
  notice.textContent = text;
  notice.title = title;
  clearTimeout(samplingTimers.get(notice));
  samplingTimers.set(notice, window.setTimeout(() => { notice.hidden = true; }, 2500));
}

/**
 * The table's toolbar: the display filter, the probe toggle, Clear.
 * @param {PacketPane} ctx
 */
function tableControls(ctx) {
  const { ui } = ctx;
  ui.clear.addEventListener('click', () => ctx.feed.clear());
  ui.display.addEventListener('input', () => {
    ctx.view.text = ui.display.value;
    ctx.feed.applyView();
  });
  ui.probes.addEventListener('change', () => {
    ctx.view.showProbes = ui.probes.checked;
    ctx.feed.applyView();
  });
}

/**
 * @typedef {object} RowFeed
 * @property {(p: CapturedPacket) => void} enqueue
 * @property {() => void} clear empties the table and what waits for it
 * @property {() => void} applyView shows and hides rows after the filter or the probe toggle changed
 * @property {() => number} dropped rows dropped before reaching the table
 */

/**
 * Feeds received packets into the table a frame at a time, keeping it under MAX_ROWS.
 * @param {PacketPane} ctx
 * @returns {RowFeed}
 */
function rowFeed(ctx) {
  const { root, ui, view, selection } = ctx;
  /** @type {RowQueue<CapturedPacket>} */
  const queue = new RowQueue(MAX_ROWS);
  let frame = 0;

  /** Appends the rows waiting, up to ROWS_PER_FRAME, and keeps the table under MAX_ROWS. */
  function flush() {
    frame = 0;
    ctx.stats.dropped = queue.dropped;
    const batch = queue.take(ROWS_PER_FRAME);
    if (batch.length === 0) return;
    const atBottom = ui.wrap.scrollHeight - ui.wrap.scrollTop - ui.wrap.clientHeight < 30;
    const rows = document.createDocumentFragment();
    for (const p of batch) {
      const tr = packetRow(p, rowCells(p, ctx.capture?.first ?? p.time));
      tr.hidden = !isShown(p, view);
      ctx.packetOfRow.set(tr, p);
      rows.append(tr);
      if (!p.probe || view.showProbes) root.dispatchEvent(new CustomEvent('netacademy:packet', { detail: packetEventDetail(p, ctx.capture?.id ?? null) }));
    }
    const evict = rowsToEvict(ui.body.rows.length, batch.length, MAX_ROWS);
    for (let i = 0; i < evict; i++) {
      const first = ui.body.rows[0];
      if (first.getAttribute('aria-selected') === 'true') selection.closeDetail(false);
      first.remove();
    }
    ui.body.append(rows);
    ctx.stats.rendered += batch.length;
    if (!ui.body.querySelector('tr[tabindex="0"]')) selection.focusable(selection.firstVisibleRow());
    if (atBottom) ui.wrap.scrollTop = ui.wrap.scrollHeight;
    if (queue.length > 0) frame = requestAnimationFrame(flush);
  }

  return {
    enqueue(p) {
      queue.push(p);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    clear() {
      ui.body.replaceChildren();
      ctx.held = [];
      queue.clear();
      selection.closeDetail(false);
    },
    applyView() {
      for (const tr of ui.body.rows) {
        const p = ctx.packetOfRow.get(tr);
        if (p) tr.hidden = !isShown(p, view);
      }
      const selected = selection.selectedRow();
      if (selected && selected.hidden) selection.closeDetail(false);
      // The table's one tab stop must stay on a row that can take the focus.
      const stop = /** @type {HTMLTableRowElement | null} */ (ui.body.querySelector('tr[tabindex="0"]'));
      if (!stop || stop.hidden) selection.focusable(selection.firstVisibleRow());
      ctx.pane.dataset.showProbes = String(view.showProbes);
    },
    dropped: () => queue.dropped,
  };
}

/**
 * @typedef {object} RowSelection
 * @property {(tr: HTMLTableRowElement, moveFocus: boolean) => void} select
 * @property {(refocus: boolean) => void} closeDetail
 * @property {(tr: HTMLTableRowElement | null) => void} focusable
 * @property {() => HTMLTableRowElement | null} firstVisibleRow
 * @property {() => HTMLTableRowElement | null} selectedRow
 */

/**
 * The selected row and its drawer, by mouse and keyboard: a roving tabindex makes the table one tab stop, the
 * arrows, Home, End and the page keys move inside it, Enter opens the drawer, Escape closes it.
 * @param {PacketPane} ctx
 * @returns {RowSelection}
 */
function rowSelection(ctx) {
  const { ui } = ctx;
  const visibleRows = () => [...ui.body.rows].filter(tr => !tr.hidden);
  const firstVisibleRow = () => visibleRows()[0] ?? null;
  /** @returns {HTMLTableRowElement | null} */
  const selectedRow = () => ui.body.querySelector('tr[aria-selected=true]');

  /** @param {HTMLTableRowElement | null} tr */
  function focusable(tr) {
    if (!tr) return;
    for (const other of ui.body.querySelectorAll('tr[tabindex="0"]')) /** @type {HTMLElement} */ (other).tabIndex = -1;
    tr.tabIndex = 0;
  }

  /** @param {HTMLTableRowElement} tr @param {boolean} moveFocus move the keyboard focus into the drawer */
  function select(tr, moveFocus) {
    const p = ctx.packetOfRow.get(tr);
    if (!p) return;
    selectedRow()?.removeAttribute('aria-selected');
    tr.setAttribute('aria-selected', 'true');
    focusable(tr);
    ui.detail.hidden = false;
    ui.detail.replaceChildren(packetDetail(p, () => closeDetail(true)));
    if (moveFocus) ui.detail.focus();
    // Follow it: the same packet in the session's other captures, its path on the graph (capture-follow.js).
    ctx.root.dispatchEvent(new CustomEvent('netacademy:packet-pick', { detail: packetEventDetail(p, ctx.capture?.id ?? null) }));
  }

  /** @param {boolean} refocus give the focus back to the selected row */
  function closeDetail(refocus) {
    const selected = selectedRow();
    const wasOpen = !ui.detail.hidden;
    ui.detail.hidden = true;
    ui.detail.replaceChildren();
    if (wasOpen) ctx.root.dispatchEvent(new CustomEvent('netacademy:packet-pick', { detail: null }));
    if (selected) {
      selected.removeAttribute('aria-selected');
      if (refocus) selected.focus();
    }
  }

  /** @param {Event} ev */
  const rowOf = ev => {
    const tr = /** @type {HTMLElement} */ (ev.target).closest('tr');
    return tr && ui.body.contains(tr) ? /** @type {HTMLTableRowElement} */ (tr) : null;
  };
  ui.body.addEventListener('click', ev => {
    const tr = rowOf(ev);
    if (tr) select(tr, false);
  });
  ui.body.addEventListener('keydown', ev => {
    const row = rowOf(ev);
    if (!row) return;
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
  return { select, closeDetail, focusable, firstVisibleRow, selectedRow };
}

const workspaceRoot = document.getElementById('workspace');
if (workspaceRoot) startPackets(workspaceRoot);
