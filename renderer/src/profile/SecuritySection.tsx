import { type FormEvent, useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import { Field } from '../components/Field.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { checkNewPassword } from '../onboarding/password-rules.ts';

const SLOW = { timeoutMs: 60_000 };

function RevealPhrase({ client, account }: { client: CoreClient; account: AccountSummary }) {
  const [password, setPassword] = useState('');
  const [phrase, setPhrase] = useState<string | null>(null);
  const reveal = useAction(() => client.call('accounts.revealMnemonic', { keyUid: account.keyUid, password }, SLOW));
  const remove = useAction(() => client.call('accounts.removeMnemonic', { keyUid: account.keyUid, password }, SLOW));
  if (!account.hasMnemonic) return <p>The recovery phrase is no longer stored on this device.</p>;
  if (phrase) {
    return (
      <div>
        <ol className="phrase" data-testid="revealed-phrase">
          {phrase.split(' ').map((word, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the position is the identity of a word here
            <li key={index}>{word}</li>
          ))}
        </ol>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setPhrase(null)}>
            Hide
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.busy}
            onClick={() => void remove.run().then(() => setPhrase(null))}
          >
            I wrote it down: remove it from this device
          </button>
        </div>
        {remove.error && <p role="alert">{remove.error}</p>}
      </div>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await reveal.run();
    if (result) setPhrase(result.mnemonic);
    setPassword('');
  };
  return (
    <form onSubmit={submit} aria-label="Show recovery phrase">
      <Field label="Password to show the recovery phrase" type="password" value={password} onChange={setPassword} />
      {reveal.error && <p role="alert">{reveal.error}</p>}
      <button type="submit" className="secondary" disabled={reveal.busy || password === ''}>
        Show recovery phrase
      </button>
    </form>
  );
}

function ChangePassword({ client, account }: { client: CoreClient; account: AccountSummary }) {
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [done, setDone] = useState(false);
  const change = useAction(() =>
    client.call('accounts.changePassword', { keyUid: account.keyUid, oldPassword, newPassword }, SLOW),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const problem = checkNewPassword(newPassword, confirmation);
    if (problem) {
      change.setError(problem);
      return;
    }
    if ((await change.run()) !== undefined) {
      setDone(true);
      setOldPassword('');
      setNewPassword('');
      setConfirmation('');
    }
  };
  return (
    <form onSubmit={submit} aria-label="Change password">
      <Field label="Current password" type="password" value={oldPassword} onChange={setOldPassword} />
      <Field label="New password" type="password" value={newPassword} onChange={setNewPassword} />
      <Field label="Confirm new password" type="password" value={confirmation} onChange={setConfirmation} />
      {change.error && <p role="alert">{change.error}</p>}
      {done && <p role="status">Password changed.</p>}
      <button type="submit" className="secondary" disabled={change.busy}>
        Change password
      </button>
    </form>
  );
}

export function SecuritySection({ client, account }: { client: CoreClient; account: AccountSummary }) {
  return (
    <section className="card" aria-labelledby="security-title">
      <h2 id="security-title">Security</h2>
      <h3>Recovery phrase</h3>
      <RevealPhrase client={client} account={account} />
      <h3>Password</h3>
      <ChangePassword client={client} account={account} />
    </section>
  );
}
