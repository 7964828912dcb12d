// Our own other installations (migration 7): learned, paired or not, named by PairInstallation.
import type { Db } from '../database.ts';

export interface OwnInstallationRow {
  installationId: string;
  enabled: boolean;
  name: string;
  deviceType: string;
  pairClock: number;
  lastSeenAt: number | null;
  changedAt: number;
}

interface Row {
  installation_id: string;
  enabled: number;
  name: string;
  device_type: string;
  pair_clock: number;
  last_seen_at: number | null;
  changed_at: number;
}

const toRow = (r: Row): OwnInstallationRow => ({
  installationId: r.installation_id,
  enabled: r.enabled === 1,
  name: r.name,
  deviceType: r.device_type,
  pairClock: r.pair_clock,
  lastSeenAt: r.last_seen_at,
  changedAt: r.changed_at,
});

export class DevicesRepository {
  readonly #seen;
  readonly #setEnabled;
  readonly #setIdentity;
  readonly #all;
  readonly #get;
  readonly #lastChange;

  constructor(db: Db) {
    // Learning an installation again only moves its "last seen" forward.
    this.#seen = db.prepare<[string, number, number, number]>(
      `INSERT INTO own_installations (installation_id, last_seen_at, changed_at) VALUES (?, ?, ?)
       ON CONFLICT (installation_id) DO UPDATE SET last_seen_at = max(coalesce(last_seen_at, 0), ?)`,
    );
    this.#setEnabled = db.prepare<[number, number, string, number]>(
      'UPDATE own_installations SET enabled = ?, changed_at = ? WHERE installation_id = ? AND enabled != ?',
    );
    // An older PairInstallation never overwrites a newer one.
    this.#setIdentity = db.prepare<[string, string, number, string, number]>(
      `UPDATE own_installations SET name = ?, device_type = ?, pair_clock = ?
       WHERE installation_id = ? AND pair_clock < ?`,
    );
    this.#all = db.prepare<[], Row>('SELECT * FROM own_installations ORDER BY installation_id');
    this.#get = db.prepare<[string], Row>('SELECT * FROM own_installations WHERE installation_id = ?');
    this.#lastChange = db.prepare<[], { at: number | null }>('SELECT max(changed_at) AS at FROM own_installations');
  }

  /** True when the installation is new. */
  seen(installationId: string, at: number): boolean {
    const before = this.#get.get(installationId);
    this.#seen.run(installationId, at, at, at);
    return before === undefined;
  }

  /** True when the switch changed. */
  setEnabled(installationId: string, enabled: boolean, at: number): boolean {
    const flag = enabled ? 1 : 0;
    return this.#setEnabled.run(flag, at, installationId, flag).changes === 1;
  }

  /** True when applied (newer than what we hold). */
  setIdentity(installationId: string, name: string, deviceType: string, clock: number): boolean {
    return this.#setIdentity.run(name, deviceType, clock, installationId, clock).changes === 1;
  }

  get(installationId: string): OwnInstallationRow | undefined {
    const row = this.#get.get(installationId);
    return row ? toRow(row) : undefined;
  }

  all(): OwnInstallationRow[] {
    return this.#all.all().map(toRow);
  }

  /** When pairing last changed (unix ms), 0 if never. */
  lastChange(): number {
    return this.#lastChange.get()?.at ?? 0;
  }
}
