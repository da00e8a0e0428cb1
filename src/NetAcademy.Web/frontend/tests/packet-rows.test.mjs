import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RowQueue, captureStatusText, fieldsByLayer, formatRelative, formatTime, formatWhere, hexDump, isShown, matchKeys, nextRowIndex, packetEventDetail, rowCells, rowsToEvict,
  samplingText, splitTime, splitWhere,
} from '../../wwwroot/js/packet-rows.js';

/** A packet as the hub sends it: a VXLAN-encapsulated echo request (values from the server's decoder tests). */
const vxlanPing = () => ({
  number: 9,
  time: '2026-12-05T03:21:05.1234567+00:00',
  node: 'host1',
  netns: 'red',
  interface: 'vx42',
  length: 148,
  summary: 'IPv4 172.30.0.2 > 172.30.0.3 / UDP 50254 > 4789 / VXLAN vni=42 / Ethernet 72:e4:0f:40:36:17 > 7a:a3:e8:79:44:6f / IPv4 10.42.0.1 > 10.42.0.2 / ICMP echo request id=104 seq=1',
  source: '10.42.0.1',
  destination: '10.42.0.2',
  protocol: 'ICMP',
  info: 'ICMP echo request id=104 seq=1',
  tunnel: 'VXLAN vni=42',
  probe: false,
  layers: [
    { kind: 'Ethernet', offset: 0, length: 14, malformed: false },
    { kind: 'IPv4', offset: 14, length: 20, malformed: false },
    { kind: 'Udp', offset: 34, length: 8, malformed: false },
    { kind: 'Vxlan', offset: 42, length: 8, malformed: false },
    { kind: 'Ethernet', offset: 50, length: 14, malformed: false },
    { kind: 'IPv4', offset: 64, length: 20, malformed: false },
    { kind: 'Icmp', offset: 84, length: 8, malformed: false },
  ],
  fields: [
    { name: 'eth.src', value: '02:42:ac:1e:00:02,72:e4:0f:40:36:17' },
    { name: 'ip.src', value: '172.30.0.2,10.42.0.1' },
    { name: 'ip.id', value: '0x1d2c,0x9a4b' },
    { name: 'udp.srcport', value: '50254' },
    { name: 'vxlan.vni', value: '42' },
    { name: 'icmp.ident', value: '104' },
    { name: 'icmp.seq', value: '1' },
  ],
  data: '',
  truncated: false,
});

test('rowCells_TunnelledPacket_ColumnsFromTheServerAndWhereFromTheCapture', () => {
  const cells = rowCells(vxlanPing(), '2026-12-05T03:21:04.0000001+00:00');
  assert.equal(cells.time, '1.123456');
  assert.match(cells.clock, /^\d\d:\d\d:05\.123456$/);
  assert.equal(cells.where, 'host1:red vx42');
  assert.equal(cells.source, '10.42.0.1');
  assert.equal(cells.destination, '10.42.0.2');
  assert.equal(cells.protocol, 'ICMP');
  assert.equal(cells.info, 'ICMP echo request id=104 seq=1');
  assert.equal(cells.tunnel, 'VXLAN vni=42');
  assert.equal(cells.probe, false);
  assert.equal(cells.protocolClass, 'proto-icmp');
});

test('rowCells_NoInfo_FallsBackToTheSummary', () => {
  const p = { ...vxlanPing(), info: '', protocol: 'IPv6', tunnel: null };
  const cells = rowCells(p, p.time);
  assert.equal(cells.info, p.summary);
  assert.equal(cells.protocolClass, 'proto-ipv6');
  assert.equal(cells.tunnel, null);
  assert.equal(cells.time, '0.000000');
});

test('formatTime_KeepsMicrosecondsAndPadsShortFractions', () => {
  assert.match(formatTime('2026-12-05T03:21:05.1234567+00:00'), /^\d\d:\d\d:05\.123456$/);
  assert.match(formatTime('2026-12-05T03:21:05.5Z'), /^\d\d:\d\d:05\.500000$/);
  assert.match(formatTime('2026-12-05T03:21:05Z'), /^\d\d:\d\d:05\.000000$/);
  assert.equal(formatTime('not a time'), '');
});

test('formatRelative_MicrosecondsAcrossSecondsAndMinutes', () => {
  assert.equal(formatRelative('2026-12-05T03:21:05.000001Z', '2026-12-05T03:21:04.999999Z'), '0.000002');
  assert.equal(formatRelative('2026-12-05T03:23:05.25Z', '2026-12-05T03:21:04.5Z'), '120.750000');
  assert.equal(formatRelative('2026-12-05T03:21:04.5Z', '2026-12-05T03:21:05Z'), '-0.500000');
  assert.equal(formatRelative('nonsense', '2026-12-05T03:21:05Z'), '');
});

test('formatWhere_NodesOwnNamespace_HasNoNamespacePart', () => {
  assert.equal(formatWhere({ node: 'router', netns: null, interface: 'eth1' }), 'router eth1');
});

test('isShown_GraderProbe_HiddenUntilAskedFor', () => {
  const probe = { ...vxlanPing(), probe: true };
  assert.equal(isShown(probe, { text: '', showProbes: false }), false);
  assert.equal(isShown(probe, { text: '', showProbes: true }), true);
  // A learner's packet is shown whatever the toggle says.
  assert.equal(isShown(vxlanPing(), { text: '', showProbes: false }), true);
});

test('isShown_TextFilter_MatchesAnyColumnOrTheSummaryIgnoringCase', () => {
  const p = vxlanPing();
  assert.equal(isShown(p, { text: 'VNI=42', showProbes: false }), true); // only in the summary
  assert.equal(isShown(p, { text: 'host1:red', showProbes: false }), true);
  assert.equal(isShown(p, { text: '  icmp ', showProbes: false }), true);
  assert.equal(isShown(p, { text: 'tcp', showProbes: false }), false);
  assert.equal(isShown({ ...p, probe: true }, { text: 'icmp', showProbes: false }), false);
});

test('fieldsByLayer_CommaJoinedValues_SplitOverTheLayersOfTheirKind', () => {
  const groups = fieldsByLayer(vxlanPing());
  const of = i => Object.fromEntries(groups[i].fields.map(f => [f.name, f.value]));
  assert.deepEqual(of(0), { 'eth.src': '02:42:ac:1e:00:02' });
  assert.deepEqual(of(1), { 'ip.src': '172.30.0.2', 'ip.id': '0x1d2c' });
  assert.deepEqual(of(2), { 'udp.srcport': '50254' });
  assert.deepEqual(of(3), { 'vxlan.vni': '42' });
  assert.deepEqual(of(4), { 'eth.src': '72:e4:0f:40:36:17' });
  assert.deepEqual(of(5), { 'ip.src': '10.42.0.1', 'ip.id': '0x9a4b' });
  assert.deepEqual(of(6), { 'icmp.ident': '104', 'icmp.seq': '1' });
});

test('fieldsByLayer_MoreValuesThanLayers_KeepsTheWholeValueOnTheFirst', () => {
  const p = { ...vxlanPing(), fields: [{ name: 'dns.qry.name', value: 'a,b' }, { name: 'icmp.seq', value: '1,2,3' }] };
  const groups = fieldsByLayer(p);
  // No DNS layer: the field is not lost, it lands on the innermost layer.
  assert.deepEqual(groups[6].fields, [{ name: 'icmp.seq', value: '1,2,3' }, { name: 'dns.qry.name', value: 'a,b' }]);
});

test('matchKeys_AndEventDetail_CarryWhatMatchesAPacketAcrossCaptures', () => {
  const p = vxlanPing();
  assert.deepEqual(matchKeys(p), {
    'ip.src': '172.30.0.2,10.42.0.1', 'ip.id': '0x1d2c,0x9a4b', 'udp.srcport': '50254', 'vxlan.vni': '42', 'icmp.ident': '104', 'icmp.seq': '1',
  });
  const detail = packetEventDetail(p);
  assert.equal(detail.node, 'host1');
  assert.equal(detail.netns, 'red');
  assert.equal(detail.interface, 'vx42');
  assert.equal(detail.number, 9);
  assert.equal(detail.tunnel, 'VXLAN vni=42');
  assert.equal(detail.keys['ip.id'], '0x1d2c,0x9a4b');
  assert.equal(packetEventDetail({ ...p, netns: undefined }).netns, null);
});

test('RowQueue_FasterThanTaken_KeepsTheNewestAndCountsTheDropped', () => {
  const queue = new RowQueue(5);
  for (let i = 1; i <= 12; i++) queue.push(i);
  assert.equal(queue.length, 5);
  assert.equal(queue.dropped, 7);
  assert.deepEqual(queue.take(3), [8, 9, 10]);
  assert.deepEqual(queue.take(10), [11, 12]);
  assert.deepEqual(queue.take(10), []);
  queue.push(13);
  queue.clear();
  assert.equal(queue.length, 0);
  assert.throws(() => new RowQueue(0), RangeError);
});

test('RowQueue_AFloodAtOneFramePerTick_NeverHoldsMoreThanItsCapacity', () => {
  // 5000 packets arrive between frames that each take 100: the table never sees more than the capacity.
  const queue = new RowQueue(1000);
  let rendered = 0;
  for (let tick = 0; tick < 50; tick++) {
    for (let i = 0; i < 100; i++) queue.push(tick * 100 + i);
    if (tick % 2 === 0) rendered += queue.take(100).length;
    assert.ok(queue.length <= 1000);
  }
  assert.equal(rendered + queue.length + queue.dropped, 5000);
});

test('rowsToEvict_KeepsTheTableUnderItsBound', () => {
  assert.equal(rowsToEvict(990, 20, 1000), 10);
  assert.equal(rowsToEvict(10, 20, 1000), 0);
  assert.equal(rowsToEvict(1000, 1000, 1000), 1000);
  assert.equal(rowsToEvict(5, 2000, 1000), 5);
});

test('nextRowIndex_ArrowsHomeEndAndPages_StayInsideTheRows', () => {
  assert.equal(nextRowIndex('ArrowDown', -1, 10, 5), 0);
  assert.equal(nextRowIndex('ArrowDown', 3, 10, 5), 4);
  assert.equal(nextRowIndex('ArrowDown', 9, 10, 5), 9);
  assert.equal(nextRowIndex('ArrowUp', 0, 10, 5), 0);
  assert.equal(nextRowIndex('ArrowUp', -1, 10, 5), 9);
  assert.equal(nextRowIndex('PageDown', 2, 10, 5), 7);
  assert.equal(nextRowIndex('PageUp', 2, 10, 5), 0);
  assert.equal(nextRowIndex('Home', 6, 10, 5), 0);
  assert.equal(nextRowIndex('End', 0, 10, 5), 9);
  assert.equal(nextRowIndex('a', 3, 10, 5), -1);
  assert.equal(nextRowIndex('ArrowDown', -1, 0, 5), -1);
});

test('hexDump_SixteenBytesALineWithPrintableText', () => {
  const bytes = new Uint8Array([...Array(18).keys()].map(i => 0x41 + i));
  assert.equal(hexDump(bytes), '0000  41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP\n0010  51 52                                            QR');
  assert.equal(hexDump(new Uint8Array([0, 0x7f])), '0000  00 7f                                            ..');
});

test('splitTime_NarrowPaneKeepsTheMilliseconds_TheRestApart', () => {
  assert.deepEqual(splitTime('0.347830'), ['0.347', '830']);
  assert.deepEqual(splitTime('120.750000'), ['120.750', '000']);
  assert.deepEqual(splitTime('-0.500000'), ['-0.500', '000']);
  assert.deepEqual(splitTime('3.5'), ['3.5', '']);
  assert.deepEqual(splitTime(''), ['', '']);
});

test('splitWhere_InterfaceApartFromItsNodeAndNamespace', () => {
  assert.deepEqual(splitWhere({ node: 'host1', netns: 'red', interface: 'veth-red' }), ['host1:red ', 'veth-red']);
  assert.deepEqual(splitWhere({ node: 'host1', netns: null, interface: 'eth0' }), ['host1 ', 'eth0']);
  assert.equal(splitWhere({ node: 'n', netns: 'x', interface: 'i' }).join(''), formatWhere({ node: 'n', netns: 'x', interface: 'i' }));
});

test('captureStatusText_StatesDropsAndPause', () => {
  const c = { node: 'host1', netns: 'red', iface: 'veth-red', filter: 'icmp', state: 'Running', packets: 4, dropped: 0 };
  assert.equal(captureStatusText(null, false), 'No capture running.');
  assert.equal(captureStatusText(c, false), 'Capturing on host1 (netns red) veth-red (icmp): 4 packets');
  assert.equal(captureStatusText({ ...c, netns: null, filter: null, state: 'Stopped' }, true), 'Capture stopped on host1 veth-red: 4 packets — paused');
  assert.equal(captureStatusText({ ...c, state: 'Failed', dropped: 7 }, false),
    'Capture failed on host1 (netns red) veth-red (icmp): 4 packets; the download holds the newest only (7 oldest dropped)');
});

test('samplingText_BusiestThreeFlowsInTheLine_AllInTheTooltip', () => {
  const flows = ['a', 'b', 'c', 'd'].map((f, i) => ({ flow: f, packets: 10 - i, bytes: 100 * (10 - i) }));
  const { text, title } = samplingText({ message: 'Sampling 1 in 4', flows });
  assert.equal(text, 'Sampling 1 in 4 — busiest: a: 10; b: 9; c: 8');
  assert.equal(title.split('\n').length, 4);
  assert.equal(samplingText({ message: 'Sampling' }).text, 'Sampling');
});
