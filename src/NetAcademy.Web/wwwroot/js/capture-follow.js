// @ts-check
// The session's other captures and the packet followed across them. The packet table shows one capture; a capture
// started before it keeps running, and this module follows every running capture of the session that the table
// does not show (ListCaptures every WATCH_INTERVAL_MS, a CaptureStream each): their packets light the graph like
// the table's own (it raises netacademy:packet for them), and they are listed under the table's status line with
// their counts and a Stop button. It keeps the recent packets of every capture (the table's from the same event);
// when a row is picked (netacademy:packet-pick) it finds the same packet in the other captures (packet-path.js),
// marks it in their lines, lists the hops in time order with the time at each, and asks the graph to draw the path
// (netacademy:follow).
// Which captures to follow, which streamed packets to keep or flash, and the words are in other-captures.js. Here,
// one function per role over the shared state (CaptureFollow): the workspace's events, the round of ListCaptures,
// each followed capture's line and stream, and the picked packet's path.

import { cleanError } from './hub.js';
import { packetEventDetail } from './packet-rows.js';
import { followPacket } from './packet-path.js';
import { packetsOf, WATCH_INTERVAL_MS } from './packets.js';
import {
  RECENT_PER_CAPTURE, captureLabel, capturesToFollow, hopText, packetCountText, rememberPacket, samePacketText, streamedPacketRole,
} from './other-captures.js';

export { RECENT_PER_CAPTURE };

/** @typedef {import('./packet-path.js').SeenPacket} SeenPacket */
/** @typedef {import('./packet-path.js').Hop} Hop */
/** @typedef {import('./packets.js').HubConnection} HubConnection */
/** @typedef {import('./other-captures.js').CaptureInfo} CaptureInfo */

/**
 * A running capture the table does not show.
 * @typedef {{ id: string, label: string, packets: number, last: number, replayed: number, subscription: { dispose: () => void } | null, item: HTMLLIElement }} OtherCapture
 */

/**
 * What the roles share.
 * @typedef {object} CaptureFollow
 * @property {HTMLElement} root the workspace root, where the events travel
 * @property {HTMLElement} pane the packet pane
 * @property {string} sessionId
 * @property {HubConnection | null} connection
 * @property {boolean} ready the session is Ready
 * @property {boolean} asking a ListCaptures is on its way
 * @property {Map<string, OtherCapture>} others followed captures by id
 * @property {Map<string, SeenPacket[]>} recent recent packets by capture id, the table's too
 * @property {FollowBox} ui
 */

/**
 * @typedef {object} FollowBox
 * @property {HTMLUListElement} list the other captures' lines
 * @property {HTMLElement} follow the followed packet's path
 * @property {HTMLOListElement} hops
 */

/**
 * Starts following the session's other captures in the workspace root's packet pane.
 * @param {HTMLElement} root #workspace
 */
export function startCaptureFollow(root) {
  /** @type {HTMLElement | null} */
  const pane = root.querySelector('[data-role=packets]');
  if (!pane) return;
  /** @type {CaptureFollow} */
  const ctx = {
    root, pane, sessionId: root.dataset.sessionId || '', connection: null, ready: false, asking: false,
    others: new Map(), recent: new Map(), ui: followBox(pane),
  };
  followWorkspace(ctx);
}

/**
 * The other captures' list and the followed packet's path, placed under the table's status line.
 * @param {HTMLElement} pane
 * @returns {FollowBox}
 */
function followBox(pane) {
  const box = document.createElement('div');
  box.className = 'capture-follow';
  box.innerHTML = `
    <ul class="capture-others" data-role="other-captures" aria-label="Other captures running"></ul>
    <div class="packet-follow" data-role="packet-follow" hidden>
      <span class="packet-follow-title">This packet’s path:</span>
      <ol data-role="packet-hops"></ol>
    </div>`;
  (pane.querySelector('.capture-status-line') ?? pane.firstElementChild)?.after(box);
  return {
    list: /** @type {HTMLUListElement} */ (box.querySelector('[data-role=other-captures]')),
    follow: /** @type {HTMLElement} */ (box.querySelector('[data-role=packet-follow]')),
    hops: /** @type {HTMLOListElement} */ (box.querySelector('[data-role=packet-hops]')),
  };
}

/**
 * Follows the workspace's events, and asks for the session's captures every WATCH_INTERVAL_MS.
 * @param {CaptureFollow} ctx
 */
function followWorkspace(ctx) {
  const { root, pane } = ctx;
  root.addEventListener('netacademy:created', ev => { ctx.connection = /** @type {CustomEvent} */ (ev).detail.connection; });
  root.addEventListener('netacademy:session', ev => {
    const snapshot = /** @type {CustomEvent} */ (ev).detail.snapshot;
    ctx.ready = !!snapshot && snapshot.state === 'Ready';
    if (!ctx.ready) for (const id of [...ctx.others.keys()]) drop(ctx, id);
    else void refresh(ctx);
  });
  root.addEventListener('netacademy:reconnected', () => {
    for (const c of ctx.others.values()) subscribe(ctx, c);
  });
  root.addEventListener('netacademy:packet', ev => rememberPacket(ctx.recent, /** @type {CustomEvent} */ (ev).detail));
  root.addEventListener('netacademy:packet-pick', ev => showFollowed(ctx, /** @type {CustomEvent} */ (ev).detail));

  const timer = window.setInterval(() => {
    if (!pane.isConnected) window.clearInterval(timer);
    else void refresh(ctx);
  }, WATCH_INTERVAL_MS);
}

/**
 * One round of ListCaptures: follows the running captures the table does not show, drops the ones gone.
 * @param {CaptureFollow} ctx
 */
async function refresh(ctx) {
  const c = ctx.connection;
  if (ctx.asking || !c || c.state !== 'Connected' || !ctx.ready) return;
  ctx.asking = true;
  try {
    /** @type {CaptureInfo[]} */
    const infos = await c.invoke('ListCaptures', ctx.sessionId);
    const { running, gone } = capturesToFollow(infos, packetsOf(ctx.pane)?.capture?.id ?? null, ctx.others.keys());
    for (const id of gone) drop(ctx, id);
    for (const info of running) {
      if (!ctx.others.has(info.id)) followCapture(ctx, info);
    }
  } catch {
    // The next round asks again; the table shows the connection's errors.
  } finally {
    ctx.asking = false;
  }
}

/**
 * Lists a capture with its count and Stop button, and subscribes to its stream.
 * @param {CaptureFollow} ctx
 * @param {CaptureInfo} info
 */
function followCapture(ctx, info) {
  const label = captureLabel(info);
  const item = document.createElement('li');
  item.dataset.capture = info.id;
  item.innerHTML = '<span class="capture-other-name"></span> <span class="capture-other-count"></span> <span class="capture-other-match"></span> <button type="button" data-action="capture-other-stop">Stop</button>';
  /** @type {HTMLElement} */ (item.querySelector('.capture-other-name')).textContent = label;
  /** @type {HTMLButtonElement} */ (item.querySelector('button')).setAttribute('aria-label', `Stop the capture on ${label}`);
  item.querySelector('button')?.addEventListener('click', () => {
    ctx.connection?.invoke('StopCapture', ctx.sessionId, info.id).then(() => drop(ctx, info.id)).catch(err => { item.title = cleanError(err); });
  });
  /** @type {OtherCapture} */
  // The stream first replays the capture's recent packets: kept for following, not flashed as if new.
  const other = { id: info.id, label, packets: info.packets, last: 0, replayed: info.packets, subscription: null, item };
  ctx.others.set(info.id, other);
  ctx.ui.list.append(item);
  count(other);
  subscribe(ctx, other);
}

/** @param {OtherCapture} c */
function count(c) {
  /** @type {HTMLElement} */ (c.item.querySelector('.capture-other-count')).textContent = packetCountText(c.packets);
}

/**
 * (Re)subscribes to a followed capture's stream from the last packet seen.
 * @param {CaptureFollow} ctx
 * @param {OtherCapture} c
 */
function subscribe(ctx, c) {
  const conn = ctx.connection;
  if (!conn || conn.state !== 'Connected') return;
  if (c.subscription) {
    try { c.subscription.dispose(); } catch { /* already ended */ }
  }
  c.subscription = conn.stream('CaptureStream', ctx.sessionId, c.id, c.last).subscribe({
    next: item => {
      if (ctx.others.get(c.id) !== c || item.kind !== 'Packet') return;
      const p = item.packet;
      const role = streamedPacketRole(p, c.last, c.replayed);
      if (role === 'old') return;
      c.last = p.number;
      if (role === 'probe') return;
      const detail = packetEventDetail(p, c.id);
      if (role === 'replayed') {
        rememberPacket(ctx.recent, detail);
        return;
      }
      c.packets = Math.max(c.packets, p.number);
      count(c);
      ctx.root.dispatchEvent(new CustomEvent('netacademy:packet', { detail }));
    },
    error: () => { c.subscription = null; },
    complete: () => { c.subscription = null; if (ctx.others.get(c.id) === c) drop(ctx, c.id); },
  });
}

/**
 * Stops following a capture: its stream and its line.
 * @param {CaptureFollow} ctx
 * @param {string} id
 */
function drop(ctx, id) {
  const c = ctx.others.get(id);
  if (!c) return;
  ctx.others.delete(id);
  if (c.subscription) {
    try { c.subscription.dispose(); } catch { /* already ended */ }
  }
  c.item.remove();
}

/**
 * The picked packet followed across the captures: its hops listed, the other captures' lines marked, the graph
 * asked to draw the path (no hops when nothing is picked).
 * @param {CaptureFollow} ctx
 * @param {SeenPacket | null} picked
 */
function showFollowed(ctx, picked) {
  const { root, others, ui } = ctx;
  for (const c of others.values()) {
    c.item.classList.remove('matched');
    /** @type {HTMLElement} */ (c.item.querySelector('.capture-other-match')).textContent = '';
  }
  if (!picked || !picked.capture) {
    ui.follow.hidden = true;
    ui.hops.replaceChildren();
    root.dispatchEvent(new CustomEvent('netacademy:follow', { detail: { hops: [] } }));
    return;
  }
  const hops = followPacket(/** @type {SeenPacket & { capture: string }} */ (picked), ctx.recent);
  ui.hops.replaceChildren(...hops.map(hop => {
    const li = document.createElement('li');
    li.dataset.capture = hop.capture;
    li.dataset.number = String(hop.number);
    li.textContent = hopText(hop);
    if (hop.capture === picked.capture) li.setAttribute('aria-current', 'true');
    return li;
  }));
  ui.follow.hidden = false;
  for (const hop of hops) {
    const c = others.get(hop.capture);
    if (!c) continue;
    c.item.classList.add('matched');
    /** @type {HTMLElement} */ (c.item.querySelector('.capture-other-match')).textContent = samePacketText(hop);
  }
  root.dispatchEvent(new CustomEvent('netacademy:follow', { detail: { hops } }));
}

const workspaceRoot = document.getElementById('workspace');
if (workspaceRoot) startCaptureFollow(workspaceRoot);
