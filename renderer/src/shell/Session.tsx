import { useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { useLoginState } from '../core/use-login-state.ts';
import { BackupPhrase } from '../onboarding/BackupPhrase.tsx';
import { Onboarding } from '../onboarding/Onboarding.tsx';
import { Shell } from './Shell.tsx';

/** Connected to a core: onboarding while logged out, the app once logged in. */
export function Session({ client }: { client: CoreClient }) {
  const login = useLoginState(client);
  // A freshly created account is logged in at once, but its phrase must be backed up first.
  const [pendingBackup, setPendingBackup] = useState<{ account: AccountSummary; mnemonic: string } | null>(null);

  if (login.phase === 'loading') return <p aria-busy="true">Loading…</p>;
  if (login.phase === 'error') return <p role="alert">{login.error}</p>;
  if (pendingBackup) return <BackupPhrase mnemonic={pendingBackup.mnemonic} onDone={() => setPendingBackup(null)} />;
  if (login.state === 'logged-out') return <Onboarding client={client} onCreated={setPendingBackup} />;
  return <Shell key={login.account.keyUid} client={client} account={login.account} />;
}
