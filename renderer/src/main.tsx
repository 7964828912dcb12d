import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { CoreConnection, parseAddressFragment } from './core/connection.ts';
import './styles.css';

const connection = new CoreConnection();
if (window.location.protocol === 'app:') {
  connection.connectThroughPreload(window);
} else {
  const address = parseAddressFragment(window.location.hash);
  if (address) {
    // The token has done its job; keep it out of the address bar and history.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    void connection.connectWebSocket(address);
  } else {
    connection.needsAddress();
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
