import { useEffect, useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { describeRpcError } from '../core/rpc-errors.ts';
import { CreateAccount } from './CreateAccount.tsx';
import { ImportAccount } from './ImportAccount.tsx';
import { Login } from './Login.tsx';

type Screen = 'login' | 'create' | 'import' | 'welcome';

/** Logged out: log into an existing account, or create / restore one. */
export function Onboarding({
  client,
  onCreated,
}: {
  client: CoreClient;
  onCreated: (created: { account: AccountSummary; mnemonic: string }) => void;
}) {
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>('login');

  useEffect(() => {
    client.call('accounts.list').then(
      (list) => {
        setAccounts(list);
        if (list.length === 0) setScreen('welcome');
      },
      (caught: unknown) => setError(describeRpcError(caught)),
    );
  }, [client]);

  if (error) return <p role="alert">Could not read the accounts: {error}</p>;
  if (!accounts) return <p aria-busy="true">Reading the accounts…</p>;
  const back = () => setScreen(accounts.length > 0 ? 'login' : 'welcome');
  switch (screen) {
    case 'create':
      return <CreateAccount client={client} onCreated={onCreated} onCancel={back} />;
    case 'import':
      return <ImportAccount client={client} onCancel={back} />;
    case 'welcome':
      return (
        <section className="card narrow" aria-labelledby="welcome-title">
          <h2 id="welcome-title">Welcome</h2>
          <p>A private messenger on the Status network. Your keys stay on this device.</p>
          <div className="actions column">
            <button type="button" onClick={() => setScreen('create')}>
              Create a new account
            </button>
            <button type="button" className="secondary" onClick={() => setScreen('import')}>
              I have a recovery phrase
            </button>
          </div>
        </section>
      );
    default:
      return (
        <Login
          client={client}
          accounts={accounts}
          onCreate={() => setScreen('create')}
          onImport={() => setScreen('import')}
        />
      );
  }
}
