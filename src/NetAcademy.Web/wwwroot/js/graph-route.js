// @ts-check
// Orthogonal routes for edges drawn after the whole layout (a veth pair made later between two namespaces that
// are already drawn): ELK routes edges only as part of a layout that places the nodes again, and elkjs has no
// routing of its own for nodes that stay where they are (kieler/elkjs#58, #197). So a late edge gets a route of
// horizontal and vertical runs from its source box to its target box around every box it has nothing to do with,
// as ELK's orthogonal routes go, and nothing moves. Pure geometry, tested by Node's test runner.
//
// The search runs on the lines a route can take: through both ends' centres and a margin beside every box's
// sides. Where two lines cross outside every box is a point of the route; the cheapest way (length, plus a
// penalty per bend) from the source's centre to the target's is the route, cut where it leaves the source box
// and enters the target box.

import { grow, segmentCrossesBox } from './graph-geometry.js';

/** @typedef {import('./graph-geometry.js').Point} Point */
/** @typedef {import('./graph-geometry.js').Box} Box */

/** Room kept between a route and a box it passes: half the layout's gap between boxes. */
export const ROUTE_MARGIN = 12;
/**
 * Least room between a route and a box it passes: cytoscape draws a box's border outside its size (up to 2px), and
 * a route along a box's side would look like its border.
 */
export const ROUTE_CLEARANCE = 4;
/** What a bend costs, in pixels of length: a route with fewer bends reads better than a slightly shorter one. */
export const BEND_COST = 40;

/**
 * The route from box `from` to box `to` around `obstacles` (start on from's side, bends, end on to's side), or
 * null when the obstacles close every way.
 * @param {Box} from
 * @param {Box} to
 * @param {Box[]} obstacles boxes the route keeps out of, with `clearance` around them
 * @param {{ margin?: number, clearance?: number, bend?: number }} [options]
 * @returns {Point[] | null}
 */
export function orthogonalRoute(from, to, obstacles, options = {}) {
  const margin = options.margin ?? ROUTE_MARGIN;
  const clearance = options.clearance ?? ROUTE_CLEARANCE;
  const bend = options.bend ?? BEND_COST;
  const blocks = obstacles.map(b => grow(b, { top: clearance, right: clearance, bottom: clearance, left: clearance }));
  const start = centre(from);
  const end = centre(to);
  const xs = lines([start.x, end.x], [from, to, ...obstacles], b => [b.x1 - margin, b.x2 + margin]);
  const ys = lines([start.y, end.y], [from, to, ...obstacles], b => [b.y1 - margin, b.y2 + margin]);
  const path = cheapestPath(xs, ys, xs.indexOf(start.x), ys.indexOf(start.y), xs.indexOf(end.x), ys.indexOf(end.y), blocks, bend);
  if (!path) return null;
  return clip(simplify(path), from, to);
}

/** @param {Box} b @returns {Point} */
function centre(b) {
  return { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 };
}

/**
 * The sorted distinct coordinates of the lines a route may run on, along one axis.
 * @param {number[]} fixed
 * @param {Box[]} boxes
 * @param {(b: Box) => number[]} sides
 */
function lines(fixed, boxes, sides) {
  return [...new Set([...fixed, ...boxes.flatMap(sides)])].sort((a, b) => a - b);
}

/**
 * Whether a point lies inside a box (its sides excluded).
 * @param {Point} p
 * @param {Box} b
 */
function inside(p, b) {
  return p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2;
}

/** Directions on the grid: right, left, down, up. */
const STEPS = /** @type {const} */ ([[1, 0], [-1, 0], [0, 1], [0, -1]]);

/**
 * Dijkstra over (grid point, direction of arrival): a move costs its length, a change of direction `bend` more.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {number} si @param {number} sj the start's grid indices
 * @param {number} ti @param {number} tj the target's grid indices
 * @param {Box[]} obstacles
 * @param {number} bend
 * @returns {Point[] | null} the grid points from start to target
 */
function cheapestPath(xs, ys, si, sj, ti, tj, obstacles, bend) {
  const width = xs.length;
  const point = (/** @type {number} */ i, /** @type {number} */ j) => ({ x: xs[i], y: ys[j] });
  const free = (/** @type {number} */ i, /** @type {number} */ j) => !obstacles.some(b => inside(point(i, j), b));
  const state = (/** @type {number} */ i, /** @type {number} */ j, /** @type {number} */ d) => ((j * width + i) << 2) | d;
  /** @type {Map<number, number>} */
  const cost = new Map();
  /** @type {Map<number, number>} */
  const cameFrom = new Map();
  const heap = new MinHeap();
  for (let d = 0; d < 4; d++) {
    cost.set(state(si, sj, d), 0);
    heap.push(0, state(si, sj, d));
  }
  while (heap.size > 0) {
    const [c, s] = /** @type {[number, number]} */ (heap.pop());
    if (c > (cost.get(s) ?? Infinity)) continue;
    const d = s & 3;
    const cell = s >> 2;
    const i = cell % width;
    const j = (cell - i) / width;
    if (i === ti && j === tj) return trace(s, cameFrom, point, width);
    STEPS.forEach(([di, dj], nd) => {
      const ni = i + di;
      const nj = j + dj;
      if (ni < 0 || nj < 0 || ni >= width || nj >= ys.length) return;
      const a = point(i, j);
      const b = point(ni, nj);
      const endsHere = ni === ti && nj === tj;
      if (!endsHere && !free(ni, nj)) return;
      if (obstacles.some(box => segmentCrossesBox(a, b, box))) return;
      const next = state(ni, nj, nd);
      const nc = c + Math.abs(b.x - a.x) + Math.abs(b.y - a.y) + (nd === d ? 0 : bend);
      if (nc < (cost.get(next) ?? Infinity)) {
        cost.set(next, nc);
        cameFrom.set(next, s);
        heap.push(nc, next);
      }
    });
  }
  return null;
}

/**
 * @param {number} s the target's state
 * @param {Map<number, number>} cameFrom
 * @param {(i: number, j: number) => Point} point
 * @param {number} width
 */
function trace(s, cameFrom, point, width) {
  const points = [];
  for (let at = /** @type {number | undefined} */ (s); at !== undefined; at = cameFrom.get(at)) {
    const cell = at >> 2;
    const i = cell % width;
    points.push(point(i, (cell - i) / width));
  }
  return points.reverse();
}

/**
 * The route's corners: points in the middle of a straight run dropped.
 * @param {Point[]} points
 * @returns {Point[]}
 */
export function simplify(points) {
  const out = [points[0]];
  for (let k = 1; k < points.length; k++) {
    const p = points[k];
    const last = out[out.length - 1];
    if (p.x === last.x && p.y === last.y) continue;
    if (out.length >= 2) {
      const before = out[out.length - 2];
      if ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y)) out.pop();
    }
    out.push(p);
  }
  return out;
}

/**
 * Cuts a route running from inside `from` to inside `to` to the part between the two boxes' sides.
 * @param {Point[]} points
 * @param {Box} from
 * @param {Box} to
 * @returns {Point[]}
 */
export function clip(points, from, to) {
  let first = 0;
  while (first + 1 < points.length && onOrInside(points[first + 1], from)) first++;
  let last = points.length - 1;
  while (last - 1 > first && onOrInside(points[last - 1], to)) last--;
  const start = first + 1 < points.length ? exit(points[first], points[first + 1], from) : points[first];
  const end = last - 1 >= 0 ? exit(points[last], points[last - 1], to) : points[last];
  return [start, ...points.slice(first + 1, last), end];
}

/** @param {Point} p @param {Box} b */
function onOrInside(p, b) {
  return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
}

/**
 * Where the axis-parallel run from `p` (in the box) towards `q` leaves the box.
 * @param {Point} p
 * @param {Point} q
 * @param {Box} b
 * @returns {Point}
 */
function exit(p, q, b) {
  if (p.y === q.y) return { x: q.x > p.x ? Math.min(q.x, b.x2) : Math.max(q.x, b.x1), y: p.y };
  return { x: p.x, y: q.y > p.y ? Math.min(q.y, b.y2) : Math.max(q.y, b.y1) };
}

/** A binary heap of (priority, value) pairs, the smallest priority first. */
class MinHeap {
  constructor() {
    /** @type {[number, number][]} */
    this.items = [];
  }

  get size() { return this.items.length; }

  /** @param {number} priority @param {number} value */
  push(priority, value) {
    const items = this.items;
    items.push([priority, value]);
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (items[parent][0] <= items[k][0]) break;
      [items[parent], items[k]] = [items[k], items[parent]];
      k = parent;
    }
  }

  /** @returns {[number, number] | undefined} */
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < items.length && items[l][0] < items[m][0]) m = l;
        if (r < items.length && items[r][0] < items[m][0]) m = r;
        if (m === k) break;
        [items[m], items[k]] = [items[k], items[m]];
        k = m;
      }
    }
    return top;
  }
}
