// @ts-check
// The packet pane's markup and the drawer's content for one packet: DOM builders without state, used by packets.js.

import { base64Bytes, fieldsByLayer, formatWhere, hexDump, splitTime, splitWhere } from './packet-rows.js';

/** @typedef {import('./packet-rows.js').CapturedPacket} CapturedPacket */
/** @typedef {import('./packet-rows.js').RowCells} RowCells */

/**
 * The pane's markup: the capture form, the status line, the table's toolbar, the table and its drawer.
 * @returns {HTMLDivElement}
 */
export function buildPacketPane() {
  const wrap = document.createElement('div');
  wrap.className = 'packets';
  // Labels keep their names for assistive technology and tests; a narrow pane shows the placeholders instead.
  wrap.innerHTML = `
    <form class="capture-form" aria-label="Capture packets">
      <label class="field"><span class="field-name">Node</span> <select name="node" required></select></label>
      <label class="field"><span class="field-name">Namespace</span> <input name="netns" placeholder="namespace" size="8" autocomplete="off" spellcheck="false"></label>
      <label class="field"><span class="field-name">Interface</span> <input name="iface" placeholder="interface" required maxlength="15" size="9" autocomplete="off" spellcheck="false"></label>
      <label class="field filter"><span class="field-name">Filter</span> <input name="filter" maxlength="512" placeholder="filter, e.g. icmp or tcp port 80" autocomplete="off" spellcheck="false"></label>
      <span class="capture-buttons">
        <button type="submit" class="primary" data-action="capture-start">Start capture</button>
        <button type="button" data-action="capture-stop" disabled>Stop</button>
      </span>
    </form>
    <div class="capture-error" data-role="capture-error" role="alert" hidden></div>
    <div class="capture-status-line">
      <span class="capture-status" data-role="capture-status" aria-live="polite">No capture running.</span>
      <span class="sampling" data-role="sampling" role="status" hidden></span>
    </div>
    <div class="capture-bar" role="toolbar" aria-label="Packet table">
      <label class="field"><span class="field-name">Show</span> <input name="display-filter" type="search" placeholder="filter rows" size="12" autocomplete="off"></label>
      <label class="probe-toggle" title="The grader's own pings and connection probes, sent when it checks your tasks"><input name="show-probes" type="checkbox"> Show grader probes</label>
      <span class="spacer"></span>
      <button type="button" data-action="capture-pause" aria-pressed="false" disabled>Pause</button>
      <button type="button" data-action="capture-clear">Clear</button>
      <a data-role="download" hidden>Download pcap</a>
    </div>
    <div class="packet-split">
      <div class="packet-table-wrap">
        <table class="packet-table" role="grid" aria-label="Captured packets" aria-readonly="true">
          <colgroup><col class="c-time"><col class="c-where"><col class="c-source"><col class="c-destination"><col class="c-protocol"><col class="c-info"></colgroup>
          <thead><tr><th scope="col" class="time" title="Seconds since the capture's first packet">Time</th><th scope="col" class="where" title="Where: node, namespace and interface of the capture">Where</th><th scope="col" class="source" title="Source">Source</th><th scope="col" class="destination" title="Destination">Destination</th><th scope="col" class="protocol" title="Protocol">Protocol</th><th scope="col" class="info" title="Info">Info</th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <section class="packet-detail" data-role="packet-detail" aria-label="Packet details" tabindex="-1" hidden></section>
    </div>`;
  return wrap;
}

/**
 * The drawer's content for a packet: where and how long, the summary line, each layer with its fields, the bytes.
 * @param {CapturedPacket} p
 * @param {() => void} close what the close button does
 * @returns {DocumentFragment}
 */
export function packetDetail(p, close) {
  const frag = document.createDocumentFragment();
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.className = 'packet-close';
  closeButton.setAttribute('aria-label', 'Close packet details');
  closeButton.textContent = '×';
  closeButton.addEventListener('click', close);

  const head = document.createElement('h3');
  head.textContent = `Packet ${p.number}: ${p.length} bytes on ${formatWhere(p)}${p.probe ? ' (grader probe)' : ''}`;
  const summary = document.createElement('p');
  summary.className = 'packet-summary';
  summary.textContent = p.summary;

  const layers = document.createElement('div');
  layers.className = 'packet-layers';
  for (const { layer, fields } of fieldsByLayer(p)) {
    const box = document.createElement('details');
    box.open = true;
    const title = document.createElement('summary');
    title.textContent = `${layer.kind} — bytes ${layer.offset}–${layer.offset + Math.max(layer.length, 1) - 1}${layer.malformed ? ' (malformed)' : ''}`;
    box.append(title);
    if (fields.length) {
      const list = document.createElement('dl');
      list.className = 'packet-fields';
      for (const f of fields) {
        const dt = document.createElement('dt');
        dt.textContent = f.name;
        const dd = document.createElement('dd');
        dd.textContent = f.value;
        list.append(dt, dd);
      }
      box.append(list);
    }
    layers.append(box);
  }

  const hex = document.createElement('pre');
  hex.className = 'packet-hex';
  hex.setAttribute('aria-label', 'Packet bytes');
  hex.textContent = hexDump(base64Bytes(p.data)) + (p.truncated ? '\n… (more bytes in the pcap download)' : '');

  frag.append(closeButton, head, summary, layers, hex);
  return frag;
}

/**
 * A packet's row: one cell per column, each cut short in a narrow pane with its full text in its title (the info
 * cell's is the row's); the grader's probes badged.
 * @param {CapturedPacket} p
 * @param {RowCells} cells
 * @returns {HTMLTableRowElement}
 */
export function packetRow(p, cells) {
  const tr = document.createElement('tr');
  tr.dataset.number = String(p.number);
  tr.className = cells.protocolClass + (cells.probe ? ' probe' : '');
  if (cells.probe) tr.dataset.probe = 'true';
  tr.tabIndex = -1;
  tr.title = p.summary;
  const [seconds, micros] = splitTime(cells.time);
  const [at, iface] = splitWhere(p);
  for (const [parts, name, title] of /** @type {[(string | Node)[], string, string][]} */ ([
    [[seconds, span('time-us', micros)], 'time', `${cells.time} s after the first packet, at ${cells.clock}`],
    [[span('where-at', at), iface], 'where', cells.where], [[cells.source], 'source', cells.source],
    [[cells.destination], 'destination', cells.destination], [[cells.protocol], 'protocol', cells.protocol],
  ])) {
    const td = document.createElement('td');
    td.className = name;
    td.append(...parts.filter(part => part !== '' && !(part instanceof HTMLElement && part.textContent === '')));
    if (title) td.title = title;
    tr.append(td);
  }
  const info = document.createElement('td');
  info.className = 'info';
  if (cells.probe) info.append(span('probe-badge', 'grader'), ' ');
  if (cells.tunnel) info.append(span('tunnel', cells.tunnel), ' ');
  info.append(cells.info);
  tr.append(info);
  return tr;
}

/** @param {string} className @param {string} text */
function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}
