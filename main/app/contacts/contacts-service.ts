// Contacts over the wire, as status-go does them (protocol/messenger_contacts.go): a request is
// a 1:1 ChatMessage with content type CONTACT_REQUEST carrying the intro text; the other side
// accepts with AcceptContactRequest{id of the request, clock}, declines locally, either side
// retracts with RetractContactRequest; ContactUpdate carries profile (display name) and the
// propagated request states. Blocking is local. The state machine is in request-state.ts; this
// file persists it, talks to the messenger and decides which chat messages may be shown.
import { type ContactState, type ContactView, MAX_NICKNAME_CHARS, type PublicIdentity } from '../../../shared/api.ts';
import { CodedError } from '../../../shared/coded-error.ts';
import { parsePublicKey, toUncompressedHex } from '../../identity/keys.ts';
import { describePublicKey } from '../../identity/visual-identity.ts';
import type { Db } from '../../storage/database.ts';
import { ChatsRepository, ChatType } from '../../storage/messenger/chats-repository.ts';
import {
  type ContactRecord,
  ContactRequestState,
  ContactsRepository,
  type KeptContactFields,
} from '../../storage/messenger/contacts-repository.ts';
import { MessagesRepository, OutgoingStatus } from '../../storage/messenger/messages-repository.ts';
import { checkDisplayName, MAX_CLOCK_DRIFT_MS, transportTimeMs } from '../../wire/message-validation.ts';
import {
  AcceptContactRequest,
  AmmType,
  ContactUpdate,
  ContentType,
  decodeOrError,
  encode,
  MessageType,
  RetractContactRequest,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import type { Messenger, ReceivedApplication, ReceivedChatMessage } from '../messenger/messenger.ts';
import { encodeOneToOneChat } from '../messenger/one-to-one-chat.ts';
import { recordOutgoingOneToOne } from '../messenger/outgoing-record.ts';
import {
  acceptRequest,
  dismissRequest,
  hasAddedUs,
  isAdded,
  isDismissed,
  isMutual,
  NO_REQUEST,
  propagatedState,
  propagatedStateReceived,
  type RequestState,
  requestAccepted,
  requestReceived,
  requestRetracted,
  requestSent,
  resetLocal,
  retractRequest,
  type Transition,
} from './request-state.ts';

export type ContactsErrorCode = 'SELF' | 'BLOCKED' | 'NO_REQUEST' | 'INVALID';
export class ContactsError extends CodedError<ContactsErrorCode> {}

/** Why a message from someone was not shown: each is counted. */
export type ContactDrop = 'blocked' | 'not-a-contact' | 'unsolicited-accept' | 'invalid' | 'stale' | 'unsupported-type';

export interface ContactsEvents {
  onUpdated?: (contact: ContactView) => void;
  onRequestReceived?: (contact: ContactView) => void;
  /**
   * A contact changed here (our decision, block / unblock, a newer name): our paired devices
   * should hear of it (SYNC_INSTALLATION_CONTACT_V2). Not called for changes that came from them.
   */
  onLocalChange?: (peer: string) => void;
}

/** A contact as one of our paired devices knows it (its SYNC_INSTALLATION_CONTACT_V2). */
export interface OwnDeviceContact {
  /** 0x04… */
  publicKey: string;
  state: RequestState;
  /** Travels with our side of the state: blocking and unblocking move its clock. */
  blocked: boolean;
  displayName: string;
  ensName: string | null;
  /** Clock of the profile the name came with (0: none). */
  profileClock: number;
  /**
   * Whether our 1:1 chat with them is muted, and the clock of that (status-go sends `muted` with
   * last_updated_locally, the clock of the latest local change); absent when not known.
   */
  mute?: { muted: boolean; clock: number };
  /** What a paired Status device says that we only keep and send back (nickname, trust, …). */
  kept?: KeptContactFields;
}

/** What a chat message turned out to be, for the messaging service. */
export type ChatMessageVerdict = 'show' | 'handled' | 'dropped';

const MAX_CONTACT_BYTES = 1 << 20;

export function previewKey(key: string): PublicIdentity {
  return describePublicKey(parsePublicKey(key));
}

export function contactState(record: ContactRecord): ContactState {
  const s = stateOf(record);
  if (record.blocked) return 'blocked';
  if (isMutual(s)) return 'mutual';
  if (isDismissed(s)) return 'dismissed';
  if (isAdded(s)) return 'request-sent';
  if (hasAddedUs(s)) return 'request-received';
  return 'none';
}

const stateOf = (r: ContactRecord): RequestState => ({
  localState: r.localState,
  localClock: r.localClock,
  remoteState: r.remoteState,
  remoteClock: r.remoteClock,
});

const clockOk = (clock: bigint, wakuTimestampNs: bigint) =>
  clock > 0n &&
  clock <= transportTimeMs(wakuTimestampNs) + MAX_CLOCK_DRIFT_MS &&
  clock <= BigInt(Number.MAX_SAFE_INTEGER);

export class ContactsService {
  readonly dropped = new Map<ContactDrop, number>();
  readonly #db: Db;
  readonly #messenger: Messenger;
  readonly #contacts: ContactsRepository;
  readonly #messages: MessagesRepository;
  readonly #chats: ChatsRepository;
  readonly #events: ContactsEvents;
  readonly #now: () => number;
  readonly #displayName: () => string;
  readonly #presence: (key: string) => { online: boolean; lastSeen: number | null };
  #lastClock = 0;

  constructor(options: {
    db: Db;
    messenger: Messenger;
    /** Our display name, sent with requests and contact updates. */
    displayName: () => string;
    events?: ContactsEvents;
    now?: () => number;
    /** Their presence (main/app/presence); offline and never seen without it. */
    presence?: (key: string) => { online: boolean; lastSeen: number | null };
  }) {
    this.#db = options.db;
    this.#messenger = options.messenger;
    this.#contacts = new ContactsRepository(options.db);
    this.#messages = new MessagesRepository(options.db);
    this.#chats = new ChatsRepository(options.db);
    this.#events = options.events ?? {};
    this.#now = options.now ?? Date.now;
    this.#displayName = options.displayName;
    this.#presence = options.presence ?? (() => ({ online: false, lastSeen: null }));
  }

  // --- views -----------------------------------------------------------------------------------

  list(): ContactView[] {
    return this.#contacts.list().map((r) => this.#view(r));
  }

  get(key: string): ContactView | null {
    const record = this.#contacts.get(toUncompressedHex(parsePublicKey(key)));
    return record ? this.#view(record) : null;
  }

  /** Whether a 1:1 chat message from this 0x04 key may be shown. */
  allows(sender: string): boolean {
    const record = this.#contacts.get(sender);
    if (!record || record.blocked) return false;
    const s = stateOf(record);
    return isMutual(s) || isAdded(s);
  }

  /** Whether this 0x04 key is a mutual contact we have not blocked. */
  isMutualContact(key: string): boolean {
    const record = this.#contacts.get(key);
    return record !== null && record !== undefined && !record.blocked && isMutual(stateOf(record));
  }

  /** Whether we blocked this 0x04 key. */
  isBlocked(key: string): boolean {
    return this.#contacts.get(key)?.blocked === true;
  }

  /** Whether we relate to this 0x04 key: mutual, or a request either way, and not blocked. */
  relatesTo(key: string): boolean {
    const record = this.#contacts.get(key);
    if (!record || record.blocked) return false;
    const s = stateOf(record);
    return isAdded(s) || hasAddedUs(s);
  }

  /** Their contact-code advertisement named them: a newer display name of someone we relate to. */
  onChatIdentity(sender: string, displayName: string, clock: number): boolean {
    if (!this.relatesTo(sender) || !this.#takeName(sender, displayName, clock)) return false;
    this.#emitUpdated(sender);
    this.#events.onLocalChange?.(sender);
    return true;
  }

  // --- our actions -----------------------------------------------------------------------------

  /** Sends a contact request (a CONTACT_REQUEST chat message); if they asked first, we are mutual. */
  async sendRequest(key: string, text: string): Promise<ContactView> {
    const peer = this.#peer(key);
    const record = this.#ensure(peer);
    if (record.blocked) throw new ContactsError('BLOCKED', 'unblock this key before sending it a request');
    const clock = this.#clock(record);
    const after = this.#apply(peer, requestSent(stateOf(record), clock));
    const timestamp = this.#now();
    const payload = encodeOneToOneChat(
      { peer, clock, timestamp, text, contentType: ContentType.CONTACT_REQUEST },
      { displayName: this.#ourName(), contactRequestPropagatedState: this.#wireState(after) },
    );
    const id = await this.#messenger.sendApplication(peer, AmmType.CHAT_MESSAGE, payload, (queuedId) => {
      recordOutgoingOneToOne(
        { db: this.#db, chats: this.#chats, messages: this.#messages },
        {
          id: queuedId,
          peer,
          sender: this.#messenger.publicKeyHex,
          clock,
          timestamp,
          contentType: ContentType.CONTACT_REQUEST,
          text,
        },
        this.#now(),
      );
    });
    this.#messages.setStatus(id, OutgoingStatus.Sent);
    return this.#changedHere(peer);
  }

  /**
   * Our paired device sent a contact request or accepted one (its copy of the message reached
   * us): the same local state as if it had been done here. status-go syncs these decisions with
   * SYNC_INSTALLATION_CONTACT_V2 (main/app/devices/contact-sync.ts); the copies carry the same decision.
   */
  onOwnDeviceDecision(message: ReceivedChatMessage | ReceivedApplication): boolean {
    if ('chat' in message) {
      if (message.chat.contentType !== ContentType.CONTACT_REQUEST) return false;
      const record = this.#ensure(message.chatId);
      if (!record.blocked) this.#apply(message.chatId, requestSent(stateOf(record), Number(message.clock)));
      this.#emitUpdated(message.chatId);
      return true;
    }
    if (message.type !== AmmType.ACCEPT_CONTACT_REQUEST) return false;
    const accept = decodeOrError(AcceptContactRequest, message.payload, MAX_CONTACT_BYTES);
    if (accept instanceof WireDecodeError) {
      this.#drop('invalid');
      return true;
    }
    // The accept names their request by id: only a request we hold tells whose it was.
    const request = accept.id ? this.#messages.get(accept.id) : null;
    const record = request && !request.outgoing ? this.#contacts.get(request.sender) : null;
    if (!request || !record || record.blocked) {
      this.#drop('unsolicited-accept');
      return true;
    }
    this.#apply(request.sender, acceptRequest(stateOf(record), Number(toBigInt(accept.clock))));
    this.#emitUpdated(request.sender);
    return true;
  }

  /** Our request state with a peer as our 1:1 messages to them carry it (status-go does), if any. */
  propagatedStateFor(peer: string) {
    const record = this.#contacts.get(peer);
    return record && !record.blocked ? this.#wireState(stateOf(record)) : undefined;
  }

  /**
   * A 1:1 message of ours from a paired device carries its request state with the peer: each
   * side it knows newer than we do is ours too (a device paired after the contact was made
   * learns it from the next message, or from the SYNC_INSTALLATION_CONTACT_V2 sent on pairing).
   */
  onOwnChatState(message: ReceivedChatMessage): void {
    const propagated = message.chat.contactRequestPropagatedState;
    if (!propagated || message.chat.contentType === ContentType.CONTACT_REQUEST) return;
    const theirs = wireState(propagated);
    const known: number[] = Object.values(ContactRequestState);
    if (!known.includes(theirs.localState) || !known.includes(theirs.remoteState)) return;
    if (this.#contacts.get(message.chatId)?.blocked) return;
    if (this.#adoptNewerSides(message.chatId, theirs as RequestState)) this.#emitUpdated(message.chatId);
  }

  /** Every contact our paired devices should know: any request state either way, or blocked. */
  ownDeviceContacts(): OwnDeviceContact[] {
    return this.#contacts
      .list()
      .filter((r) => r.blocked || r.localClock > 0 || r.remoteClock > 0)
      .map(ownDeviceContact);
  }

  ownDeviceContact(key: string): OwnDeviceContact | null {
    const record = this.#contacts.get(key);
    return record ? ownDeviceContact(record) : null;
  }

  /**
   * A paired device of ours sent its view of a contact (SYNC_INSTALLATION_CONTACT_V2): each side
   * of the request state it knows newer than we do is ours too (blocked goes with our side), and
   * a newer profile name. False when nothing was newer. Our paired devices are not told back.
   */
  onOwnDeviceContact(theirs: OwnDeviceContact): boolean {
    const peer = theirs.publicKey;
    if (peer === this.#messenger.publicKeyHex) return false;
    const adopted = this.#adoptNewerSides(peer, theirs.state, theirs.blocked);
    const kept = theirs.kept !== undefined && this.#contacts.keep(peer, theirs.kept, this.#now());
    const renamed =
      this.#contacts.get(peer) !== null &&
      theirs.profileClock > 0 &&
      this.#takeName(peer, theirs.displayName, theirs.profileClock, theirs.ensName);
    if (!adopted && !renamed && !kept) return false;
    this.#emitUpdated(peer);
    return true;
  }

  /**
   * The one rule for state learned from our own other devices: each side (ours, theirs) is
   * adopted when its clock is newer than ours, never downgraded. `blocked`, when given, travels
   * with our side. True when something was written.
   */
  #adoptNewerSides(peer: string, theirs: RequestState, blocked?: boolean): boolean {
    const record = this.#contacts.get(peer);
    const s = record ? stateOf(record) : NO_REQUEST;
    const next: RequestState = { ...s };
    const localNewer = theirs.localClock > s.localClock;
    if (localNewer) Object.assign(next, { localState: theirs.localState, localClock: theirs.localClock });
    if (theirs.remoteClock > s.remoteClock)
      Object.assign(next, { remoteState: theirs.remoteState, remoteClock: theirs.remoteClock });
    if (!localNewer && next.remoteClock === s.remoteClock) return false;
    this.#ensure(peer);
    this.#db.transaction(() => {
      this.#persist(peer, { state: next, processed: true, newRequest: false, sendBack: false });
      if (localNewer && blocked !== undefined) this.#contacts.setFlag(peer, 'blocked', blocked, this.#now());
    })();
    return true;
  }

  /** Accepts their request: AcceptContactRequest{id of their request, clock}, then our profile. */
  async accept(key: string): Promise<ContactView> {
    const peer = this.#peer(key);
    const record = this.#contacts.get(peer);
    if (!record || !hasAddedUs(stateOf(record))) throw new ContactsError('NO_REQUEST', 'there is no request to accept');
    if (record.blocked) throw new ContactsError('BLOCKED', 'unblock this key before accepting it');
    const clock = this.#clock(record);
    const after = this.#apply(peer, acceptRequest(stateOf(record), clock));
    if (record.requestMessageId) {
      await this.#messenger.sendApplication(
        peer,
        AmmType.ACCEPT_CONTACT_REQUEST,
        encode(AcceptContactRequest, { id: record.requestMessageId, clock: u64(clock) }),
      );
    }
    // The update carries our name, and our new state when we never saw their request message.
    await this.#sendContactUpdate(peer, after);
    return this.#changedHere(peer);
  }

  /** Declines their request: local only (dismissed); they are not told. */
  decline(key: string): ContactView {
    const peer = this.#peer(key);
    const record = this.#contacts.get(peer);
    if (!record || !hasAddedUs(stateOf(record)))
      throw new ContactsError('NO_REQUEST', 'there is no request to decline');
    this.#apply(peer, dismissRequest(stateOf(record), this.#clock(record)));
    return this.#changedHere(peer);
  }

  /** Retracts our request, or removes a mutual contact: both sides go back to none. */
  async retract(key: string): Promise<ContactView> {
    const peer = this.#peer(key);
    const record = this.#contacts.get(peer);
    if (!record || (!isAdded(stateOf(record)) && !hasAddedUs(stateOf(record)))) {
      throw new ContactsError('NO_REQUEST', 'there is no request or contact to retract');
    }
    const clock = this.#clock(record);
    this.#apply(peer, retractRequest(stateOf(record), clock));
    await this.#messenger.sendApplication(
      peer,
      AmmType.RETRACT_CONTACT_REQUEST,
      encode(RetractContactRequest, { id: '', clock: u64(clock) }),
    );
    return this.#changedHere(peer);
  }

  /** Blocks a key: local only; everything from it is dropped from now on. */
  block(key: string): ContactView {
    const peer = this.#peer(key);
    const record = this.#ensure(peer);
    this.#db.transaction(() => {
      this.#contacts.setFlag(peer, 'blocked', true, this.#now());
      this.#apply(peer, dismissRequest(stateOf(record), this.#clock(record)));
    })();
    return this.#changedHere(peer);
  }

  unblock(key: string): ContactView {
    const peer = this.#peer(key);
    const record = this.#ensure(peer);
    this.#db.transaction(() => {
      if (this.#contacts.setFlag(peer, 'blocked', false, this.#now())) {
        this.#apply(peer, resetLocal(stateOf(record), this.#clock(record)));
      }
    })();
    return this.#changedHere(peer);
  }

  /**
   * Our nickname for them (empty clears it): local, and synced to our paired devices with the
   * contact (local_nickname, with a newer last_updated_locally so that they take it).
   */
  setNickname(key: string, nickname: string): ContactView {
    const peer = this.#peer(key);
    const record = this.#ensure(peer);
    const trimmed = nickname.trim();
    if ([...trimmed].length > MAX_NICKNAME_CHARS)
      throw new ContactsError('INVALID', `a nickname has at most ${MAX_NICKNAME_CHARS} characters`);
    if (trimmed === record.kept.nickname) return this.#view(record);
    const clock = Math.max(this.#now(), record.kept.clock + 1, record.localClock + 1);
    this.#contacts.keep(peer, { ...record.kept, nickname: trimmed, clock }, this.#now());
    return this.#changedHere(peer);
  }

  /** Tells every mutual contact our (new) display name. */
  async broadcastProfile(): Promise<number> {
    const targets = this.#contacts.list({ addedOnly: true }).filter((r) => !r.blocked && isMutual(stateOf(r)));
    for (const r of targets) await this.#sendContactUpdate(r.publicKey, stateOf(r));
    return targets.length;
  }

  // --- their messages --------------------------------------------------------------------------

  /**
   * A 1:1 chat message arrived. Requests are handled here; other messages are shown only from
   * mutual contacts and from people we sent a request to (their reply may overtake their accept).
   */
  onChatMessage(message: ReceivedChatMessage): ChatMessageVerdict {
    const sender = message.sender;
    const record = this.#contacts.get(sender);
    if (record?.blocked) return this.#drop('blocked');
    let t: Transition = {
      state: record ? stateOf(record) : NO_REQUEST,
      processed: false,
      newRequest: false,
      sendBack: false,
    };
    const propagated = message.chat.contactRequestPropagatedState;
    if (propagated) t = merge(t, propagatedStateReceived(t.state, wireState(propagated)));
    const isRequest = message.chat.contentType === ContentType.CONTACT_REQUEST;
    if (isRequest) t = merge(t, requestReceived(t.state, Number(message.clock)));

    if (!isRequest && !t.newRequest) {
      if (t.processed && record) this.#persist(sender, t);
      if (isMutual(t.state) || isAdded(t.state)) {
        if (t.processed) this.#emitUpdated(sender);
        return 'show';
      }
      return this.#drop('not-a-contact');
    }
    if (!t.processed) return this.#drop('stale');

    // A request (or a message carrying a new request state: status-go turns it into one).
    this.#ensure(sender);
    this.#persist(sender, t);
    this.#chats.upsert({ id: sender, type: ChatType.OneToOne, name: sender }, this.#now());
    this.#messages.insert({
      id: message.id,
      chatId: sender,
      sender,
      clock: Number(message.clock),
      timestamp: Number(message.timestamp),
      contentType: ContentType.CONTACT_REQUEST,
      messageType: MessageType.ONE_TO_ONE,
      text: message.text,
      outgoing: false,
      // Shown as a request (contacts.requestReceived), not as an unread chat message.
      seen: true,
      receivedAt: this.#now(),
    });
    this.#contacts.setRequestMessageId(sender, message.id, this.#now());
    this.#takeName(sender, message.chat.displayName, Number(message.clock));
    if (t.sendBack) void this.#sendContactUpdate(sender, t.state);
    const view = this.#emitUpdated(sender);
    if (t.newRequest && !isMutual(t.state) && !isDismissed(t.state)) this.#events.onRequestReceived?.(view);
    return 'handled';
  }

  /** Accept / retract / contact update; false when the type is not ours. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    switch (message.type) {
      case AmmType.ACCEPT_CONTACT_REQUEST:
        this.#onAccept(message);
        return true;
      case AmmType.RETRACT_CONTACT_REQUEST:
        this.#onRetract(message);
        return true;
      case AmmType.CONTACT_UPDATE:
        this.#onContactUpdate(message);
        return true;
      default:
        return false;
    }
  }

  countUnsupported(): void {
    this.#drop('unsupported-type');
  }

  #onAccept(message: ReceivedApplication): void {
    const record = this.#contacts.get(message.sender);
    if (record?.blocked) return void this.#drop('blocked');
    const accept = decodeOrError(AcceptContactRequest, message.payload, MAX_CONTACT_BYTES);
    if (accept instanceof WireDecodeError) return void this.#drop('invalid');
    const clock = toBigInt(accept.clock);
    if (!clockOk(clock, message.wakuTimestampNs)) return void this.#drop('invalid');
    // Only an answer to a request we sent them counts.
    const ours = accept.id ? this.#messages.get(accept.id) : null;
    const answersOurs =
      ours?.outgoing === true && ours.chatId === message.sender && ours.contentType === ContentType.CONTACT_REQUEST;
    if (!record || (!answersOurs && !isAdded(stateOf(record)))) return void this.#drop('unsolicited-accept');
    const t = requestAccepted(stateOf(record), Number(clock));
    if (!t.processed) return void this.#drop('stale');
    this.#persist(message.sender, t);
    this.#emitUpdated(message.sender);
  }

  #onRetract(message: ReceivedApplication): void {
    const record = this.#contacts.get(message.sender);
    if (record?.blocked) return void this.#drop('blocked');
    const retract = decodeOrError(RetractContactRequest, message.payload, MAX_CONTACT_BYTES);
    if (retract instanceof WireDecodeError) return void this.#drop('invalid');
    const clock = toBigInt(retract.clock);
    if (!clockOk(clock, message.wakuTimestampNs)) return void this.#drop('invalid');
    if (!record) return void this.#drop('not-a-contact');
    const t = requestRetracted(stateOf(record), Number(clock));
    if (!t.processed) return void this.#drop('stale');
    this.#persist(message.sender, t);
    this.#emitUpdated(message.sender);
  }

  #onContactUpdate(message: ReceivedApplication): void {
    const sender = message.sender;
    const record = this.#contacts.get(sender);
    if (record?.blocked) return void this.#drop('blocked');
    const update = decodeOrError(ContactUpdate, message.payload, MAX_CONTACT_BYTES);
    if (update instanceof WireDecodeError) return void this.#drop('invalid');
    const clock = toBigInt(update.clock);
    if (!clockOk(clock, message.wakuTimestampNs)) return void this.#drop('invalid');
    let t: Transition = {
      state: record ? stateOf(record) : NO_REQUEST,
      processed: false,
      newRequest: false,
      sendBack: false,
    };
    if (update.contactRequestPropagatedState) {
      t = merge(t, propagatedStateReceived(t.state, wireState(update.contactRequestPropagatedState)));
    }
    const related = isAdded(t.state) || hasAddedUs(t.state);
    if (!record && !related) return void this.#drop('not-a-contact');
    this.#ensure(sender);
    if (t.processed) this.#persist(sender, t);
    const renamed = related && this.#takeName(sender, update.displayName, Number(clock), update.ensName || null);
    if (t.sendBack) void this.#sendContactUpdate(sender, t.state);
    if (!t.processed && !renamed) return void this.#drop('stale');
    const view = this.#emitUpdated(sender);
    if (renamed) this.#events.onLocalChange?.(sender);
    if (t.newRequest && !isMutual(t.state) && !isDismissed(t.state)) this.#events.onRequestReceived?.(view);
  }

  // --- helpers ---------------------------------------------------------------------------------

  #peer(key: string): string {
    const peer = toUncompressedHex(parsePublicKey(key));
    if (peer === this.#messenger.publicKeyHex) throw new ContactsError('SELF', 'that is your own key');
    return peer;
  }

  #ensure(peer: string): ContactRecord {
    return this.#contacts.ensure(peer, describePublicKey(parsePublicKey(peer)).alias, this.#now());
  }

  /** A clock for our next decision: newer than anything we decided or sent before. */
  #clock(record: ContactRecord): number {
    const clock = Math.max(this.#now(), record.localClock + 1, this.#lastClock + 1);
    this.#lastClock = clock;
    return clock;
  }

  #apply(peer: string, t: Transition): RequestState {
    if (t.processed) this.#persist(peer, t);
    return t.state;
  }

  /** Writes the sides whose clock moved, and the added / has-added-us flags with them. */
  #persist(peer: string, t: Transition): void {
    const now = this.#now();
    const s = t.state;
    this.#db.transaction(() => {
      this.#contacts.setLocalRequestState(peer, s.localState, s.localClock, now);
      this.#contacts.setRemoteRequestState(peer, s.remoteState, s.remoteClock, now);
      this.#contacts.setFlag(peer, 'added', isAdded(s), now);
      this.#contacts.setFlag(peer, 'hasAddedUs', hasAddedUs(s), now);
    })();
  }

  #takeName(peer: string, displayName: string, clock: number, ensName: string | null = null): boolean {
    if (!displayName || checkDisplayName(displayName) !== null) return false;
    return this.#contacts.updateProfile(peer, { displayName, ensName, clock }, this.#now());
  }

  async #sendContactUpdate(peer: string, state: RequestState): Promise<void> {
    const clock = Math.max(this.#now(), this.#lastClock + 1);
    this.#lastClock = clock;
    await this.#messenger.sendApplication(
      peer,
      AmmType.CONTACT_UPDATE,
      encode(ContactUpdate, {
        clock: u64(clock),
        displayName: this.#ourName(),
        contactRequestClock: u64(state.localClock),
        contactRequestPropagatedState: this.#wireState(state),
      }),
    );
  }

  /** Our display name when it passes status-go's rule (receivers refuse messages otherwise). */
  #ourName(): string {
    const name = this.#displayName();
    return checkDisplayName(name) === null ? name : '';
  }

  #wireState(state: RequestState) {
    const p = propagatedState(state);
    return {
      localClock: u64(p.localClock),
      localState: u64(p.localState),
      remoteClock: u64(p.remoteClock),
      remoteState: u64(p.remoteState),
    };
  }

  #drop(reason: ContactDrop): 'dropped' {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return 'dropped';
  }

  /** Changed by us on this device: shown, and our paired devices are told. */
  #changedHere(peer: string): ContactView {
    const view = this.#emitUpdated(peer);
    this.#events.onLocalChange?.(peer);
    return view;
  }

  #emitUpdated(peer: string): ContactView {
    const record = this.#contacts.get(peer) as ContactRecord;
    const view = this.#view(record);
    this.#events.onUpdated?.(view);
    return view;
  }

  #view(record: ContactRecord): ContactView {
    const request = record.requestMessageId ? this.#messages.get(record.requestMessageId) : null;
    return {
      ...describePublicKey(parsePublicKey(record.publicKey)),
      displayName: record.displayName,
      nickname: record.kept.nickname || null,
      state: contactState(record),
      requestMessage: request && !request.outgoing ? request.text : null,
      ...this.#presence(record.publicKey),
    };
  }
}

function ownDeviceContact(record: ContactRecord): OwnDeviceContact {
  return {
    publicKey: record.publicKey,
    state: stateOf(record),
    blocked: record.blocked,
    displayName: record.displayName,
    ensName: record.ensName,
    profileClock: record.profileClock,
    kept: record.kept,
  };
}

type WireNumber = Parameters<typeof toBigInt>[0];

function wireState(p: {
  localClock?: WireNumber;
  localState?: WireNumber;
  remoteClock?: WireNumber;
  remoteState?: WireNumber;
}) {
  const n = (v: WireNumber) => {
    const b = toBigInt(v ?? 0);
    return b > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(b);
  };
  return {
    localClock: n(p.localClock),
    localState: n(p.localState),
    remoteClock: n(p.remoteClock),
    remoteState: n(p.remoteState),
  };
}

function merge(a: Transition, b: Transition): Transition {
  return {
    state: b.state,
    processed: a.processed || b.processed,
    newRequest: a.newRequest || b.newRequest,
    sendBack: a.sendBack || b.sendBack,
  };
}
