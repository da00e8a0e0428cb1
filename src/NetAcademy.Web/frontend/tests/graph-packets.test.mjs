import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import cytoscape from 'cytoscape';
import { applyGraph } from '../../wwwroot/js/graph-patch.js';
import { capturePointKey, changeStyle, packetLayer, packetTip, pathHopLabel } from '../../wwwroot/js/graph-packets.js';
import { vethLab } from './graph-fixtures.mjs';

const vethEdge = 'veth:host1/blue/veth-blue->host1/red/veth-red';
const onRed = (number, extra = {}) => ({ node: 'host1', netns: 'red', interface: 'veth-red', number, time: '', tunnel: null, keys: {}, ...extra });

test('changeStyle: idle unlights and drops the rate, glow shows the rate, a restart clears now to flash again next frame', () => {
  assert.deepEqual(changeStyle({ id: 'e', state: 'idle', rate: 0, restart: false }), { remove: 'packet-flash packet-glow', add: null, rate: null, restart: false });
  assert.deepEqual(changeStyle({ id: 'e', state: 'glow', rate: 42, restart: false }), { remove: 'packet-flash', add: 'packet-glow', rate: '42/s', restart: false });
  assert.deepEqual(changeStyle({ id: 'e', state: 'flash', rate: 2, restart: true }), { remove: 'packet-flash packet-glow', add: null, rate: undefined, restart: true });
  assert.deepEqual(changeStyle({ id: 'e', state: 'flash', rate: 2, restart: false }), { remove: 'packet-glow', add: 'packet-flash', rate: null, restart: false });
});

test('packetTip says where the packet was, then its headers, outer and inner when tunnelled', () => {
  assert.equal(packetTip(onRed(4)), 'host1:red veth-red #4');
  assert.equal(packetTip(onRed(4, { summary: 'IPv4 a > b / ICMP echo' })), 'host1:red veth-red #4\nIPv4 a > b / ICMP echo');
  assert.equal(packetTip({ ...onRed(5, { summary: 'IPv4 a > b / IPIP / IPv4 c > d / ICMP echo', tunnel: 'IPIP' }), netns: null, interface: 'eth0' }),
    'host1 eth0 #5\nouter: IPv4 a > b / IPIP\ninner: IPv4 c > d / ICMP echo');
});

test('pathHopLabel numbers the hop and gives the time since the first; capturePointKey tells capture points and tunnels apart', () => {
  assert.equal(pathHopLabel(0, { capture: 'a', node: 'host1', netns: 'red', interface: 'veth-red', number: 1, time: '', tunnel: null, offsetUs: 0 }), '1. host1:red veth-red +0 µs');
  assert.equal(pathHopLabel(2, { capture: 'b', node: 'host2', netns: null, interface: 'eth0', number: 7, time: '', tunnel: null, offsetUs: 2_500_000 }), '3. host2 eth0 +2.500 s');
  assert.equal(capturePointKey(onRed(1)), capturePointKey(onRed(2)));
  assert.notEqual(capturePointKey(onRed(1)), capturePointKey(onRed(1, { tunnel: 'IPIP' })));
  assert.notEqual(capturePointKey({ node: 'host1', netns: null, interface: 'eth0' }), capturePointKey({ node: 'host1', netns: 'eth0', interface: '' }));
});

// The layer on a headless graph, its animation frames run by hand.
const made = [];
after(() => made.forEach(cy => cy.destroy()));
function layerOnVethLab() {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  made.push(cy);
  applyGraph(cy, vethLab());
  /** @type {(() => void)[]} */
  const frames = [];
  globalThis.requestAnimationFrame = cb => frames.push(cb);
  const canvas = { title: '' };
  const layer = packetLayer(cy, /** @type {any} */ (canvas));
  const nextFrame = () => { const run = frames.splice(0); run.forEach(cb => cb()); return run.length; };
  return { cy, layer, nextFrame, canvas };
}

test('packetLayer flashes the edges and interface a packet crossed at the next frame, counts them and keeps its tooltip', () => {
  const { cy, layer, nextFrame, canvas } = layerOnVethLab();
  layer.packet(onRed(1, { summary: 'IPv4 10.0.0.1 > 10.0.0.2 / ICMP echo' }));
  layer.packet(onRed(2, { summary: 'IPv4 10.0.0.1 > 10.0.0.2 / ICMP echo' }));
  layer.packet({ ...onRed(3), interface: 'gone0' });
  assert.deepEqual(layer.stats().lit, [], 'nothing drawn before the frame');
  assert.equal(nextFrame(), 1, 'one frame asked for however many packets');
  const stats = layer.stats();
  assert.equal(stats.packets, 2, 'the packet on an unknown interface is not mapped');
  assert.equal(stats.frames, 1);
  assert.deepEqual(stats.lit.sort(), ['host1/red/veth-red', vethEdge].sort());
  assert.deepEqual(stats.counts, { [vethEdge]: 2, 'host1/red/veth-red': 2 });
  assert.ok(cy.getElementById(vethEdge).hasClass('packet-flash'));
  assert.equal(layer.tip(vethEdge), 'host1:red veth-red #2\nIPv4 10.0.0.1 > 10.0.0.2 / ICMP echo');
  assert.equal(layer.tip('host1/red/veth-red'), '', 'tooltips are the edges\'');
  cy.getElementById(vethEdge).emit('mouseover');
  assert.equal(canvas.title, layer.tip(vethEdge));
  cy.getElementById(vethEdge).emit('mouseout');
  assert.equal(canvas.title, '');

  layer.animate(false);
  assert.equal(layer.animating(), false);
  assert.deepEqual(layer.stats().lit, []);
  layer.packet(onRed(4));
  assert.equal(layer.stats().packets, 2, 'packets are not mapped while the animation is off');
  layer.animate(true);
});

test('packetLayer draws a followed path with the first hop\'s label on each element and clears it', () => {
  const { cy, layer } = layerOnVethLab();
  const hop = (capture, interfaceName, netns, number, offsetUs) => ({ capture, node: 'host1', netns, interface: interfaceName, number, time: '', tunnel: null, offsetUs });
  layer.showPath([hop('a', 'veth-red', 'red', 1, 0), hop('b', 'veth-blue', 'blue', 1, 40)]);
  const drawn = cy.elements('.packet-path');
  assert.deepEqual(drawn.map(e => e.id()).sort(), ['host1/blue/veth-blue', 'host1/red/veth-red', vethEdge].sort());
  assert.equal(cy.getElementById(vethEdge).data('hop'), '1. host1:red veth-red +0 µs');
  assert.equal(cy.getElementById('host1/blue/veth-blue').data('hop'), '2. host1:blue veth-blue +40 µs');
  layer.showPath([hop('a', 'veth-blue', 'blue', 2, 0)]);
  assert.equal(cy.getElementById(vethEdge).data('hop'), '1. host1:blue veth-blue +0 µs', 'a new path replaces the last');
  assert.equal(cy.getElementById('host1/red/veth-red').hasClass('packet-path'), false);
  layer.clearPath();
  assert.equal(cy.elements('.packet-path').length, 0);
  assert.equal(cy.getElementById(vethEdge).data('hop'), undefined);
});

test('packetLayer restarts a flash over two frames, glows a busy edge with its rate, and unlights an idle one', t => {
  let now = 0;
  t.mock.method(performance, 'now', () => now);
  const { cy, layer, nextFrame } = layerOnVethLab();
  const edge = cy.getElementById(vethEdge);
  layer.packet(onRed(1));
  nextFrame();
  assert.ok(edge.hasClass('packet-flash'));
  // Another packet after the flash has played: the class comes off this frame and back on the next, to play again.
  now = 700;
  layer.packet(onRed(2));
  nextFrame();
  assert.equal(edge.hasClass('packet-flash'), false);
  now = 716;
  nextFrame();
  assert.ok(edge.hasClass('packet-flash'));
  // Busier than 8 a second: a steady glow labelled with the rate.
  now = 1000;
  for (let n = 3; n < 20; n++) layer.packet(onRed(n));
  nextFrame();
  assert.ok(edge.hasClass('packet-glow'));
  assert.equal(edge.hasClass('packet-flash'), false);
  assert.match(edge.data('packetRate'), /^\d+\/s$/);
  // No packet for longer than a flash: idle, the rate label gone, and no more frames asked for.
  now = 3000;
  nextFrame();
  assert.deepEqual(layer.stats().lit, []);
  assert.equal(edge.data('packetRate'), undefined);
  assert.equal(nextFrame(), 0);
});
