// @ts-check
// Packets on the interface graph: each packet the page shows (the netacademy:packet event) flashes the edges it
// crossed, a busy edge glows with its rate instead, and a followed packet's hops are drawn in time order with the
// time at each. Which edges a packet lights and how often they may animate is decided in packet-path.js; here the
// decisions become cytoscape classes, applied once per animation frame in one batch, so a flood costs a frame's
// worth of style changes per frame, not one per packet.

import { EdgeActivity, formatOffset, packetGraph, packetMark, splitHeaders } from './packet-path.js';

/** @typedef {import('cytoscape').Core} Core */
/** @typedef {import('./packet-path.js').SeenPacket} SeenPacket */
/** @typedef {import('./packet-path.js').Hop} Hop */

/**
 * The packet layer of a graph island.
 * @typedef {object} PacketLayer
 * @property {(p: SeenPacket) => void} packet counts a shown packet on the edges it crossed
 * @property {(hops: Hop[]) => void} showPath draws a followed packet's hops, replacing the last path
 * @property {() => void} clearPath
 * @property {(on: boolean) => void} animate turns the animation on or off (packets are then not even mapped)
 * @property {() => boolean} animating
 * @property {(id: string) => string} tip the tooltip of an edge: the last packet that lit it, outer and inner headers
 * @property {() => { packets: number, animations: number, frames: number, lit: string[], counts: Record<string, number> }} stats
 *   packets mapped, animations started, frames drawn, elements lit now, packets per element so far
 * @property {() => void} graphChanged the graph changed: map packets on the new one
 */

/**
 * Starts the packet layer on a graph.
 * @param {Core} cy
 * @param {HTMLElement} canvas where the tooltip goes
 * @returns {PacketLayer}
 */
export function packetLayer(cy, canvas) {
  const activity = new EdgeActivity();
  /** @type {import('./packet-path.js').PacketGraph | null} */
  let graph = null;
  let frame = 0;
  let frames = 0;
  let mapped = 0;
  let on = true;
  /** The last packet on each element, its tooltip made only when asked for. */
  /** @type {Map<string, SeenPacket>} */
  const tips = new Map();
  /** What each capture point (and tunnel) lights, known until the graph changes. */
  /** @type {Map<string, import('./packet-path.js').PacketMark>} */
  const marks = new Map();
  /** @type {Map<string, number>} */
  const counts = new Map();
  /** Elements whose flash restarts at the next frame (a class removed now, added again then). */
  /** @type {Set<string>} */
  let restarting = new Set();

  function index() {
    graph ??= packetGraph(
      cy.nodes('[type = "interface"]').map(n => ({ id: n.id(), kind: String(n.data('kind')), vni: n.data('vxlan')?.id ?? null })),
      cy.edges().map(e => ({ id: e.id(), kind: String(e.data('kind')), source: e.source().id(), target: e.target().id() })));
    return graph;
  }

  /** @param {SeenPacket} p */
  function tipOf(p) {
    const where = `${p.node}${p.netns ? `:${p.netns}` : ''} ${p.interface} #${p.number}`;
    if (!p.summary) return where;
    const { outer, inner } = splitHeaders(p.summary, p.tunnel);
    return outer ? `${where}\nouter: ${outer}\ninner: ${inner}` : `${where}\n${inner}`;
  }

  function draw() {
    frame = 0;
    frames++;
    const changes = activity.frame(performance.now());
    const again = restarting;
    restarting = new Set();
    if (changes.length || again.size) {
      cy.batch(() => {
        for (const id of again) cy.getElementById(id).addClass('packet-flash');
        for (const change of changes) {
          const el = cy.getElementById(change.id);
          if (el.empty()) continue;
          if (change.state === 'idle') {
            el.removeClass('packet-flash packet-glow');
            el.removeData('packetRate');
          } else if (change.state === 'glow') {
            el.removeClass('packet-flash').addClass('packet-glow');
            el.data('packetRate', `${change.rate}/s`);
          } else if (change.restart) {
            el.removeClass('packet-flash packet-glow');
            restarting.add(change.id);
          } else {
            el.removeClass('packet-glow').addClass('packet-flash');
            el.removeData('packetRate');
          }
        }
      });
    }
    if (activity.elements.size > 0 || restarting.size > 0) frame = requestAnimationFrame(draw);
  }

  /** @param {string} id */
  const tipText = id => {
    const p = tips.get(id);
    return p ? tipOf(p) : '';
  };
  cy.on('mouseover', 'edge', e => { canvas.title = tipText(e.target.id()); });
  cy.on('mouseout', 'edge', () => { canvas.title = ''; });

  return {
    packet(p) {
      if (!on) return;
      const key = `${p.node}/${p.netns ?? ''}/${p.interface} ${p.tunnel ?? ''}`;
      let mark = marks.get(key);
      if (!mark) {
        mark = packetMark(index(), p);
        marks.set(key, mark);
      }
      if (mark.edges.length === 0 && mark.nodes.length === 0) return;
      mapped++;
      const now = performance.now();
      for (const id of mark.edges) {
        activity.hit(id, now);
        tips.set(id, p);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const id of mark.nodes) {
        activity.hit(id, now);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (!frame) frame = requestAnimationFrame(draw);
    },
    showPath(hops) {
      this.clearPath();
      const g = index();
      cy.batch(() => {
        hops.forEach((hop, i) => {
          const mark = packetMark(g, hop);
          const label = `${i + 1}. ${hop.node}${hop.netns ? `:${hop.netns}` : ''} ${hop.interface} ${formatOffset(hop.offsetUs)}`;
          for (const id of mark.nodes) cy.getElementById(id).addClass('packet-path').data('hop', label);
          mark.edges.forEach(id => {
            const el = cy.getElementById(id);
            el.addClass('packet-path');
            // One label per edge: the first hop that crossed it.
            if (el.data('hop') == null) el.data('hop', label);
          });
        });
      });
    },
    clearPath() {
      cy.batch(() => {
        const drawn = cy.elements('.packet-path');
        drawn.removeClass('packet-path');
        drawn.removeData('hop');
      });
    },
    animate(value) {
      on = value;
      if (!on) {
        activity.clear();
        cy.batch(() => {
          const lit = cy.elements('.packet-flash, .packet-glow');
          lit.removeClass('packet-flash packet-glow');
          lit.removeData('packetRate');
        });
      }
    },
    animating: () => on,
    tip: tipText,
    stats: () => ({
      packets: mapped,
      animations: activity.animations,
      frames,
      lit: cy.elements('.packet-flash, .packet-glow').map(e => e.id()),
      counts: Object.fromEntries(counts),
    }),
    graphChanged() {
      graph = null;
      marks.clear();
    },
  };
}
