// @ts-check
// The workspace needs its scripts and its Blazor circuit. When a load failed (a connection that dropped, or a browser
// that cancelled its loads because its network changed: net::ERR_NETWORK_CHANGED), the page would sit at its first
// state with nothing alive and no word why. This checks that the terminal island got mounted (data-island on
// #workspace) within a while of the page's load, and if not, loads the page again, at most three times in a row. A
// classic script, so it runs even when a module failed to load.
(() => {
  const key = 'netacademy:workspace-reloads:' + location.pathname;
  const GRACE_MS = 20000;
  window.addEventListener('load', () => {
    setTimeout(() => {
      const root = document.getElementById('workspace');
      if (!root || root.dataset.island === 'mounted') {
        sessionStorage.removeItem(key);
        return;
      }
      const tries = Number(sessionStorage.getItem(key) || 0);
      if (tries >= 3) return;
      sessionStorage.setItem(key, String(tries + 1));
      location.reload();
    }, GRACE_MS);
  });
})();
