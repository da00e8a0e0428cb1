// @ts-check
// The decisions and words of capture-follow.js, without the page: which of the session's captures are followed,
// which packets of a followed capture's stream are kept, flashed or skipped, the recent packets kept per capture,
// and the text of a capture's line and of a followed packet's hops.

import { formatOffset } from './packet-path.js';

/** @typedef {import('./packet-path.js').SeenPacket} SeenPacket */
/** @typedef {import('./packet-path.js').Hop} Hop */

/** Recent packets kept per capture for following: a few seconds of the server's 200 rows a second. */
export const RECENT_PER_CAPTURE = 1000;

/**
 * A capture as ListCaptures describes it.
 * @typedef {{ id: string, node: string, netns: string | null, interface: string, filter: string | null, state: string, packets: number }} CaptureInfo
 */

/**
 * The captures to follow now: the running (or starting) ones the table does not show, and which of those followed
 * so far are gone.
 * @param {CaptureInfo[]} infos the session's captures
 * @param {string | null} shownId the capture the table shows
 * @param {Iterable<string>} followedIds the captures followed so far
 * @returns {{ running: CaptureInfo[], gone: string[] }}
 */
export function capturesToFollow(infos, shownId, followedIds) {
  const running = infos.filter(i => (i.state === 'Running' || i.state === 'Starting') && i.id !== shownId);
  const gone = [...followedIds].filter(id => !running.some(i => i.id === id));
  return { running, gone };
}

/**
 * What a followed capture's line is called: node[:netns] interface[ (filter)].
 * @param {CaptureInfo} info
 */
export function captureLabel(info) {
  return `${info.node}${info.netns ? `:${info.netns}` : ''} ${info.interface}${info.filter ? ` (${info.filter})` : ''}`;
}

/** @param {number} packets */
export const packetCountText = packets => `${packets} packets`;

/**
 * What to do with a packet a followed capture's stream sends: 'old' (seen already, a resubscription replays it),
 * 'probe' (the grader's, not shown), 'replayed' (sent before the capture was followed: kept for following, not
 * flashed as if new) or 'new'. Every packet but an old one moves the capture's last number on.
 * @param {{ number: number, probe?: boolean }} packet
 * @param {number} last the highest number seen so far
 * @param {number} replayed the capture's count when it was first listed
 * @returns {'old' | 'probe' | 'replayed' | 'new'}
 */
export function streamedPacketRole(packet, last, replayed) {
  if (packet.number <= last) return 'old';
  if (packet.probe) return 'probe';
  return packet.number <= replayed ? 'replayed' : 'new';
}

/**
 * Keeps a packet among its capture's recent ones (the newest `limit`). Packets of a capture come in order; one
 * seen already (the table showed it, a replay sends it again) is skipped.
 * @param {Map<string, SeenPacket[]>} recent per capture id, oldest first
 * @param {SeenPacket} p
 * @param {number} [limit]
 * @returns {boolean} whether it was kept
 */
export function rememberPacket(recent, p, limit = RECENT_PER_CAPTURE) {
  if (!p.capture) return false;
  const list = recent.get(p.capture) ?? [];
  const last = list.at(-1);
  if (last && last.number >= p.number) return false;
  list.push(p);
  if (list.length > limit) list.splice(0, list.length - limit);
  recent.set(p.capture, list);
  return true;
}

/**
 * A hop's line in the followed packet's path: where, its number, the time since the first hop, the tunnel.
 * @param {Hop} hop
 */
export function hopText(hop) {
  return `${hop.node}${hop.netns ? `:${hop.netns}` : ''} ${hop.interface} #${hop.number} ${formatOffset(hop.offsetUs)}${hop.tunnel ? ` (${hop.tunnel})` : ''}`;
}

/**
 * What a followed capture's line says when the picked packet crossed it.
 * @param {Hop} hop
 */
export function samePacketText(hop) {
  return `same packet: #${hop.number} ${formatOffset(hop.offsetUs)}`;
}
