import { type FormEvent, useState } from 'react';
import { Field } from '../components/Field.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { checkDisplayName } from '../onboarding/password-rules.ts';

export function DisplayNameForm({ client, current }: { client: CoreClient; current: string }) {
  const [name, setName] = useState(current);
  const save = useAction(() => client.call('profile.setDisplayName', { displayName: name.trim() }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = name.trim() === '' ? 'Enter a name.' : checkDisplayName(name.trim());
    if (problem) save.setError(problem);
    else await save.run();
  };
  return (
    <form onSubmit={submit} className="inline-form" aria-label="Display name">
      <Field label="Display name" value={name} onChange={setName} />
      <button type="submit" disabled={save.busy || name.trim() === current}>
        Save
      </button>
      {save.error && <p role="alert">{save.error}</p>}
    </form>
  );
}
