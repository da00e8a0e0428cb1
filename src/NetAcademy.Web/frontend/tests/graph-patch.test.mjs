import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import cytoscape from 'cytoscape';
import { applyDiff, applyGraph, decorate } from '../../wwwroot/js/graph-patch.js';
import { edge, iface, netns, vethLab } from './graph-fixtures.mjs';

const ids = cy => cy.elements().map(e => e.id()).sort();
// Headless cytoscape keeps an animation timer running until its instance is destroyed.
const made = [];
after(() => made.forEach(cy => cy.destroy()));
const empty = () => {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  made.push(cy);
  return cy;
};

test('applyGraph on an empty canvas adds every element with its parent and ends', () => {
  const cy = empty();
  const result = applyGraph(cy, vethLab());
  assert.equal(result.addedIds.length, vethLab().elements.length);
  assert.deepEqual(result.skipped, []);
  assert.equal(cy.getElementById('host1/red/veth-red').parent().id(), 'host1/red');
  assert.equal(cy.getElementById('host1/red').parent().id(), 'host1');
  const veth = cy.getElementById('veth:host1/blue/veth-blue->host1/red/veth-red');
  assert.equal(veth.source().id(), 'host1/blue/veth-blue');
  assert.equal(veth.target().id(), 'host1/red/veth-red');
});

test('applyGraph over a drawn graph applies only the difference and keeps positions', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  cy.getElementById('host1//eth0').position({ x: 123, y: 45 });
  const next = vethLab();
  next.elements = next.elements.filter(e => e.data.id !== 'host1/red/lo');
  next.elements.find(e => e.data.id === 'host1/blue/veth-blue').data.operState = 'DOWN';

  const result = applyGraph(cy, next);

  assert.deepEqual(result.removedIds, ['host1/red/lo']);
  assert.deepEqual(result.addedIds, []);
  assert.deepEqual(result.changedIds, ['host1/blue/veth-blue']);
  assert.ok(cy.getElementById('host1/blue/veth-blue').hasClass('down'));
  assert.deepEqual(cy.getElementById('host1//eth0').position(), { x: 123, y: 45 });
});

test('applyGraph removes a whole namespace that is gone, children and edges with it', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  const next = vethLab();
  next.elements = next.elements.filter(e => !String(e.data.id).includes('host1/red') && !String(e.data.id).includes('veth-red'));

  const result = applyGraph(cy, next);

  assert.ok(result.removedIds.includes('host1/red'));
  assert.ok(cy.getElementById('host1/red').empty());
  assert.ok(cy.getElementById('veth:host1/blue/veth-blue->host1/red/veth-red').empty());
  assert.deepEqual(ids(cy), next.elements.map(e => e.data.id).sort());
});

test('applyDiff adds a namespace with its interfaces and edge, in any order, and reports them as new nodes', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  const diff = {
    format: 1,
    added: [edge('veth', 'host1//v0', 'host1/green/v1'), iface('host1', 'green', 'v1'), iface('host1', null, 'v0'), netns('host1', 'green')],
    removed: [],
    changed: [],
  };

  const result = applyDiff(cy, diff);

  assert.deepEqual(result.skipped, []);
  assert.deepEqual(result.added.map(n => n.id()).sort(), ['host1//v0', 'host1/green', 'host1/green/v1']);
  assert.equal(cy.getElementById('host1/green/v1').parent().id(), 'host1/green');
  assert.ok(cy.getElementById('veth:host1//v0->host1/green/v1').isEdge());
});

test('applyDiff changes data in place and drops fields the server no longer sends', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  const port = iface('host1', null, 'eth0', { kind: 'docker-eth', addresses: ['172.20.0.2/24', '10.9.0.1/24'] });
  applyDiff(cy, { format: 1, added: [], removed: [], changed: [port] });
  const node = cy.getElementById('host1//eth0');
  assert.deepEqual(node.data('addresses'), ['172.20.0.2/24', '10.9.0.1/24']);
  assert.equal(node.data('display'), 'eth0\n172.20.0.2/24\n10.9.0.1/24');

  const withMaster = iface('host1', null, 'eth0', { kind: 'docker-eth', master: 'br0' });
  applyDiff(cy, { format: 1, added: [], removed: [], changed: [withMaster] });
  assert.equal(node.data('master'), 'br0');
  const withoutMaster = iface('host1', null, 'eth0', { kind: 'docker-eth' });
  delete withoutMaster.data.master;
  applyDiff(cy, { format: 1, added: [], removed: [], changed: [withoutMaster] });
  assert.equal(node.data('master'), undefined);
  assert.equal(node.parent().id(), 'host1/');
});

test('applying the same diff twice changes nothing the second time', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  const diff = {
    format: 1,
    added: [iface('host1', 'red', 'extra')],
    removed: ['host1/blue/lo'],
    changed: [iface('host1', 'red', 'veth-red', { addresses: ['10.0.0.9/24'] })],
  };
  const first = applyDiff(cy, diff);
  const after = ids(cy);
  const second = applyDiff(cy, diff);

  assert.deepEqual(first.addedIds, ['host1/red/extra']);
  assert.deepEqual(first.removedIds, ['host1/blue/lo']);
  assert.deepEqual(first.changedIds, ['host1/red/veth-red']);
  assert.deepEqual(second.addedIds, []);
  assert.deepEqual(second.removedIds, []);
  assert.deepEqual(second.changedIds, []);
  assert.deepEqual(ids(cy), after);
});

test('unknown ids are skipped: removals and changes of missing elements, children of missing parents, edges to missing ends', () => {
  const cy = empty();
  applyGraph(cy, vethLab());
  const before = ids(cy);
  const result = applyDiff(cy, {
    format: 1,
    added: [iface('host9', 'nowhere', 'x0'), edge('veth', 'host1//eth0', 'host7//ghost'), { group: 'nodes', data: {} }, null],
    removed: ['host5//gone', 'not-an-id'],
    changed: [iface('host1', 'purple', 'p0')],
  });
  assert.deepEqual(result.addedIds, []);
  assert.deepEqual(result.removedIds, []);
  assert.deepEqual(result.changedIds, []);
  assert.ok(result.skipped.includes('host9/nowhere/x0'));
  assert.ok(result.skipped.includes('veth:host1//eth0->host7//ghost'));
  assert.deepEqual(ids(cy), before);
});

test('decorate sizes an interface box by its label lines and marks down interfaces', () => {
  const up = decorate(iface('host1', null, 'veth-long-name', { addresses: ['10.0.0.1/24', '2001:db8::1/64'] }));
  assert.equal(up.data.display, 'veth-long-name\n10.0.0.1/24\n2001:db8::1/64');
  assert.equal(up.data.h, 14 + 3 * 13);
  assert.ok(up.data.w >= '2001:db8::1/64'.length * 7);
  assert.equal(up.classes, '');
  assert.equal(decorate(iface('host1', null, 'a', { operState: 'LOWERLAYERDOWN' })).classes, 'down');
  assert.equal(decorate(iface('host1', null, 'a', { up: false })).classes, 'down');
});
