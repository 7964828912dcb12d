// 1:1 messaging, the walk of the architecture: a chat message goes down
// ChatMessage → AMM (signed) → MVDS → ProtocolMessage (X3DH/ratchet per installation, or DH)
// → segments → v1 envelope (ECIES to the recipient on their partitioned topic, or symmetric on
// our negotiated topic once agreed) → Waku message; and back up on receive through the topic
// filters (topic-filters.ts), with every refusal counted by reason. MVDS re-sends until acked,
// and the ack makes the message "delivered". Public messages (contact code, presence) skip
// MVDS and the ratchet: AMM → ProtocolMessage{public_message} → symmetric envelope.
import { compress, isValidPublicKey, publicKey } from '../../crypto/secp256k1.ts';
import { MAX_INSTALLATIONS, type SignedBundle } from '../../encryption/bundle.ts';
import { bundleToProto } from '../../encryption/bundle-codec.ts';
import { EnvelopeError } from '../../encryption/envelope/errors.ts';
import {
  decryptAsymmetric,
  decryptSymmetric,
  encryptAsymmetric,
  encryptSymmetric,
  requireSigner,
  type SignedEnvelope,
} from '../../encryption/envelope.ts';
import { decryptProtocolMessage, EncryptionError, encryptProtocolMessage } from '../../encryption/protocol-message.ts';
import { decodeMvdsPayload, encodeMvdsPayload } from '../../reliability/mvds/codec.ts';
import { oneToOneGroupId } from '../../reliability/mvds/ids.ts';
import { MvdsNode, type MvdsPayload, type MvdsStore } from '../../reliability/mvds/node.ts';
import { EPOCH_MS, epochAt } from '../../reliability/mvds/schedule.ts';
import { messageHashHex } from '../../transport/message.ts';
import { outgoingMessage } from '../../transport/outgoing.ts';
import { Scope } from '../../transport/sharding.ts';
import {
  applicationMessageId,
  nextClock,
  unwrapApplicationMessage,
  wrapApplicationMessage,
} from '../../wire/application-metadata.ts';
import {
  contactCodeTopic,
  contentTopic,
  negotiatedTopic,
  partitionedTopic,
  personalTopic,
  symmetricKey,
  symmetricKeyAsync,
} from '../../wire/content-topics.ts';
import { validateChatMessage } from '../../wire/message-validation.ts';
import {
  AmmType,
  ChatMessage,
  ContentType,
  decodeOrError,
  encode,
  MessageType,
  ProtocolMessage,
  WireDecodeError,
} from '../../wire/proto.ts';
import { SegmentReassembler, segmentPayload } from '../../wire/segmentation.ts';
import {
  agreesOnSecret,
  isAgreed,
  MemoryNegotiatedSecrets,
  type NegotiatedSecretStore,
  negotiatedTopicWith,
  sharedSecret,
} from './negotiated-secrets.ts';
import { encodeOneToOneChat } from './one-to-one-chat.ts';
import type { BundleSource, IncomingWakuMessage, MessengerTransport, OwnDevices, SessionStore } from './ports.ts';
import { FilterKind, type TopicFilter, TopicFilters } from './topic-filters.ts';

export interface ReceivedChatMessage {
  /** The app message id ("0x" + keccak256(sender ‖ AMM)). */
  id: string;
  /** The 1:1 chat id on our side: the other party's 0x04 key. */
  chatId: string;
  sender: string;
  text: string;
  clock: bigint;
  timestamp: bigint;
  /** The whole decoded message (content type, display name, propagated contact state...). */
  chat: ChatMessage;
}

export type Rejection =
  | 'not-version-1'
  | 'duplicate'
  | 'envelope'
  | 'unsigned'
  | 'segment'
  | 'encryption'
  | 'mvds'
  | 'amm'
  | 'forged-sender'
  | 'invalid-message'
  | 'unsupported-type'
  /** Our own key, from an installation of ours that is not paired (status-go's ErrNotPairedDevice). */
  | 'not-paired-device'
  | 'internal';

/** A verified app message of any type, for the handlers above the messenger. */
export interface ReceivedApplication {
  id: string;
  type: AmmType;
  payload: Uint8Array;
  /** 0x04 key of the signer (also the envelope's signer). */
  sender: string;
  wakuTimestampNs: bigint;
  /** Came as a public (symmetric, unencrypted-layer) message, not through MVDS. */
  public?: boolean;
}

export interface MessengerEvents {
  onMessage?: (message: ReceivedChatMessage) => void;
  /** App messages other than chat messages (contact requests, updates, ...). */
  onApplicationMessage?: (message: ReceivedApplication) => void;
  onDelivered?: (messageId: string) => void;
  onRejected?: (reason: Rejection, detail: string) => void;
  /**
   * A Waku message went out carrying (a segment of) these app messages: its hash lets a store
   * query later confirm the network kept it ("stored").
   */
  onPublished?: (published: PublishedWakuMessage) => void;
}

export interface PublishedWakuMessage {
  /** App message ids (ours) carried by the MVDS payload; empty for acks only. */
  messageIds: string[];
  pubsubTopic: string;
  contentTopic: string;
  hashHex: string;
}

export interface MessengerOptions {
  transport: MessengerTransport;
  chatKey: Uint8Array;
  bundles: BundleSource;
  sessions: SessionStore;
  mvds: MvdsStore;
  events?: MessengerEvents;
  now?: () => number;
  /** Bytes per segment; tests lower it to exercise segmentation. */
  segmentBytes?: number;
  /**
   * Runs a received message's whole processing (session step, MVDS state, what onMessage
   * stores) as one database transaction, so a crash never keeps one without the other.
   */
  atomically?: <T>(work: () => T) => T;
  /** Agreed negotiated secrets; in memory unless given. */
  negotiated?: NegotiatedSecretStore;
  /** Our other installations; without it, none is ever paired. */
  devices?: OwnDevices;
}

export interface PublishedPublic {
  /** The app message id. */
  id: string;
  ok: boolean;
}

export interface QueuedText {
  id: string;
  clock: bigint;
  timestamp: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** How long a send waits for a new negotiated-topic subscription (a light node's filter) to take effect. */
const FILTER_READY_WAIT_MS = 3000;

/** Waits for `ready` to settle, at most `ms`; never rejects. */
function settledWithin(ready: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([ready.catch(() => {}), timeout]).finally(() => clearTimeout(timer));
}
const keyBytes = (key: string) => new Uint8Array(Buffer.from(key.replace(/^0x/, ''), 'hex'));

export class Messenger {
  readonly rejected = new Map<Rejection, number>();
  readonly #options: MessengerOptions;
  readonly #now: () => number;
  readonly #ourPublic: Uint8Array;
  readonly #mvds: MvdsNode;
  readonly #negotiated: NegotiatedSecretStore;
  readonly #filters: TopicFilters;
  /** Topic strings we listen on (installed or key still being derived), by kind. */
  readonly #wanted = new Map<string, FilterKind>();
  readonly #pendingFilters = new Set<Promise<void>>();
  readonly #reassembler = new SegmentReassembler();
  readonly #seen = new Set<string>();
  readonly #lastClock = new Map<string, bigint>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: MessengerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#ourPublic = publicKey(options.chatKey);
    this.#negotiated = options.negotiated ?? new MemoryNegotiatedSecrets();
    this.#filters = new TopicFilters(options.transport, (incoming) => this.#guardedReceive(incoming));
    this.#mvds = new MvdsNode(options.mvds, {
      // The acked body is our AMM: its app id follows from it, even across restarts.
      onDelivered: (peer, _mvdsId, message) => {
        // Our own devices' acks say nothing about the peer having it.
        if (peer === hex(this.#ourPublic)) return;
        options.events?.onDelivered?.(applicationMessageId(this.#ourPublic, message.body));
      },
    });
  }

  get publicKeyHex(): string {
    return `0x${hex(this.#ourPublic)}`;
  }

  /**
   * Listens on our partitioned, personal and contact-code topics and on every negotiated topic
   * agreed before, and starts MVDS's clock.
   */
  start(): void {
    this.#listen(partitionedTopic(this.#ourPublic), FilterKind.Partitioned);
    this.#listen(personalTopic(this.#ourPublic), FilterKind.Personal);
    this.#listen(contactCodeTopic(this.#ourPublic), FilterKind.ContactCode);
    for (const { secret } of this.#negotiated.all()) this.#listen(negotiatedTopic(secret), FilterKind.Negotiated);
    this.#timer = setInterval(() => void this.#flush(), EPOCH_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#filters.close();
  }

  /** Starts listening on a peer's contact-code topic (their advertisements and presence). */
  listenToContactCode(peerHex: string): Promise<void> {
    return this.#listen(contactCodeTopic(peerHex), FilterKind.ContactCode);
  }

  stopListeningToContactCode(peerHex: string): void {
    const topic = contactCodeTopic(peerHex);
    this.#wanted.delete(topic);
    this.#filters.remove(topic);
  }

  /** Listens on any symmetric topic (its messages are opened with the topic's PBKDF2 key). */
  listenToPublic(topic: string): Promise<void> {
    return this.#listen(topic, FilterKind.Public);
  }

  /** Resolves once every filter asked for so far is subscribed (symmetric keys take ~10 ms each). */
  async whenListening(): Promise<void> {
    while (this.#pendingFilters.size > 0) await Promise.all([...this.#pendingFilters]);
  }

  /** The filters in place, for diagnostics and tests. */
  get filters(): TopicFilter[] {
    return this.#filters.list();
  }

  /** The latest verified bundle of a peer (0x04 key), if we know one. */
  bundleOf(peerHex: string): SignedBundle | undefined {
    return this.#options.bundles.bundleOf(hex(compress(keyBytes(peerHex))));
  }

  /** Whether our next 1:1 payload to this peer goes on the negotiated topic. */
  negotiatedWith(peerHex: string): boolean {
    return isAgreed(this.#targets(keyBytes(peerHex)), this.#negotiated.agreedInstallations(this.#peerId(peerHex)));
  }

  /**
   * The peer showed it is online (its StatusUpdate): its pending MVDS records go out within
   * 0–18 s. Returns how many were rescheduled.
   */
  peerOnline(peerHex: string): number {
    return this.#mvds.peerOnline(hex(keyBytes(peerHex)), epochAt(this.#now()));
  }

  /** Sends a text to a peer (its 0x04 key); resolves with the app message id once published. */
  async sendText(recipientHex: string, text: string, onQueued?: (queued: QueuedText) => void): Promise<string> {
    const clock = nextClock(this.#lastClock.get(recipientHex) ?? 0n, this.#now());
    this.#lastClock.set(recipientHex, clock);
    const timestamp = this.#now();
    const chat = encodeOneToOneChat({
      peer: recipientHex,
      clock,
      timestamp,
      text,
      contentType: ContentType.TEXT_PLAIN,
    });
    return this.sendApplication(recipientHex, AmmType.CHAT_MESSAGE, chat, (id) => onQueued?.({ id, clock, timestamp }));
  }

  /**
   * Sends any app message reliably (MVDS: re-sent until acked) to a peer (its 0x04 key);
   * `onQueued` runs once it is queued and its id known, before it is published.
   */
  async sendApplication(
    recipientHex: string,
    type: AmmType,
    payload: Uint8Array,
    onQueued?: (id: string) => void,
  ): Promise<string> {
    const recipient = keyBytes(recipientHex);
    const amm = wrapApplicationMessage(type, payload, this.#options.chatKey);
    const id = applicationMessageId(this.#ourPublic, amm);
    const self = this.#isUs(recipient);
    // status-go's sendToPairedDevices: a 1:1 message also goes, the same AMM, privately to our
    // own key, so our paired devices file it in the chat as ours.
    const recipients = self || !this.#options.devices?.hasPaired() ? [recipient] : [recipient, this.#ourPublic];
    for (const to of recipients)
      this.#mvds.send(
        hex(to),
        {
          groupId: oneToOneGroupId(this.#ourPublic, to),
          timestamp: BigInt(Math.floor(this.#now() / 1000)),
          body: amm,
        },
        epochAt(this.#now()),
      );
    onQueued?.(id);
    await this.#flush();
    return id;
  }

  /**
   * Publishes a public message on a symmetric topic (status-go's SendPublic / BuildPublicMessage):
   * the AMM signed with our key inside a ProtocolMessage{public_message} with our bundle attached,
   * sealed under the topic's PBKDF2 key and signed. No MVDS: nobody acks public messages.
   */
  async publishPublic(
    topic: string,
    type: AmmType,
    payload: Uint8Array,
    options: { ephemeral: boolean },
  ): Promise<PublishedPublic> {
    const amm = wrapApplicationMessage(type, payload, this.#options.chatKey);
    const id = applicationMessageId(this.#ourPublic, amm);
    const bytes = encode(ProtocolMessage, {
      installationId: this.#options.bundles.installationId,
      bundles: [bundleToProto(this.#options.bundles.ourBundle())],
      publicMessage: amm,
    });
    const key = await symmetricKeyAsync(topic);
    const target = contentTopic(topic);
    let ok = true;
    for (const piece of segmentPayload(bytes, this.#options.segmentBytes)) {
      const out = outgoingMessage({
        scope: Scope.GlobalContent,
        contentTopic: target,
        payload: encryptSymmetric(piece, key, this.#options.chatKey),
        ephemeral: options.ephemeral,
        nowMs: this.#now(),
      });
      const outcome = await this.#options.transport.publish(out.pubsubTopic, out.message);
      ok &&= outcome.ok;
    }
    return { id, ok };
  }

  /**
   * Feeds messages fetched elsewhere (a store page) through the same receive path, at once: one outer transaction around the messages' own (savepoints then), so
   * a backlog pays one commit per page, not per message. A message that fails still rolls back
   * alone; a crash mid-page loses the page, which the next sync fetches again.
   */
  async ingestAll(incoming: readonly IncomingWakuMessage[]): Promise<void> {
    // A page fetched while a topic's key is still being derived (the negotiated topics restored
    // at start) could not be opened, and its hashes would count as seen: wait for the keys.
    await this.whenListening();
    const atomically = this.#options.atomically ?? (<T>(work: () => T) => work());
    atomically(() => {
      for (const message of incoming) this.#guardedReceive(message);
    });
  }

  /** Whether a content topic is one we listen on now (a relayed message of it is ours to note). */
  listensTo(contentTopicId: string): boolean {
    return this.#filters.matching(contentTopicId).length > 0;
  }

  /**
   * The topics a history sync must fetch for us: our partitioned and personal topics, the
   * negotiated ones, and the contact-code topics (ours and our contacts': advertisements are
   * stored, so a node back online learns the bundles and names it missed).
   */
  get contentTopics(): string[] {
    return [...new Set([...this.#wanted.keys()].map(contentTopic))];
  }

  #listen(topic: string, kind: FilterKind, now = false): Promise<void> {
    this.#wanted.set(topic, kind);
    if (kind === FilterKind.Partitioned || kind === FilterKind.Personal) {
      this.#filters.addAsymmetric(topic, kind);
      return Promise.resolve();
    }
    const adding = this.#filters.addSymmetric(topic, kind, now);
    this.#pendingFilters.add(adding);
    const done = () => void this.#pendingFilters.delete(adding);
    adding.then(done, done);
    return adding;
  }

  /** Sends whatever MVDS says is due (new messages, re-sends, acks). */
  #flush(): Promise<void> {
    this.#flushing = this.#flushing.then(
      async () => {
        for (const [peer, payload] of this.#mvds.due(epochAt(this.#now()))) await this.#sendPayload(peer, payload);
      },
      () => {},
    );
    return this.#flushing;
  }

  #isUs(key: Uint8Array): boolean {
    return Buffer.from(key).equals(Buffer.from(this.#ourPublic));
  }

  /** Our own bundle as we encrypt to it: only our paired other installations, never this one. */
  #pairedBundle(): SignedBundle | undefined {
    const bundle = this.#options.bundles.bundleOf(hex(compress(this.#ourPublic)));
    const devices = this.#options.devices;
    if (!bundle || !devices) return undefined;
    const signedPreKeys = new Map(
      [...bundle.signedPreKeys].filter(([id]) => id !== this.#options.bundles.installationId && devices.isPaired(id)),
    );
    return signedPreKeys.size > 0 ? { ...bundle, signedPreKeys } : undefined;
  }

  /** To our own key: encrypted for our paired devices only, on our partitioned topic. */
  async #sendToPairedDevices(payload: MvdsPayload): Promise<void> {
    const recipientBundle = this.#pairedBundle();
    // No paired device (unpaired since): nothing to encrypt for; never the DH fallback to ourselves.
    if (!recipientBundle) return;
    const encrypted = encryptProtocolMessage({
      payload: encodeMvdsPayload(payload),
      ourIdentity: this.#options.chatKey,
      ourInstallationId: this.#options.bundles.installationId,
      ourBundle: this.#options.bundles.ourBundle(),
      recipient: this.#ourPublic,
      recipientBundle,
      sessions: this.#options.sessions.lookup,
    });
    this.#options.sessions.apply(encrypted.updates);
    const topic = contentTopic(partitionedTopic(this.#ourPublic));
    for (const piece of segmentPayload(encrypted.bytes, this.#options.segmentBytes)) {
      const out = outgoingMessage({
        scope: Scope.GlobalContent,
        contentTopic: topic,
        payload: encryptAsymmetric(piece, this.#ourPublic, this.#options.chatKey),
        ephemeral: false,
        nowMs: this.#now(),
      });
      await this.#options.transport.publish(out.pubsubTopic, out.message);
    }
  }

  /** Listens on our negotiated topic with a peer (bare hex key); returns the topic. */
  #listenNegotiated(peerHex: string): string {
    const negotiated = negotiatedTopicWith(this.#options.chatKey, keyBytes(peerHex));
    if (!this.#wanted.has(negotiated)) {
      // Kept, so that after a restart we still listen (and sync from store) where they may answer.
      this.#negotiated.remember(`0x${peerHex}`, Buffer.from(negotiated, 'hex'));
      void this.#listen(negotiated, FilterKind.Negotiated, true);
    }
    return negotiated;
  }

  #peerId(peerHex: string): string {
    return `0x${hex(keyBytes(peerHex))}`;
  }

  /** Their installations we encrypt to (as encryptProtocolMessage picks them), ours excluded. */
  #targets(peer: Uint8Array): string[] {
    const bundle = this.#options.bundles.bundleOf(hex(compress(peer)));
    return [...(bundle?.signedPreKeys.keys() ?? [])]
      .sort((a, b) => a.localeCompare(b))
      .slice(0, MAX_INSTALLATIONS)
      .filter((id) => id !== this.#options.bundles.installationId);
  }

  async #sendPayload(peerHex: string, payload: MvdsPayload): Promise<void> {
    const peer = new Uint8Array(Buffer.from(peerHex, 'hex'));
    if (this.#isUs(peer)) return this.#sendToPairedDevices(payload);
    const encrypted = encryptProtocolMessage({
      payload: encodeMvdsPayload(payload),
      ourIdentity: this.#options.chatKey,
      ourInstallationId: this.#options.bundles.installationId,
      ourBundle: this.#options.bundles.ourBundle(),
      recipient: peer,
      recipientBundle: this.#options.bundles.bundleOf(hex(compress(peer))),
      sessions: this.#options.sessions.lookup,
    });
    this.#options.sessions.apply(encrypted.updates);
    // As status-go does before sending: listen on the negotiated topic, so that the peer's
    // answers on it are heard even before we switch to it ourselves.
    // The key is derived here once per peer (then cached), synchronously: the answer may come at once.
    const negotiated = this.#listenNegotiated(peerHex);
    // A light node's filter takes a round trip to the service node: the peer may answer on the
    // negotiated topic at once (its ack), so wait, briefly, until we can hear it.
    await settledWithin(this.#filters.ready(negotiated), FILTER_READY_WAIT_MS);
    const agreed = isAgreed(this.#targets(peer), this.#negotiated.agreedInstallations(`0x${peerHex}`));
    const key = agreed ? symmetricKey(negotiated) : undefined;
    const topic = contentTopic(agreed ? negotiated : partitionedTopic(peer));
    const messageIds = payload.messages.map((m) => applicationMessageId(this.#ourPublic, m.body));
    for (const piece of segmentPayload(encrypted.bytes, this.#options.segmentBytes)) {
      const envelope = key
        ? encryptSymmetric(piece, key, this.#options.chatKey)
        : encryptAsymmetric(piece, peer, this.#options.chatKey);
      const out = outgoingMessage({
        scope: Scope.GlobalContent,
        contentTopic: topic,
        payload: envelope,
        ephemeral: false,
        nowMs: this.#now(),
      });
      const outcome = await this.#options.transport.publish(out.pubsubTopic, out.message);
      if (outcome.ok && messageIds.length > 0)
        this.#options.events?.onPublished?.({
          messageIds,
          pubsubTopic: out.pubsubTopic,
          contentTopic: topic,
          hashHex: messageHashHex(out.pubsubTopic, out.message),
        });
    }
  }

  #guardedReceive(incoming: IncomingWakuMessage): void {
    try {
      const atomically = this.#options.atomically ?? (<T>(work: () => T) => work());
      atomically(() => this.#receive(incoming));
    } catch (error) {
      // A bug here must cost one message, never the node.
      this.#reject('internal', String(error));
    }
  }

  #reject(reason: Rejection, detail: string): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    this.#options.events?.onRejected?.(reason, detail);
  }

  /** Tries every filter of the content topic (4-byte topics collide); the first that opens wins. */
  #open(payload: Uint8Array, contentTopicId: string): SignedEnvelope | EnvelopeError | Error {
    let failure: Error = new EnvelopeError('BAD_TAG', `no filter for ${contentTopicId}`);
    const filters = this.#filters.matching(contentTopicId);
    // Messages handed over without a filter (a store page fetched before start): only our key can open them.
    const keys = filters.length > 0 ? filters.map((f) => f.symmetricKey) : [undefined];
    for (const symmetricKey of keys) {
      try {
        const opened = symmetricKey
          ? decryptSymmetric(payload, symmetricKey)
          : decryptAsymmetric(payload, this.#options.chatKey);
        return requireSigner(opened);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        // An envelope that opened but is unsigned will not open differently under another filter.
        if (failure instanceof EnvelopeError && failure.code === 'UNSIGNED') return failure;
      }
    }
    return failure;
  }

  #receive({ message, hashHex }: IncomingWakuMessage): void {
    if (this.#seen.has(hashHex)) {
      this.#reject('duplicate', hashHex);
      return;
    }
    this.#seen.add(hashHex);
    if (this.#seen.size > 50_000) this.#seen.delete(this.#seen.values().next().value as string);
    if (message.version !== 1) {
      this.#reject('not-version-1', String(message.version));
      return;
    }

    const opened = this.#open(message.payload, message.contentTopic);
    if (opened instanceof Error) {
      // Topics are shared (5,000 partitions): most messages on ours are simply not for us.
      this.#reject(
        opened instanceof EnvelopeError && opened.code === 'UNSIGNED' ? 'unsigned' : 'envelope',
        String(opened),
      );
      return;
    }
    const sender = opened.signer;
    const data = opened.data;
    const segment = this.#reassembler.accept(data, hex(sender));
    if (segment.kind === 'pending') return;
    if (segment.kind === 'rejected') {
      this.#reject('segment', segment.reason);
      return;
    }
    const whole = segment.kind === 'complete' ? segment.payload : data;

    let decrypted: ReturnType<typeof decryptProtocolMessage>;
    try {
      decrypted = decryptProtocolMessage({
        bytes: whole,
        sender,
        ourIdentity: this.#options.chatKey,
        ourInstallationId: this.#options.bundles.installationId,
        ourSignedPreKeys: this.#options.bundles.ourSignedPreKeys(),
        sessions: this.#options.sessions.lookup,
      });
    } catch (error) {
      this.#reject('encryption', error instanceof EncryptionError ? error.code : String(error));
      return;
    }
    const fromUs = this.#isUs(sender);
    const isPublic = !decrypted.update && isPublicMessage(whole);
    // Bundles of our own key list our other installations: stored like a peer's (this
    // installation skipped), and learned as devices of ours, used only once paired.
    const devices = this.#options.devices;
    for (const bundle of decrypted.bundles) {
      if (fromUs && !devices) continue;
      this.#options.bundles.learn(bundle);
      if (fromUs) devices?.learnOwnBundle(bundle);
    }
    if (fromUs && !isPublic && !this.#options.devices?.isPaired(decrypted.senderInstallationId)) {
      this.#reject('not-paired-device', decrypted.senderInstallationId.slice(0, 40));
      return;
    }
    if (decrypted.update) this.#options.sessions.apply([decrypted.update]);
    if (decrypted.update && !fromUs) this.#noteAgreement(sender, decrypted.bundles, decrypted.senderInstallationId);

    if (isPublic) {
      this.#handleAmm(decrypted.payload, sender, message.timestamp ?? 0n, true);
      return;
    }
    const mvds = decodeMvdsPayload(decrypted.payload);
    const bodies =
      mvds instanceof WireDecodeError || (mvds.acks.length === 0 && mvds.messages.length === 0)
        ? [decrypted.payload]
        : this.#mvds.receive(hex(sender), mvds).map((m) => m.body);
    for (const body of bodies) this.#handleAmm(body, sender, message.timestamp ?? 0n, false);
    // Acks for what arrived go out at once rather than at the next tick.
    if (!(mvds instanceof WireDecodeError) && mvds.messages.length > 0) void this.#flush();
  }

  /** A ratchet message from an installation announcing protocol_version ≥ 1 agrees on the secret. */
  #noteAgreement(sender: Uint8Array, bundles: SignedBundle[], installationId: string): void {
    if (!agreesOnSecret(bundles, installationId)) return;
    const secret = sharedSecret(this.#options.chatKey, sender);
    this.#negotiated.agree(`0x${hex(sender)}`, installationId, secret);
    void this.#listen(negotiatedTopic(secret), FilterKind.Negotiated, true);
  }

  #handleAmm(bytes: Uint8Array, envelopeSender: Uint8Array, wakuTimestampNs: bigint, isPublic: boolean): void {
    const amm = unwrapApplicationMessage(bytes);
    if (amm instanceof WireDecodeError) {
      this.#reject('amm', amm.message);
      return;
    }
    if (!amm.signer || !amm.id || !Buffer.from(amm.signer).equals(Buffer.from(envelopeSender))) {
      this.#reject('forged-sender', 'the AMM signer is not the envelope signer');
      return;
    }
    if (amm.type !== AmmType.CHAT_MESSAGE) {
      const handler = this.#options.events?.onApplicationMessage;
      if (!handler) {
        this.#reject('unsupported-type', String(amm.type));
        return;
      }
      handler({
        id: amm.id,
        type: amm.type,
        payload: amm.payload,
        sender: `0x${hex(amm.signer)}`,
        wakuTimestampNs,
        public: isPublic,
      });
      return;
    }
    const chat = decodeOrError(ChatMessage, amm.payload, 1 << 20);
    if (chat instanceof WireDecodeError) {
      this.#reject('amm', chat.message);
      return;
    }
    const invalid = validateChatMessage(chat, wakuTimestampNs);
    if (invalid) {
      this.#reject('invalid-message', invalid);
      return;
    }
    const senderHex = `0x${hex(amm.signer)}`;
    // From another device of ours: it names the chat (the other party), as the sender writes it.
    const chatId = this.#isUs(amm.signer) ? ownMessageChat(chat, this.publicKeyHex) : senderHex;
    if (!chatId) {
      this.#reject('invalid-message', 'our own message names no 1:1 chat with someone else');
      return;
    }
    // Our other device talks with them: their answers may come on our negotiated topic with them.
    if (chatId !== senderHex) this.#listenNegotiated(chatId.slice(2));
    this.#options.events?.onMessage?.({
      id: amm.id,
      chatId,
      sender: senderHex,
      text: chat.text,
      clock: BigInt(chat.clock.toString()),
      timestamp: BigInt(chat.timestamp.toString()),
      chat,
    });
  }
}

/** The 1:1 chat of our own message: a valid 0x04 key other than ours. */
function ownMessageChat(chat: ChatMessage, ourKey: string): string | undefined {
  const id = chat.chatId.toLowerCase();
  if (chat.messageType !== MessageType.ONE_TO_ONE || id === ourKey || !/^0x04[0-9a-f]{128}$/.test(id)) return undefined;
  return isValidPublicKey(keyBytes(id)) ? id : undefined;
}

/** A ProtocolMessage carrying a public_message and no encrypted copies (status-go's public path). */
function isPublicMessage(bytes: Uint8Array): boolean {
  const message = decodeOrError(ProtocolMessage, bytes, bytes.length);
  return (
    !(message instanceof WireDecodeError) &&
    Object.keys(message.encryptedMessage ?? {}).length === 0 &&
    (message.publicMessage?.length ?? 0) > 0
  );
}
