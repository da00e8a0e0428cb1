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
