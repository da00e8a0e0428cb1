// @ts-check
// Where a captured packet goes on the interface graph, without a DOM: the graph edges a packet crossed (from the
// interface it was captured on, and for an encapsulated packet the tunnel it travels in), what identifies the same
// packet in other captures, the hops of one packet across the session's captures in time order, and the meter that
// turns a flood of packets into a bounded number of edge animations. Imported by graph.js, capture-follow.js and
// Node's tests.

import { toMicros } from './packet-rows.js';

/**
 * An edge of the interface graph (docs/graph-format.md).
 * @typedef {{ id: string, kind: string, source: string, target: string }} GraphEdge
 */

/**
 * An interface of the graph: its kind and, for VXLAN, its VNI.
 * @typedef {{ kind: string, vni?: number | null }} GraphInterface
 */

/**
 * The graph as packet mapping needs it.
 * @typedef {{ interfaces: Map<string, GraphInterface>, edgesAt: Map<string, GraphEdge[]> }} PacketGraph
 */

/**
 * A packet as the page's netacademy:packet event describes it (packetEventDetail in packet-rows.js).
 * @typedef {object} SeenPacket
 * @property {string} node
 * @property {string | null} netns
 * @property {string} interface
 * @property {number} number
 * @property {string} time ISO 8601
 * @property {string | null} tunnel the encapsulation the addressed header travels in (VXLAN vni=42, IPIP, GRE ...)
 * @property {string} [summary]
 * @property {string | null} [capture] id of the capture it came from
 * @property {Record<string, string>} keys decoded fields that identify it (matchKeys)
 */

/**
 * What one packet lights on the graph.
 * @typedef {{ edges: string[], nodes: string[], tunnel: string | null }} PacketMark
 */

/** Edge kinds a packet crosses when it passes the interface at one end of the edge. */
const WIRE_KINDS = new Set(['veth', 'session-network', 'lower', 'master']);
/** Edge kinds between a tunnel device and where its encapsulated packets go. */
const TUNNEL_KINDS = new Set(['tunnel-underlay', 'tunnel-remote', 'tunnel-peer']);

/**
 * The graph id of an interface (docs/graph-format.md): node/netns/name, the root namespace empty.
 * @param {string} node
 * @param {string | null | undefined} netns
 * @param {string} name
 */
export function interfaceId(node, netns, name) {
  return `${node}/${netns ?? ''}/${name}`;
}

/**
 * Indexes the graph's interfaces and edges for packet mapping.
 * @param {{ id: string, kind: string, vni?: number | null }[]} interfaces
 * @param {GraphEdge[]} edges
 * @returns {PacketGraph}
 */
export function packetGraph(interfaces, edges) {
  /** @type {Map<string, GraphInterface>} */
  const byId = new Map(interfaces.map(i => [i.id, { kind: i.kind, vni: i.vni ?? null }]));
  /** @type {Map<string, GraphEdge[]>} */
  const edgesAt = new Map();
  for (const e of edges) {
    for (const end of [e.source, e.target]) {
      const list = edgesAt.get(end) ?? [];
      list.push(e);
      edgesAt.set(end, list);
    }
  }
  return { interfaces: byId, edgesAt };
}

/**
 * The tunnel interface kind an encapsulation shows as, and its VNI when it has one.
 * @param {string} tunnel e.g. "VXLAN vni=42", "IPIP", "GRE key=1000 seq=1", "6in4"
 * @returns {{ kind: string | null, vni: number | null }}
 */
export function tunnelKind(tunnel) {
  const word = tunnel.trim().split(/\s+/)[0].toUpperCase();
  const vni = /\bvni=(\d+)/.exec(tunnel);
  const kind = word === 'VXLAN' ? 'vxlan' : word === 'GRE' ? 'gre' : ['IPIP', '6IN4', '4IN6', '6IN6'].includes(word) ? 'ipip' : null;
  return { kind, vni: vni ? Number(vni[1]) : null };
}

/**
 * The graph elements a packet lights: the interface it was captured on; the wire it crossed there (the veth to its
 * peer, the leg to the session network, the port's link to its bridge); and when it was captured encapsulated on a
 * tunnel's underlay, that tunnel device, its link to the underlay and to its remote end. A bridge's own capture
 * cannot tell which port a packet used: only the bridge lights. A tunnel device's own capture (the inner packets)
 * lights its links to the underlay and its remote end as well.
 * @param {PacketGraph} graph
 * @param {Pick<SeenPacket, 'node' | 'netns' | 'interface' | 'tunnel'>} p
 * @returns {PacketMark}
 */
export function packetMark(graph, p) {
  const at = interfaceId(p.node, p.netns, p.interface);
  const here = graph.interfaces.get(at);
  if (!here) return { edges: [], nodes: [], tunnel: null };
  const edges = new Set();
  const nodes = [at];
  const isTunnel = here.kind === 'vxlan' || here.kind === 'ipip' || here.kind === 'gre';
  for (const e of graph.edgesAt.get(at) ?? []) {
    if (WIRE_KINDS.has(e.kind)) edges.add(e.id);
    else if (e.kind === 'bridge-member' && e.source === at) edges.add(e.id);
    else if (isTunnel && TUNNEL_KINDS.has(e.kind)) edges.add(e.id);
  }
  /** @type {string | null} */
  let tunnel = null;
  if (p.tunnel) {
    const wanted = tunnelKind(p.tunnel);
    for (const e of graph.edgesAt.get(at) ?? []) {
      if (e.kind !== 'tunnel-underlay' || e.target !== at) continue;
      const device = graph.interfaces.get(e.source);
      if (!device || (wanted.kind && device.kind !== wanted.kind)) continue;
      if (wanted.vni != null && device.vni != null && device.vni !== wanted.vni) continue;
      tunnel = e.source;
      nodes.push(e.source);
      edges.add(e.id);
      for (const t of graph.edgesAt.get(e.source) ?? []) {
        if (t.kind === 'tunnel-remote' || t.kind === 'tunnel-peer') edges.add(t.id);
      }
    }
  }
  return { edges: [...edges], nodes, tunnel };
}

/**
 * The outer headers (up to and including the tunnel's) and the inner ones of an encapsulated packet's summary, for
 * the edge's tooltip; a packet without a tunnel is all inner.
 * @param {string} summary e.g. "IPv4 a > b / UDP 1 > 4789 / VXLAN vni=42 / Ethernet ... / IPv4 c > d / ICMP ..."
 * @param {string | null} tunnel
 * @returns {{ outer: string, inner: string }}
 */
export function splitHeaders(summary, tunnel) {
  const parts = summary.split(' / ');
  if (!tunnel) return { outer: '', inner: summary };
  const word = tunnel.trim().split(/\s+/)[0];
  const at = parts.findIndex(s => s.split(/\s+/)[0] === word);
  if (at < 0) return { outer: '', inner: summary };
  return { outer: parts.slice(0, at + 1).join(' / '), inner: parts.slice(at + 1).join(' / ') };
}

/**
 * The last (innermost) of a comma-joined field value.
 * @param {string | undefined} value
 * @returns {string | null}
 */
function innermost(value) {
  if (value == null || value === '') return null;
  return value.split(',').at(-1)?.trim() || null;
}

/**
 * What identifies one packet across captures: fields that forwarding, bridging, NAT and encapsulation leave alone,
 * taken from the innermost headers (a tunnel's outer headers differ on each side of it). ICMP: type, echo id and
 * sequence, IP id; TCP: sequence and acknowledgement numbers, IP id; UDP: IP id (and the DNS id). Null when nothing
 * identifies it well enough (ARP, an IPv6 UDP datagram without DNS).
 * @param {Record<string, string>} keys matchKeys of the packet
 * @returns {string | null}
 */
export function packetIdentity(keys) {
  const k = (/** @type {string} */ name) => innermost(keys[name]);
  const ipid = k('ip.id');
  if (k('icmp.type') != null) {
    const ident = k('icmp.ident');
    if (ident == null && ipid == null) return null;
    return `icmp ${k('icmp.type')} ${ident ?? '-'} ${k('icmp.seq') ?? '-'} ${ipid ?? '-'}`;
  }
  if (k('icmpv6.type') != null) {
    const ident = k('icmpv6.echo.identifier');
    if (ident == null) return null;
    return `icmpv6 ${k('icmpv6.type')} ${ident} ${k('icmpv6.echo.sequence_number') ?? '-'}`;
  }
  if (k('tcp.seq_raw') != null) return `tcp ${k('tcp.seq_raw')} ${k('tcp.ack_raw') ?? '-'} ${ipid ?? '-'}`;
  if (k('udp.srcport') != null) {
    const dns = k('dns.id');
    if (ipid == null && dns == null) return null;
    return `udp ${ipid ?? '-'} ${dns ?? '-'}`;
  }
  return null;
}

/** How far apart in time two sightings of one packet may be (a hop takes micro- to milliseconds). */
export const MATCH_WINDOW_US = 2_000_000;

/**
 * One sighting of a followed packet.
 * @typedef {{ capture: string, node: string, netns: string | null, interface: string, number: number, time: string, tunnel: string | null, offsetUs: number }} Hop
 */

/**
 * The same packet in each capture: for the packet picked and every other capture's recent packets, the sighting
 * with the same identity nearest in time (within MATCH_WINDOW_US), in time order, each with its time after the
 * first sighting. Only the picked packet when it has no identity.
 * @param {SeenPacket & { capture: string }} picked
 * @param {Map<string, SeenPacket[]>} captures recent packets by capture id (the picked one's capture skipped)
 * @returns {Hop[]}
 */
export function followPacket(picked, captures) {
  const identity = packetIdentity(picked.keys);
  const pickedAt = toMicros(picked.time);
  /** @type {(SeenPacket & { capture: string })[]} */
  const seen = [picked];
  if (identity) {
    for (const [capture, packets] of captures) {
      if (capture === picked.capture) continue;
      let best = null;
      let bestGap = Infinity;
      for (const p of packets) {
        const gap = Math.abs(toMicros(p.time) - pickedAt);
        if (gap <= MATCH_WINDOW_US && gap < bestGap && packetIdentity(p.keys) === identity) {
          best = p;
          bestGap = gap;
        }
      }
      if (best) seen.push({ ...best, capture });
    }
  }
  seen.sort((a, b) => toMicros(a.time) - toMicros(b.time) || a.capture.localeCompare(b.capture));
  const first = toMicros(seen[0].time);
  return seen.map(p => ({
    capture: p.capture, node: p.node, netns: p.netns ?? null, interface: p.interface, number: p.number, time: p.time,
    tunnel: p.tunnel ?? null, offsetUs: toMicros(p.time) - first,
  }));
}

/**
 * A time after the first hop as a label: +0 µs, +153 µs, +1.25 ms, +2.100 s.
 * @param {number} us
 */
export function formatOffset(us) {
  if (us < 1000) return `+${Math.round(us)} µs`;
  if (us < 1_000_000) return `+${(us / 1000).toFixed(2)} ms`;
  return `+${(us / 1_000_000).toFixed(3)} s`;
}

/**
 * How an element looks after a frame of packets.
 * @typedef {{ id: string, state: 'flash' | 'glow' | 'idle', rate: number, restart: boolean }} ActivityChange
 */

/**
 * Turns packets into element animations with a cost bounded by the number of elements, not packets: each packet
 * only counts (O(1)); once per frame, an element with a packet since its last flash flashes again (at most once
 * per flashMs), an element busier than glowRate packets a second glows steadily with its rate as a label instead,
 * and one with no packet for flashMs goes idle.
 */
export class EdgeActivity {
  /**
   * @param {{ flashMs?: number, glowRate?: number, bucketMs?: number, buckets?: number, labelMs?: number }} [options]
   */
  constructor(options = {}) {
    this.flashMs = options.flashMs ?? 600;
    this.glowRate = options.glowRate ?? 8;
    this.bucketMs = options.bucketMs ?? 250;
    this.buckets = options.buckets ?? 4;
    /** a glowing element's rate label changes at most this often (each change redraws the graph) */
    this.labelMs = options.labelMs ?? 500;
    /** @type {Map<string, { counts: number[], bucket: number, last: number, flashedAt: number, labelledAt: number, state: 'flash' | 'glow' | 'idle', rate: number, pending: boolean }>} */
    this.elements = new Map();
    /** animations started (flashes, glows begun) since this meter was made */
    this.animations = 0;
    /** packets counted */
    this.packets = 0;
  }

  /**
   * Counts a packet on an element.
   * @param {string} id
   * @param {number} now milliseconds
   */
  hit(id, now) {
    this.packets++;
    let e = this.elements.get(id);
    if (!e) {
      e = { counts: new Array(this.buckets).fill(0), bucket: Math.floor(now / this.bucketMs), last: now, flashedAt: -Infinity, labelledAt: -Infinity, state: 'idle', rate: 0, pending: false };
      this.elements.set(id, e);
    }
    this.advance(e, now);
    e.counts[e.bucket % this.buckets]++;
    e.last = now;
    e.pending = true;
  }

  /**
   * @param {{ counts: number[], bucket: number }} e
   * @param {number} now
   */
  advance(e, now) {
    const bucket = Math.floor(now / this.bucketMs);
    for (let b = e.bucket + 1; b <= bucket && b <= e.bucket + this.buckets; b++) e.counts[b % this.buckets] = 0;
    e.bucket = Math.max(e.bucket, bucket);
  }

  /**
   * The changes to draw at this frame.
   * @param {number} now milliseconds
   * @returns {ActivityChange[]}
   */
  frame(now) {
    /** @type {ActivityChange[]} */
    const changes = [];
    for (const [id, e] of this.elements) {
      this.advance(e, now);
      // The last buckets-1 whole buckets and the one under way: a rate over about the last second.
      const span = (this.buckets - 1) * this.bucketMs + Math.max(1, now - e.bucket * this.bucketMs);
      const rate = Math.round(e.counts.reduce((a, b) => a + b, 0) * 1000 / span);
      /** @type {'flash' | 'glow' | 'idle'} */
      let state;
      let restart = false;
      if (now - e.last > this.flashMs) state = 'idle';
      else if (rate >= this.glowRate) state = 'glow';
      else {
        state = 'flash';
        restart = e.state === 'flash' && e.pending && now - e.flashedAt >= this.flashMs;
        if (restart || e.state !== 'flash') e.flashedAt = now;
      }
      const relabel = state === 'glow' && e.state === 'glow' && rate !== e.rate && now - e.labelledAt >= this.labelMs;
      if (state !== e.state || restart || relabel) {
        if ((state !== e.state && state !== 'idle') || restart) this.animations++;
        if (state === 'glow') e.labelledAt = now;
        changes.push({ id, state, rate, restart });
        e.rate = rate;
      }
      if (state === 'flash' && !restart && e.pending && e.state === 'flash') {
        // A packet inside the current flash: it stays lit; the next one after it flashes again.
      } else {
        e.pending = false;
      }
      e.state = state;
      if (state === 'idle') this.elements.delete(id);
    }
    return changes;
  }

  /** Forgets every element (the graph changed or the page cleared). */
  clear() {
    this.elements.clear();
  }
}
