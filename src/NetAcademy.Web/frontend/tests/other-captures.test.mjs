import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RECENT_PER_CAPTURE, captureLabel, capturesToFollow, hopText, packetCountText, rememberPacket, samePacketText, streamedPacketRole,
} from '../../wwwroot/js/other-captures.js';

const info = (id, state, extra = {}) => ({ id, node: 'host1', netns: null, interface: 'eth0', filter: null, state, packets: 0, ...extra });
const seen = (capture, number) => ({ capture, node: 'host1', netns: null, interface: 'eth0', number, time: '', tunnel: null, keys: {} });

test('capturesToFollow follows running and starting captures but the shown one, and drops the ones gone', () => {
  const infos = [info('a', 'Running'), info('b', 'Starting'), info('c', 'Stopped'), info('d', 'Failed'), info('shown', 'Running')];
  const { running, gone } = capturesToFollow(infos, 'shown', ['a', 'c', 'x']);
  assert.deepEqual(running.map(i => i.id), ['a', 'b']);
  assert.deepEqual(gone, ['c', 'x']);
  // Nothing shown: every running capture is followed.
  assert.deepEqual(capturesToFollow(infos, null, []).running.map(i => i.id), ['a', 'b', 'shown']);
});

test('captureLabel names the node, namespace, interface and filter when there are', () => {
  assert.equal(captureLabel(info('a', 'Running')), 'host1 eth0');
  assert.equal(captureLabel(info('a', 'Running', { netns: 'red', interface: 'veth-red', filter: 'icmp' })), 'host1:red veth-red (icmp)');
  assert.equal(packetCountText(12), '12 packets');
});

test('streamedPacketRole skips what was seen and probes, keeps the replayed, shows the new', () => {
  // last 5, 10 packets when the capture was first listed
  assert.equal(streamedPacketRole({ number: 5 }, 5, 10), 'old');
  assert.equal(streamedPacketRole({ number: 3, probe: true }, 5, 10), 'old');
  assert.equal(streamedPacketRole({ number: 6, probe: true }, 5, 10), 'probe');
  assert.equal(streamedPacketRole({ number: 6 }, 5, 10), 'replayed');
  assert.equal(streamedPacketRole({ number: 10 }, 5, 10), 'replayed');
  assert.equal(streamedPacketRole({ number: 11 }, 5, 10), 'new');
  assert.equal(streamedPacketRole({ number: 1 }, 0, 0), 'new');
});

test('rememberPacket keeps each capture\'s packets in order, skips repeats and those of no capture, and keeps the newest', () => {
  const recent = new Map();
  assert.equal(rememberPacket(recent, seen('a', 1)), true);
  assert.equal(rememberPacket(recent, seen('a', 2)), true);
  assert.equal(rememberPacket(recent, seen('a', 2)), false, 'the same packet again (a replay)');
  assert.equal(rememberPacket(recent, seen('a', 1)), false, 'an older one');
  assert.equal(rememberPacket(recent, seen('b', 1)), true);
  assert.equal(rememberPacket(recent, seen(null, 7)), false);
  assert.deepEqual([...recent].map(([id, list]) => [id, list.map(p => p.number)]), [['a', [1, 2]], ['b', [1]]]);

  for (let n = 3; n <= 7; n++) rememberPacket(recent, seen('a', n), 3);
  assert.deepEqual(recent.get('a').map(p => p.number), [5, 6, 7]);
  for (let n = 1; n <= RECENT_PER_CAPTURE + 5; n++) rememberPacket(recent, seen('c', n));
  assert.equal(recent.get('c').length, RECENT_PER_CAPTURE);
  assert.equal(recent.get('c')[0].number, 6);
});

test('hopText and samePacketText say where the followed packet was and when', () => {
  const hop = { capture: 'a', node: 'host2', netns: 'c2', interface: 'eth0', number: 9, time: '', tunnel: null, offsetUs: 850 };
  assert.equal(hopText(hop), 'host2:c2 eth0 #9 +850 µs');
  assert.equal(hopText({ ...hop, netns: null, tunnel: 'VXLAN vni=42', offsetUs: 1500 }), 'host2 eth0 #9 +1.50 ms (VXLAN vni=42)');
  assert.equal(samePacketText(hop), 'same packet: #9 +850 µs');
});
