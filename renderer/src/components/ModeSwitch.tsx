import { useState } from 'react';
import type { NodeInfo, NodeMode } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { describeRpcError } from '../core/rpc-errors.ts';

const CHOICES: Array<{ mode: NodeMode; label: string; hint: string }> = [
  {
    mode: 'full',
    label: 'Full',
    hint: 'Relays messages for the network and serves light clients (filter, lightpush, store). Uses more bandwidth.',
  },
  {
    mode: 'light',
    label: 'Light',
    hint: 'Sends, receives and fetches history through service peers instead of relaying. Uses less bandwidth.',
  },
];

/** Node.setMode has a switch that can take a while (the light node waits for its service peers). */
const SWITCH_TIMEOUT_MS = 60_000;

type Outcome = { kind: 'switching'; mode: NodeMode } | { kind: 'done'; text: string } | { kind: 'error'; text: string };

/** Full / Light: switches the running Waku node and keeps the choice for the next start. */
export function ModeSwitch({
  client,
  mode,
  onSwitched,
}: {
  client: CoreClient;
  mode: NodeMode;
  onSwitched: (info: NodeInfo) => void;
}) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const switching = outcome?.kind === 'switching';

  async function choose(next: NodeMode) {
    if (next === mode || switching) return;
    setOutcome({ kind: 'switching', mode: next });
    try {
      const info = await client.call('node.setMode', { mode: next }, { timeoutMs: SWITCH_TIMEOUT_MS });
      onSwitched(info);
      let text = `The node now runs in ${info.mode} mode.`;
      if (info.mode === 'light') {
        const stats = await client.call('node.stats').catch(() => null);
        if (stats && stats.peers === 0) text += ' No service peer is ready yet; the node keeps trying.';
      }
      setOutcome({ kind: 'done', text });
    } catch (error) {
      const reason = describeRpcError(error);
      // The core's own message usually says what happened and which mode runs now.
      const text = /^could not switch/i.test(reason) ? reason : `Could not switch to ${next} mode: ${reason}`;
      setOutcome({ kind: 'error', text });
    }
  }

  return (
    <fieldset className="choice" aria-describedby="node-mode-help" disabled={switching}>
      <legend>Node mode</legend>
      {CHOICES.map((choice) => (
        <div key={choice.mode}>
          <label>
            <input
              type="radio"
              name="node-mode"
              value={choice.mode}
              checked={mode === choice.mode}
              aria-describedby={`node-mode-${choice.mode}`}
              onChange={() => void choose(choice.mode)}
            />{' '}
            {choice.label}
          </label>{' '}
          <small className="muted" id={`node-mode-${choice.mode}`}>
            {choice.hint}
          </small>
        </div>
      ))}
      <p className="muted" id="node-mode-help">
        The choice is kept for the next start.
      </p>
      {outcome?.kind === 'switching' && (
        <p role="status" aria-busy="true">
          Switching to {outcome.mode} mode…
        </p>
      )}
      {outcome?.kind === 'done' && <p role="status">{outcome.text}</p>}
      {outcome?.kind === 'error' && <p role="alert">{outcome.text}</p>}
    </fieldset>
  );
}
