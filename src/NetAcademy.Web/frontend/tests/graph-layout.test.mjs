import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import cytoscape from 'cytoscape';
import ELK from 'elkjs/lib/elk.bundled.js';
import { applyDiff, applyGraph } from '../../wwwroot/js/graph-patch.js';
import { applyElkLayout, growLeaf, leafBox, leafSize, marginsOf, placeNew, routeOf, toElkGraph } from '../../wwwroot/js/graph-layout.js';
import { boxesOverlap, grow, segmentCrossesBox, union } from '../../wwwroot/js/graph-geometry.js';
import { edge, iface, netns, node, network, vethLab } from './graph-fixtures.mjs';

const made = [];
after(() => made.forEach(cy => cy.destroy()));
const empty = () => {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  made.push(cy);
  return cy;
};
const elk = new ELK();

/** Boxes the way the layout reserves them: leaves by size, compounds around their leaves with padding and label. */
function boxes(cy) {
  const result = new Map();
  const visit = n => {
    if (n.isChildless()) { result.set(n.id(), leafBox(n)); return result.get(n.id()); }
    const inner = union(n.children().map(visit));
    const b = grow(inner, marginsOf(n));
    result.set(n.id(), b);
    return b;
  };
  cy.nodes().orphans().forEach(visit);
  return result;
}

/** Pairs of sibling boxes (same parent, or both top-level) that overlap. */
function overlaps(cy) {
  const b = boxes(cy);
  const found = [];
  const groups = [cy.nodes().orphans(), ...cy.nodes().filter(n => n.isParent()).map(p => p.children())];
  for (const group of groups) {
    const list = group.toArray();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (boxesOverlap(b.get(list[i].id()), b.get(list[j].id()))) found.push([list[i].id(), list[j].id()]);
      }
    }
  }
  return found;
}

async function laidOut(graph) {
  const cy = empty();
  applyGraph(cy, graph);
  applyElkLayout(cy, await elk.layout(toElkGraph(cy)));
  return cy;
}

test('toElkGraph nests nodes, namespaces and interfaces, keeps networks at the top, and orders by id', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  const g = toElkGraph(cy);
  assert.deepEqual(g.children.map(c => c.id), ['host1', 'net:lan']);
  const host1 = g.children[0];
  assert.deepEqual(host1.children.map(c => c.id), ['host1/', 'host1/blue', 'host1/red']);
  const red = host1.children[2];
  assert.deepEqual(red.children.map(c => c.id), ['host1/red/lo', 'host1/red/veth-red']);
  assert.equal(red.children[1].width, leafSize(cy.getElementById('host1/red/veth-red')).w);
  assert.match(red.layoutOptions['elk.padding'], /top=\d+/);
  assert.deepEqual(g.edges.map(e => e.id).sort(), cy.edges().map(e => e.id()).sort());
});

test('an ELK layout of the veth lab has no overlapping siblings, the lan outside the node, and routes that miss unrelated boxes', async () => {
  const cy = await laidOut(vethLab());
  assert.deepEqual(overlaps(cy), []);
  const b = boxes(cy);
  assert.ok(!boxesOverlap(b.get('net:lan'), b.get('host1')));
  for (const e of cy.edges()) {
    const route = routeOf(e);
    assert.ok(route && route.length >= 2, `route of ${e.id()}`);
    const related = new Set([...e.source().ancestors().map(a => a.id()), ...e.target().ancestors().map(a => a.id()), e.source().id(), e.target().id()]);
    for (const [id, box] of b) {
      if (related.has(id)) continue;
      for (let i = 0; i + 1 < route.length; i++) {
        assert.ok(!segmentCrossesBox(route[i], route[i + 1], box), `${e.id()} crosses ${id}`);
      }
    }
  }
});

test('placeNew puts three new namespaces beside the others without moving their arrangement or overlapping', async () => {
  const cy = await laidOut(vethLab());
  const before = new Map(cy.nodes().filter(n => n.isChildless()).map(n => [n.id(), { ...n.position() }]));
  for (const name of ['ns1', 'ns2', 'ns3']) {
    const result = applyDiff(cy, { format: 1, added: [netns('host1', name), iface('host1', name, 'lo', { kind: 'loopback', up: false })], removed: [], changed: [] });
    placeNew(cy, result.added);
    assert.deepEqual(overlaps(cy), [], `after ${name}`);
  }
  // What was there moved by whole shifts only: relative order on each axis is kept.
  const ids = [...before.keys()];
  for (const a of ids) {
    for (const b of ids) {
      const pa = cy.getElementById(a).position();
      const pb = cy.getElementById(b).position();
      if (before.get(a).x < before.get(b).x) assert.ok(pa.x < pb.x, `${a} left of ${b}`);
      if (before.get(a).y < before.get(b).y) assert.ok(pa.y < pb.y, `${a} above ${b}`);
    }
  }
});

test('placeNew places a new node, a new interface in a full row and a new network without overlaps', async () => {
  const cy = await laidOut(vethLab());
  const added = [node('host2'), netns('host2'), iface('host2', null, 'eth0', { kind: 'docker-eth' }), network('wan', '10.9.0.0/24'),
    edge('session-network', 'host2//eth0', 'net:wan')];
  for (let i = 0; i < 8; i++) added.push(iface('host1', 'red', `a-long-interface-${i}`, { addresses: ['192.168.100.1/24'] }));
  const result = applyDiff(cy, { format: 1, added, removed: [], changed: [] });
  placeNew(cy, result.added);
  assert.deepEqual(overlaps(cy), []);
  const b = boxes(cy);
  assert.ok(b.get('net:wan').y1 > b.get('host1').y2, 'the new network goes below');
});

test('growLeaf makes room when an interface gains address lines', async () => {
  const cy = await laidOut(vethLab());
  const leaf = cy.getElementById('host1/blue/veth-blue');
  const before = leafSize(leaf);
  const result = applyDiff(cy, { format: 1, added: [], removed: [], changed: [iface('host1', 'blue', 'veth-blue', { addresses: ['10.0.0.2/24', '10.0.0.3/24', '10.0.0.4/24', '2001:db8:ffff:ffff::1234/64'] })] });
  assert.deepEqual(result.changedIds, ['host1/blue/veth-blue']);
  growLeaf(cy, leaf, before);
  assert.deepEqual(overlaps(cy), []);
});
