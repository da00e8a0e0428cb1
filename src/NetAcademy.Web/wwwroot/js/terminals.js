// @ts-check
// One xterm.js terminal per lab node, each in a pane behind a tab (the ARIA tabs pattern), for the learner's
// workspace and the instructor's read-only observation. What goes in and out of a terminal is the page's business:
// this module only builds, shows and sizes them.

import { Terminal } from '../lib/xterm/xterm.mjs';
import { FitAddon } from '../lib/xterm/addon-fit.mjs';
import { tabKeyTarget } from './tab-keys.js';

/** @typedef {import('../lib/xterm/xterm.mjs').ITerminalOptions} TerminalOptions */

/**
 * A node's terminal on the page.
 * @typedef {object} NodeTerminal
 * @property {string} node
 * @property {Terminal} term
 * @property {FitAddon} fit
 * @property {HTMLElement} pane
 * @property {HTMLButtonElement} tab
 * @property {{ dispose(): void } | null} subscription the hub stream feeding it, while there is one
 */

const TERMINAL_OPTIONS = {
  scrollback: 5000,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 14,
};

/**
 * Sets up the node tabs of a page.
 * @param {object} o
 * @param {HTMLElement} o.tabs the tab list (role=tablist)
 * @param {HTMLElement} o.panes where the terminal panes go
 * @param {string} o.idPrefix makes the tab and pane ids unique on the page (the session id)
 * @param {TerminalOptions | (() => TerminalOptions)} o.options xterm options on top of the common ones (font,
 *   scrollback), e.g. theme, disableStdin; a function is asked again for each new terminal
 * @param {(node: string) => string} [o.paneLabel] the pane's accessible name; by default the pane is named by its tab
 * @param {boolean} [o.focusOnSelect] whether choosing a tab moves the focus into its terminal
 * @param {(node: string) => void} [o.onSelect] told of every selected node
 */
export function terminalTabs(o) {
  const { tabs, panes, idPrefix, options, paneLabel, focusOnSelect = false, onSelect = () => {} } = o;
  /** @type {Map<string, NodeTerminal>} */
  const terminals = new Map();
  /** @type {ResizeObserver[]} */
  const observers = [];

  /** @param {string} node @returns {NodeTerminal} */
  function add(node) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.setAttribute('role', 'tab');
    tab.textContent = node;
    tab.dataset.node = node;
    tab.id = `tab-${idPrefix}-${node}`;
    tab.setAttribute('aria-controls', `pane-${idPrefix}-${node}`);
    tab.setAttribute('aria-selected', 'false');
    tab.tabIndex = -1;
    tab.title = `Terminal on ${node}`;
    tab.addEventListener('click', () => select(node));
    tabs.append(tab);

    const pane = document.createElement('div');
    pane.className = 'terminal-pane';
    pane.dataset.node = node;
    pane.id = `pane-${idPrefix}-${node}`;
    pane.setAttribute('role', 'tabpanel');
    if (paneLabel) pane.setAttribute('aria-label', paneLabel(node));
    else pane.setAttribute('aria-labelledby', tab.id);
    // Only the selected node's terminal shows; the first one is selected below.
    pane.hidden = terminals.size > 0;
    panes.append(pane);

    const term = new Terminal({ ...TERMINAL_OPTIONS, ...(typeof options === 'function' ? options() : options) });
    const fit = new FitAddon();
    term.loadAddon(fit);
    /** @type {NodeTerminal} */
    const t = { term, fit, pane, tab, subscription: null, node };
    terminals.set(node, t);
    term.open(pane);
    const observer = new ResizeObserver(() => { if (!pane.hidden) safeFit(t); });
    observer.observe(pane);
    observers.push(observer);
    if (terminals.size === 1) select(node);
    safeFit(t);
    return t;
  }

  /** @param {string} node @param {boolean} [focus] */
  function select(node, focus = focusOnSelect) {
    for (const [name, t] of terminals) {
      const on = name === node;
      t.pane.hidden = !on;
      t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tab.tabIndex = on ? 0 : -1;
      if (on) {
        safeFit(t);
        if (focus) t.term.focus();
      }
    }
    onSelect(node);
  }

  // Arrow keys, Home and End move between the node tabs; Tab goes on from the tab list into the selected terminal.
  /** @param {KeyboardEvent} ev */
  function onKey(ev) {
    const all = /** @type {HTMLElement[]} */ ([...tabs.querySelectorAll('[role=tab]')]);
    const at = all.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    if (at < 0) return;
    const next = tabKeyTarget(ev.key, at, all.length);
    if (next === null) return;
    ev.preventDefault();
    select(all[next].dataset.node ?? '', false);
    all[next].focus();
  }
  tabs.addEventListener('keydown', onKey);

  function dispose() {
    tabs.removeEventListener('keydown', onKey);
    for (const observer of observers) observer.disconnect();
    for (const [, t] of terminals) {
      t.subscription?.dispose();
      t.term.dispose();
      t.tab.remove();
      t.pane.remove();
    }
    terminals.clear();
  }

  return { terminals, add, select, dispose };
}

/** @param {NodeTerminal} t */
function safeFit(t) {
  try { t.fit.fit(); } catch { /* not laid out yet */ }
}
