// @ts-check
// Plane geometry for the graph's layout: boxes, segments, and how an ELK route is expressed in cytoscape's
// "segments" edge style. Pure functions, tested by Node's test runner.

/** @typedef {{ x: number, y: number }} Point */
/** @typedef {{ x1: number, y1: number, x2: number, y2: number }} Box */

/**
 * Whether two boxes share interior area (touching edges do not count).
 * @param {Box} a
 * @param {Box} b
 */
export function boxesOverlap(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/**
 * The smallest box holding all the given boxes, or null for none.
 * @param {Iterable<Box>} boxes
 * @returns {Box | null}
 */
export function union(boxes) {
  /** @type {Box | null} */
  let result = null;
  for (const b of boxes) {
    result = result
      ? { x1: Math.min(result.x1, b.x1), y1: Math.min(result.y1, b.y1), x2: Math.max(result.x2, b.x2), y2: Math.max(result.y2, b.y2) }
      : { ...b };
  }
  return result;
}

/**
 * A box grown by the given margins.
 * @param {Box} box
 * @param {{ top: number, right: number, bottom: number, left: number }} m
 * @returns {Box}
 */
export function grow(box, m) {
  return { x1: box.x1 - m.left, y1: box.y1 - m.top, x2: box.x2 + m.right, y2: box.y2 + m.bottom };
}

/**
 * Whether the segment p-q passes through the box's interior (Liang-Barsky clipping; touching an edge or a
 * corner does not count).
 * @param {Point} p
 * @param {Point} q
 * @param {Box} box
 */
export function segmentCrossesBox(p, q, box) {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  /** @type {[number, number][]} */
  const sides = [[-dx, p.x - box.x1], [dx, box.x2 - p.x], [-dy, p.y - box.y1], [dy, box.y2 - p.y]];
  for (const [pk, qk] of sides) {
    if (pk === 0) {
      if (qk <= 0) return false;
      continue;
    }
    const r = qk / pk;
    if (pk < 0) { if (r > t0) t0 = r; } else if (r < t1) t1 = r;
    if (t0 >= t1) return false;
  }
  return true;
}

/**
 * A polyline route (start, bends..., end) as cytoscape draws it with `curve-style: segments` and
 * `edge-distances: endpoints`: each bend as a weight along start-end and a distance along its normal
 * (-dy, dx)/length, the normal cytoscape uses for that setting. Null when start and end coincide (no line
 * to measure along).
 * @param {Point} start
 * @param {Point[]} bends
 * @param {Point} end
 * @returns {{ weights: number[], distances: number[] } | null}
 */
export function segmentsOf(start, bends, end) {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const length2 = dx * dx + dy * dy;
  if (length2 < 1e-6) return null;
  const length = Math.sqrt(length2);
  const weights = [];
  const distances = [];
  for (const b of bends) {
    const px = b.x - start.x;
    const py = b.y - start.y;
    weights.push((px * dx + py * dy) / length2);
    distances.push((px * -dy + py * dx) / length);
  }
  return { weights, distances };
}

/**
 * The inverse of segmentsOf: where cytoscape puts the bends.
 * @param {Point} start
 * @param {Point} end
 * @param {number[]} weights
 * @param {number[]} distances
 * @returns {Point[]}
 */
export function pointsOf(start, end, weights, distances) {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const length = Math.sqrt(dx * dx + dy * dy);
  return weights.map((w, i) => ({
    x: start.x + w * dx + distances[i] * (-dy / length),
    y: start.y + w * dy + distances[i] * (dx / length),
  }));
}

/**
 * Inserting room: a coordinate at or past `at` moves by `amount`, one before it stays. Applied to every
 * placed leaf and bend point, it keeps the order of all coordinates on that axis, so boxes that did not
 * overlap still do not, and a route that passed beside a box still does.
 * @param {number} value
 * @param {number} at
 * @param {number} amount
 */
export function shifted(value, at, amount) {
  return value >= at ? value + amount : value;
}

/**
 * Pairs of boxes (by index) that overlap, where neither contains the other's id among its ancestors.
 * @param {{ id: string, box: Box, ancestors: string[] }[]} items
 * @returns {[string, string][]}
 */
export function overlappingPairs(items) {
  /** @type {[string, string][]} */
  const pairs = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (a.ancestors.includes(b.id) || b.ancestors.includes(a.id)) continue;
      if (boxesOverlap(a.box, b.box)) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}
