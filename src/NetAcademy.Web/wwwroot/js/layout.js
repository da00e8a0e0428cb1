// @ts-check
// The workspace's layout: drag handles between the lesson and the lab, the terminals and the insight area, and the
// graph and the packets; each handle also moves with the arrow keys (Shift for bigger steps, Home/End for the ends,
// double-click or Enter for the default). Sizes are remembered per signed-in user in localStorage.
// Full screen: the terminals, the graph or the packets fill the window (button, or Ctrl+Shift+F for the part that
// has the focus, the terminals otherwise); Esc leaves, except inside a terminal where Esc belongs to the program
// running there (vi, less): there Ctrl+Shift+F or the button leaves.

const STORE_PREFIX = 'netacademy.layout.';

/** @typedef {'lesson' | 'terminal' | 'insight'} SplitName */
/** @typedef {{ variable: string, min: number, max: number, initial: number, label: string }} Split */
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
 * Adds the splitters and full screen to a workspace root; null when the root lacks the panes they work on.
 * @param {HTMLElement} root
 * @returns {LayoutApi | null}
 */
export function startLayout(root) {
  const storeKey = STORE_PREFIX + (root.dataset.user || 'anonymous');
  const sizes = load();
  /** @type {Partial<Record<SplitName, HTMLElement>>} */
  const handles = {};

  // All of these are HTML elements in the workspace's markup; the casts only tell the checker so.
  const lessonPane = /** @type {HTMLElement | null} */ (root.querySelector('.lesson-pane'));
  const labPane = /** @type {HTMLElement | null} */ (root.querySelector('.lab-pane'));
  const terminalArea = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=terminal-area]'));
  const insight = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=insight]'));
  const graph = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=graph]'));
  const packets = /** @type {HTMLElement | null} */ (root.querySelector('[data-role=packets]'));
  if (!lessonPane || !labPane || !terminalArea || !insight) return null;

  lessonPane.id ||= 'workspace-lesson';
  terminalArea.id ||= 'workspace-terminals';
  if (graph) graph.id ||= 'workspace-graph';

  // The lesson | lab handle sits between the two columns; the others inside the lab pane.
  handles.lesson = makeHandle('lesson', 'vertical', lessonPane.id, () => root.getBoundingClientRect(), 'x');
  lessonPane.after(handles.lesson);
  handles.terminal = makeHandle('terminal', 'horizontal', terminalArea.id, () => splitBox(terminalArea, insight, 'y'), 'y');
  terminalArea.after(handles.terminal);
  if (graph && packets) {
    handles.insight = makeHandle('insight', 'vertical', graph.id, () => splitBox(graph, packets, 'x'), 'x');
    graph.after(handles.insight);
  }
  for (const name of /** @type {SplitName[]} */ (Object.keys(handles))) {
    apply(name, sizes[name] ?? SPLITS[name].initial, false);
  }

  /** @returns {Sizes} */
  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(storeKey) || '{}');
      return saved && typeof saved === 'object' ? saved : {};
    } catch {
      return {};
    }
  }

  function save() {
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
   * @param {SplitName} name
   * @param {'vertical' | 'horizontal'} orientation
   * @param {string} controls the id of the part the handle resizes (aria-controls)
   * @param {() => Box} box the area the pointer moves over, measured when a drag starts
   * @param {'x' | 'y'} axis
   * @returns {HTMLElement}
   */
  function makeHandle(name, orientation, controls, box, axis) {
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
        apply(name, share * 100, false);
      };
      /** @param {PointerEvent} e */
      const up = e => {
        handle.releasePointerCapture(e.pointerId);
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        handle.removeEventListener('pointercancel', up);
        handle.classList.remove('dragging');
        root.classList.remove('resizing');
        apply(name, sizes[name], true);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
      handle.addEventListener('pointercancel', up);
    });

    handle.addEventListener('keydown', ev => {
      const step = ev.shiftKey ? 10 : 2;
      const now = sizes[name] ?? split.initial;
      const grow = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
      const shrink = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
      let next = null;
      if (ev.key === grow) next = now + step;
      else if (ev.key === shrink) next = now - step;
      else if (ev.key === 'Home') next = split.min;
      else if (ev.key === 'End') next = split.max;
      else if (ev.key === 'Enter') next = split.initial;
      if (next === null) return;
      ev.preventDefault();
      apply(name, next, true);
    });
    handle.addEventListener('dblclick', () => apply(name, split.initial, true));
    return handle;
  }

  /**
   * Sets a split's share, clamped to its range; anything not a number (a bad saved value) falls back to the default.
   * @param {SplitName} name
   * @param {unknown} value percent
   * @param {boolean} persist
   */
  function apply(name, value, persist) {
    const split = SPLITS[name];
    const share = Math.round(Math.min(split.max, Math.max(split.min, Number(value) || split.initial)) * 10) / 10;
    sizes[name] = share;
    root.style.setProperty(split.variable, String(share));
    const handle = handles[name];
    if (handle) {
      handle.setAttribute('aria-valuenow', String(Math.round(share)));
      handle.setAttribute('aria-valuetext', `${Math.round(share)} percent`);
    }
    if (persist) save();
  }

  // Full screen.
  const targets = [.../** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-fullscreen-target]'))];
  /** @type {HTMLElement | null} the part filling the window */
  let full = null;
  /**
   * Where the focus was before entering full screen. document.activeElement is typed Element, which has no focus();
   * the active element is always one that can take the focus (an HTML or SVG element here).
   * @type {HTMLElement | SVGElement | null}
   */
  let returnFocus = null;

  // The terminals have their button in the markup; the graph and packets get one in their own toolbars.
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
    setButton(target, false);
  }
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
    setButton(target, true);
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
    setButton(target, false);
    if (restoreFocus && returnFocus && document.contains(returnFocus) && !target.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
    refit();
  }

  /** @param {HTMLElement} target */
  function toggle(target) {
    if (full === target) leave();
    else enter(target);
  }

  /**
   * @param {HTMLElement} target
   * @param {boolean} on
   */
  function setButton(target, on) {
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

  /** @type {LayoutApi} */
  const api = {
    get sizes() { return { ...sizes }; },
    get fullscreen() { return full ? full.dataset.fullscreenTarget : null; },
    set: (name, value) => apply(name, value, true),
    enter: name => { const t = targets.find(x => x.dataset.fullscreenTarget === name); if (t) enter(t); },
    leave: () => leave(),
    storeKey,
  };
  layouts.set(root, api);
  return api;
}

const workspace = document.getElementById('workspace');
if (workspace) startLayout(workspace);
