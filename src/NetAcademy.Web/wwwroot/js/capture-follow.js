// @ts-check
// The session's other captures and the packet followed across them. The packet table shows one capture; a capture
// started before it keeps running, and this module follows every running capture of the session that the table
// does not show (ListCaptures every WATCH_INTERVAL_MS, a CaptureStream each): their packets light the graph like
// the table's own (it raises netacademy:packet for them), and they are listed under the table's status line with
// their counts and a Stop button. It keeps the recent packets of every capture (the table's from the same event);
// when a row is picked (netacademy:packet-pick) it finds the same packet in the other captures (packet-path.js),
// marks it in their lines, lists the hops in time order with the time at each, and asks the graph to draw the path
// (netacademy:follow).

import { cleanError } from './hub.js';
import { packetEventDetail } from './packet-rows.js';
import { followPacket, formatOffset } from './packet-path.js';
import { packetsOf, WATCH_INTERVAL_MS } from './packets.js';

/** @typedef {import('./packet-path.js').SeenPacket} SeenPacket */
/** @typedef {import('./packet-path.js').Hop} Hop */
/** @typedef {import('./packets.js').HubConnection} HubConnection */

/** Recent packets kept per capture for following: a few seconds of the server's 200 rows a second. */
export const RECENT_PER_CAPTURE = 1000;

/**
 * A running capture the table does not show.
 * @typedef {{ id: string, label: string, packets: number, last: number, replayed: number, subscription: { dispose: () => void } | null, item: HTMLLIElement }} OtherCapture
 */

/**
 * Starts following the session's other captures in the workspace root's packet pane.
 * @param {HTMLElement} root #workspace
 */
export function startCaptureFollow(root) {
  /** @type {HTMLElement | null} */
  const pane = root.querySelector('[data-role=packets]');
  if (!pane) return;
  const sessionId = root.dataset.sessionId || '';
  /** @type {HubConnection | null} */
  let connection = null;
  let ready = false;
  let asking = false;
  /** @type {Map<string, OtherCapture>} */
  const others = new Map();
  /** @type {Map<string, SeenPacket[]>} */
  const recent = new Map();

  const box = document.createElement('div');
  box.className = 'capture-follow';
  box.innerHTML = `
    <ul class="capture-others" data-role="other-captures" aria-label="Other captures running"></ul>
    <div class="packet-follow" data-role="packet-follow" hidden>
      <span class="packet-follow-title">This packet’s path:</span>
      <ol data-role="packet-hops"></ol>
    </div>`;
  const list = /** @type {HTMLUListElement} */ (box.querySelector('[data-role=other-captures]'));
  const follow = /** @type {HTMLElement} */ (box.querySelector('[data-role=packet-follow]'));
  const hopsList = /** @type {HTMLOListElement} */ (box.querySelector('[data-role=packet-hops]'));
  (pane.querySelector('.capture-status-line') ?? pane.firstElementChild)?.after(box);

  const shownId = () => packetsOf(pane)?.capture?.id ?? null;

  /** @param {SeenPacket} p */
  function remember(p) {
    if (!p.capture) return;
    const list = recent.get(p.capture) ?? [];
    // Packets of a capture come in order; one seen already (the table showed it, a replay sends it again) is skipped.
    const last = list.at(-1);
    if (last && last.number >= p.number) return;
    list.push(p);
    if (list.length > RECENT_PER_CAPTURE) list.splice(0, list.length - RECENT_PER_CAPTURE);
    recent.set(p.capture, list);
  }

  root.addEventListener('netacademy:created', ev => { connection = /** @type {CustomEvent} */ (ev).detail.connection; });
  root.addEventListener('netacademy:session', ev => {
    const snapshot = /** @type {CustomEvent} */ (ev).detail.snapshot;
    ready = !!snapshot && snapshot.state === 'Ready';
    if (!ready) for (const id of [...others.keys()]) drop(id);
    else void refresh();
  });
  root.addEventListener('netacademy:reconnected', () => {
    for (const c of others.values()) subscribe(c);
  });
  root.addEventListener('netacademy:packet', ev => remember(/** @type {CustomEvent} */ (ev).detail));
  root.addEventListener('netacademy:packet-pick', ev => pick(/** @type {CustomEvent} */ (ev).detail));

  const timer = window.setInterval(() => {
    if (!pane.isConnected) window.clearInterval(timer);
    else void refresh();
  }, WATCH_INTERVAL_MS);

  async function refresh() {
    const c = connection;
    if (asking || !c || c.state !== 'Connected' || !ready) return;
    asking = true;
    try {
      /** @type {{ id: string, node: string, netns: string | null, interface: string, filter: string | null, state: string, packets: number }[]} */
      const infos = await c.invoke('ListCaptures', sessionId);
      const shown = shownId();
      const running = infos.filter(i => (i.state === 'Running' || i.state === 'Starting') && i.id !== shown);
      for (const id of [...others.keys()]) if (!running.some(i => i.id === id)) drop(id);
      for (const info of running) {
        if (others.has(info.id)) continue;
        const label = `${info.node}${info.netns ? `:${info.netns}` : ''} ${info.interface}${info.filter ? ` (${info.filter})` : ''}`;
        const item = document.createElement('li');
        item.dataset.capture = info.id;
        item.innerHTML = '<span class="capture-other-name"></span> <span class="capture-other-count"></span> <span class="capture-other-match"></span> <button type="button" data-action="capture-other-stop">Stop</button>';
        /** @type {HTMLElement} */ (item.querySelector('.capture-other-name')).textContent = label;
        /** @type {HTMLButtonElement} */ (item.querySelector('button')).setAttribute('aria-label', `Stop the capture on ${label}`);
        item.querySelector('button')?.addEventListener('click', () => {
          connection?.invoke('StopCapture', sessionId, info.id).then(() => drop(info.id)).catch(err => { item.title = cleanError(err); });
        });
        /** @type {OtherCapture} */
        // The stream first replays the capture's recent packets: kept for following, not flashed as if new.
        const other = { id: info.id, label, packets: info.packets, last: 0, replayed: info.packets, subscription: null, item };
        others.set(info.id, other);
        list.append(item);
        count(other);
        subscribe(other);
      }
    } catch {
      // The next round asks again; the table shows the connection's errors.
    } finally {
      asking = false;
    }
  }

  /** @param {OtherCapture} c */
  function count(c) {
    /** @type {HTMLElement} */ (c.item.querySelector('.capture-other-count')).textContent = `${c.packets} packets`;
  }

  /** @param {OtherCapture} c */
  function subscribe(c) {
    const conn = connection;
    if (!conn || conn.state !== 'Connected') return;
    if (c.subscription) {
      try { c.subscription.dispose(); } catch { /* already ended */ }
    }
    c.subscription = conn.stream('CaptureStream', sessionId, c.id, c.last).subscribe({
      next: item => {
        if (others.get(c.id) !== c || item.kind !== 'Packet') return;
        const p = item.packet;
        if (p.number <= c.last) return;
        c.last = p.number;
        if (p.probe) return;
        const detail = packetEventDetail(p, c.id);
        if (p.number <= c.replayed) {
          remember(detail);
          return;
        }
        c.packets = Math.max(c.packets, p.number);
        count(c);
        root.dispatchEvent(new CustomEvent('netacademy:packet', { detail }));
      },
      error: () => { c.subscription = null; },
      complete: () => { c.subscription = null; if (others.get(c.id) === c) drop(c.id); },
    });
  }

  /** @param {string} id */
  function drop(id) {
    const c = others.get(id);
    if (!c) return;
    others.delete(id);
    if (c.subscription) {
      try { c.subscription.dispose(); } catch { /* already ended */ }
    }
    c.item.remove();
  }

  /** @param {SeenPacket | null} picked */
  function pick(picked) {
    for (const c of others.values()) {
      c.item.classList.remove('matched');
      /** @type {HTMLElement} */ (c.item.querySelector('.capture-other-match')).textContent = '';
    }
    if (!picked || !picked.capture) {
      follow.hidden = true;
      hopsList.replaceChildren();
      root.dispatchEvent(new CustomEvent('netacademy:follow', { detail: { hops: [] } }));
      return;
    }
    const hops = followPacket(/** @type {SeenPacket & { capture: string }} */ (picked), recent);
    hopsList.replaceChildren(...hops.map(hop => {
      const li = document.createElement('li');
      li.dataset.capture = hop.capture;
      li.dataset.number = String(hop.number);
      li.textContent = `${hop.node}${hop.netns ? `:${hop.netns}` : ''} ${hop.interface} #${hop.number} ${formatOffset(hop.offsetUs)}${hop.tunnel ? ` (${hop.tunnel})` : ''}`;
      if (hop.capture === picked.capture) li.setAttribute('aria-current', 'true');
      return li;
    }));
    follow.hidden = false;
    for (const hop of hops) {
      const c = others.get(hop.capture);
      if (!c) continue;
      c.item.classList.add('matched');
      /** @type {HTMLElement} */ (c.item.querySelector('.capture-other-match')).textContent = `same packet: #${hop.number} ${formatOffset(hop.offsetUs)}`;
    }
    root.dispatchEvent(new CustomEvent('netacademy:follow', { detail: { hops } }));
  }
}

const workspaceRoot = document.getElementById('workspace');
if (workspaceRoot) startCaptureFollow(workspaceRoot);
