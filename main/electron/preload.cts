// The preload exposes no API at all. It only relays the port to the core: the page asks
// with window.postMessage({type:'core:connect'}), and every port main sends (the first one,
// and a new one after a core restart) is posted to the page with {type:'core:port'}.
const { ipcRenderer } = require('electron') as typeof import('electron');

const CONNECT = 'core:connect';
const PORT = 'core:port';

window.addEventListener('message', (event) => {
  if (event.source === window && (event.data as { type?: unknown } | null)?.type === CONNECT) {
    ipcRenderer.send(CONNECT);
  }
});

ipcRenderer.on(PORT, (event) => {
  window.postMessage({ type: PORT }, window.location.origin, event.ports);
});
