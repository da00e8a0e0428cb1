// @ts-check
// Applies the server's interface graph messages (docs/graph-format.md) to a cytoscape instance: a whole graph
// (applied as a difference when something is drawn already, so nothing jumps) or a diff. Pure of the DOM, so
// Node's test runner drives it with a headless cytoscape.
//
// The server's messages are input from lab nodes passed through discovery: an element whose parent, source or
// target is unknown is skipped rather than trusted, and applying the same message twice changes nothing.

/** @typedef {import('cytoscape').Core} Core */
/** @typedef {import('cytoscape').NodeCollection} NodeCollection */
/** @typedef {import('cytoscape').ElementDefinition} ElementDefinition */

/**
 * An element as the server sends it.
 * @typedef {{ group: 'nodes' | 'edges', data: Record<string, any> & { id: string } }} GraphElement
 */

/**
 * One diagnostic of discovery.
 * @typedef {{ severity: string, node?: string | null, netns?: string | null, source?: string, message: string }} Diagnostic
 */

/** @typedef {{ format: number, elements: GraphElement[], diagnostics?: Diagnostic[] }} WholeGraph */
/** @typedef {{ format: number, added: GraphElement[], removed: string[], changed: GraphElement[], diagnostics?: Diagnostic[] }} GraphDiff */

/**
 * What one message did.
 * @typedef {{ added: NodeCollection, addedIds: string[], removedIds: string[], changedIds: string[], skipped: string[] }} PatchResult
 */

const DOWN_STATES = new Set(['DOWN', 'LOWERLAYERDOWN', 'NOTPRESENT', 'DORMANT']);

/** Approximate width of one character of the interface labels' 10px monospace font. */
const CHAR_WIDTH = 7;

/**
 * Whether an interface looks down: administratively down or an operational state that carries nothing.
 * @param {Record<string, any>} data
 */
export function isDown(data) {
  return !data.up || DOWN_STATES.has(data.operState);
}

/**
 * The element as the page draws it: the server's data plus the label text and box size the stylesheet needs.
 * @param {GraphElement} element
 * @returns {ElementDefinition}
 */
export function decorate(element) {
  const data = { ...element.data };
  const classes = [];
  if (data.type === 'interface') {
    const lines = [String(data.name ?? '')];
    for (const address of Array.isArray(data.addresses) ? data.addresses : []) lines.push(String(address));
    if (data.vxlan) lines.push(`vni ${data.vxlan.id}`);
    data.display = lines.join('\n');
    data.w = Math.max(56, Math.max(...lines.map(l => l.length)) * CHAR_WIDTH + 16);
    data.h = 14 + lines.length * 13;
    if (isDown(data)) classes.push('down');
  } else if (data.type === 'network') {
    data.display = data.subnet ? `${data.label}\n${data.subnet}` : data.label;
    data.w = Math.max(110, Math.max(...String(data.display ?? '').split('\n').map(l => l.length)) * CHAR_WIDTH + 20);
  } else {
    data.display = data.label;
  }
  return { group: element.group, data, classes: classes.join(' ') };
}

/**
 * Applies a whole graph: on an empty canvas everything is added; otherwise it is applied as the difference to
 * what is drawn, so positions of what stays are kept.
 * @param {Core} cy
 * @param {WholeGraph} graph
 * @returns {PatchResult}
 */
export function applyGraph(cy, graph) {
  const elements = Array.isArray(graph.elements) ? graph.elements : [];
  const wanted = new Set(elements.map(e => e.data.id));
  // Edges first, then children before parents: the order the server uses for removals.
  const removed = cy.elements()
    .filter(e => !wanted.has(e.id()))
    .sort((a, b) => rank(a) - rank(b))
    .map(e => e.id());
  const added = elements.filter(e => cy.getElementById(e.data.id).empty());
  const changed = elements.filter(e => !cy.getElementById(e.data.id).empty());
  return patch(cy, removed, added, changed);
}

/**
 * Applies a diff in the order the format asks for: removed, added, changed.
 * @param {Core} cy
 * @param {GraphDiff} diff
 * @returns {PatchResult}
 */
export function applyDiff(cy, diff) {
  return patch(cy, diff.removed ?? [], diff.added ?? [], diff.changed ?? []);
}

/**
 * @param {import('cytoscape').SingularElementArgument} element
 * @returns {number} 0 for edges, then deeper nodes before their parents
 */
function rank(element) {
  if (element.isEdge()) return 0;
  const type = element.data('type');
  return type === 'interface' || type === 'network' ? 1 : type === 'netns' ? 2 : 3;
}

/**
 * @param {Core} cy
 * @param {string[]} removed
 * @param {GraphElement[]} added
 * @param {GraphElement[]} changed
 * @returns {PatchResult}
 */
function patch(cy, removed, added, changed) {
  /** @type {string[]} */
  const removedIds = [];
  /** @type {string[]} */
  const changedIds = [];
  /** @type {string[]} */
  const skipped = [];
  /** @type {string[]} */
  const addedIds = [];
  let fresh = cy.collection();
  cy.batch(() => {
    for (const id of removed) {
      const existing = cy.getElementById(id);
      if (existing.empty()) continue;
      existing.remove();
      removedIds.push(id);
    }
    for (const element of [...added, ...changed]) {
      if (!isElement(element)) skipped.push(String(/** @type {any} */ (element)?.data?.id));
    }
    const valid = added.filter(isElement);
    const validChanged = changed.filter(isElement);
    // Parents before children and nodes before edges, whatever order the message had. A change of an element
    // that is not drawn (a message missed) is an addition.
    const ordered = [...valid, ...validChanged.filter(e => cy.getElementById(e.data.id).empty())]
      .sort((a, b) => order(a) - order(b));
    for (const element of ordered) {
      const id = element.data.id;
      const existing = cy.getElementById(id);
      if (existing.nonempty()) {
        // Added twice: the second is a change.
        if (update(existing, element)) changedIds.push(id);
        continue;
      }
      if (!endsKnown(cy, element)) { skipped.push(id); continue; }
      fresh = fresh.union(cy.add(decorate(element)));
      addedIds.push(id);
    }
    for (const element of validChanged) {
      const id = element.data.id;
      if (addedIds.includes(id)) continue;
      const existing = cy.getElementById(id);
      if (existing.empty()) continue;
      if (update(existing, element)) changedIds.push(id);
    }
  });
  return { added: fresh.nodes(), addedIds, removedIds, changedIds, skipped };
}

/**
 * Replaces an element's data and classes in place; its id fixes parent, source and target, so those stay.
 * @param {import('cytoscape').SingularElementArgument} existing
 * @param {GraphElement} element
 * @returns {boolean} whether anything differed
 */
function update(existing, element) {
  const next = decorate(element);
  const { parent, source, target, ...data } = next.data ?? {};
  const before = JSON.stringify(existing.data());
  const stale = Object.keys(existing.data()).filter(k => !(k in data) && !['id', 'parent', 'source', 'target'].includes(k));
  if (stale.length) existing.removeData(stale.join(' '));
  existing.data(data);
  const classes = String(next.classes ?? '');
  if (existing.classes().join(' ') !== classes) {
    existing.classes(classes);
    return true;
  }
  return JSON.stringify(existing.data()) !== before;
}

/** @param {GraphElement} element */
function order(element) {
  if (element.group === 'edges') return 4;
  const type = element.data.type;
  return type === 'node' ? 0 : type === 'netns' ? 1 : 2;
}

/**
 * @param {any} element
 * @returns {element is GraphElement}
 */
function isElement(element) {
  return element != null && (element.group === 'nodes' || element.group === 'edges') &&
    element.data != null && typeof element.data.id === 'string' && element.data.id.length > 0;
}

/**
 * Whether the element's parent (for a node) or both ends (for an edge) are drawn.
 * @param {Core} cy
 * @param {GraphElement} element
 */
function endsKnown(cy, element) {
  const { parent, source, target } = element.data;
  if (element.group === 'edges') {
    return typeof source === 'string' && typeof target === 'string' &&
      cy.getElementById(source).isNode() && cy.getElementById(target).isNode();
  }
  return parent == null || (typeof parent === 'string' && cy.getElementById(parent).isNode());
}
