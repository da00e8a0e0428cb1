// @ts-check
// The packet table's row model, without a DOM: the cells of a row, which rows the table shows (text filter, the
// grader's probes), a bounded queue that hands rows to the table a frame at a time, the fields of each layer for
// the detail drawer, and the keys that match one packet across captures. Imported by packets.js and by Node's tests.

/**
 * One decoded header of a packet, as the server sends it (PacketLayerInfo).
 * @typedef {object} PacketLayer
 * @property {string} kind Ethernet, IPv4, TCP, ...
 * @property {number} offset where the header starts in the frame
 * @property {number} length header length in bytes
 * @property {boolean} malformed the header is cut short or inconsistent
 */

/**
 * A decoded field by Wireshark name (PacketFieldValue); several layers' values come comma-joined, outermost first.
 * @typedef {object} PacketField
 * @property {string} name e.g. ip.src
 * @property {string} value
 */

/**
 * A captured packet as the hub's CaptureStream sends it (CapturedPacket).
 * @typedef {object} CapturedPacket
 * @property {number} number 1-based number in its capture
 * @property {string} time ISO 8601 capture time
 * @property {string} node
 * @property {string | null} [netns]
 * @property {string} interface
 * @property {number} length length on the wire
 * @property {string} summary the whole summary line, every layer
 * @property {string} source
 * @property {string} destination
 * @property {string} protocol
 * @property {string} info
 * @property {string | null} [tunnel] the encapsulation the addressed header travels in
 * @property {boolean} probe the grader's own probe traffic
 * @property {PacketLayer[]} layers
 * @property {PacketField[]} fields
 * @property {string} data base64 of the first bytes
 * @property {boolean} truncated data holds fewer bytes than were captured
 */

/**
 * The text of a row's cells.
 * @typedef {object} RowCells
 * @property {string} time seconds since the capture's first packet, as Wireshark's default time column
 * @property {string} clock the time of day, for the cell's tooltip
 * @property {string} where
 * @property {string} source
 * @property {string} destination
 * @property {string} protocol
 * @property {string} info
 * @property {string | null} tunnel
 * @property {boolean} probe
 * @property {string} protocolClass a CSS class for the protocol's colour
 */

/** Layer kinds of the server's decoder by the prefix of their Wireshark field names. */
const FIELD_LAYERS = /** @type {Record<string, string>} */ ({
  eth: 'Ethernet', vlan: 'Vlan', ieee8021ad: 'Vlan', arp: 'Arp', ip: 'IPv4', ipv6: 'IPv6', icmp: 'Icmp',
  icmpv6: 'Icmpv6', tcp: 'Tcp', udp: 'Udp', vxlan: 'Vxlan', geneve: 'Geneve', gre: 'Gre', dns: 'Dns',
});

/**
 * Wall-clock time of day with microseconds, in the browser's time zone: 14:03:07.123456.
 * @param {string} iso
 * @returns {string}
 */
export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const frac = /\.(\d+)/.exec(iso);
  const micros = frac ? frac[1].padEnd(6, '0').slice(0, 6) : '000000';
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${micros}`;
}

/**
 * Microseconds since the epoch of an ISO 8601 time (Date keeps milliseconds; the fraction's digits give the rest).
 * @param {string} iso
 * @returns {number} NaN for a text that is not a time
 */
export function toMicros(iso) {
  const ms = Date.parse(iso);
  const frac = /\.(\d+)/.exec(iso);
  const micros = frac ? Number(frac[1].padEnd(6, '0').slice(3, 6)) : 0;
  return ms * 1000 + micros;
}

/**
 * Seconds from `startIso` to `iso` with six decimals: "0.000000", "12.345678".
 * @param {string} iso
 * @param {string} startIso
 * @returns {string}
 */
export function formatRelative(iso, startIso) {
  const delta = toMicros(iso) - toMicros(startIso);
  if (Number.isNaN(delta)) return '';
  const sign = delta < 0 ? '-' : '';
  const abs = Math.abs(delta);
  return `${sign}${Math.floor(abs / 1e6)}.${String(abs % 1e6).padStart(6, '0')}`;
}

/**
 * Where a packet was captured: "host1:red veth-red", or "host1 eth0" in the node's own namespace.
 * @param {{ node: string, netns?: string | null, interface: string }} p
 * @returns {string}
 */
export function formatWhere(p) {
  return `${p.node}${p.netns ? ':' + p.netns : ''} ${p.interface}`;
}

/**
 * A relative time cut after the milliseconds: the head a narrow pane shows and the microseconds it leaves out
 * ("0.347830" gives "0.347" and "830").
 * @param {string} time
 * @returns {[string, string]}
 */
export function splitTime(time) {
  const dot = time.indexOf('.');
  if (dot < 0 || time.length - dot <= 4) return [time, ''];
  return [time.slice(0, dot + 4), time.slice(dot + 4)];
}

/**
 * Where, cut before the interface: the node and namespace a narrow pane leaves out, and the interface it shows
 * ("host1:red veth-red" gives "host1:red " and "veth-red").
 * @param {{ node: string, netns?: string | null, interface: string }} p
 * @returns {[string, string]}
 */
export function splitWhere(p) {
  const where = formatWhere(p);
  const at = where.length - p.interface.length;
  return [where.slice(0, at), where.slice(at)];
}

/**
 * The status line of a capture.
 * @param {{ node: string, netns: string | null, iface: string, filter: string | null, state: string, packets: number, dropped: number } | null} capture
 * @param {boolean} paused
 * @returns {string}
 */
export function captureStatusText(capture, paused) {
  if (!capture) return 'No capture running.';
  const where = `${capture.node}${capture.netns ? ` (netns ${capture.netns})` : ''} ${capture.iface}`;
  const state = capture.state === 'Running' ? 'Capturing on' : capture.state === 'Failed' ? 'Capture failed on' : 'Capture stopped on';
  let text = `${state} ${where}${capture.filter ? ` (${capture.filter})` : ''}: ${capture.packets || 0} packets`;
  if (capture.dropped > 0) text += `; the download holds the newest only (${capture.dropped} oldest dropped)`;
  if (paused) text += ' — paused';
  return text;
}

/**
 * What the sampling notice says, and its tooltip: the server's message with the busiest flows.
 * @param {{ message: string, flows?: { flow: string, packets: number, bytes: number }[] }} s
 * @returns {{ text: string, title: string }}
 */
export function samplingText(s) {
  const flows = s.flows || [];
  const top = flows.slice(0, 3).map(f => `${f.flow}: ${f.packets}`).join('; ');
  return {
    text: s.message + (top ? ` — busiest: ${top}` : ''),
    title: flows.map(f => `${f.flow}: ${f.packets} packets, ${f.bytes} bytes`).join('\n'),
  };
}

/**
 * The cells of the row for a packet.
 * @param {CapturedPacket} p
 * @param {string} start time of the capture's first packet
 * @returns {RowCells}
 */
export function rowCells(p, start) {
  return {
    time: formatRelative(p.time, start),
    clock: formatTime(p.time),
    where: formatWhere(p),
    source: p.source || '',
    destination: p.destination || '',
    protocol: p.protocol || '',
    info: p.info || p.summary || '',
    tunnel: p.tunnel || null,
    probe: !!p.probe,
    protocolClass: 'proto-' + (p.protocol || 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  };
}

/**
 * Whether a packet's row is shown: grader probes only when asked for, and only rows whose text holds the filter
 * text (any column or the summary, case-insensitive).
 * @param {CapturedPacket} p
 * @param {{ text: string, showProbes: boolean }} view
 * @returns {boolean}
 */
export function isShown(p, view) {
  if (p.probe && !view.showProbes) return false;
  const text = view.text.trim().toLowerCase();
  if (!text) return true;
  return [p.summary, formatWhere(p), p.protocol, p.source, p.destination]
    .some(part => (part || '').toLowerCase().includes(text));
}

/**
 * The fields of each layer, for the detail drawer: a comma-joined value that has one part per layer of its kind is
 * split over those layers, outermost first; otherwise the whole value goes to the first layer of the kind.
 * @param {CapturedPacket} p
 * @returns {{ layer: PacketLayer, fields: PacketField[] }[]}
 */
export function fieldsByLayer(p) {
  const groups = p.layers.map(layer => ({ layer, fields: /** @type {PacketField[]} */ ([]) }));
  /** @type {Map<string, number[]>} */
  const byKind = new Map();
  p.layers.forEach((layer, i) => {
    const list = byKind.get(layer.kind) ?? [];
    list.push(i);
    byKind.set(layer.kind, list);
  });
  /** @type {PacketField[]} */
  const unplaced = [];
  for (const field of p.fields) {
    const kind = FIELD_LAYERS[field.name.slice(0, field.name.indexOf('.'))];
    const indexes = kind ? byKind.get(kind) : undefined;
    if (!indexes) {
      unplaced.push(field);
      continue;
    }
    const parts = field.value.split(',');
    // Fewer values than layers (an inner header without the field): outermost first is all that is known.
    if (parts.length > 1 && parts.length <= indexes.length) {
      parts.forEach((value, i) => groups[indexes[i]].fields.push({ name: field.name, value }));
    } else {
      groups[indexes[0]].fields.push(field);
    }
  }
  if (unplaced.length && groups.length) groups[groups.length - 1].fields.push(...unplaced);
  return groups;
}

/**
 * What identifies one packet across captures on different interfaces (the IP id, TCP sequence, ICMP id and
 * sequence survive forwarding; a tunnel's inner headers come after its outer ones), from the decoded fields.
 * @param {CapturedPacket} p
 * @returns {Record<string, string>}
 */
export function matchKeys(p) {
  const wanted = ['ip.src', 'ip.dst', 'ip.id', 'ipv6.src', 'ipv6.dst', 'ip.proto', 'ipv6.nxt', 'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw',
    'tcp.ack_raw', 'udp.srcport', 'udp.dstport', 'icmp.type', 'icmp.ident', 'icmp.seq', 'icmpv6.type', 'icmpv6.echo.identifier',
    'icmpv6.echo.sequence_number', 'vxlan.vni', 'geneve.vni', 'gre.key', 'dns.id'];
  /** @type {Record<string, string>} */
  const keys = {};
  for (const f of p.fields) if (wanted.includes(f.name)) keys[f.name] = f.value;
  return keys;
}

/**
 * The detail of the `netacademy:packet` event for a packet: where it was seen (what the graph flashes) and what
 * identifies it across captures.
 * @param {CapturedPacket} p
 * @param {string | null} [capture] id of the capture it came from
 */
export function packetEventDetail(p, capture = null) {
  return {
    capture,
    summary: p.summary,
    node: p.node,
    netns: p.netns ?? null,
    interface: p.interface,
    number: p.number,
    time: p.time,
    length: p.length,
    protocol: p.protocol,
    source: p.source,
    destination: p.destination,
    tunnel: p.tunnel ?? null,
    probe: !!p.probe,
    keys: matchKeys(p),
  };
}

/**
 * Rows waiting for the table. The server already limits rows to a rate (and says when it samples); this queue
 * makes the table append them a frame at a time, and when the page falls behind (a hidden tab, a slow machine)
 * it drops the oldest waiting rows, which would only have scrolled out of the bounded table anyway.
 * @template T
 */
export class RowQueue {
  /**
   * @param {number} capacity most rows waiting; the table keeps no more than this either
   */
  constructor(capacity) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive');
    /** @type {T[]} */
    this.items = [];
    this.capacity = capacity;
    /** rows dropped because they waited while newer ones came */
    this.dropped = 0;
  }

  /** @param {T} item */
  push(item) {
    this.items.push(item);
    if (this.items.length > this.capacity) {
      const excess = this.items.length - this.capacity;
      this.items.splice(0, excess);
      this.dropped += excess;
    }
  }

  /**
   * Takes the oldest rows waiting, at most `max`.
   * @param {number} max
   * @returns {T[]}
   */
  take(max) {
    return this.items.splice(0, Math.max(0, max));
  }

  get length() {
    return this.items.length;
  }

  clear() {
    this.items = [];
  }
}

/**
 * How many rows to remove from the top of a table of `count` rows so that `adding` more fit under `max`.
 * @param {number} count
 * @param {number} adding
 * @param {number} max
 * @returns {number}
 */
export function rowsToEvict(count, adding, max) {
  return Math.max(0, Math.min(count, count + adding - max));
}

/**
 * Index of the row to move to from `current` on a key press among `count` visible rows, or -1 when the key does
 * not move (Home, End, arrows, PageUp/PageDown by `page` rows).
 * @param {string} key
 * @param {number} current -1 when no row has focus
 * @param {number} count
 * @param {number} page rows per page
 * @returns {number}
 */
export function nextRowIndex(key, current, count, page) {
  if (count === 0) return -1;
  const clamp = (/** @type {number} */ i) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown': return current < 0 ? 0 : clamp(current + 1);
    case 'ArrowUp': return current < 0 ? count - 1 : clamp(current - 1);
    case 'PageDown': return clamp((current < 0 ? 0 : current) + Math.max(1, page));
    case 'PageUp': return clamp((current < 0 ? 0 : current) - Math.max(1, page));
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return -1;
  }
}

/**
 * A classic hex dump: offset, 16 bytes in hex, the printable ones as text.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function hexDump(bytes) {
  const lines = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const chunk = [...bytes.subarray(i, i + 16)];
    const hex = chunk.map(b => b.toString(16).padStart(2, '0')).join(' ').padEnd(47, ' ');
    const ascii = chunk.map(b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(4, '0')}  ${hex}  ${ascii}`);
  }
  return lines.join('\n');
}

/**
 * The bytes of a base64 text (the packet's data).
 * @param {string} text
 * @returns {Uint8Array}
 */
export function base64Bytes(text) {
  const bin = atob(text || '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
