import { useEffect, useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';

/** The logged-in profile: starts from what login gave, follows 'profile.changed'. */
export function useProfile(client: CoreClient, initial: AccountSummary): AccountSummary {
  const [profile, setProfile] = useState(initial);
  useEffect(() => setProfile(initial), [initial]);
  useEffect(() => client.on('profile.changed', setProfile), [client]);
  return profile;
}
