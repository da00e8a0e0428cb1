import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import cytoscape from 'cytoscape';
import { applyGraph } from '../../wwwroot/js/graph-patch.js';
import { describe, detailRows, graphSummary, recentChanges } from '../../wwwroot/js/graph-text.js';
import { iface, vethLab } from './graph-fixtures.mjs';

const made = [];
after(() => made.forEach(cy => cy.destroy()));
const vethGraph = () => {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  made.push(cy);
  applyGraph(cy, vethLab());
  return cy;
};

test('graphSummary counts namespaces, interfaces with those down, and links', () => {
  assert.equal(graphSummary(vethGraph()), '3 namespaces, 6 interfaces (2 down), 2 links');
});

test('recentChanges names added and removed interfaces and counts the changed', () => {
  const added = iface('host1', 'red', 'veth9');
  const diff = { format: 1, added: [added], removed: ['host1/blue/veth-blue'], changed: [] };
  const text = recentChanges(diff, { addedIds: [added.data.id], removedIds: ['host1/blue/veth-blue', 'veth:a->b'], changedIds: ['x', 'y'] });
  assert.equal(text, '. Just now: added veth9; removed veth-blue; 2 changed.');
  assert.equal(recentChanges({ format: 1, added: [], removed: [], changed: [] }, { addedIds: [], removedIds: [], changedIds: [] }), '');
});

test('describe and detailRows say where an interface is, its state, addresses and links', () => {
  const cy = vethGraph();
  const red = cy.getElementById('host1/red/veth-red');
  assert.equal(describe(red), 'veth-red on host1 namespace red: veth, up; 10.0.0.1/24; veth peer host1/blue/veth-blue');
  const eth0 = cy.getElementById('host1//eth0');
  assert.match(describe(eth0), /^eth0 on host1 root namespace: docker-eth, up; 172\.20\.0\.2\/24; on network lan$/);
  const rows = new Map(detailRows(eth0));
  assert.equal(rows.get('Where'), 'host1 / root namespace');
  assert.equal(rows.get('Addresses'), '172.20.0.2/24');
  assert.equal(rows.get('on network'), 'lan\n172.20.0.0/24');
});
