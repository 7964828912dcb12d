// Typed access to the contacts table: profiles, the mutual-contact request state machine and
// presence. Every update that comes from the network carries a clock and is applied only when
// newer than what is stored, so messages may arrive in any order (and twice).
import type { Db } from '../database.ts';

/** status-go's ContactRequestState (the values of ContactRequestPropagatedState). */
export const ContactRequestState = { None: 0, Mutual: 1, Sent: 2, Received: 3, Dismissed: 4 } as const;
export type ContactRequestState = (typeof ContactRequestState)[keyof typeof ContactRequestState];

/**
 * What a paired Status device says of a contact that we keep only to send it back (see account
 * migration 11), with the last_updated_locally it came with.
 */
export interface KeptContactFields {
  clock: number;
  nickname: string;
  verificationStatus: number;
  trustStatus: number;
  customizationColor: number;
}

export interface ContactRecord {
  /** 0x04… */
  publicKey: string;
  displayName: string;
  alias: string;
  ensName: string | null;
  nickname: string | null;
  added: boolean;
  hasAddedUs: boolean;
  blocked: boolean;
  localState: ContactRequestState;
  localClock: number;
  remoteState: ContactRequestState;
  remoteClock: number;
  requestMessageId: string | null;
  profileClock: number;
  presenceType: number;
  presenceClock: number;
  customStatus: string;
  lastSeenAt: number | null;
  kept: KeptContactFields;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  public_key: string;
  display_name: string;
  alias: string;
  ens_name: string | null;
  nickname: string | null;
  added: number;
  has_added_us: number;
  blocked: number;
  local_state: ContactRequestState;
  local_clock: number;
  remote_state: ContactRequestState;
  remote_clock: number;
  request_message_id: string | null;
  profile_clock: number;
  presence_type: number;
  presence_clock: number;
  custom_status: string;
  last_seen_at: number | null;
  verification_status: number;
  trust_status: number;
  customization_color: number;
  kept_clock: number;
  created_at: number;
  updated_at: number;
}

const COLUMNS = `public_key, display_name, alias, ens_name, nickname, added, has_added_us, blocked, local_state,
  local_clock, remote_state, remote_clock, request_message_id, profile_clock, presence_type, presence_clock,
  custom_status, last_seen_at, verification_status, trust_status, customization_color, kept_clock, created_at,
  updated_at`;

const toContact = (row: Row): ContactRecord => ({
  publicKey: row.public_key,
  displayName: row.display_name,
  alias: row.alias,
  ensName: row.ens_name,
  nickname: row.nickname,
  added: row.added === 1,
  hasAddedUs: row.has_added_us === 1,
  blocked: row.blocked === 1,
  localState: row.local_state,
  localClock: row.local_clock,
  remoteState: row.remote_state,
  remoteClock: row.remote_clock,
  requestMessageId: row.request_message_id,
  profileClock: row.profile_clock,
  presenceType: row.presence_type,
  presenceClock: row.presence_clock,
  customStatus: row.custom_status,
  lastSeenAt: row.last_seen_at,
  kept: {
    clock: row.kept_clock,
    nickname: row.nickname ?? '',
    verificationStatus: row.verification_status,
    trustStatus: row.trust_status,
    customizationColor: row.customization_color,
  },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type ContactFlag = 'added' | 'hasAddedUs' | 'blocked';

export class ContactsRepository {
  readonly #ensure;
  readonly #get;
  readonly #list;
  readonly #listAdded;
  readonly #profile;
  readonly #nickname;
  readonly #flags;
  readonly #localState;
  readonly #remoteState;
  readonly #requestMessage;
  readonly #presence;
  readonly #delete;
  readonly #keep;

  constructor(db: Db) {
    this.#ensure = db.prepare<[string, string, number, number]>(
      `INSERT INTO contacts (public_key, alias, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (public_key) DO NOTHING`,
    );
    this.#get = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM contacts WHERE public_key = ?`);
    this.#list = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM contacts ORDER BY public_key`);
    this.#listAdded = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM contacts WHERE added = 1 ORDER BY public_key`);
    this.#profile = db.prepare<{
      key: string;
      displayName: string;
      ensName: string | null;
      clock: number;
      now: number;
    }>(
      `UPDATE contacts SET display_name = :displayName, ens_name = :ensName, profile_clock = :clock, updated_at = :now
       WHERE public_key = :key AND profile_clock < :clock`,
    );
    this.#keep = db.prepare<{
      key: string;
      clock: number;
      nickname: string;
      verificationStatus: number;
      trustStatus: number;
      customizationColor: number;
      now: number;
    }>(
      `UPDATE contacts SET nickname = nullif(:nickname, ''), verification_status = :verificationStatus,
         trust_status = :trustStatus, customization_color = :customizationColor, kept_clock = :clock, updated_at = :now
       WHERE public_key = :key AND kept_clock < :clock`,
    );
    this.#nickname = db.prepare<[string | null, number, string]>(
      'UPDATE contacts SET nickname = ?, updated_at = ? WHERE public_key = ?',
    );
    const flag = (column: string) =>
      db.prepare<[number, number, string, number]>(
        `UPDATE contacts SET ${column} = ?, updated_at = ? WHERE public_key = ? AND ${column} <> ?`,
      );
    this.#flags = { added: flag('added'), hasAddedUs: flag('has_added_us'), blocked: flag('blocked') };
    this.#localState = db.prepare<[number, number, number, string, number]>(
      `UPDATE contacts SET local_state = ?, local_clock = ?, updated_at = ? WHERE public_key = ? AND local_clock < ?`,
    );
    this.#remoteState = db.prepare<[number, number, number, string, number]>(
      `UPDATE contacts SET remote_state = ?, remote_clock = ?, updated_at = ? WHERE public_key = ? AND remote_clock < ?`,
    );
    this.#requestMessage = db.prepare<[string | null, number, string]>(
      'UPDATE contacts SET request_message_id = ?, updated_at = ? WHERE public_key = ?',
    );
    this.#presence = db.prepare<{ key: string; type: number; clock: number; text: string; seenAt: number }>(
      `UPDATE contacts SET presence_type = :type, presence_clock = :clock, custom_status = :text,
         last_seen_at = max(coalesce(last_seen_at, 0), :seenAt), updated_at = :seenAt
       WHERE public_key = :key AND presence_clock < :clock`,
    );
    this.#delete = db.prepare<[string]>('DELETE FROM contacts WHERE public_key = ?');
  }

  /** Makes sure a row exists for the key (with its three-word alias); returns it. */
  ensure(publicKey: string, alias: string, now: number): ContactRecord {
    this.#ensure.run(publicKey, alias, now, now);
    return this.get(publicKey) as ContactRecord;
  }

  get(publicKey: string): ContactRecord | null {
    const row = this.#get.get(publicKey);
    return row ? toContact(row) : null;
  }

  list(options: { addedOnly?: boolean } = {}): ContactRecord[] {
    return (options.addedOnly ? this.#listAdded : this.#list).all().map(toContact);
  }

  /** A ContactUpdate / ChatIdentity: applied only when newer than the last profile seen. */
  updateProfile(
    publicKey: string,
    profile: { displayName: string; ensName: string | null; clock: number },
    now: number,
  ) {
    return this.#profile.run({ key: publicKey, ...profile, now }).changes === 1;
  }

  /** Fields from a paired device, kept when their clock is newer than what we kept (true: stored). */
  keep(publicKey: string, kept: KeptContactFields, now: number): boolean {
    return this.#keep.run({ key: publicKey, ...kept, now }).changes === 1;
  }

  setNickname(publicKey: string, nickname: string | null, now: number): boolean {
    return this.#nickname.run(nickname, now, publicKey).changes === 1;
  }

  /** Sets a local flag; false when the contact is unknown or the flag already had this value. */
  setFlag(publicKey: string, flag: ContactFlag, value: boolean, now: number): boolean {
    const v = value ? 1 : 0;
    return this.#flags[flag].run(v, now, publicKey, v).changes === 1;
  }

  /** Our side of the request state machine, if `clock` is newer than our last decision. */
  setLocalRequestState(publicKey: string, state: ContactRequestState, clock: number, now: number): boolean {
    return this.#localState.run(state, clock, now, publicKey, clock).changes === 1;
  }

  /** Their side of the request state machine, if `clock` is newer than their last one we saw. */
  setRemoteRequestState(publicKey: string, state: ContactRequestState, clock: number, now: number): boolean {
    return this.#remoteState.run(state, clock, now, publicKey, clock).changes === 1;
  }

  setRequestMessageId(publicKey: string, messageId: string | null, now: number): boolean {
    return this.#requestMessage.run(messageId, now, publicKey).changes === 1;
  }

  /** A StatusUpdate (clock in unix seconds): applied when newer; last seen only moves forward. */
  updatePresence(publicKey: string, presence: { type: number; clock: number; customText: string }, seenAt: number) {
    return (
      this.#presence.run({
        key: publicKey,
        type: presence.type,
        clock: presence.clock,
        text: presence.customText,
        seenAt,
      }).changes === 1
    );
  }

  delete(publicKey: string): boolean {
    return this.#delete.run(publicKey).changes === 1;
  }
}
