// @ts-check
// ELK (elkjs) runs in a Web Worker: elkjs ships no ES module, but its worker script is self-contained, so the
// page starts it by URL and talks to it with elkjs's message protocol ({ id, cmd, ... } -> { id, data | error },
// as elkjs's own elk-api.js does). The layout runs off the main thread, so a big lab does not freeze the page.

/**
 * @typedef {import('./graph-layout.js').ElkNode} ElkNode
 * @typedef {{ layout(graph: ElkNode): Promise<ElkNode>, terminate(): void }} ElkClient
 */

/** Where deploy/build-frontend.sh copies elkjs's worker. */
export const ELK_WORKER_URL = new URL('../lib/elk/elk-worker.min.js', import.meta.url).href;

/**
 * Starts a worker and registers the layered algorithm in it.
 * @param {string} [url]
 * @returns {ElkClient}
 */
export function createElk(url = ELK_WORKER_URL) {
  const worker = new Worker(url);
  let next = 0;
  /** @type {Map<number, { resolve: (value: any) => void, reject: (reason: any) => void }>} */
  const waiting = new Map();
  worker.onmessage = ev => {
    const answer = ev.data;
    const entry = waiting.get(answer?.id);
    if (!entry) return;
    waiting.delete(answer.id);
    if (answer.error) entry.reject(new Error(String(answer.error.message ?? answer.error)));
    else entry.resolve(answer.data);
  };
  worker.onerror = ev => {
    ev.preventDefault();
    const error = new Error(`The layout worker failed: ${ev.message || 'it did not load'}`);
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  /**
   * @param {Record<string, any>} message
   * @returns {Promise<any>}
   */
  const send = message => new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
  const registered = send({ cmd: 'register', algorithms: ['layered'] });
  return {
    layout: graph => registered.then(() => send({ cmd: 'layout', graph, layoutOptions: {}, options: {} })),
    terminate: () => worker.terminate(),
  };
}
