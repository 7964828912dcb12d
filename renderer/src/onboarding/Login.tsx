import { type FormEvent, useEffect, useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import { Field } from '../components/Field.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';

export function Login({
  client,
  accounts,
  onCreate,
  onImport,
}: {
  client: CoreClient;
  accounts: AccountSummary[];
  onCreate: () => void;
  onImport: () => void;
}) {
  const [selected, setSelected] = useState<string | undefined>(accounts[0]?.keyUid);
  const [password, setPassword] = useState('');
  const login = useAction((keyUid: string) =>
    client.call('accounts.login', { keyUid, password }, { timeoutMs: 60_000 }),
  );
  const { setError } = login;
  // A new selection starts with a clean slate: the last error was about another account.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose when the selection changes
  useEffect(() => setError(null), [selected, setError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (selected) await login.run(selected);
  };

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="login-title">
      <h2 id="login-title">Welcome back</h2>
      <ul className="account-list" aria-label="Accounts on this device">
        {accounts.map((account) => (
          <li key={account.keyUid}>
            <label className={account.keyUid === selected ? 'account selected' : 'account'}>
              <input
                type="radio"
                name="account"
                className="visually-hidden"
                checked={account.keyUid === selected}
                onChange={() => setSelected(account.keyUid)}
              />
              <Avatar identity={account} name={account.displayName} size={40} />
              <span>
                <strong>{account.displayName}</strong>
                <small className="mono">
                  {account.chatKey.slice(0, 10)}…{account.chatKey.slice(-5)}
                </small>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <Field label="Password" type="password" value={password} onChange={setPassword} autoFocus />
      {login.error && <p role="alert">{login.error}</p>}
      <div className="actions">
        <button type="submit" disabled={login.busy || !selected}>
          {login.busy ? 'Unlocking…' : 'Log in'}
        </button>
      </div>
      <p className="links">
        <button type="button" className="link" onClick={onCreate}>
          Create a new account
        </button>
        <button type="button" className="link" onClick={onImport}>
          Restore from a recovery phrase
        </button>
      </p>
    </form>
  );
}
