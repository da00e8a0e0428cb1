// One xterm.js terminal per lab node, each in a pane behind a tab (the ARIA tabs pattern), for the learner's
// workspace and the instructor's read-only observation. What goes in and out of a terminal is the page's business:
// this module only builds, shows and sizes them. Uses the Terminal and FitAddon globals (lib/xterm).

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
 * @param {object | (() => object)} o.options xterm options on top of the common ones (font, scrollback), e.g. theme,
 *   disableStdin; a function is asked again for each new terminal (a theme that follows the colour scheme)
 * @param {(node: string) => string} [o.paneLabel] the pane's accessible name; by default the pane is named by its tab
 * @param {boolean} [o.focusOnSelect] whether choosing a tab moves the focus into its terminal
 * @param {(node: string) => void} [o.onSelect] told of every selected node
 * @returns {{ terminals: Map<string, object>, add: (node: string) => object,
 *   select: (node: string, focus?: boolean) => void }} terminals maps a node to
 *   { term, fit, pane, tab, subscription: null, node }; add creates a node's terminal (the first one added is
 *   selected) and returns that entry; select shows a node's terminal, focus defaulting to focusOnSelect.
 */
export function terminalTabs(o) {
  const { tabs, panes, idPrefix, options, paneLabel, focusOnSelect = false, onSelect = () => {} } = o;
  const terminals = new Map();

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
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    const t = { term, fit, pane, tab, subscription: null, node };
    terminals.set(node, t);
    term.open(pane);
    new ResizeObserver(() => { if (!pane.hidden) safeFit(t); }).observe(pane);
    if (terminals.size === 1) select(node);
    safeFit(t);
    return t;
  }

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

  // Arrow keys, Home and End move between the node tabs; Tab goes on from the tab list into the selected terminal
  // (and so does Enter on a tab where focusOnSelect is set).
  tabs.addEventListener('keydown', ev => {
    const all = [...tabs.querySelectorAll('[role=tab]')];
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    let next = null;
    if (ev.key === 'ArrowRight') next = (at + 1) % all.length;
    else if (ev.key === 'ArrowLeft') next = (at - 1 + all.length) % all.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = all.length - 1;
    if (next === null) return;
    ev.preventDefault();
    select(all[next].dataset.node, false);
    all[next].focus();
  });

  return { terminals, add, select };
}

function safeFit(t) {
  try { t.fit.fit(); } catch { /* not laid out yet */ }
}
