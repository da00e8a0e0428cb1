// @ts-check
// The xterm.js terminals of the lab nodes, each in a pane behind a tab (the ARIA tabs pattern), for the learner's
// workspace and the instructor's read-only observation. A node may have several shells, numbered from 1, each with its
// own tab; a node's tabs stay together. What goes in and out of a terminal is the page's business: this module only
// builds, shows, sizes and removes them.

import { Terminal } from '../lib/xterm/xterm.mjs';
import { FitAddon } from '../lib/xterm/addon-fit.mjs';
import { tabKeyTarget } from './tab-keys.js';
import { insertionIndex, selectionAfterClose, shellLabel, terminalKey } from './terminal-shells.js';

/** @typedef {import('../lib/xterm/xterm.mjs').ITerminalOptions} TerminalOptions */

/**
 * A shell's terminal on the page.
 * @typedef {object} NodeTerminal
 * @property {string} node
 * @property {number} shell its number on the node, from 1
 * @property {string} key node and shell (terminalKey), its key in `terminals`
 * @property {Terminal} term
 * @property {FitAddon} fit
 * @property {HTMLElement} pane
 * @property {HTMLButtonElement} tab
 * @property {ResizeObserver} observer
 * @property {{ dispose(): void } | null} subscription the hub stream feeding it, while there is one
 */

const TERMINAL_OPTIONS = {
  scrollback: 5000,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 14,
};

/**
 * Sets up the terminal tabs of a page.
 * @param {object} o
 * @param {HTMLElement} o.tabs the tab list (role=tablist)
 * @param {HTMLElement} o.panes where the terminal panes go
 * @param {string} o.idPrefix makes the tab and pane ids unique on the page (the session id)
 * @param {TerminalOptions | (() => TerminalOptions)} o.options xterm options on top of the common ones (font,
 *   scrollback), e.g. theme, disableStdin; a function is asked again for each new terminal
 * @param {(node: string, shell: number) => string} [o.paneLabel] the pane's accessible name; by default the pane is
 *   named by its tab
 * @param {boolean} [o.focusOnSelect] whether choosing a tab moves the focus into its terminal
 * @param {(t: NodeTerminal) => void} [o.onSelect] told of every selected terminal
 * @param {(t: NodeTerminal) => void} [o.onDeleteKey] told when Delete is pressed on a tab (the page may close it)
 */
export function terminalTabs(o) {
  const { tabs, panes, idPrefix, options, paneLabel, focusOnSelect = false, onSelect = () => {}, onDeleteKey } = o;
  /** @type {Map<string, NodeTerminal>} */
  const terminals = new Map();
  /** @type {NodeTerminal | null} */
  let selected = null;

  /** The terminals in tab order. */
  function ordered() {
    return [...tabs.querySelectorAll('[role=tab]')]
      .map(tab => terminals.get(/** @type {HTMLElement} */ (tab).dataset.key ?? ''))
      .filter(/** @returns {t is NodeTerminal} */ t => t !== undefined);
  }

  /**
   * Adds the tab and terminal of a node's shell (or returns the one there is).
   * @param {string} node
   * @param {number} [shell]
   * @returns {NodeTerminal}
   */
  function add(node, shell = 1) {
    const key = terminalKey(node, shell);
    const existing = terminals.get(key);
    if (existing) return existing;
    const ids = `${idPrefix}-${node}-${shell}`;
    const tab = shellTab(ids, node, shell, key);
    tab.addEventListener('click', () => select(key));
    const order = ordered();
    const at = insertionIndex(order, { node, shell });
    if (at < order.length) order[at].tab.before(tab);
    else tabs.append(tab);
    const pane = shellPane(ids, node, shell, paneLabel ? paneLabel(node, shell) : null, tab.id);
    // Only the selected terminal shows; the first one is selected below.
    pane.hidden = terminals.size > 0;
    panes.append(pane);

    const term = new Terminal({ ...TERMINAL_OPTIONS, ...(typeof options === 'function' ? options() : options) });
    const fit = new FitAddon();
    term.loadAddon(fit);
    const observer = new ResizeObserver(() => { if (!pane.hidden) safeFit(t); });
    /** @type {NodeTerminal} */
    const t = { term, fit, pane, tab, observer, subscription: null, node, shell, key };
    terminals.set(key, t);
    term.open(pane);
    observer.observe(pane);
    if (terminals.size === 1) select(key);
    safeFit(t);
    return t;
  }

  /** @param {string} key @param {boolean} [focus] */
  function select(key, focus = focusOnSelect) {
    const chosen = terminals.get(key);
    if (!chosen) return;
    for (const [, t] of terminals) {
      const on = t === chosen;
      t.pane.hidden = !on;
      t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tab.tabIndex = on ? 0 : -1;
    }
    selected = chosen;
    safeFit(chosen);
    if (focus) chosen.term.focus();
    onSelect(chosen);
  }

  /**
   * Removes a shell's tab and terminal; when it was the selected one, selects another shell of its node (or the
   * first tab). Ending the shell on the server is the caller's business.
   * @param {string} key
   */
  function remove(key) {
    const t = terminals.get(key);
    if (!t) return;
    const order = ordered();
    const next = selectionAfterClose(order, order.indexOf(t));
    const hadFocus = t.tab.contains(document.activeElement) || t.pane.contains(document.activeElement);
    destroy(t);
    terminals.delete(key);
    if (selected !== t) return;
    selected = null;
    const successor = next !== null ? order[next] : ordered()[0];
    if (successor) {
      select(successor.key, false);
      if (hadFocus) successor.tab.focus();
    }
  }

  /** The shell numbers of a node shown on the page. @param {string} node */
  function shellsOf(node) {
    return [...terminals.values()].filter(t => t.node === node).map(t => t.shell);
  }

  // Arrow keys, Home and End move between the tabs; Tab goes on from the tab list into the selected terminal;
  // Delete asks the page to close the focused tab's shell.
  /** @param {KeyboardEvent} ev */
  function onKey(ev) {
    const all = ordered();
    const at = all.findIndex(t => t.tab === document.activeElement);
    if (at < 0) return;
    if (ev.key === 'Delete' && onDeleteKey) {
      ev.preventDefault();
      onDeleteKey(all[at]);
      return;
    }
    const next = tabKeyTarget(ev.key, at, all.length);
    if (next === null) return;
    ev.preventDefault();
    select(all[next].key, false);
    all[next].tab.focus();
  }
  tabs.addEventListener('keydown', onKey);

  function dispose() {
    tabs.removeEventListener('keydown', onKey);
    for (const [, t] of terminals) destroy(t);
    terminals.clear();
    selected = null;
  }

  return { terminals, add, select, remove, shellsOf, get selected() { return selected; }, dispose };
}

/**
 * A shell's tab (the ARIA tabs pattern; the selected one is the tab stop).
 * @param {string} ids what makes its id unique
 * @param {string} node @param {number} shell @param {string} key
 */
function shellTab(ids, node, shell, key) {
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.className = 'tab';
  tab.setAttribute('role', 'tab');
  tab.textContent = shellLabel(node, shell);
  tab.dataset.node = node;
  tab.dataset.shell = String(shell);
  tab.dataset.key = key;
  tab.id = `tab-${ids}`;
  tab.setAttribute('aria-controls', `pane-${ids}`);
  tab.setAttribute('aria-selected', 'false');
  tab.tabIndex = -1;
  tab.title = shell === 1 ? `Terminal on ${node}` : `Terminal ${shell} on ${node}`;
  return tab;
}

/**
 * A shell's pane, named by `label` or else by its tab.
 * @param {string} ids @param {string} node @param {number} shell @param {string | null} label @param {string} tabId
 */
function shellPane(ids, node, shell, label, tabId) {
  const pane = document.createElement('div');
  pane.className = 'terminal-pane';
  pane.dataset.node = node;
  pane.dataset.shell = String(shell);
  pane.id = `pane-${ids}`;
  pane.setAttribute('role', 'tabpanel');
  if (label) pane.setAttribute('aria-label', label);
  else pane.setAttribute('aria-labelledby', tabId);
  return pane;
}

/** @param {NodeTerminal} t */
function destroy(t) {
  t.observer.disconnect();
  t.subscription?.dispose();
  t.subscription = null;
  t.term.dispose();
  t.tab.remove();
  t.pane.remove();
}

/** @param {NodeTerminal} t */
function safeFit(t) {
  try { t.fit.fit(); } catch { /* not laid out yet */ }
}
