// @ts-check
// The workspace's layout: drag handles between the lesson and the lab, the terminals and the insight area, and the
// graph and the packets; each handle also moves with the arrow keys (Shift for bigger steps, Home/End for the ends,
// double-click or Enter for the default). Sizes are remembered per signed-in user in localStorage.
// Full screen: the terminals, the graph or the packets fill the window (button, or Ctrl+Shift+F for the part that
// has the focus, the terminals otherwise); Esc leaves, except inside a terminal where Esc belongs to the program
// running there (vi, less): there Ctrl+Shift+F or the button leaves.

import { clampShare, keyedShare } from './split-shares.js';

const STORE_PREFIX = 'netacademy.layout.';

/** @typedef {'lesson' | 'terminal' | 'insight'} SplitName */
/** @typedef {import('./split-shares.js').Split} Split */
/**
 * Each split's share in percent. Loaded from localStorage as saved, so until apply() has normalised a split its value
 * may be anything; apply() runs for every split with a handle as soon as the layout starts.
 * @typedef {Partial<Record<SplitName, number>>} Sizes
 */
/** @typedef {{ left: number, top: number, width: number, height: number }} Box */
/**
 * What startLayout returns: `fullscreen` is the data-fullscreen-target of the part filling the window, or null.
 * @typedef {{
 *   readonly sizes: Sizes,
 *   readonly fullscreen: string | null | undefined,
 *   set: (name: SplitName, value: number) => void,
 *   enter: (name: string) => void,
 *   leave: () => void,
 *   storeKey: string,
 * }} LayoutApi
 */

/**
 * Each workspace root's layout API (sizes, fullscreen, set, enter, leave, storeKey), for tests and other modules.
 * @type {WeakMap<HTMLElement, LayoutApi>}
 */
const layouts = new WeakMap();

/**
 * The layout started on a workspace root (#workspace), or undefined.
 * @param {HTMLElement} root
 * @returns {LayoutApi | undefined}
 */
export function layoutOf(root) {
  return layouts.get(root);
}

// Each split: which CSS variable it sets on the workspace, its range and default (percent of its container).
/** @type {Record<SplitName, Split>} */
const SPLITS = {
  lesson: { variable: '--lesson-share', min: 15, max: 75, initial: 36, label: 'Resize the lesson and the lab' },
  terminal: { variable: '--terminal-share', min: 15, max: 85, initial: 50, label: 'Resize the terminals and the graph and packets' },
  insight: { variable: '--graph-share', min: 15, max: 85, initial: 52, label: 'Resize the graph and the packets' },
};

/**
 * The splitters' state: each split's share, and how to set one.
 * @typedef {{ sizes: Sizes, handles: Partial<Record<SplitName, HTMLElement>>, apply: (name: SplitName, value: unknown, persist: boolean) => void }} Splitters
 */

/**
 * Adds the splitters and full screen to a workspace root; null when the root lacks the panes they work on.
 * @param {HTMLElement} root
 * @returns {LayoutApi | null}
 */
export function startLayout(root) {
  // All of these are HTML elements in the workspace's markup; the casts only tell the checker so.
  const lessonPane = /** @type {HTMLElement | null} */ (root.querySelector('.lesson-pane'));
  const labPane = /** @type {HTMLElement | null} */ (root.querySelector('.lab-pane'));
  const terminalArea = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=terminal-area]'));
  const insight = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=insight]'));
  const graph = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=graph]'));
  const packets = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=packets]'));
  if (!lessonPane || !labPane || !terminalArea || !insight) return null;

  const storeKey = STORE_PREFIX + (root.dataset.user || 'anonymous');
  const splitters = startSplitters(root, storeKey, { lessonPane, terminalArea, insight, graph, packets });
  const full = startFullscreen(root, terminalArea);

  /** @type {LayoutApi} */
  const api = {
    get sizes() { return { ...splitters.sizes }; },
    get fullscreen() { return full.current(); },
    set: (name, value) => splitters.apply(name, value, true),
    enter: full.enter,
    leave: full.leave,
    storeKey,
  };
  layouts.set(root, api);
  return api;
}

/**
 * Puts the handles between the lesson and the lab, the terminals and the insight area, and the graph and the
 * packets, each at its saved share.
 * @param {HTMLElement} root
 * @param {string} storeKey
 * @param {{ lessonPane: HTMLElement, terminalArea: HTMLElement, insight: HTMLElement, graph: HTMLElement | null, packets: HTMLElement | null }} parts
 * @returns {Splitters}
 */
function startSplitters(root, storeKey, { lessonPane, terminalArea, insight, graph, packets }) {
  const sizes = loadSizes(storeKey);
  /** @type {Partial<Record<SplitName, HTMLElement>>} */
  const handles = {};
  /** @type {Splitters} */
  const splitters = {
    sizes,
    handles,
    apply(name, value, persist) {
      const split = SPLITS[name];
      const share = clampShare(split, value);
      sizes[name] = share;
      root.style.setProperty(split.variable, String(share));
      const handle = handles[name];
      if (handle) {
        handle.setAttribute('aria-valuenow', String(Math.round(share)));
        handle.setAttribute('aria-valuetext', `${Math.round(share)} percent`);
      }
      if (persist) saveSizes(storeKey, sizes);
    },
  };
  lessonPane.id ||= 'workspace-lesson';
  terminalArea.id ||= 'workspace-terminals';
  if (graph) graph.id ||= 'workspace-graph';

  // The lesson | lab handle sits between the two columns; the others inside the lab pane.
  handles.lesson = makeHandle(root, splitters, 'lesson', 'vertical', lessonPane.id, () => root.getBoundingClientRect(), 'x');
  lessonPane.after(handles.lesson);
  handles.terminal = makeHandle(root, splitters, 'terminal', 'horizontal', terminalArea.id, () => splitBox(terminalArea, insight, 'y'), 'y');
  terminalArea.after(handles.terminal);
  if (graph && packets) {
    handles.insight = makeHandle(root, splitters, 'insight', 'vertical', graph.id, () => splitBox(graph, packets, 'x'), 'x');
    graph.after(handles.insight);
  }
  for (const name of /** @type {SplitName[]} */ (Object.keys(handles))) {
    splitters.apply(name, sizes[name] ?? SPLITS[name].initial, false);
  }
  return splitters;
}

/**
 * @param {string} storeKey
 * @returns {Sizes}
 */
function loadSizes(storeKey) {
  try {
    const saved = JSON.parse(localStorage.getItem(storeKey) || '{}');
    return saved && typeof saved === 'object' ? saved : {};
  } catch {
    return {};
  }
}

/** @param {string} storeKey @param {Sizes} sizes */
function saveSizes(storeKey, sizes) {
  try {
    localStorage.setItem(storeKey, JSON.stringify(sizes));
  } catch { /* storage full or denied: the layout still works, it is only not remembered */ }
}

/**
 * The box two neighbouring parts share, so a drag maps the pointer onto their combined size.
 * @param {Element} first
 * @param {Element} second
 * @param {'x' | 'y'} axis
 * @returns {Box}
 */
function splitBox(first, second, axis) {
  const a = first.getBoundingClientRect();
  const b = second.getBoundingClientRect();
  return axis === 'x'
    ? { left: a.left, width: b.right - a.left, top: a.top, height: a.height }
    : { top: a.top, height: b.bottom - a.top, left: a.left, width: a.width };
}

/**
 * A handle that moves a split by pointer drag, keys and double-click.
 * @param {HTMLElement} root
 * @param {Splitters} splitters
 * @param {SplitName} name
 * @param {'vertical' | 'horizontal'} orientation
 * @param {string} controls the id of the part the handle resizes (aria-controls)
 * @param {() => Box} box the area the pointer moves over, measured when a drag starts
 * @param {'x' | 'y'} axis
 * @returns {HTMLElement}
 */
function makeHandle(root, splitters, name, orientation, controls, box, axis) {
  const split = SPLITS[name];
  const handle = document.createElement('div');
  handle.className = `splitter splitter-${orientation === 'vertical' ? 'columns' : 'rows'}`;
  handle.dataset.split = name;
  handle.tabIndex = 0;
  handle.setAttribute('role', 'separator');
  handle.setAttribute('aria-orientation', orientation);
  handle.setAttribute('aria-controls', controls);
  handle.setAttribute('aria-label', split.label);
  handle.setAttribute('aria-valuemin', String(split.min));
  handle.setAttribute('aria-valuemax', String(split.max));
  handle.title = `${split.label} (drag, or arrow keys)`;

  handle.addEventListener('pointerdown', ev => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    handle.setPointerCapture(ev.pointerId);
    handle.classList.add('dragging');
    root.classList.add('resizing');
    const rect = box();
    /** @param {PointerEvent} e */
    const move = e => {
      const share = axis === 'x' ? (e.clientX - rect.left) / rect.width : (e.clientY - rect.top) / rect.height;
      splitters.apply(name, share * 100, false);
    };
    /** @param {PointerEvent} e */
    const up = e => {
      handle.releasePointerCapture(e.pointerId);
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      handle.classList.remove('dragging');
      root.classList.remove('resizing');
      splitters.apply(name, splitters.sizes[name], true);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  });

  handle.addEventListener('keydown', ev => {
    const next = keyedShare(split, orientation, splitters.sizes[name] ?? split.initial, ev);
    if (next === null) return;
    ev.preventDefault();
    splitters.apply(name, next, true);
  });
  handle.addEventListener('dblclick', () => splitters.apply(name, split.initial, true));
  return handle;
}

/**
 * Full screen for the terminals, the graph and the packets: a button in each part's toolbar, Ctrl+Shift+F, Esc.
 * @param {HTMLElement} root
 * @param {HTMLElement} terminalArea the part Ctrl+Shift+F fills when the focus is in none
 * @returns {{ enter: (name: string) => void, leave: () => void, current: () => string | null | undefined }}
 */
function startFullscreen(root, terminalArea) {
  const targets = [.../** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-fullscreen-target]'))];
  /** @type {HTMLElement | null} the part filling the window */
  let full = null;
  /**
   * Where the focus was before entering full screen. document.activeElement is typed Element, which has no focus();
   * the active element is always one that can take the focus (an HTML or SVG element here).
   * @type {HTMLElement | SVGElement | null}
   */
  let returnFocus = null;

  addFullscreenButtons(targets);
  root.addEventListener('click', ev => {
    // A click's target is an element (never a text node); the cast only tells the checker so.
    const button = /** @type {Element} */ (ev.target).closest('[data-action=fullscreen]');
    if (!button) return;
    const target = /** @type {HTMLElement | null} */ (button.closest('[data-fullscreen-target]'));
    if (target) toggle(target);
  });

  /** @param {HTMLElement} target */
  function enter(target) {
    if (full === target) return;
    if (full) leave(false);
    returnFocus = /** @type {HTMLElement | SVGElement | null} */ (document.activeElement);
    full = target;
    target.classList.add('fullscreen');
    root.dataset.fullscreen = target.dataset.fullscreenTarget;
    document.documentElement.classList.add('has-fullscreen');
    setFullscreenButton(target, true);
    // Keep typing where it was: the terminal keeps the focus if it had it.
    if (!target.contains(document.activeElement)) {
      /** @type {HTMLElement | null} */ (target.querySelector('[data-action=fullscreen]'))?.focus();
    }
    refit();
  }

  /** @param {boolean} [restoreFocus] false when another part is about to fill the window */
  function leave(restoreFocus = true) {
    if (!full) return;
    const target = full;
    full = null;
    target.classList.remove('fullscreen');
    delete root.dataset.fullscreen;
    document.documentElement.classList.remove('has-fullscreen');
    setFullscreenButton(target, false);
    if (restoreFocus && returnFocus && document.contains(returnFocus) && !target.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
    refit();
  }

  /** @param {HTMLElement} target */
  function toggle(target) {
    if (full === target) leave();
    else enter(target);
  }

  // Capture phase, so the key never reaches xterm.js (which would send Ctrl+F to the shell).
  window.addEventListener('keydown', ev => {
    if (ev.ctrlKey && ev.shiftKey && !ev.altKey && !ev.metaKey && (ev.key === 'F' || ev.key === 'f')) {
      ev.preventDefault();
      ev.stopPropagation();
      const here = targets.find(t => t.contains(document.activeElement));
      toggle(full || here || terminalArea);
      return;
    }
    if (ev.key === 'Escape' && full && !document.activeElement?.closest('.terminal-pane')) {
      ev.preventDefault();
      ev.stopPropagation();
      leave();
    }
  }, true);

  return {
    enter: name => { const t = targets.find(x => x.dataset.fullscreenTarget === name); if (t) enter(t); },
    leave: () => leave(),
    current: () => (full ? full.dataset.fullscreenTarget : null),
  };
}

/**
 * Gives the parts whose toolbars were made after the layout started (the graph and packets, which
 * js/workspace-attach.js imports after the terminal has shown its shell) their full screen buttons.
 * @param {HTMLElement} root
 */
export function addLateFullscreenButtons(root) {
  addFullscreenButtons([.../** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-fullscreen-target]'))]);
}

/**
 * The terminals have their full screen button in the markup; the graph and packets get one in their own toolbars.
 * @param {HTMLElement[]} targets
 */
function addFullscreenButtons(targets) {
  for (const target of targets) {
    if (target.querySelector('[data-action=fullscreen]')) continue;
    const bar = target.querySelector('.graph-bar, .capture-bar');
    if (!bar) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fullscreen-toggle';
    button.dataset.action = 'fullscreen';
    button.setAttribute('aria-pressed', 'false');
    button.title = 'Full screen (Ctrl+Shift+F)';
    // A compact icon in these narrower toolbars; the accessible name says what it does.
    button.dataset.compact = 'true';
    bar.append(button);
    setFullscreenButton(target, false);
  }
}

/**
 * @param {HTMLElement} target
 * @param {boolean} on
 */
function setFullscreenButton(target, on) {
  const button = /** @type {HTMLElement | null} */ (target.querySelector('[data-action=fullscreen]'));
  if (!button) return;
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  if (button.dataset.compact) {
    button.setAttribute('aria-label', on ? 'Exit full screen' : 'Full screen');
    button.textContent = on ? '⤡' : '⤢';
  } else {
    button.textContent = on ? 'Exit full screen' : 'Full screen';
  }
  button.title = on ? 'Exit full screen (Ctrl+Shift+F or Esc)' : 'Full screen (Ctrl+Shift+F)';
}

// Terminals and the graph follow their container's size through ResizeObservers; a window resize event is a
// cheap nudge for anything that only listens to that.
function refit() {
  requestAnimationFrame(() => window.dispatchEvent(new Event('resize')));
}

const workspace = document.getElementById('workspace');
if (workspace) startLayout(workspace);
