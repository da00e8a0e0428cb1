// @ts-check
// The shells of the workspace's terminal tabs: a node has shells numbered from 1, at most a few at once (the server
// enforces the same cap). Which number a new shell takes, how its tab is named and where it goes. Pure, so Node tests it.

/**
 * A tab's identity: the node and its shell number.
 * @typedef {{ node: string, shell: number }} ShellRef
 */

/**
 * The key of a node's shell among the page's terminals.
 * @param {string} node
 * @param {number} shell
 */
export function terminalKey(node, shell) {
  return `${node}#${shell}`;
}

/**
 * A tab's visible name: the node for its first shell, the node and the number for the others ("host1 2").
 * @param {string} node
 * @param {number} shell
 */
export function shellLabel(node, shell) {
  return shell === 1 ? node : `${node} ${shell}`;
}

/**
 * The number a new shell on a node takes: the lowest one not in use, or null when the node has `max` already.
 * @param {number[]} used the node's shell numbers open on the page
 * @param {number} max
 * @returns {number | null}
 */
export function nextShell(used, max) {
  if (used.length >= max) return null;
  for (let n = 1; ; n++) if (!used.includes(n)) return n;
}

/**
 * Where a new tab goes in the tab list: after the tabs of its node with a lower number, so a node's shells stay
 * together and in order; at the end for a node not shown yet.
 * @param {ShellRef[]} tabs the tabs in order
 * @param {ShellRef} added
 * @returns {number} the index the new tab takes
 */
export function insertionIndex(tabs, added) {
  let after = -1;
  tabs.forEach((t, i) => { if (t.node === added.node && t.shell < added.shell) after = i; });
  if (after >= 0) return after + 1;
  const firstOfNode = tabs.findIndex(t => t.node === added.node);
  return firstOfNode >= 0 ? firstOfNode : tabs.length;
}

/**
 * The tab to select after one is closed: the next shell of the same node, else the one before it.
 * @param {ShellRef[]} tabs the tabs in order, the closed one still among them
 * @param {number} closed the closed tab's index
 * @returns {number | null} an index in `tabs`, or null when the node has no other shell
 */
export function selectionAfterClose(tabs, closed) {
  const node = tabs[closed]?.node;
  for (let i = closed + 1; i < tabs.length; i++) if (tabs[i].node === node) return i;
  for (let i = closed - 1; i >= 0; i--) if (tabs[i].node === node) return i;
  return null;
}

/**
 * What the "+" and close buttons say and allow for the selected shell.
 * @param {ShellRef | null} selected the selected tab's shell, if any
 * @param {number} count shells open on its node
 * @param {number} max the cap per node
 * @param {boolean} ready whether the lab is ready
 */
export function shellButtons(selected, count, max, ready) {
  if (!selected) return { newDisabled: true, closeDisabled: true, newLabel: null, newTitle: null, closeLabel: null, closeTitle: null };
  const { node, shell } = selected;
  return {
    newDisabled: !ready || count >= max,
    newLabel: `New terminal on ${node}`,
    newTitle: count >= max ? `${node} has ${max} terminals, the most one node may have: close one first` : `New terminal on ${node}`,
    closeDisabled: count <= 1,
    closeLabel: `Close terminal ${shellLabel(node, shell)}`,
    closeTitle: count <= 1
      ? `The only terminal on ${node} stays open`
      : `Close terminal ${shellLabel(node, shell)} and end its shell (Delete on its tab)`,
  };
}

/**
 * The shell a lesson's "Run on <node>" types into: the selected one if it is on that node, else the node's first.
 * @template {ShellRef} T
 * @param {T | null} selected
 * @param {Iterable<T>} shells all shells on the page
 * @param {string} node
 * @returns {T | undefined}
 */
export function runTarget(selected, shells, node) {
  if (selected?.node === node) return selected;
  return [...shells].filter(x => x.node === node).sort((a, b) => a.shell - b.shell)[0];
}
