// The SignalR connection of a lab page (the learner's workspace, the instructor's observation): it reconnects on
// its own, then keeps trying at a slower pace, and shows its state in a status element and as data-connection on
// the page's root, which the E2E tests wait on. Uses the signalR global (lib/signalr/signalr.min.js).

const RETRY = { nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) };

/**
 * Builds the connection to a hub; nothing is sent until the returned connect() is called.
 * @param {object} o
 * @param {string} o.url the hub's path
 * @param {HTMLElement} o.root the page's root: gets data-connection = connected | reconnecting | disconnected
 * @param {HTMLElement} o.status the element that says the connection's state in words
 * @param {() => Promise<void>} o.connected runs after each start of the connection
 * @param {() => Promise<void>} o.reconnected runs after the automatic reconnect got the connection back
 * @returns {{ connection: signalR.HubConnection, connect: () => Promise<void> }}
 */
export function hubConnection({ url, root, status, connected, reconnected }) {
  const connection = new signalR.HubConnectionBuilder().withUrl(url).withAutomaticReconnect(RETRY).build();

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
    setTimeout(connect, 5000);
  });

  async function connect() {
    try {
      show('Connecting…', 'reconnecting');
      await connection.start();
      show('Connected', 'connected');
      await connected();
    } catch {
      show('Disconnected', 'disconnected');
      setTimeout(connect, 3000);
    }
  }

  return { connection, connect };
}

/**
 * Resolves once the connection is Connected, or after timeoutMs (the caller's invoke then fails with the
 * connection's own error). A press of Stop or Check, or a keystroke, during a short reconnect is then sent
 * when the connection is back instead of being lost.
 */
export async function whenConnected(connection, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (connection.state !== 'Connected' && connection.state !== 'Disconnected' && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** The message of a hub error as a person should read it: without SignalR's "...HubException: " prefix. */
export function cleanError(err) {
  const text = String(err && err.message ? err.message : err);
  const at = text.indexOf('HubException: ');
  return at >= 0 ? text.slice(at + 'HubException: '.length) : text;
}

/** A function that shows a text in the page's error box, or hides the box for an empty text. */
export function errorBox(element) {
  return text => {
    element.hidden = !text;
    element.textContent = text || '';
  };
}
