import { type FormEvent, useState } from 'react';
import { Field } from '../components/Field.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { checkDisplayName, checkNewPassword } from './password-rules.ts';

export function ImportAccount({ client, onCancel }: { client: CoreClient; onCancel: () => void }) {
  const [mnemonic, setMnemonic] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const restore = useAction(() =>
    client.call(
      'accounts.import',
      { mnemonic, password, ...(displayName ? { displayName } : {}) },
      { timeoutMs: 60_000 },
    ),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem =
      (mnemonic.trim() === '' ? 'Enter your recovery phrase.' : null) ??
      checkDisplayName(displayName) ??
      checkNewPassword(password, confirmation);
    if (problem) restore.setError(problem);
    else await restore.run(); // success logs in: the app switches screens on the pushed event
  };

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="import-title">
      <h2 id="import-title">Restore from a recovery phrase</h2>
      <Field
        label="Recovery phrase"
        value={mnemonic}
        onChange={setMnemonic}
        multiline
        autoFocus
        hint="12, 15, 18, 21 or 24 words, separated by spaces."
      />
      <Field label="Display name" value={displayName} onChange={setDisplayName} placeholder="Optional" />
      <Field label="Password" type="password" value={password} onChange={setPassword} />
      <Field label="Confirm password" type="password" value={confirmation} onChange={setConfirmation} />
      {restore.error && <p role="alert">{restore.error}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Back
        </button>
        <button type="submit" disabled={restore.busy}>
          {restore.busy ? 'Restoring…' : 'Restore account'}
        </button>
      </div>
    </form>
  );
}
