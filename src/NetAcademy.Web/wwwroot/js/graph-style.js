// @ts-check
// The graph's cytoscape stylesheet, coloured from site.css's variables so both colour schemes work. Compound
// paddings come from graph-layout.js, so the layout reserves exactly the room the drawing takes.

import { SPACING } from './graph-layout.js';

/**
 * Builds the stylesheet from the page's current colours.
 * @returns {any[]} cytoscape style entries
 */
export function buildStyle() {
  const css = getComputedStyle(document.documentElement);
  /** @param {string} name @param {string} fallback */
  const v = (name, fallback) => (css.getPropertyValue(name) || '').trim() || fallback;
  const c = {
    fg: v('--fg', '#1b1d21'), muted: v('--muted', '#5d636e'), panel: v('--panel', '#ffffff'), bg: v('--bg', '#fbfbfa'),
    border: v('--border', '#d9dce1'), accent: v('--accent', '#0b63ce'), ok: v('--ok', '#16794a'),
    warn: v('--warn', '#9a5b00'), bad: v('--bad', '#b42318'), code: v('--code-bg', '#f1f3f5'),
  };
  /** @type {Record<string, string>} */
  const kinds = {
    bridge: c.ok, veth: c.accent, vxlan: '#8e44ad', gre: '#8e44ad', ipip: '#8e44ad', tun: c.warn, tap: c.warn,
    macvlan: '#1f8a8a', vlan: '#1f8a8a', 'docker-eth': c.muted, loopback: c.border, dummy: c.border, other: c.border,
  };
  /** @type {{ selector: string, style: Record<string, any> }[]} */
  const style = [
    { selector: 'node', style: { 'font-family': 'system-ui, sans-serif', 'font-size': 11, color: c.fg, label: 'data(display)' } },
    { selector: 'node[type = "node"]', style: {
      shape: 'round-rectangle', 'background-color': c.panel, 'background-opacity': 0.6, 'border-width': 2, 'border-color': c.muted,
      'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', 'font-size': 13, padding: SPACING.padding.node } },
    { selector: 'node[type = "netns"]', style: {
      shape: 'round-rectangle', 'background-color': c.code, 'background-opacity': 0.7, 'border-width': 1, 'border-style': 'dashed',
      'border-color': c.muted, 'text-valign': 'top', 'text-halign': 'center', color: c.muted, padding: SPACING.padding.netns } },
    { selector: 'node[type = "interface"]', style: {
      shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-color': c.panel, 'border-width': 2,
      'border-color': c.border, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center',
      'font-family': 'ui-monospace, "DejaVu Sans Mono", monospace', 'font-size': 10 } },
    { selector: 'node[type = "network"]', style: {
      shape: 'barrel', width: 'data(w)', height: 36, 'background-color': c.code, 'border-width': 2, 'border-color': c.muted,
      'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center' } },
    { selector: 'node.down', style: { 'border-style': 'dashed', 'border-color': c.muted, color: c.muted, opacity: 0.75 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': c.accent, 'border-style': 'solid' } },
    { selector: 'edge', style: { width: 2, 'curve-style': 'straight', 'line-color': c.muted } },
    { selector: 'edge[kind = "veth"]', style: { width: 3, 'line-color': c.accent } },
    { selector: 'edge[kind = "bridge-member"]', style: { 'line-color': c.ok, 'line-style': 'dotted', width: 3, 'target-arrow-shape': 'tee', 'target-arrow-color': c.ok } },
    { selector: 'edge[kind = "master"]', style: { 'line-color': c.ok, 'line-style': 'dotted' } },
    { selector: 'edge[kind = "lower"]', style: { 'line-color': '#1f8a8a', 'line-style': 'dashed' } },
    { selector: 'edge[kind = "tunnel-underlay"]', style: { 'line-color': c.warn, 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': c.warn } },
    { selector: 'edge[kind = "tunnel-remote"]', style: { 'line-color': '#8e44ad', 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#8e44ad' } },
    { selector: 'edge[kind = "tunnel-peer"]', style: { 'line-color': '#8e44ad', 'line-style': 'dashed', width: 3 } },
    { selector: 'edge[kind = "session-network"]', style: { 'line-color': c.muted, width: 3 } },
  ];
  for (const [kind, color] of Object.entries(kinds)) {
    style.push({ selector: `node[type = "interface"][kind = "${kind}"]`, style: { 'border-color': color } });
  }
  // After the kind colours, so a down interface looks down whatever its kind.
  style.push({ selector: 'node[type = "interface"].down', style: { 'border-style': 'dashed', 'border-color': c.muted } });
  style.push({ selector: 'node[type = "interface"]:selected', style: { 'border-color': c.accent, 'border-style': 'solid' } });
  // Packets: a followed packet's path, then what packets light now (a flash, or a steady glow with the rate).
  const path = '#d6336c';
  const lit = '#f08c00';
  style.push(
    { selector: 'edge.packet-path', style: { 'line-color': path, 'target-arrow-color': path, width: 6, 'line-style': 'solid', label: 'data(hop)',
      'font-size': 10, color: c.fg, 'text-background-color': c.panel, 'text-background-opacity': 0.85, 'text-background-padding': 2, 'text-rotation': 'none' } },
    { selector: 'node[type = "interface"].packet-path', style: { 'border-color': path, 'border-width': 4, 'border-style': 'solid' } },
    { selector: 'edge.packet-flash', style: { 'line-color': lit, 'target-arrow-color': lit, width: 7, 'line-style': 'solid',
      'transition-property': 'width, line-color', 'transition-duration': 0.15 } },
    { selector: 'edge.packet-glow', style: { 'line-color': lit, 'target-arrow-color': lit, width: 6, 'line-style': 'solid', label: 'data(packetRate)',
      'font-size': 10, color: c.fg, 'text-background-color': c.panel, 'text-background-opacity': 0.85, 'text-background-padding': 2 } },
    { selector: 'node[type = "interface"].packet-flash, node[type = "interface"].packet-glow', style: { 'border-color': lit, 'border-width': 4, 'border-style': 'solid' } },
  );
  return style;
}
