import { type FormEvent, useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import { Field } from '../components/Field.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { checkDisplayName, checkNewPassword } from './password-rules.ts';

export function CreateAccount({
  client,
  onCreated,
  onCancel,
}: {
  client: CoreClient;
  onCreated: (created: { account: AccountSummary; mnemonic: string }) => void;
  onCancel: () => void;
}) {
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [words, setWords] = useState<12 | 24>(12);
  const create = useAction(() =>
    client.call('accounts.create', { password, words, ...(displayName ? { displayName } : {}) }, { timeoutMs: 60_000 }),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = checkDisplayName(displayName) ?? checkNewPassword(password, confirmation);
    if (problem) {
      create.setError(problem);
      return;
    }
    const created = await create.run();
    if (created) onCreated(created);
  };

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Create a new account</h2>
      <Field
        label="Display name"
        value={displayName}
        onChange={setDisplayName}
        placeholder="Optional"
        hint="Leave it empty to use your three-word name. You can change it later."
        autoFocus
      />
      <Field
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        hint="It encrypts your keys on this device; it cannot be recovered."
      />
      <Field label="Confirm password" type="password" value={confirmation} onChange={setConfirmation} />
      <fieldset className="choice">
        <legend>Recovery phrase</legend>
        <label>
          <input type="radio" name="words" checked={words === 12} onChange={() => setWords(12)} /> 12 words
        </label>
        <label>
          <input type="radio" name="words" checked={words === 24} onChange={() => setWords(24)} /> 24 words
        </label>
      </fieldset>
      {create.error && <p role="alert">{create.error}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Back
        </button>
        <button type="submit" disabled={create.busy}>
          {create.busy ? 'Creating…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}
