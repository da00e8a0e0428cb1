import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxesOverlap, grow, overlappingPairs, pointsOf, segmentCrossesBox, segmentsOf, shifted, union } from '../../wwwroot/js/graph-geometry.js';

const box = (x1, y1, x2, y2) => ({ x1, y1, x2, y2 });

test('boxesOverlap counts shared area, not touching edges', () => {
  assert.ok(boxesOverlap(box(0, 0, 10, 10), box(5, 5, 15, 15)));
  assert.ok(boxesOverlap(box(0, 0, 10, 10), box(2, 2, 4, 4)));
  assert.ok(!boxesOverlap(box(0, 0, 10, 10), box(10, 0, 20, 10)));
  assert.ok(!boxesOverlap(box(0, 0, 10, 10), box(0, 11, 10, 20)));
});

test('union and grow', () => {
  assert.equal(union([]), null);
  assert.deepEqual(union([box(0, 0, 1, 1), box(-2, 3, 0, 5)]), box(-2, 0, 1, 5));
  assert.deepEqual(grow(box(0, 0, 10, 10), { top: 5, right: 1, bottom: 2, left: 3 }), box(-3, -5, 11, 12));
});

test('segmentCrossesBox finds lines through the interior only', () => {
  const b = box(10, 10, 20, 20);
  assert.ok(segmentCrossesBox({ x: 0, y: 15 }, { x: 30, y: 15 }, b));
  assert.ok(segmentCrossesBox({ x: 0, y: 0 }, { x: 30, y: 30 }, b));
  assert.ok(segmentCrossesBox({ x: 15, y: 15 }, { x: 16, y: 16 }, b), 'inside');
  assert.ok(!segmentCrossesBox({ x: 0, y: 10 }, { x: 30, y: 10 }, b), 'along the top edge');
  assert.ok(!segmentCrossesBox({ x: 0, y: 0 }, { x: 9, y: 30 }, b));
  assert.ok(!segmentCrossesBox({ x: 0, y: 15 }, { x: 9, y: 15 }, b), 'stops short');
  assert.ok(!segmentCrossesBox({ x: 21, y: 0 }, { x: 21, y: 30 }, b), 'vertical beside');
});

test('segmentsOf and pointsOf round-trip a route', () => {
  const start = { x: 10, y: 20 };
  const end = { x: 110, y: 220 };
  const bends = [{ x: 10, y: 120 }, { x: 110, y: 120 }];
  const s = segmentsOf(start, bends, end);
  const back = pointsOf(start, end, s.weights, s.distances);
  back.forEach((p, i) => {
    assert.ok(Math.abs(p.x - bends[i].x) < 1e-9 && Math.abs(p.y - bends[i].y) < 1e-9, JSON.stringify(p));
  });
  assert.equal(segmentsOf(start, bends, start), null);
});

test('segmentsOf uses cytoscape\'s normal (-dy, dx): a bend to the left of a rightward line has a negative distance', () => {
  // Screen coordinates: y grows downwards, so (0, -10) is above a line going right.
  const s = segmentsOf({ x: 0, y: 0 }, [{ x: 50, y: -10 }], { x: 100, y: 0 });
  assert.equal(s.weights[0], 0.5);
  assert.equal(s.distances[0], -10);
});

test('shifted moves values at or past the line only', () => {
  assert.equal(shifted(5, 10, 7), 5);
  assert.equal(shifted(10, 10, 7), 17);
  assert.equal(shifted(12, 10, 7), 19);
});

test('overlappingPairs ignores a box and its ancestors', () => {
  const items = [
    { id: 'host1', box: box(0, 0, 100, 100), ancestors: [] },
    { id: 'host1/a', box: box(10, 10, 40, 40), ancestors: ['host1'] },
    { id: 'host1/b', box: box(30, 30, 60, 60), ancestors: ['host1'] },
    { id: 'host2', box: box(200, 0, 300, 100), ancestors: [] },
  ];
  assert.deepEqual(overlappingPairs(items), [['host1/a', 'host1/b']]);
});
