import { useEffect } from 'react';
import { ConnectForm } from './components/ConnectForm.tsx';
import type { CoreConnection } from './core/connection.ts';
import { useConnectionState } from './core/use-connection.ts';
import { listenForAppCommands } from './shell/app-commands.ts';
import { Session } from './shell/Session.tsx';

export function App({ connection }: { connection: CoreConnection }) {
  const state = useConnectionState(connection);
  // Menu, tray and status-app:// link commands relayed by the preload (Electron only).
  useEffect(() => listenForAppCommands(window), []);
  return (
    <div className="app">
      <header>
        <h1>Waku Status Desktop</h1>
        <span className={`connection connection-${state.phase}`} data-testid="connection">
          {state.phase === 'connected' ? 'connected to core' : state.phase === 'failed' ? 'disconnected' : state.phase}
        </span>
      </header>
      <main>
        {state.phase === 'connected' && <Session client={state.client} />}
        {state.phase === 'connecting' && <p aria-busy="true">Connecting to the core…</p>}
        {(state.phase === 'needs-address' || state.phase === 'failed') && (
          <ConnectForm
            onConnect={(address) => void connection.connectWebSocket(address)}
            error={state.phase === 'failed' ? state.error : undefined}
            initialUrl={connection.lastAddressUrl}
          />
        )}
      </main>
    </div>
  );
}
