// @ts-check
// The SignalR connection of a lab page (the learner's terminals, graph and packets; the instructor's read-only
// terminals): it reconnects on its own, then keeps trying at a slower pace, and shows its state in a status element
// and as data-connection on the page's root, which the E2E tests wait on. Uses the signalR global of
// lib/signalr/signalr.min.js: the package's ES module build imports extensionless paths a browser cannot load.

/**
 * The parts of @microsoft/signalr's HubConnection the pages use.
 * @typedef {object} HubConnection
 * @property {string} state Disconnected, Connecting, Connected, Disconnecting or Reconnecting
 * @property {() => Promise<void>} start
 * @property {() => Promise<void>} stop
 * @property {(method: string, ...args: unknown[]) => Promise<any>} invoke
 * @property {(method: string, ...args: unknown[]) => StreamResult} stream
 * @property {(name: string, handler: (...args: any[]) => void) => void} on
 * @property {(handler: (error?: Error) => void) => void} onreconnecting
 * @property {(handler: (connectionId?: string) => void) => void} onreconnected
 * @property {(handler: (error?: Error) => void) => void} onclose
 */

/**
 * @typedef {object} StreamResult
 * @property {(subscriber: { next: (value: any) => void, error: (err: any) => void, complete: () => void }) => { dispose(): void }} subscribe
 */

const RETRY = { nextRetryDelayInMilliseconds: (/** @type {{ previousRetryCount: number }} */ ctx) => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) };

/**
 * A new connection to a hub of this server, reconnecting on its own; not started.
 * @param {string} url the hub's path, e.g. /hubs/workspace
 * @returns {HubConnection}
 */
export function buildConnection(url) {
  const signalR = /** @type {any} */ (globalThis).signalR;
  return signalR
    ? new signalR.HubConnectionBuilder().withUrl(url).withAutomaticReconnect(RETRY).build()
    : missingSignalR();
}

/** @returns {never} */
function missingSignalR() {
  throw new Error('lib/signalr/signalr.min.js is not loaded on this page.');
}

/**
 * Opens a connection of its own to a hub and waits until it is connected (tests use it to call a hub as the
 * signed-in user, the way any script on the page could).
 * @param {string} url
 * @returns {Promise<HubConnection>}
 */
export async function openHub(url) {
  const connection = buildConnection(url);
  await connection.start();
  return connection;
}

/**
 * Builds the connection to a hub; nothing is sent until the returned connect() is called.
 * @param {object} o
 * @param {string} o.url the hub's path
 * @param {HTMLElement} o.root the page's root: gets data-connection = connected | reconnecting | disconnected
 * @param {HTMLElement} o.status the element that says the connection's state in words
 * @param {() => Promise<void>} o.connected runs after each start of the connection
 * @param {() => Promise<void>} o.reconnected runs after the automatic reconnect got the connection back
 * @returns {{ connection: HubConnection, connect: () => Promise<void>, close: () => Promise<void> }}
 */
export function hubConnection({ url, root, status, connected, reconnected }) {
  const connection = buildConnection(url);
  let closed = false;

  /** @param {string} text @param {string} state */
  const show = (text, state) => {
    status.textContent = text;
    status.className = 'connection ' + state;
    root.dataset.connection = state;
  };

  connection.onreconnecting(() => show('Reconnecting…', 'reconnecting'));
  connection.onreconnected(async () => {
    show('Connected', 'connected');
    await reconnected();
  });
  connection.onclose(() => {
    show('Disconnected', 'disconnected');
    // Automatic reconnect gave up: keep trying at a slow pace.
    if (!closed) setTimeout(connect, 5000);
  });

  async function connect() {
    if (closed) return;
    try {
      show('Connecting…', 'reconnecting');
      await connection.start();
      show('Connected', 'connected');
      await connected();
    } catch {
      show('Disconnected', 'disconnected');
      if (!closed) setTimeout(connect, 3000);
    }
  }

  async function close() {
    closed = true;
    await connection.stop();
  }

  return { connection, connect, close };
}

/**
 * Resolves once the connection is Connected, or after timeoutMs (the caller's invoke then fails with the
 * connection's own error). A keystroke during a short reconnect is then sent when the connection is back instead
 * of being lost.
 * @param {{ state: string }} connection any connection with SignalR's state (a module may type only the parts it uses)
 * @param {number} [timeoutMs]
 */
export async function whenConnected(connection, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (connection.state !== 'Connected' && connection.state !== 'Disconnected' && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/**
 * The message of a hub error as a person should read it: without SignalR's "...HubException: " prefix.
 * @param {unknown} err
 */
export function cleanError(err) {
  const text = String(err instanceof Error ? err.message : err);
  const at = text.indexOf('HubException: ');
  return at >= 0 ? text.slice(at + 'HubException: '.length) : text;
}
