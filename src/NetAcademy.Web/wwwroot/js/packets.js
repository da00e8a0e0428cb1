// The live packet table of the workspace: start a capture on a node's interface (prefilled by the graph's
// "Capture here"), watch rows arrive (rate-limited by the server, with a notice while it samples), pause,
// filter the rows shown, open a row for its fields and bytes, download the pcap.
// Talks to WorkspaceHub (StartCapture, StopCapture, CaptureStream); follows the workspace through its DOM events.

import { cleanError, whenConnected } from './hub.js';

const MAX_ROWS = 2000;      // rows kept in the table; older ones are removed
const MAX_PAUSED = 2000;    // rows held while paused
const FLASH_MS = 150;       // at most one netacademy:packet per interface per this many ms

export function startPackets(root) {
  const pane = root.querySelector('[data-role=packets]');
  if (!pane) return;
  const sessionId = root.dataset.sessionId;
  let connection = window.netacademyWorkspace?.connection ?? null;
  let snapshot = window.netacademyWorkspace?.snapshot ?? null;
  let capture = null;        // { id, node, netns, iface, subscription, last, state }
  let paused = false;
  let held = [];
  let samplingTimer = 0;
  const lastFlash = new Map();

  pane.replaceChildren(build());
  const ui = {
    form: pane.querySelector('form'),
    node: pane.querySelector('[name=node]'),
    netns: pane.querySelector('[name=netns]'),
    iface: pane.querySelector('[name=iface]'),
    filter: pane.querySelector('[name=filter]'),
    start: pane.querySelector('[data-action=capture-start]'),
    stop: pane.querySelector('[data-action=capture-stop]'),
    pause: pane.querySelector('[data-action=capture-pause]'),
    clear: pane.querySelector('[data-action=capture-clear]'),
    display: pane.querySelector('[name=display-filter]'),
    status: pane.querySelector('[data-role=capture-status]'),
    sampling: pane.querySelector('[data-role=sampling]'),
    error: pane.querySelector('[data-role=capture-error]'),
    download: pane.querySelector('[data-role=download]'),
    body: pane.querySelector('tbody'),
    detail: pane.querySelector('[data-role=packet-detail]'),
  };

  function build() {
    const wrap = document.createElement('div');
    wrap.className = 'packets';
    wrap.innerHTML = `
      <form class="capture-form" aria-label="Capture packets">
        <label>Node <select name="node" required></select></label>
        <label>Namespace <input name="netns" placeholder="(node's own)" size="8" autocomplete="off" spellcheck="false"></label>
        <label>Interface <input name="iface" required maxlength="15" size="9" autocomplete="off" spellcheck="false"></label>
        <label class="filter">Filter <input name="filter" maxlength="512" placeholder="e.g. icmp or tcp port 80" autocomplete="off" spellcheck="false"></label>
        <button type="submit" class="primary" data-action="capture-start">Start capture</button>
        <button type="button" data-action="capture-stop" disabled>Stop</button>
      </form>
      <div class="capture-error" data-role="capture-error" role="alert" hidden></div>
      <div class="capture-bar" role="toolbar" aria-label="Packet table">
        <span class="capture-status" data-role="capture-status" aria-live="polite">No capture running.</span>
        <span class="sampling" data-role="sampling" role="status" hidden></span>
        <span class="spacer"></span>
        <label>Show <input name="display-filter" type="search" placeholder="text in summary" size="14" autocomplete="off"></label>
        <button type="button" data-action="capture-pause" aria-pressed="false" disabled>Pause</button>
        <button type="button" data-action="capture-clear">Clear</button>
        <a data-role="download" hidden>Download pcap</a>
      </div>
      <div class="packet-split">
        <div class="packet-table-wrap">
          <table class="packet-table" aria-label="Captured packets">
            <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Where</th><th scope="col">Summary</th><th scope="col">Len</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
        <section class="packet-detail" data-role="packet-detail" aria-label="Packet details" hidden></section>
      </div>`;
    return wrap;
  }

  function showError(text) {
    ui.error.hidden = !text;
    ui.error.textContent = text || '';
  }

  function setNodes(nodes) {
    const current = ui.node.value;
    const names = nodes || [];
    if ([...ui.node.options].map(o => o.value).join() === names.join()) return;
    ui.node.replaceChildren(...names.map(n => new Option(n, n)));
    if (names.includes(current)) ui.node.value = current;
  }

  function ready() {
    return connection && connection.state === 'Connected' && snapshot && snapshot.state === 'Ready';
  }

  function render() {
    const running = capture && (capture.state === 'Running' || capture.state === 'Starting');
    ui.start.disabled = !ready() || !!running || ui.start.dataset.busy === 'true';
    ui.stop.disabled = !running;
    ui.pause.disabled = !capture;
    pane.dataset.captureState = capture ? capture.state.toLowerCase() : 'none';
  }

  // The graph's "Capture here" fills the form.
  root.addEventListener('netacademy:capture', ev => {
    const d = ev.detail || {};
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
    connection = ev.detail.connection;
    render();
  });

  root.addEventListener('netacademy:session', ev => {
    snapshot = ev.detail.snapshot;
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
    if (!ready()) return;
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
      capture = { id, node, netns, iface, filter, state: 'Running', last: 0, subscription: null, dropped: 0, packets: 0 };
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
    if (!capture || capture.state !== 'Running') return;
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
      rows.forEach(addRow);
    }
    setStatus(statusText());
  });

  ui.clear.addEventListener('click', clearRows);

  ui.display.addEventListener('input', () => {
    const text = ui.display.value.trim().toLowerCase();
    for (const tr of ui.body.rows) tr.hidden = !matches(tr.dataset.summary, text);
  });

  function matches(summary, text) {
    return !text || (summary || '').toLowerCase().includes(text);
  }

  function clearRows() {
    ui.body.replaceChildren();
    held = [];
    ui.detail.hidden = true;
    ui.detail.replaceChildren();
  }

  function subscribe() {
    if (!capture || !connection || connection.state !== 'Connected') return;
    const c = capture;
    if (c.subscription) {
      try { c.subscription.dispose(); } catch { }
      c.subscription = null;
    }
    c.subscription = connection.stream('CaptureStream', sessionId, c.id, c.last).subscribe({
      next: item => { if (capture === c) onEvent(c, item); },
      error: err => {
        c.subscription = null;
        if (capture === c && connection.state === 'Connected') showError(cleanError(err));
      },
      complete: () => {
        c.subscription = null;
        if (capture === c && c.state === 'Running') c.state = 'Stopped';
        if (capture === c) { setStatus(statusText()); render(); }
      },
    });
  }

  function onEvent(c, item) {
    switch (item.kind) {
      case 'Packet': {
        const p = item.packet;
        if (p.number <= c.last) return;
        c.last = p.number;
        if (paused) {
          held.push(p);
          if (held.length > MAX_PAUSED) held.shift();
        } else {
          addRow(p);
        }
        flash(p);
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

  function setStatus(text) {
    ui.status.textContent = text;
  }

  function showSampling(s) {
    ui.sampling.hidden = false;
    const top = (s.flows || []).slice(0, 3).map(f => `${f.flow}: ${f.packets}`).join('; ');
    ui.sampling.textContent = s.message + (top ? ` — busiest: ${top}` : '');
    ui.sampling.title = (s.flows || []).map(f => `${f.flow}: ${f.packets} packets, ${f.bytes} bytes`).join('\n');
    clearTimeout(samplingTimer);
    samplingTimer = setTimeout(() => { ui.sampling.hidden = true; }, 2500);
  }

  function flash(p) {
    const key = `${p.node}/${p.netns || ''}/${p.interface}`;
    const now = performance.now();
    if (now - (lastFlash.get(key) || 0) < FLASH_MS) return;
    lastFlash.set(key, now);
    root.dispatchEvent(new CustomEvent('netacademy:packet', { detail: { node: p.node, netns: p.netns ?? null, interface: p.interface } }));
  }

  function addRow(p) {
    const tr = document.createElement('tr');
    tr.dataset.number = p.number;
    tr.dataset.summary = p.summary;
    tr.tabIndex = 0;
    const top = p.layers.length ? p.layers[p.layers.length - 1].kind.toLowerCase() : 'unknown';
    tr.className = 'proto-' + top;
    const cells = [
      String(p.number),
      formatTime(p.time),
      `${p.node}${p.netns ? ':' + p.netns : ''} ${p.interface}`,
      p.summary,
      String(p.length),
    ];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    tr.hidden = !matches(p.summary, ui.display.value.trim().toLowerCase());
    tr.addEventListener('click', () => select(tr, p));
    tr.addEventListener('keydown', ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(tr, p); } });
    const wrap = ui.body.closest('.packet-table-wrap');
    const atBottom = wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < 30;
    ui.body.append(tr);
    while (ui.body.rows.length > MAX_ROWS) ui.body.rows[0].remove();
    if (atBottom) wrap.scrollTop = wrap.scrollHeight;
  }

  function formatTime(iso) {
    const d = new Date(iso);
    const frac = /\.(\d+)/.exec(iso);
    const micros = frac ? frac[1].padEnd(6, '0').slice(0, 6) : '000000';
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${micros}`;
  }

  function select(tr, p) {
    for (const other of ui.body.querySelectorAll('tr[aria-selected=true]')) other.removeAttribute('aria-selected');
    tr.setAttribute('aria-selected', 'true');
    ui.detail.hidden = false;
    ui.detail.replaceChildren(detail(p));
  }

  function detail(p) {
    const frag = document.createDocumentFragment();
    const head = document.createElement('h3');
    head.textContent = `Packet ${p.number}: ${p.length} bytes on ${p.node}${p.netns ? ' (netns ' + p.netns + ')' : ''} ${p.interface}`;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'packet-close';
    close.setAttribute('aria-label', 'Close packet details');
    close.textContent = '×';
    close.addEventListener('click', () => { ui.detail.hidden = true; });

    const layers = document.createElement('ol');
    layers.className = 'packet-layers';
    for (const l of p.layers) {
      const li = document.createElement('li');
      li.textContent = `${l.kind} — bytes ${l.offset}–${l.offset + l.length - 1}${l.malformed ? ' (malformed)' : ''}`;
      layers.append(li);
    }

    const fields = document.createElement('dl');
    fields.className = 'packet-fields';
    for (const f of p.fields) {
      const dt = document.createElement('dt');
      dt.textContent = f.name;
      const dd = document.createElement('dd');
      dd.textContent = f.value;
      fields.append(dt, dd);
    }

    const hex = document.createElement('pre');
    hex.className = 'packet-hex';
    hex.setAttribute('aria-label', 'Packet bytes');
    hex.textContent = hexDump(base64Bytes(p.data)) + (p.truncated ? '\n… (more bytes in the pcap download)' : '');

    frag.append(close, head, layers, fields, hex);
    return frag;
  }

  function base64Bytes(text) {
    const bin = atob(text || '');
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function hexDump(bytes) {
    const lines = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const chunk = bytes.subarray(i, i + 16);
      const hex = [...chunk].map(b => b.toString(16).padStart(2, '0')).join(' ').padEnd(47, ' ');
      const ascii = [...chunk].map(b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      lines.push(`${i.toString(16).padStart(4, '0')}  ${hex}  ${ascii}`);
    }
    return lines.join('\n');
  }

  if (snapshot) setNodes(snapshot.nodes);
  render();
  window.netacademyPackets = { get capture() { return capture; } };
}

const workspaceRoot = document.getElementById('workspace');
if (workspaceRoot) startPackets(workspaceRoot);
