// The workspace is a handful of scripts. When one of them fails to load (a connection that dropped, or a browser
// that cancelled its loads because its network changed: net::ERR_NETWORK_CHANGED), the page would sit at its first
// state with nothing alive and no word why. Once the page has loaded, this checks that the workspace started, and
// if it did not, loads the page again, at most three times in a row. A classic script, so it runs before the modules.
(() => {
  const key = 'netacademy:workspace-reloads:' + location.pathname;
  window.addEventListener('load', () => {
    if (window.netacademyWorkspace) {
      sessionStorage.removeItem(key);
      return;
    }
    const tries = Number(sessionStorage.getItem(key) || 0);
    if (tries >= 3) return;
    sessionStorage.setItem(key, String(tries + 1));
    setTimeout(() => location.reload(), 500 * (tries + 1));
  });
})();
