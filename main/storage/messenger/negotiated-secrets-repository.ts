// Agreed negotiated secrets in the account database (migration 4): the durable twin of
// MemoryNegotiatedSecrets. No transaction here: the messenger records an agreement inside the
// transaction of the message that brought it.
import type { Db } from '../database.ts';

/** Has the shape of the messenger's NegotiatedSecretStore (storage may not import app). */
export class NegotiatedSecretsRepository {
  readonly #now: () => number;
  readonly #putSecret;
  readonly #keepSecret;
  readonly #putInstallation;
  readonly #installations;
  readonly #all;

  constructor(db: Db, now: () => number = Date.now) {
    this.#now = now;
    this.#putSecret = db.prepare<[string, Uint8Array, number]>(
      `INSERT INTO negotiated_secrets (peer, secret, created_at) VALUES (?, ?, ?)
       ON CONFLICT (peer) DO UPDATE SET secret = excluded.secret`,
    );
    this.#keepSecret = db.prepare<[string, Uint8Array, number]>(
      'INSERT INTO negotiated_secrets (peer, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (peer) DO NOTHING',
    );
    this.#putInstallation = db.prepare<[string, string, number]>(
      `INSERT INTO negotiated_installations (peer, installation_id, agreed_at) VALUES (?, ?, ?)
       ON CONFLICT (peer, installation_id) DO NOTHING`,
    );
    this.#installations = db.prepare<[string], { installation_id: string }>(
      'SELECT installation_id FROM negotiated_installations WHERE peer = ?',
    );
    this.#all = db.prepare<[], { peer: string; secret: Buffer }>('SELECT peer, secret FROM negotiated_secrets');
  }

  agree(peer: string, installationId: string, secret: Uint8Array): void {
    const now = this.#now();
    this.#putSecret.run(peer, secret, now);
    this.#putInstallation.run(peer, installationId, now);
  }

  remember(peer: string, secret: Uint8Array): void {
    this.#keepSecret.run(peer, secret, this.#now());
  }

  agreedInstallations(peer: string): ReadonlySet<string> {
    return new Set(this.#installations.all(peer).map((row) => row.installation_id));
  }

  all(): Array<{ peer: string; secret: Uint8Array }> {
    return this.#all.all().map((row) => ({ peer: row.peer, secret: new Uint8Array(row.secret) }));
  }
}
