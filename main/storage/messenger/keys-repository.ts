// Typed access to our installation id, our signed prekeys and peers' bundles. Plain bytes and
// bigints only: main/encryption/bundle-manager.ts gives them their meaning (storage sits below
// the encryption layer). Bundle timestamps are nanoseconds, beyond 2^53, so the statements
// that read them return bigints.
import type { Db } from '../database.ts';

export interface SignedPreKeyRow {
  /** Compressed (33 bytes). */
  publicKey: Uint8Array;
  installationId: string;
  privateKey: Uint8Array;
  createdAt: number;
  active: boolean;
  retiredAt: number | null;
}

export interface StoredBundle {
  identity: string;
  /** The encryption.Bundle protobuf. */
  bundle: Uint8Array;
  timestamp: bigint;
  receivedAt: number;
}

export interface PeerInstallationRow {
  identity: string;
  installationId: string;
  signedPreKey: Uint8Array;
  version: number;
  protocolVersion: number;
  timestamp: bigint;
}

interface PreKeyRow {
  public_key: Buffer;
  installation_id: string;
  private_key: Buffer;
  created_at: number;
  active: number;
  retired_at: number | null;
}

interface BundleRow {
  identity: string;
  bundle: Buffer;
  timestamp: bigint;
  received_at: bigint;
}

interface InstallationRow {
  identity: string;
  installation_id: string;
  signed_prekey: Buffer;
  version: bigint;
  protocol_version: bigint;
  timestamp: bigint;
}

const bytes = (buffer: Buffer) => new Uint8Array(buffer);

const toPreKey = (row: PreKeyRow): SignedPreKeyRow => ({
  publicKey: bytes(row.public_key),
  installationId: row.installation_id,
  privateKey: bytes(row.private_key),
  createdAt: row.created_at,
  active: row.active === 1,
  retiredAt: row.retired_at,
});

const toInstallation = (row: InstallationRow): PeerInstallationRow => ({
  identity: row.identity,
  installationId: row.installation_id,
  signedPreKey: bytes(row.signed_prekey),
  version: Number(row.version),
  protocolVersion: Number(row.protocol_version),
  timestamp: row.timestamp,
});

const PREKEY_COLUMNS = 'public_key, installation_id, private_key, created_at, active, retired_at';
const INSTALLATION_COLUMNS = 'identity, installation_id, signed_prekey, version, protocol_version, timestamp';

export class KeysRepository {
  readonly #getInstallation;
  readonly #insertInstallation;
  readonly #activePreKey;
  readonly #preKeys;
  readonly #insertPreKey;
  readonly #retirePreKey;
  readonly #prunePreKeys;
  readonly #getBundle;
  readonly #putBundle;
  readonly #putInstallation;
  readonly #installations;

  constructor(db: Db) {
    this.#getInstallation = db.prepare<[], { installation_id: string; created_at: number }>(
      'SELECT installation_id, created_at FROM installation WHERE singleton = 1',
    );
    this.#insertInstallation = db.prepare<[string, number]>(
      'INSERT INTO installation (singleton, installation_id, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.#activePreKey = db.prepare<[string], PreKeyRow>(
      `SELECT ${PREKEY_COLUMNS} FROM signed_prekeys WHERE installation_id = ? AND active = 1`,
    );
    this.#preKeys = db.prepare<[], PreKeyRow>(
      `SELECT ${PREKEY_COLUMNS} FROM signed_prekeys ORDER BY created_at DESC, public_key ASC`,
    );
    this.#insertPreKey = db.prepare<[Uint8Array, string, Uint8Array, number]>(
      `INSERT INTO signed_prekeys (public_key, installation_id, private_key, created_at, active) VALUES (?, ?, ?, ?, 1)`,
    );
    this.#retirePreKey = db.prepare<[number, Uint8Array]>(
      'UPDATE signed_prekeys SET active = 0, retired_at = ? WHERE public_key = ? AND active = 1',
    );
    this.#prunePreKeys = db.prepare<[number]>('DELETE FROM signed_prekeys WHERE active = 0 AND retired_at < ?');
    this.#getBundle = db
      .prepare<[string], BundleRow>('SELECT identity, bundle, timestamp, received_at FROM bundles WHERE identity = ?')
      .safeIntegers(true);
    this.#putBundle = db.prepare<[string, Uint8Array, bigint, number]>(
      `INSERT INTO bundles (identity, bundle, timestamp, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (identity) DO UPDATE SET bundle = excluded.bundle, timestamp = excluded.timestamp,
         received_at = excluded.received_at
       WHERE excluded.timestamp > bundles.timestamp`,
    );
    this.#putInstallation = db.prepare<[string, string, Uint8Array, number, number, bigint]>(
      `INSERT INTO bundle_installations (${INSTALLATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (identity, installation_id) DO UPDATE SET signed_prekey = excluded.signed_prekey,
         version = excluded.version, protocol_version = excluded.protocol_version, timestamp = excluded.timestamp
       WHERE excluded.timestamp > bundle_installations.timestamp`,
    );
    // Freshest first; the id breaks ties so the choice is stable.
    this.#installations = db
      .prepare<[string, number], InstallationRow>(
        `SELECT ${INSTALLATION_COLUMNS} FROM bundle_installations WHERE identity = ?
         ORDER BY timestamp DESC, installation_id ASC LIMIT ?`,
      )
      .safeIntegers(true);
  }

  installation(): { installationId: string; createdAt: number } | null {
    const row = this.#getInstallation.get();
    return row ? { installationId: row.installation_id, createdAt: row.created_at } : null;
  }

  /** Stores the installation id unless one exists; returns the one stored. */
  ensureInstallation(installationId: string, now: number): string {
    this.#insertInstallation.run(installationId, now);
    return (this.installation() as { installationId: string }).installationId;
  }

  activePreKey(installationId: string): SignedPreKeyRow | null {
    const row = this.#activePreKey.get(installationId);
    return row ? toPreKey(row) : null;
  }

  /** All our signed prekeys still kept (active and retired), newest first. */
  preKeys(): SignedPreKeyRow[] {
    return this.#preKeys.all().map(toPreKey);
  }

  /** Adds a new active prekey; the caller retires the previous one first (one active per installation). */
  insertActivePreKey(key: {
    publicKey: Uint8Array;
    installationId: string;
    privateKey: Uint8Array;
    createdAt: number;
  }) {
    this.#insertPreKey.run(key.publicKey, key.installationId, key.privateKey, key.createdAt);
  }

  retirePreKey(publicKey: Uint8Array, now: number): boolean {
    return this.#retirePreKey.run(now, publicKey).changes === 1;
  }

  /** Deletes prekeys retired before `before`; returns how many. */
  pruneRetiredPreKeys(before: number): number {
    return this.#prunePreKeys.run(before).changes;
  }

  bundle(identity: string): StoredBundle | null {
    const row = this.#getBundle.get(identity);
    if (!row) return null;
    return {
      identity: row.identity,
      bundle: bytes(row.bundle),
      timestamp: row.timestamp,
      receivedAt: Number(row.received_at),
    };
  }

  /** Stores a peer's whole bundle unless an equal or newer one is stored; true when stored. */
  putBundle(bundle: StoredBundle): boolean {
    return this.#putBundle.run(bundle.identity, bundle.bundle, bundle.timestamp, bundle.receivedAt).changes === 1;
  }

  /** Stores one installation of a peer unless it is known from an equal or newer bundle; needs the bundles row. */
  putPeerInstallation(row: PeerInstallationRow): boolean {
    const r = row;
    return (
      this.#putInstallation.run(r.identity, r.installationId, r.signedPreKey, r.version, r.protocolVersion, r.timestamp)
        .changes === 1
    );
  }

  /** A peer's installations, freshest first, at most `limit`. */
  peerInstallations(identity: string, limit: number): PeerInstallationRow[] {
    return this.#installations.all(identity, limit).map(toInstallation);
  }
}
