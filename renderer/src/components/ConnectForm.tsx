import { type FormEvent, useState } from 'react';
import { validateAddress, type WebSocketAddress } from '../core/connection.ts';

/** Shown in a plain browser when the page was opened without #ws=…&token=…. */
export function ConnectForm({
  onConnect,
  error,
  initialUrl = 'ws://127.0.0.1:',
}: {
  onConnect: (address: WebSocketAddress) => void;
  error?: string | undefined;
  initialUrl?: string | undefined;
}) {
  const [url, setUrl] = useState(initialUrl);
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = validateAddress(url, token);
    setProblem(message);
    if (message === null) onConnect({ url, token: token.trim() });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="connect-title">
      <h2 id="connect-title">Connect to a headless node</h2>
      <p>
        Start one with <code>npm run node -- --data-dir DIR --rpc-port 0</code>; it prints its address.
      </p>
      <label>
        Address
        <input value={url} onChange={(event) => setUrl(event.target.value)} />
      </label>
      <label>
        Token
        <input
          value={token}
          onChange={(event) => setToken(event.target.value)}
          placeholder="contents of DIR/rpc-token"
        />
      </label>
      {(problem ?? error) && <p role="alert">{problem ?? error}</p>}
      <button type="submit">Connect</button>
    </form>
  );
}
