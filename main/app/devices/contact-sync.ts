// Our contacts on our paired devices, as status-go syncs them (protocol/messenger.go syncContact,
// HandleSyncInstallationContactV2): one SYNC_INSTALLATION_CONTACT_V2 (AMM type 12) per contact,
// to our own key (MVDS, encrypted for our paired installations only). The whole list goes out
// when pairing (we pair a device, or a paired device pairs us), and one contact whenever it
// changes here. Received ones come only from our paired installations (the messenger refuses the
// others); each side of the request state is adopted when newer (contacts-service.ts). Muting our
// 1:1 chat with a contact travels here too, as in status-go (`muted`, with last_updated_locally
// as its clock); a newer one is adopted.

import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { ContactRequestState } from '../../storage/messenger/contacts-repository.ts';
import { MAX_CLOCK_DRIFT_MS, transportTimeMs } from '../../wire/message-validation.ts';
import {
  AmmType,
  decodeOrError,
  encode,
  i64,
  SyncInstallationContactV2,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import type { OwnDeviceContact } from '../contacts/contacts-service.ts';
import type { ReceivedApplication } from '../messenger/messenger.ts';

/** Why a contact sync was not used (or not sent): each is counted. */
export type ContactSyncDrop = 'invalid' | 'not-ours' | 'future-clock' | 'about-us' | 'stale' | 'send-failed';

/** No profile image is synced: a contact is a few hundred bytes. */
export const MAX_CONTACT_SYNC_BYTES = 64 * 1024;
const MAX_NAME_CHARS = 300;
const MAX_STATUS = 100;
const KNOWN_STATES: readonly number[] = Object.values(ContactRequestState);

export interface ContactSyncOptions {
  /** Our 0x04 key. */
  ourKey: string;
  contacts: {
    ownDeviceContacts(): OwnDeviceContact[];
    ownDeviceContact(key: string): OwnDeviceContact | null;
    onOwnDeviceContact(contact: OwnDeviceContact): boolean;
  };
  /** Our 1:1 chats' mute state: sent with each contact, a newer one from a paired device adopted. */
  mutes?: {
    of(peer: string): { muted: boolean; clock: number } | null;
    /** True when it changed something (newer than ours and different). */
    adopt(peer: string, muted: boolean, clock: number): boolean;
  };
  /** Whether any installation of ours is paired (nothing is sent otherwise). */
  hasPaired: () => boolean;
  /** Sends an app message to our own key (reaching our paired devices). */
  sendToSelf: (type: AmmType, payload: Uint8Array) => Promise<unknown>;
}

export class ContactSync {
  readonly dropped = new Map<ContactSyncDrop, number>();
  readonly #options: ContactSyncOptions;

  constructor(options: ContactSyncOptions) {
    this.#options = options;
  }

  /** Every contact, one message each (status-go's SyncDevices); the number sent. Never throws. */
  async syncAll(): Promise<number> {
    if (!this.#options.hasPaired()) return 0;
    let sent = 0;
    for (const contact of this.#options.contacts.ownDeviceContacts()) if (await this.#send(contact)) sent += 1;
    return sent;
  }

  /** One contact that changed here. Never throws. */
  async syncContact(key: string): Promise<boolean> {
    if (!this.#options.hasPaired()) return false;
    const contact = this.#options.contacts.ownDeviceContact(key);
    return contact ? await this.#send(contact) : false;
  }

  /** A contact sync from one of our paired devices; false when the message is of another type. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    if (message.type !== AmmType.SYNC_INSTALLATION_CONTACT_V2) return false;
    if (message.sender !== this.#options.ourKey || message.public) return this.#drop('not-ours');
    const contact = readContactSync(message.payload, transportTimeMs(message.wakuTimestampNs) + MAX_CLOCK_DRIFT_MS);
    if (typeof contact === 'string') return this.#drop(contact);
    if (contact.publicKey === this.#options.ourKey) return this.#drop('about-us');
    const adopted = this.#options.contacts.onOwnDeviceContact(contact);
    const muted =
      contact.mute !== undefined &&
      this.#options.mutes?.adopt(contact.publicKey, contact.mute.muted, contact.mute.clock);
    if (!adopted && !muted) return this.#drop('stale');
    return true;
  }

  async #send(contact: OwnDeviceContact): Promise<boolean> {
    const mute = this.#options.mutes?.of(contact.publicKey);
    try {
      await this.#options.sendToSelf(
        AmmType.SYNC_INSTALLATION_CONTACT_V2,
        encodeContactSync(mute ? { ...contact, mute } : contact),
      );
      return true;
    } catch {
      this.#drop('send-failed');
      return false;
    }
  }

  #drop(reason: ContactSyncDrop): true {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return true;
  }
}

/** status-go's buildSyncContactMessage, for what we keep of a contact. */
export function encodeContactSync(contact: OwnDeviceContact): Uint8Array {
  const s = contact.state;
  const added = s.localState === ContactRequestState.Sent;
  return encode(SyncInstallationContactV2, {
    // Our last local change: every local change (blocking included) moves our side's clock, and
    // muting the chat moves the mute's.
    lastUpdatedLocally: u64(Math.max(s.localClock, contact.mute?.clock ?? 0, contact.kept?.clock ?? 0)),
    muted: contact.mute?.muted ?? false,
    // What a paired Status device told us, sent back as it was (a newer sync of ours would
    // otherwise set them to nothing there).
    localNickname: contact.kept?.nickname ?? '',
    verificationStatus: i64(contact.kept?.verificationStatus ?? 0),
    trustStatus: i64(contact.kept?.trustStatus ?? 0),
    customizationColor: contact.kept?.customizationColor ?? 0,
    id: contact.publicKey,
    ensName: contact.ensName ?? '',
    lastUpdated: u64(contact.profileClock),
    displayName: contact.displayName,
    added,
    blocked: contact.blocked,
    hasAddedUs: s.remoteState === ContactRequestState.Received,
    removed: contact.blocked || (s.localState === ContactRequestState.None && s.localClock > 0),
    contactRequestLocalState: i64(s.localState),
    contactRequestLocalClock: i64(s.localClock),
    contactRequestRemoteState: i64(s.remoteState),
    contactRequestRemoteClock: i64(s.remoteClock),
  });
}

/**
 * The contact a SYNC_INSTALLATION_CONTACT_V2 describes, or why it is refused: not a protobuf,
 * a bad key, an unknown state, a negative or oversize clock ('invalid'), a clock beyond
 * `maxClock` (ms, 'future-clock').
 */
export function readContactSync(payload: Uint8Array, maxClock: bigint): OwnDeviceContact | 'invalid' | 'future-clock' {
  const m = decodeOrError(SyncInstallationContactV2, payload, MAX_CONTACT_SYNC_BYTES);
  if (m instanceof WireDecodeError) return 'invalid';
  let publicKey: string;
  try {
    publicKey = toUncompressedHex(parsePublicKey(m.id));
  } catch {
    return 'invalid';
  }
  const clocks = [m.contactRequestLocalClock, m.contactRequestRemoteClock, m.lastUpdated, m.lastUpdatedLocally].map(
    (c) => toBigInt(c),
  );
  if (clocks.some((c) => c < 0n || c > BigInt(Number.MAX_SAFE_INTEGER))) return 'invalid';
  const [localClock, remoteClock, profileClock, updatedLocally] = clocks.map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const localState = Number(toBigInt(m.contactRequestLocalState));
  const remoteState = Number(toBigInt(m.contactRequestRemoteState));
  if (!KNOWN_STATES.includes(localState) || !KNOWN_STATES.includes(remoteState)) return 'invalid';
  if (m.displayName.length > MAX_NAME_CHARS || m.ensName.length > MAX_NAME_CHARS) return 'invalid';
  if (m.localNickname.length > MAX_NAME_CHARS) return 'invalid';
  const verificationStatus = Number(toBigInt(m.verificationStatus));
  const trustStatus = Number(toBigInt(m.trustStatus));
  // status-go's VerificationStatus and TrustStatus are small enums; anything else is garbage.
  if (![verificationStatus, trustStatus].every((v) => Number.isInteger(v) && v >= 0 && v <= MAX_STATUS))
    return 'invalid';
  if (clocks.some((c) => c > maxClock)) return 'future-clock';
  return {
    publicKey,
    state: {
      localState: localState as ContactRequestState,
      localClock,
      remoteState: remoteState as ContactRequestState,
      remoteClock,
    },
    blocked: m.blocked,
    displayName: m.displayName,
    ensName: m.ensName || null,
    profileClock,
    mute: { muted: m.muted, clock: updatedLocally },
    kept: {
      clock: updatedLocally,
      nickname: m.localNickname,
      verificationStatus,
      trustStatus,
      customizationColor: m.customizationColor,
    },
  };
}
