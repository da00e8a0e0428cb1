// @ts-check
// Packets on the interface graph: each packet the page shows (the netacademy:packet event) flashes the edges it
// crossed, a busy edge glows with its rate instead, and a followed packet's hops are drawn in time order with the
// time at each. Which edges a packet lights and how often they may animate is decided in packet-path.js; here the
// decisions become cytoscape classes, applied once per animation frame in one batch, so a flood costs a frame's
// worth of style changes per frame, not one per packet.
// The words (an edge's tooltip, a hop's label) and the style a frame's change gives an element are pure functions
// here; packetLayer's roles (mapping a packet, drawing a frame, drawing a followed path, turning the animation off)
// share one state (LayerState).

import { EdgeActivity, formatOffset, packetGraph, packetMark, splitHeaders } from './packet-path.js';

/** @typedef {import('cytoscape').Core} Core */
/** @typedef {import('./packet-path.js').SeenPacket} SeenPacket */
/** @typedef {import('./packet-path.js').Hop} Hop */
/** @typedef {import('./packet-path.js').ActivityChange} ActivityChange */

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
 * What the roles of one packet layer share.
 * @typedef {object} LayerState
 * @property {Core} cy
 * @property {EdgeActivity} activity
 * @property {import('./packet-path.js').PacketGraph | null} graph the drawn graph indexed for mapping, made when needed
 * @property {number} frame the animation frame asked for, 0 when none
 * @property {number} frames frames drawn
 * @property {number} mapped packets mapped
 * @property {boolean} on the animation is on
 * @property {Map<string, SeenPacket>} tips the last packet on each element, its tooltip made only when asked for
 * @property {Map<string, import('./packet-path.js').PacketMark>} marks what each capture point (and tunnel) lights,
 *   known until the graph changes
 * @property {Map<string, number>} counts packets per element so far
 * @property {Set<string>} restarting elements whose flash restarts at the next frame (a class removed now, added
 *   again then)
 */

/**
 * Starts the packet layer on a graph.
 * @param {Core} cy
 * @param {HTMLElement} canvas where the tooltip goes
 * @returns {PacketLayer}
 */
export function packetLayer(cy, canvas) {
  /** @type {LayerState} */
  const ctx = {
    cy, activity: new EdgeActivity(), graph: null, frame: 0, frames: 0, mapped: 0, on: true,
    tips: new Map(), marks: new Map(), counts: new Map(), restarting: new Set(),
  };
  cy.on('mouseover', 'edge', e => { canvas.title = tipText(ctx, e.target.id()); });
  cy.on('mouseout', 'edge', () => { canvas.title = ''; });

  return {
    packet: p => countPacket(ctx, p),
    showPath: hops => drawPath(ctx, hops),
    clearPath: () => clearPath(cy),
    animate: value => setAnimation(ctx, value),
    animating: () => ctx.on,
    tip: id => tipText(ctx, id),
    stats: () => ({
      packets: ctx.mapped,
      animations: ctx.activity.animations,
      frames: ctx.frames,
      lit: cy.elements('.packet-flash, .packet-glow').map(e => e.id()),
      counts: Object.fromEntries(ctx.counts),
    }),
    graphChanged() {
      ctx.graph = null;
      ctx.marks.clear();
    },
  };
}

/**
 * The drawn graph, indexed for mapping packets (once per graph).
 * @param {LayerState} ctx
 */
function indexGraph(ctx) {
  const { cy } = ctx;
  ctx.graph ??= packetGraph(
    cy.nodes('[type = "interface"]').map(n => ({ id: n.id(), kind: String(n.data('kind')), vni: n.data('vxlan')?.id ?? null })),
    cy.edges().map(e => ({ id: e.id(), kind: String(e.data('kind')), source: e.source().id(), target: e.target().id() })));
  return ctx.graph;
}

/**
 * Counts a shown packet on the elements it lit, and asks for a frame to draw them.
 * @param {LayerState} ctx
 * @param {SeenPacket} p
 */
function countPacket(ctx, p) {
  if (!ctx.on) return;
  const key = capturePointKey(p);
  let mark = ctx.marks.get(key);
  if (!mark) {
    mark = packetMark(indexGraph(ctx), p);
    ctx.marks.set(key, mark);
  }
  if (mark.edges.length === 0 && mark.nodes.length === 0) return;
  ctx.mapped++;
  const now = performance.now();
  for (const id of mark.edges) {
    ctx.activity.hit(id, now);
    ctx.tips.set(id, p);
    ctx.counts.set(id, (ctx.counts.get(id) ?? 0) + 1);
  }
  for (const id of mark.nodes) {
    ctx.activity.hit(id, now);
    ctx.counts.set(id, (ctx.counts.get(id) ?? 0) + 1);
  }
  if (!ctx.frame) ctx.frame = requestAnimationFrame(() => drawFrame(ctx));
}

/**
 * One animation frame: the activity's changes applied in one batch, the flashes restarted since the last frame
 * added again, and the next frame asked for while anything is lit.
 * @param {LayerState} ctx
 */
function drawFrame(ctx) {
  const { cy } = ctx;
  ctx.frame = 0;
  ctx.frames++;
  const changes = ctx.activity.frame(performance.now());
  const again = ctx.restarting;
  ctx.restarting = new Set();
  if (changes.length || again.size) {
    cy.batch(() => {
      for (const id of again) cy.getElementById(id).addClass('packet-flash');
      for (const change of changes) {
        const el = cy.getElementById(change.id);
        if (el.empty()) continue;
        const style = changeStyle(change);
        el.removeClass(style.remove);
        if (style.add) el.addClass(style.add);
        if (style.rate === null) el.removeData('packetRate');
        else if (style.rate !== undefined) el.data('packetRate', style.rate);
        if (style.restart) ctx.restarting.add(change.id);
      }
    });
  }
  if (ctx.activity.elements.size > 0 || ctx.restarting.size > 0) ctx.frame = requestAnimationFrame(() => drawFrame(ctx));
}

/**
 * Draws a followed packet's hops, replacing the last path: each lit element labelled with the first hop on it.
 * @param {LayerState} ctx
 * @param {Hop[]} hops
 */
function drawPath(ctx, hops) {
  const { cy } = ctx;
  clearPath(cy);
  const g = indexGraph(ctx);
  cy.batch(() => {
    hops.forEach((hop, i) => {
      const mark = packetMark(g, hop);
      const label = pathHopLabel(i, hop);
      for (const id of mark.nodes) cy.getElementById(id).addClass('packet-path').data('hop', label);
      mark.edges.forEach(id => {
        const el = cy.getElementById(id);
        el.addClass('packet-path');
        // One label per edge: the first hop that crossed it.
        if (el.data('hop') == null) el.data('hop', label);
      });
    });
  });
}

/** @param {Core} cy */
function clearPath(cy) {
  cy.batch(() => {
    const drawn = cy.elements('.packet-path');
    drawn.removeClass('packet-path');
    drawn.removeData('hop');
  });
}

/**
 * Turns the animation on or off; off forgets the activity and unlights every element.
 * @param {LayerState} ctx
 * @param {boolean} on
 */
function setAnimation(ctx, on) {
  const { cy } = ctx;
  ctx.on = on;
  if (!on) {
    ctx.activity.clear();
    cy.batch(() => {
      const lit = cy.elements('.packet-flash, .packet-glow');
      lit.removeClass('packet-flash packet-glow');
      lit.removeData('packetRate');
    });
  }
}

/**
 * The tooltip of an element: the last packet that lit it, or nothing.
 * @param {LayerState} ctx
 * @param {string} id
 */
function tipText(ctx, id) {
  const p = ctx.tips.get(id);
  return p ? packetTip(p) : '';
}

/**
 * The key of a packet's capture point and tunnel: packets with the same key light the same elements.
 * @param {{ node: string, netns?: string | null, interface: string, tunnel?: string | null }} p
 */
export function capturePointKey(p) {
  return `${p.node}/${p.netns ?? ''}/${p.interface} ${p.tunnel ?? ''}`;
}

/**
 * An edge's tooltip for the last packet on it: where it was seen, then its headers, outer and inner when tunnelled.
 * @param {SeenPacket} p
 */
export function packetTip(p) {
  const where = `${p.node}${p.netns ? `:${p.netns}` : ''} ${p.interface} #${p.number}`;
  if (!p.summary) return where;
  const { outer, inner } = splitHeaders(p.summary, p.tunnel);
  return outer ? `${where}\nouter: ${outer}\ninner: ${inner}` : `${where}\n${inner}`;
}

/**
 * The label of a followed packet's hop on the graph: its place in time order, where, the time since the first hop.
 * @param {number} index 0 for the first hop
 * @param {Hop} hop
 */
export function pathHopLabel(index, hop) {
  return `${index + 1}. ${hop.node}${hop.netns ? `:${hop.netns}` : ''} ${hop.interface} ${formatOffset(hop.offsetUs)}`;
}

/**
 * The style a frame's change gives an element: the classes removed and added, its rate label (a string to show,
 * null to remove, undefined to leave), and whether its flash restarts at the next frame (the class removed now is
 * added again then, so the animation plays anew).
 * @param {ActivityChange} change
 * @returns {{ remove: string, add: string | null, rate: string | null | undefined, restart: boolean }}
 */
export function changeStyle(change) {
  if (change.state === 'idle') return { remove: 'packet-flash packet-glow', add: null, rate: null, restart: false };
  if (change.state === 'glow') return { remove: 'packet-flash', add: 'packet-glow', rate: `${change.rate}/s`, restart: false };
  if (change.restart) return { remove: 'packet-flash packet-glow', add: null, rate: undefined, restart: true };
  return { remove: 'packet-glow', add: 'packet-flash', rate: null, restart: false };
}
