import { useEffect, useState } from 'react';
import type { LoginState } from '../../../shared/api.ts';
import type { CoreClient } from './connection.ts';
import { describeRpcError } from './rpc-errors.ts';

export type LoginView = { phase: 'loading' } | { phase: 'error'; error: string } | ({ phase: 'ready' } & LoginState);

/** The login state, kept current by the core's pushed events. */
export function useLoginState(client: CoreClient): LoginView {
  const [view, setView] = useState<LoginView>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    let pushed = false;
    const unsubscribe = client.on('accounts.loginChanged', (state) => {
      pushed = true;
      if (live) setView({ phase: 'ready', ...state });
    });
    client.call('accounts.loginState').then(
      (state) => {
        if (live && !pushed) setView({ phase: 'ready', ...state });
      },
      (error: unknown) => {
        if (live) setView({ phase: 'error', error: describeRpcError(error) });
      },
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client]);
  return view;
}
