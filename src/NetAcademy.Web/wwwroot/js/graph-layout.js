// @ts-check
// Where the graph's boxes go. Two ways, both without overlaps:
// - a whole layout by ELK's layered algorithm over the nesting (lab node > namespace > interface; session
//   networks at the top level, outside every node), with orthogonal edge routes drawn as cytoscape segments;
// - incremental placement of elements that arrive later: each new leaf goes beside its siblings and room is
//   made for it by shifting everything past it, so what was drawn keeps its arrangement and nothing jumps;
//   edges without a route then (new ones, those of new or grown leaves) get orthogonal routes around the boxes
//   they have nothing to do with (graph-route.js), as ELK's go, without moving a box.
// Works on a cytoscape instance (headless in Node's tests) and plain data; the ELK run itself is passed in.

import { grow, segmentCrossesBox, segmentsOf, shifted, union } from './graph-geometry.js';
import { orthogonalRoute } from './graph-route.js';

/** @typedef {import('cytoscape').Core} Core */
/** @typedef {import('cytoscape').NodeSingular} NodeSingular */
/** @typedef {import('cytoscape').EdgeSingular} EdgeSingular */
/** @typedef {import('cytoscape').NodeCollection} NodeCollection */
/** @typedef {import('./graph-geometry.js').Box} Box */
/** @typedef {import('./graph-geometry.js').Point} Point */

/**
 * The subset of ELK's JSON graph this module writes and reads.
 * @typedef {{ id: string, x?: number, y?: number, width?: number, height?: number, children?: ElkNode[],
 *   edges?: ElkEdge[], layoutOptions?: Record<string, string> }} ElkNode
 * @typedef {{ id: string, sources: string[], targets: string[],
 *   sections?: { startPoint: Point, endPoint: Point, bendPoints?: Point[] }[] }} ElkEdge
 */

/** A route kept on an edge's scratch pad, in model coordinates. */
const ROUTE = 'netacademy-route';

/** Room between boxes, and around the content of a box; labels of compounds sit above their box. */
export const SPACING = {
  gap: 24,
  /** Cytoscape's `padding` of a compound of each type; the stylesheet uses the same values. */
  padding: /** @type {Record<string, number>} */ ({ node: 14, netns: 10 }),
  /** Height of a compound's label above its box (13px bold for nodes, 11px for namespaces). */
  label: /** @type {Record<string, number>} */ ({ node: 20, netns: 17 }),
  /** Width of one character of those labels. */
  labelChar: /** @type {Record<string, number>} */ ({ node: 8.5, netns: 7 }),
};

/** Width past which a namespace's interfaces continue on a new row. */
const ROW_WIDTH = 480;

/** Size of a leaf the stylesheet draws with a fixed size (networks) or no children (an empty compound). */
const FIXED = /** @type {Record<string, { w: number, h: number }>} */ ({
  network: { w: 110, h: 36 },
  node: { w: 80, h: 40 },
  netns: { w: 60, h: 30 },
});

/**
 * Options of ELK's layered algorithm for the whole graph.
 * @type {Record<string, string>}
 */
export const ELK_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '24',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.componentComponent': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

/**
 * Width and height of a leaf as drawn.
 * @param {NodeSingular} node
 * @returns {{ w: number, h: number }}
 */
export function leafSize(node) {
  const type = node.data('type');
  if (type === 'interface') return { w: Number(node.data('w')) || 60, h: Number(node.data('h')) || 30 };
  if (type === 'network') return { w: Number(node.data('w')) || FIXED.network.w, h: FIXED.network.h };
  return FIXED[type] ?? { w: 60, h: 30 };
}

/**
 * Room a compound keeps around its children: its padding, with its label's height on top.
 * @param {NodeSingular} node
 */
export function marginsOf(node) {
  const type = node.data('type');
  const pad = SPACING.padding[type] ?? 10;
  return { top: pad + (SPACING.label[type] ?? 16), right: pad, bottom: pad, left: pad };
}

/**
 * Width a compound's label needs.
 * @param {NodeSingular} node
 */
function labelWidth(node) {
  const type = node.data('type');
  return String(node.data('display') ?? node.data('label') ?? '').length * (SPACING.labelChar[type] ?? 7) + 8;
}

/** @param {{ id(): string }} a @param {{ id(): string }} b */
const byId = (a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);

/**
 * A collection's nodes as an array typed as nodes (cytoscape's types lose the kind through filter and sort).
 * @param {import('cytoscape').CollectionReturnValue | NodeCollection} collection
 * @returns {NodeSingular[]}
 */
export const nodesOf = collection => /** @type {NodeSingular[]} */ (collection.nodes().toArray());

/**
 * The graph as ELK's JSON: the nesting of cytoscape's compounds, leaves with their drawn size, compounds with
 * padding for their label, children and edges in id order so the same graph always gives the same picture.
 * @param {Core} cy
 * @returns {ElkNode}
 */
export function toElkGraph(cy) {
  /** @param {NodeSingular} node @returns {ElkNode} */
  const convert = node => {
    if (node.isChildless()) {
      const { w, h } = leafSize(node);
      return { id: node.id(), width: w, height: h };
    }
    const m = marginsOf(node);
    const minWidth = labelWidth(node) + m.left + m.right;
    return {
      id: node.id(),
      layoutOptions: {
        'elk.padding': `[top=${m.top},left=${m.left},bottom=${m.bottom},right=${m.right}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minWidth},${m.top + m.bottom})`,
      },
      children: nodesOf(node.children()).sort(byId).map(convert),
    };
  };
  const roots = nodesOf(cy.nodes().orphans()).sort(byId);
  return {
    id: '__root',
    layoutOptions: { ...ELK_OPTIONS },
    children: roots.map(convert),
    edges: /** @type {EdgeSingular[]} */ (cy.edges().toArray()).sort(byId)
      .map(e => ({ id: e.id(), sources: [e.source().id()], targets: [e.target().id()] })),
  };
}

/**
 * Applies ELK's answer: leaves to their places, edges to their routes. Elements ELK does not know (added while
 * it ran) are left for placeNew.
 * @param {Core} cy
 * @param {ElkNode} result
 * @returns {Set<string>} the leaves placed
 */
export function applyElkLayout(cy, result) {
  /** @type {Set<string>} */
  const placed = new Set();
  cy.batch(() => {
    /** @param {ElkNode} n */
    const visit = n => {
      for (const child of n.children ?? []) {
        const node = cy.getElementById(child.id);
        if (node.nonempty() && node.isNode() && node.isChildless() && child.x != null && child.y != null) {
          node.position({ x: child.x + (child.width ?? 0) / 2, y: child.y + (child.height ?? 0) / 2 });
          placed.add(child.id);
        }
        visit(child);
      }
    };
    visit(result);
    /** @param {ElkNode} n @returns {ElkEdge[]} */
    const edgesOf = n => [...(n.edges ?? []), ...(n.children ?? []).flatMap(edgesOf)];
    for (const e of edgesOf(result)) {
      const edge = cy.getElementById(e.id);
      if (edge.empty() || !edge.isEdge()) continue;
      const section = e.sections?.[0];
      setRoute(edge, section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : null);
    }
  });
  return placed;
}

/**
 * Keeps a route (model coordinates, start to end) on an edge and draws it; null draws a straight line.
 * @param {EdgeSingular} edge
 * @param {Point[] | null} points
 */
export function setRoute(edge, points) {
  edge.scratch(ROUTE, points && points.length >= 2 ? points.map(p => ({ x: p.x, y: p.y })) : null);
  drawRoute(edge);
}

/**
 * The route kept on an edge, if any.
 * @param {EdgeSingular} edge
 * @returns {Point[] | null}
 */
export function routeOf(edge) {
  return edge.scratch(ROUTE) ?? null;
}

/**
 * Draws an edge's kept route with cytoscape's segments: ends relative to the end nodes' centres, bends
 * relative to the line between the ends. Without a route (or after a node was dragged), a straight line.
 * @param {EdgeSingular} edge
 */
export function drawRoute(edge) {
  const points = routeOf(edge);
  if (!points) {
    edge.removeStyle('curve-style segment-weights segment-distances edge-distances source-endpoint target-endpoint');
    return;
  }
  const start = points[0];
  const end = points[points.length - 1];
  const s = edge.source().position();
  const t = edge.target().position();
  const segments = segmentsOf(start, points.slice(1, -1), end);
  /** @type {Record<string, any>} */
  const style = {
    'source-endpoint': `${start.x - s.x}px ${start.y - s.y}px`,
    'target-endpoint': `${end.x - t.x}px ${end.y - t.y}px`,
  };
  if (segments && segments.weights.length) {
    Object.assign(style, {
      'curve-style': 'segments',
      'edge-distances': 'endpoints',
      'segment-weights': segments.weights,
      'segment-distances': segments.distances,
    });
  } else {
    style['curve-style'] = 'straight';
  }
  edge.style(style);
}

/**
 * Forgets the routes of the edges at the given nodes and their descendants (a learner dragged them).
 * @param {NodeCollection} nodes
 */
export function forgetRoutes(nodes) {
  nodes.union(nodes.descendants()).connectedEdges().forEach(e => setRoute(e, null));
}

/**
 * Box of a placed leaf, from its position and drawn size.
 * @param {NodeSingular} node
 * @returns {Box}
 */
export function leafBox(node) {
  const { w, h } = leafSize(node);
  const p = node.position();
  return { x1: p.x - w / 2, y1: p.y - h / 2, x2: p.x + w / 2, y2: p.y + h / 2 };
}

/**
 * Box of a node from its placed leaves: a compound's padding and label included; null when none is placed.
 * @param {NodeSingular} node
 * @param {(n: NodeSingular) => boolean} isPlaced
 * @returns {Box | null}
 */
function placedBox(node, isPlaced) {
  if (node.isChildless()) return isPlaced(node) ? leafBox(node) : null;
  const inner = union(nodesOf(node.children()).map(c => placedBox(c, isPlaced)).filter(b => b != null));
  return inner ? grow(inner, marginsOf(node)) : null;
}

/**
 * Places new leaves without moving the arrangement of the others: each goes to the right of its placed
 * siblings (or, first in a new namespace or node, to the right of the placed namespaces or nodes around it),
 * and everything past that line moves over by the room it takes; below, likewise, when it is taller. New
 * networks go below everything. Routes move with the shift; the new elements' edges are drawn straight.
 * @param {Core} cy
 * @param {NodeCollection} fresh new nodes (leaves and compounds) not placed yet
 */
export function placeNew(cy, fresh) {
  const pending = new Set(fresh.map(n => n.id()));
  /** @param {NodeSingular} n */
  const isPlaced = n => !pending.has(n.id());
  const leaves = nodesOf(fresh).filter(n => n.isChildless()).sort(byId);
  const ordered = [...leaves.filter(n => n.data('type') !== 'network'), ...leaves.filter(n => n.data('type') === 'network')];
  cy.batch(() => {
    ordered.forEach(leaf => {
      placeLeaf(cy, leaf, isPlaced);
      pending.delete(leaf.id());
    });
    fresh.connectedEdges().forEach(e => setRoute(e, null));
  });
}

/**
 * @param {Core} cy
 * @param {NodeSingular} leaf
 * @param {(n: NodeSingular) => boolean} isPlaced
 */
function placeLeaf(cy, leaf, isPlaced) {
  const gap = SPACING.gap;
  const { w, h } = leafSize(leaf);
  if (leaf.data('type') === 'network' || leaf.parent().empty()) {
    const everything = union(nodesOf(cy.nodes().orphans()).filter(n => n !== leaf).map(n => placedBox(n, isPlaced)).filter(b => b != null));
    if (!everything) { leaf.position({ x: 0, y: 0 }); return; }
    if (leaf.data('type') === 'network') {
      const members = nodesOf(leaf.connectedEdges().connectedNodes()).filter(n => n !== leaf && isPlaced(n));
      const around = union(members.map(leafBox)) ?? everything;
      leaf.position({ x: (around.x1 + around.x2) / 2, y: everything.y2 + 2 * gap + h / 2 });
    } else {
      leaf.position({ x: everything.x2 + 2 * gap + w / 2, y: everything.y1 + h / 2 });
    }
    return;
  }

  // Climb until a level has placed siblings: the new box (the leaf inside its not yet placed ancestors)
  // goes to their right, top-aligned with them.
  /** @type {NodeSingular} */
  let box = leaf;
  let size = { w, h };
  /** @type {{ top: number, left: number }} leaf's offset inside the box being placed */
  let offset = { top: 0, left: 0 };
  for (;;) {
    const parent = box.parent();
    if (parent.empty()) break;
    const siblings = nodesOf(parent.children()).filter(c => c !== box);
    const anchor = union(siblings.map(c => placedBox(c, isPlaced)).filter(b => b != null));
    if (anchor && box === leaf && anchor.x2 - anchor.x1 > ROW_WIDTH) {
      // A long row of interfaces: the next one starts a row below.
      leaf.position({ x: anchor.x1 + w / 2, y: anchor.y2 + gap + h / 2 });
      makeRoom(cy, leaf, isPlaced, 'y', anchor.y2, gap + h);
      if (w > anchor.x2 - anchor.x1) makeRoom(cy, leaf, isPlaced, 'x', anchor.x2, w - (anchor.x2 - anchor.x1));
      return;
    }
    if (anchor) {
      const x1 = anchor.x2 + gap;
      leaf.position({ x: x1 + offset.left + w / 2, y: anchor.y1 + offset.top + h / 2 });
      makeRoom(cy, leaf, isPlaced, 'x', anchor.x2, gap + size.w);
      const deeper = anchor.y1 + size.h - anchor.y2;
      if (deeper > 0) makeRoom(cy, leaf, isPlaced, 'y', anchor.y2, deeper);
      return;
    }
    const up = nodesOf(parent)[0];
    const m = marginsOf(up);
    offset = { top: offset.top + m.top, left: offset.left + m.left };
    size = { w: size.w + m.left + m.right, h: size.h + m.top + m.bottom };
    box = up;
  }
  // A new top-level node: right of everything else.
  const others = union(nodesOf(cy.nodes().orphans()).filter(n => n !== box).map(n => placedBox(n, isPlaced)).filter(b => b != null));
  const x1 = others ? others.x2 + 2 * gap : 0;
  const y1 = others ? others.y1 : 0;
  leaf.position({ x: x1 + offset.left + w / 2, y: y1 + offset.top + h / 2 });
}

/**
 * Moves every placed leaf whose box starts at or past `at` (and every route point there) by `amount`.
 * @param {Core} cy
 * @param {NodeSingular} leaf the leaf being placed: it stays where it was put
 * @param {(n: NodeSingular) => boolean} isPlaced
 * @param {'x' | 'y'} axis
 * @param {number} at
 * @param {number} amount
 */
function makeRoom(cy, leaf, isPlaced, axis, at, amount) {
  const start = axis === 'x' ? 'x1' : 'y1';
  nodesOf(cy.nodes()).forEach(n => {
    if (n === leaf || !n.isChildless() || !isPlaced(n)) return;
    if (leafBox(n)[start] >= at) {
      const p = n.position();
      n.position(axis === 'x' ? { x: p.x + amount, y: p.y } : { x: p.x, y: p.y + amount });
    }
  });
  cy.edges().forEach(e => {
    const points = routeOf(e);
    if (!points) return;
    setRoute(e, points.map(p => (axis === 'x' ? { x: shifted(p.x, at, amount), y: p.y } : { x: p.x, y: shifted(p.y, at, amount) })));
  });
}

/**
 * Makes room for a leaf that grew in place (an interface got an address, so its label has a line more): its
 * top-left corner stays, and everything past its old right and bottom edges moves over by the growth.
 * @param {Core} cy
 * @param {NodeSingular} leaf
 * @param {{ w: number, h: number }} before its size before the change
 */
export function growLeaf(cy, leaf, before) {
  const after = leafSize(leaf);
  const dw = after.w - before.w;
  const dh = after.h - before.h;
  if (dw <= 0 && dh <= 0) return;
  const p = leaf.position();
  const old = { x1: p.x - before.w / 2, y1: p.y - before.h / 2, x2: p.x + before.w / 2, y2: p.y + before.h / 2 };
  cy.batch(() => {
    leaf.position({ x: old.x1 + after.w / 2, y: old.y1 + after.h / 2 });
    forgetRoutes(leaf);
    const all = () => true;
    if (dw > 0) makeRoom(cy, leaf, all, 'x', old.x2, dw);
    if (dh > 0) makeRoom(cy, leaf, all, 'y', old.y2, dh);
  });
}

/**
 * The boxes an edge must keep out of: every box but its ends' and their ancestors', each at the outermost level
 * that is not theirs (a namespace's box stands for its interfaces).
 * @param {Core} cy
 * @param {EdgeSingular} edge
 * @param {(n: NodeSingular) => Box | null} boxOf
 * @returns {Box[]}
 */
export function obstaclesOf(cy, edge, boxOf) {
  const ends = edge.source().union(edge.target());
  const related = new Set(ends.union(ends.ancestors()).map(n => n.id()));
  /** @type {Box[]} */
  const boxes = [];
  /** @param {NodeSingular[]} nodes */
  const visit = nodes => {
    for (const n of nodes) {
      if (related.has(n.id())) {
        visit(nodesOf(n.children()));
      } else {
        const box = boxOf(n);
        if (box) boxes.push(box);
      }
    }
  };
  visit(nodesOf(cy.nodes().orphans()));
  return boxes;
}

/**
 * A memo of every node's box as placed (a compound's around its leaves, with padding and label).
 * @returns {(n: NodeSingular) => Box | null}
 */
function placedBoxes() {
  /** @type {Map<string, Box | null>} */
  const known = new Map();
  const all = () => true;
  return n => {
    if (!known.has(n.id())) known.set(n.id(), placedBox(n, all));
    return known.get(n.id()) ?? null;
  };
}

/**
 * The edges whose drawing needs a route: those without one (added after the layout, at a new or grown leaf, or
 * dragged) and those whose route now passes through a box they have nothing to do with.
 * @param {Core} cy
 * @returns {EdgeSingular[]}
 */
export function edgesToRoute(cy) {
  const boxOf = placedBoxes();
  return /** @type {EdgeSingular[]} */ (cy.edges().toArray()).filter(e => {
    const points = routeOf(e);
    if (!points) return true;
    const obstacles = obstaclesOf(cy, e, boxOf);
    return points.some((p, k) => k > 0 && obstacles.some(b => segmentCrossesBox(points[k - 1], p, b)));
  });
}

/**
 * Routes edges orthogonally around the boxes they have nothing to do with, leaving every box where it is. An edge
 * with no way around (its ends boxed in) stays straight.
 * @param {Core} cy
 * @param {EdgeSingular[]} edges
 * @returns {number} how many got a route
 */
export function routeEdges(cy, edges) {
  const boxOf = placedBoxes();
  let routed = 0;
  cy.batch(() => {
    for (const e of edges) {
      const from = leafBox(e.source());
      const to = leafBox(e.target());
      const points = e.source().isChildless() && e.target().isChildless() ? orthogonalRoute(from, to, obstaclesOf(cy, e, boxOf)) : null;
      setRoute(e, points);
      if (points) routed++;
    }
  });
  return routed;
}
