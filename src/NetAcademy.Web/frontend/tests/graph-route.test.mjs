import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import cytoscape from 'cytoscape';
import ELK from 'elkjs/lib/elk.bundled.js';
import { clip, orthogonalRoute, simplify } from '../../wwwroot/js/graph-route.js';
import { segmentCrossesBox } from '../../wwwroot/js/graph-geometry.js';
import { applyDiff, applyGraph } from '../../wwwroot/js/graph-patch.js';
import { applyElkLayout, edgesToRoute, leafBox, obstaclesOf, routeEdges, routeOf, toElkGraph } from '../../wwwroot/js/graph-layout.js';
import { vethLab } from './graph-fixtures.mjs';

const box = (x1, y1, x2, y2) => ({ x1, y1, x2, y2 });
const orthogonal = points => points.every((p, k) => k === 0 || p.x === points[k - 1].x || p.y === points[k - 1].y);
const crossesAny = (points, boxes) => points.some((p, k) => k > 0 && boxes.some(b => segmentCrossesBox(points[k - 1], p, b)));

test('a free straight run is one segment from side to side', () => {
  const route = orthogonalRoute(box(0, 0, 40, 20), box(100, 0, 140, 20), []);
  assert.deepEqual(route, [{ x: 40, y: 10 }, { x: 100, y: 10 }]);
});

test('a box in the way is passed around, with runs only horizontal and vertical, clear of its sides', () => {
  const wall = box(60, -50, 80, 70);
  const route = orthogonalRoute(box(0, 0, 40, 20), box(100, 0, 140, 20), [wall]);
  assert.ok(route);
  assert.ok(orthogonal(route), JSON.stringify(route));
  assert.ok(!crossesAny(route, [box(56, -54, 84, 74)]), `route keeps 4px off the wall: ${JSON.stringify(route)}`);
  // It leaves the source box on its side and enters the target box on its side.
  assert.ok(route[0].x === 40 || route[0].y === 0 || route[0].y === 20, JSON.stringify(route[0]));
  assert.ok(route.at(-1).x === 100 || route.at(-1).y === 0 || route.at(-1).y === 20, JSON.stringify(route.at(-1)));
});

test('of two ways around, the one with fewer bends and less length wins', () => {
  // The wall reaches far down and only a little up: the route goes over it.
  const route = orthogonalRoute(box(0, 0, 40, 20), box(100, 0, 140, 20), [box(60, -10, 80, 400)]);
  assert.ok(route.every(p => p.y <= 20), JSON.stringify(route));
  assert.ok(route.some(p => p.y < -10), JSON.stringify(route));
});

test('boxes closing every way give no route', () => {
  const from = box(0, 0, 20, 20);
  const ring = [box(-50, -50, 70, -10), box(-50, 30, 70, 70), box(-50, -50, -10, 70), box(30, -50, 70, 70)];
  assert.equal(orthogonalRoute(from, box(200, 0, 220, 20), ring), null);
});

test('simplify drops points in the middle of a straight run and repeated points', () => {
  assert.deepEqual(simplify([{ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 8 }]), [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 8 }]);
});

test('clip cuts a centre-to-centre route at the boxes\' sides', () => {
  const points = [{ x: 10, y: 10 }, { x: 10, y: 50 }, { x: 90, y: 50 }, { x: 90, y: 10 }];
  assert.deepEqual(clip(points, box(0, 0, 20, 20), box(80, 0, 100, 20)), [{ x: 10, y: 20 }, { x: 10, y: 50 }, { x: 90, y: 50 }, { x: 90, y: 20 }]);
});

const made = [];
after(() => made.forEach(cy => cy.destroy()));
const elk = new ELK();

test('an edge added after the layout is routed around unrelated boxes and no box moves', async () => {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  made.push(cy);
  const graph = vethLab();
  const veth = graph.elements.find(e => e.data.kind === 'veth' && e.group === 'edges');
  applyGraph(cy, { ...graph, elements: graph.elements.filter(e => e !== veth) });
  applyElkLayout(cy, await elk.layout(toElkGraph(cy)));
  const before = new Map(cy.nodes().map(n => [n.id(), { ...n.position() }]));

  applyDiff(cy, { format: 1, added: [veth], removed: [], changed: [] });
  const edge = cy.getElementById(veth.data.id);
  assert.equal(routeOf(edge), null, 'a new edge has no route until routed');
  const waiting = edgesToRoute(cy).map(e => e.id());
  assert.deepEqual(waiting, [veth.data.id]);
  assert.equal(routeEdges(cy, edgesToRoute(cy)), 1);

  const route = routeOf(edge);
  assert.ok(route && orthogonal(route), JSON.stringify(route));
  const boxOf = n => (n.isChildless() ? leafBox(n) : null) ?? undefined;
  const all = new Map();
  const boxes = obstaclesOf(cy, edge, n => {
    if (!all.has(n.id())) {
      const leaves = n.isChildless() ? [n] : n.descendants().filter(d => d.isChildless()).toArray();
      const b = leaves.map(boxOf).reduce((a, c) => ({ x1: Math.min(a.x1, c.x1), y1: Math.min(a.y1, c.y1), x2: Math.max(a.x2, c.x2), y2: Math.max(a.y2, c.y2) }));
      all.set(n.id(), b);
    }
    return all.get(n.id());
  });
  // The red and blue namespaces hold the ends; the root namespace's box, red's lo, blue's lo and the lan are unrelated.
  assert.ok(boxes.length >= 4, `obstacles: ${boxes.length}`);
  assert.ok(!crossesAny(route, boxes), JSON.stringify(route));
  assert.deepEqual(edgesToRoute(cy), [], 'nothing is left to route');
  for (const n of cy.nodes()) assert.deepEqual(n.position(), before.get(n.id()), `${n.id()} moved`);
});
