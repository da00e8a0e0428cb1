import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EdgeActivity, followPacket, formatOffset, interfaceId, packetGraph, packetIdentity, packetMark, splitHeaders, tunnelKind,
} from '../../wwwroot/js/packet-path.js';
import { vethLab } from './graph-fixtures.mjs';

/** The graph of a whole message, as graph.js indexes the drawn one. */
function indexOf(message) {
  const interfaces = message.elements.filter(e => e.data.type === 'interface')
    .map(e => ({ id: e.data.id, kind: e.data.kind, vni: e.data.vxlan?.id ?? null }));
  const edges = message.elements.filter(e => e.group === 'edges')
    .map(e => ({ id: e.data.id, kind: e.data.kind, source: e.data.source, target: e.data.target }));
  return packetGraph(interfaces, edges);
}

const e = (kind, source, target) => ({ id: `${kind}:${source}->${target}`, kind, source, target });

/** The vxlan-overlay lab solved, host1's half and host2's tunnel: c1 - veth - br0 - vxlan0 - eth0 - lan - host2. */
function vxlanGraph() {
  const interfaces = [
    { id: 'host1/c1/eth0', kind: 'veth' }, { id: 'host1//veth-c1', kind: 'veth' }, { id: 'host1//br0', kind: 'bridge' },
    { id: 'host1//vxlan0', kind: 'vxlan', vni: 42 }, { id: 'host1//vxlan7', kind: 'vxlan', vni: 7 },
    { id: 'host1//eth0', kind: 'docker-eth' }, { id: 'host2//eth0', kind: 'docker-eth' }, { id: 'host2//vxlan0', kind: 'vxlan', vni: 42 },
  ];
  const edges = [
    e('veth', 'host1//veth-c1', 'host1/c1/eth0'), e('bridge-member', 'host1//veth-c1', 'host1//br0'),
    e('bridge-member', 'host1//vxlan0', 'host1//br0'), e('tunnel-underlay', 'host1//vxlan0', 'host1//eth0'),
    e('tunnel-underlay', 'host1//vxlan7', 'host1//eth0'), e('tunnel-peer', 'host1//vxlan0', 'host2//vxlan0'),
    e('tunnel-remote', 'host1//vxlan0', 'host2//eth0'), e('session-network', 'host1//eth0', 'net:underlay'),
    e('session-network', 'host2//eth0', 'net:underlay'), e('tunnel-underlay', 'host2//vxlan0', 'host2//eth0'),
  ];
  return packetGraph(interfaces, edges);
}

test('interfaceId is the graph id, the root namespace empty', () => {
  assert.equal(interfaceId('host1', null, 'eth0'), 'host1//eth0');
  assert.equal(interfaceId('host1', 'red', 'veth-red'), 'host1/red/veth-red');
});

test('a packet on a veth end lights the veth edge to its peer and the interface', () => {
  const mark = packetMark(indexOf(vethLab()), { node: 'host1', netns: 'red', interface: 'veth-red', tunnel: null });
  assert.deepEqual(mark.edges, ['veth:host1/blue/veth-blue->host1/red/veth-red']);
  assert.deepEqual(mark.nodes, ['host1/red/veth-red']);
});

test('a packet on the session network leg lights the leg; an unknown interface lights nothing', () => {
  const graph = indexOf(vethLab());
  assert.deepEqual(packetMark(graph, { node: 'host1', netns: null, interface: 'eth0', tunnel: null }).edges, ['session-network:host1//eth0->net:lan']);
  assert.deepEqual(packetMark(graph, { node: 'host1', netns: null, interface: 'gone0', tunnel: null }), { edges: [], nodes: [], tunnel: null });
  assert.deepEqual(packetMark(graph, { node: 'host9', netns: 'red', interface: 'veth-red', tunnel: null }).edges, []);
});

test('a bridge port lights its veth and its link to the bridge; the bridge itself cannot tell the port', () => {
  const graph = vxlanGraph();
  assert.deepEqual(packetMark(graph, { node: 'host1', netns: null, interface: 'veth-c1', tunnel: null }).edges.sort(),
    ['bridge-member:host1//veth-c1->host1//br0', 'veth:host1//veth-c1->host1/c1/eth0']);
  assert.deepEqual(packetMark(graph, { node: 'host1', netns: null, interface: 'br0', tunnel: null }).edges, []);
});

test('an encapsulated packet on the underlay lights its tunnel (by kind and VNI), the underlay edge and the remote end', () => {
  const mark = packetMark(vxlanGraph(), { node: 'host1', netns: null, interface: 'eth0', tunnel: 'VXLAN vni=42' });
  assert.equal(mark.tunnel, 'host1//vxlan0');
  assert.deepEqual(mark.nodes, ['host1//eth0', 'host1//vxlan0']);
  assert.deepEqual(mark.edges.sort(), [
    'session-network:host1//eth0->net:underlay', 'tunnel-peer:host1//vxlan0->host2//vxlan0',
    'tunnel-remote:host1//vxlan0->host2//eth0', 'tunnel-underlay:host1//vxlan0->host1//eth0',
  ]);
  // The other VNI's tunnel on the same underlay stays dark.
  assert.ok(!mark.edges.includes('tunnel-underlay:host1//vxlan7->host1//eth0'));
  // The receiving side: host2's tunnel over host2's eth0.
  const there = packetMark(vxlanGraph(), { node: 'host2', netns: null, interface: 'eth0', tunnel: 'VXLAN vni=42' });
  assert.equal(there.tunnel, 'host2//vxlan0');
  assert.ok(there.edges.includes('tunnel-underlay:host2//vxlan0->host2//eth0'));
  // A plain packet on the underlay lights no tunnel; an IPIP packet finds no VXLAN device.
  assert.deepEqual(packetMark(vxlanGraph(), { node: 'host1', netns: null, interface: 'eth0', tunnel: null }).edges, ['session-network:host1//eth0->net:underlay']);
  assert.equal(packetMark(vxlanGraph(), { node: 'host1', netns: null, interface: 'eth0', tunnel: 'IPIP' }).tunnel, null);
});

test('the tunnel device\'s own capture lights its port, underlay and remote links', () => {
  const mark = packetMark(vxlanGraph(), { node: 'host1', netns: null, interface: 'vxlan0', tunnel: null });
  assert.deepEqual(mark.edges.sort(), [
    'bridge-member:host1//vxlan0->host1//br0', 'tunnel-peer:host1//vxlan0->host2//vxlan0',
    'tunnel-remote:host1//vxlan0->host2//eth0', 'tunnel-underlay:host1//vxlan0->host1//eth0',
  ]);
});

test('tunnelKind reads the tunnel chip', () => {
  assert.deepEqual(tunnelKind('VXLAN vni=42'), { kind: 'vxlan', vni: 42 });
  assert.deepEqual(tunnelKind('IPIP'), { kind: 'ipip', vni: null });
  assert.deepEqual(tunnelKind('6in4'), { kind: 'ipip', vni: null });
  assert.deepEqual(tunnelKind('GRE key=1000 seq=1'), { kind: 'gre', vni: null });
  assert.deepEqual(tunnelKind('Geneve vni=291 opts=8'), { kind: null, vni: 291 });
});

test('splitHeaders cuts the summary after the tunnel segment', () => {
  const summary = 'IPv4 172.20.0.2 > 172.20.0.3 / UDP 51053 > 4789 / VXLAN vni=42 / Ethernet a > b / IPv4 10.42.0.1 > 10.42.0.2 / ICMP echo request id=7 seq=1';
  assert.deepEqual(splitHeaders(summary, 'VXLAN vni=42'), {
    outer: 'IPv4 172.20.0.2 > 172.20.0.3 / UDP 51053 > 4789 / VXLAN vni=42',
    inner: 'Ethernet a > b / IPv4 10.42.0.1 > 10.42.0.2 / ICMP echo request id=7 seq=1',
  });
  assert.deepEqual(splitHeaders('IPv4 a > b / IPIP / IPv4 c > d / ICMP echo reply id=1 seq=1', 'IPIP'), { outer: 'IPv4 a > b / IPIP', inner: 'IPv4 c > d / ICMP echo reply id=1 seq=1' });
  assert.deepEqual(splitHeaders('IPv4 a > b / ICMP echo', null), { outer: '', inner: 'IPv4 a > b / ICMP echo' });
});

test('packetIdentity takes the innermost headers, so an encapsulated packet is the same as its inner one', () => {
  const inner = { 'ip.src': '10.42.0.1', 'ip.dst': '10.42.0.2', 'ip.id': '0x1c46', 'icmp.type': '8', 'icmp.ident': '7', 'icmp.seq': '1' };
  const wrapped = {
    'ip.src': '172.20.0.2,10.42.0.1', 'ip.dst': '172.20.0.3,10.42.0.2', 'ip.id': '0xbeef,0x1c46', 'udp.srcport': '51053', 'udp.dstport': '4789',
    'vxlan.vni': '42', 'icmp.type': '8', 'icmp.ident': '7', 'icmp.seq': '1',
  };
  assert.equal(packetIdentity(inner), 'icmp 8 7 1 0x1c46');
  assert.equal(packetIdentity(wrapped), packetIdentity(inner));
  // The reply to it is another packet.
  assert.notEqual(packetIdentity({ ...inner, 'icmp.type': '0' }), packetIdentity(inner));
  // The next echo is another packet.
  assert.notEqual(packetIdentity({ ...inner, 'icmp.seq': '2', 'ip.id': '0x1c47' }), packetIdentity(inner));
});

test('packetIdentity for TCP survives NAT (ports and addresses left out), UDP needs an IP id, ARP has none', () => {
  const tcp = { 'ip.src': '10.0.0.2', 'ip.id': '0x0102', 'tcp.srcport': '40000', 'tcp.dstport': '80', 'tcp.seq_raw': '12345', 'tcp.ack_raw': '999' };
  assert.equal(packetIdentity(tcp), packetIdentity({ ...tcp, 'ip.src': '172.20.0.2', 'tcp.srcport': '61000' }));
  assert.notEqual(packetIdentity(tcp), packetIdentity({ ...tcp, 'tcp.seq_raw': '12346' }));
  assert.equal(packetIdentity({ 'ipv6.src': '2001:db8::1', 'udp.srcport': '5000', 'udp.dstport': '53' }), null);
  assert.equal(packetIdentity({ 'ipv6.src': '2001:db8::1', 'udp.srcport': '5000', 'udp.dstport': '53', 'dns.id': '6699' }), 'udp - 6699');
  assert.equal(packetIdentity({}), null);
  assert.equal(packetIdentity({ 'icmpv6.type': '135' }), null);
  assert.equal(packetIdentity({ 'icmpv6.type': '128', 'icmpv6.echo.identifier': '0x0001', 'icmpv6.echo.sequence_number': '3' }), 'icmpv6 128 0x0001 3');
});

const seen = (capture, node, netns, iface, number, time, keys, tunnel = null) => ({ capture, node, netns, interface: iface, number, time, keys, tunnel });
const echo = (seq, id) => ({ 'ip.id': id, 'icmp.type': '8', 'icmp.ident': '7', 'icmp.seq': String(seq) });

test('followPacket finds the same packet in every other capture, in time order, with the time after the first hop', () => {
  const picked = seen('b', 'host1', null, 'eth0', 5, '2026-12-05T10:00:00.000300Z', { ...echo(1, '0x0001'), 'ip.id': '0xffff,0x0001' }, 'VXLAN vni=42');
  const captures = new Map([
    ['a', [seen('a', 'host1', 'c1', 'eth0', 1, '2026-12-05T10:00:00.000100Z', echo(1, '0x0001')),
      seen('a', 'host1', 'c1', 'eth0', 2, '2026-12-05T10:00:01.000100Z', echo(2, '0x0002'))]],
    ['b', [picked]],
    ['c', [seen('c', 'host2', 'c2', 'eth0', 9, '2026-12-05T10:00:00.000950Z', echo(1, '0x0001')),
      // The same identity far later (an id that wrapped): not this packet.
      seen('c', 'host2', 'c2', 'eth0', 90, '2026-12-05T10:05:00.000950Z', echo(1, '0x0001'))]],
    ['d', [seen('d', 'host2', null, 'eth0', 3, '2026-12-05T10:00:00.000500Z', echo(9, '0x0009'))]],
  ]);
  const hops = followPacket(picked, captures);
  assert.deepEqual(hops.map(h => [h.capture, h.number, h.offsetUs]), [['a', 1, 0], ['b', 5, 200], ['c', 9, 850]]);
  assert.equal(hops[1].tunnel, 'VXLAN vni=42');
});

test('followPacket of a packet without an identity is the packet alone', () => {
  const picked = seen('a', 'host1', null, 'eth0', 1, '2026-12-05T10:00:00Z', {});
  assert.deepEqual(followPacket(picked, new Map([['b', [seen('b', 'host1', null, 'eth0', 1, '2026-12-05T10:00:00Z', {})]]])).map(h => h.capture), ['a']);
});

test('formatOffset', () => {
  assert.equal(formatOffset(0), '+0 µs');
  assert.equal(formatOffset(153), '+153 µs');
  assert.equal(formatOffset(1250), '+1.25 ms');
  assert.equal(formatOffset(2_100_000), '+2.100 s');
});

test('EdgeActivity: a packet flashes its edge, which goes idle after flashMs', () => {
  const m = new EdgeActivity({ flashMs: 600, glowRate: 8 });
  m.hit('e1', 1000);
  assert.deepEqual(m.frame(1010), [{ id: 'e1', state: 'flash', rate: 1, restart: false }]);
  assert.deepEqual(m.frame(1100), []);
  assert.deepEqual(m.frame(1700), [{ id: 'e1', state: 'idle', rate: 1, restart: false }]);
  assert.equal(m.elements.size, 0);
  assert.equal(m.animations, 1);
});

test('EdgeActivity: a packet during a flash flashes again once the flash is over, not before', () => {
  const m = new EdgeActivity({ flashMs: 600, glowRate: 8 });
  m.hit('e1', 0);
  m.frame(10);
  m.hit('e1', 300);
  assert.deepEqual(m.frame(310), []);
  const again = m.frame(620);
  assert.deepEqual(again, [{ id: 'e1', state: 'flash', rate: 2, restart: true }]);
  assert.equal(m.animations, 2);
});

test('EdgeActivity: a flood glows steadily with its rate, one change per frame whatever the packet count', () => {
  const m = new EdgeActivity({ flashMs: 600, glowRate: 8 });
  let changes = 0;
  // 10 000 packets a second for two seconds, one frame every 16 ms.
  for (let t = 0; t < 2000; t += 16) {
    for (let i = 0; i < 160; i++) m.hit('e1', t + i * 0.1);
    changes += m.frame(t + 16).length;
  }
  assert.equal(m.packets, 125 * 160);
  const last = m.frame(2001);
  // A flash, the glow, then its rate label at most every 500 ms: each change costs a redraw.
  assert.ok(changes <= 8, `${changes} changes for 125 frames`);
  // Steady state: glowing at about 10 000 a second (the last second counted in 250 ms buckets).
  const state = m.elements.get('e1');
  assert.equal(state?.state, 'glow');
  assert.ok(state && state.rate > 8000 && state.rate <= 10_500, `rate ${state?.rate}`);
  assert.ok(last.length <= 1);
  // Started once as a flash, then once as a glow: not one animation per packet.
  assert.ok(m.animations <= 2, `${m.animations} animations`);
  assert.equal(m.frame(3000)[0].state, 'idle');
});
