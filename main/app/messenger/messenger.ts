// 1:1 messaging, the walk of the architecture: a chat message goes down
// ChatMessage → AMM (signed) → MVDS → ProtocolMessage (X3DH/ratchet per installation, or DH)
// → segments → v1 envelope (ECIES to the recipient) → Waku message on their partitioned topic;
// and back up on receive, with every refusal counted by reason. MVDS re-sends until acked,
// and the ack makes the message "delivered".
import { compress, publicKey } from '../../crypto/secp256k1.ts';
import { EnvelopeError } from '../../encryption/envelope/errors.ts';
import { decryptAsymmetric, encryptAsymmetric, requireSigner } from '../../encryption/envelope.ts';
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
import { contactCodeTopic, contentTopic, partitionedTopic } from '../../wire/content-topics.ts';
import { validateChatMessage } from '../../wire/message-validation.ts';
import {
  AmmType,
  ChatMessage,
  ContentType,
  decodeOrError,
  encode,
  MessageType,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import { SegmentReassembler, segmentPayload } from '../../wire/segmentation.ts';
import type { BundleSource, IncomingWakuMessage, MessengerTransport, SessionStore } from './ports.ts';

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
  | 'internal';

/** A verified app message of any type, for the handlers above the messenger. */
export interface ReceivedApplication {
  id: string;
  type: AmmType;
  payload: Uint8Array;
  /** 0x04 key of the signer (also the envelope's signer). */
  sender: string;
  wakuTimestampNs: bigint;
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
}

export interface QueuedText {
  id: string;
  clock: bigint;
  timestamp: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export class Messenger {
  readonly rejected = new Map<Rejection, number>();
  readonly #options: MessengerOptions;
  readonly #now: () => number;
  readonly #ourPublic: Uint8Array;
  readonly #mvds: MvdsNode;
  readonly #reassembler = new SegmentReassembler();
  readonly #seen = new Set<string>();
  readonly #lastClock = new Map<string, bigint>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: MessengerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#ourPublic = publicKey(options.chatKey);
    this.#mvds = new MvdsNode(options.mvds, {
      // The acked body is our AMM: its app id follows from it, even across restarts.
      onDelivered: (_peer, _mvdsId, message) => {
        options.events?.onDelivered?.(applicationMessageId(this.#ourPublic, message.body));
      },
    });
  }

  get publicKeyHex(): string {
    return `0x${hex(this.#ourPublic)}`;
  }

  /** Listens on our partitioned and contact-code topics and starts MVDS's clock. */
  start(): void {
    this.#unsubscribe = this.#options.transport.subscribe(this.contentTopics, (incoming) =>
      this.#guardedReceive(incoming),
    );
    this.#timer = setInterval(() => void this.#flush(), EPOCH_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
  }

  /** Sends a text to a peer (its 0x04 key); resolves with the app message id once published. */
  async sendText(recipientHex: string, text: string, onQueued?: (queued: QueuedText) => void): Promise<string> {
    const clock = nextClock(this.#lastClock.get(recipientHex) ?? 0n, this.#now());
    this.#lastClock.set(recipientHex, clock);
    const timestamp = this.#now();
    const chat = encode(ChatMessage, {
      clock: u64(clock),
      timestamp: u64(timestamp),
      text,
      chatId: recipientHex,
      messageType: MessageType.ONE_TO_ONE,
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
    const recipient = new Uint8Array(Buffer.from(recipientHex.replace(/^0x/, ''), 'hex'));
    const amm = wrapApplicationMessage(type, payload, this.#options.chatKey);
    const id = applicationMessageId(this.#ourPublic, amm);
    this.#mvds.send(
      hex(recipient),
      {
        groupId: oneToOneGroupId(this.#ourPublic, recipient),
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
   * Feeds messages fetched elsewhere (a store page) through the same receive path, at once: one outer transaction around the messages' own (savepoints then), so
   * a backlog pays one commit per page, not per message. A message that fails still rolls back
   * alone; a crash mid-page loses the page, which the next sync fetches again.
   */
  ingestAll(incoming: readonly IncomingWakuMessage[]): void {
    const atomically = this.#options.atomically ?? (<T>(work: () => T) => work());
    atomically(() => {
      for (const message of incoming) this.#guardedReceive(message);
    });
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

  async #sendPayload(peerHex: string, payload: MvdsPayload): Promise<void> {
    const peer = new Uint8Array(Buffer.from(peerHex, 'hex'));
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
    const topic = contentTopic(partitionedTopic(peer));
    const messageIds = payload.messages.map((m) => applicationMessageId(this.#ourPublic, m.body));
    for (const piece of segmentPayload(encrypted.bytes, this.#options.segmentBytes)) {
      const envelope = encryptAsymmetric(piece, peer, this.#options.chatKey);
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

  /** The topics a history sync must fetch for us. */
  get contentTopics(): string[] {
    return [contentTopic(partitionedTopic(this.#ourPublic)), contentTopic(contactCodeTopic(this.#ourPublic))];
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

    let signer: Uint8Array;
    let data: Uint8Array;
    try {
      const opened = requireSigner(decryptAsymmetric(message.payload, this.#options.chatKey));
      signer = opened.signer;
      data = opened.data;
    } catch (error) {
      // Topics are shared (5,000 partitions): most messages on ours are simply not for us.
      this.#reject(
        error instanceof EnvelopeError && error.code === 'UNSIGNED' ? 'unsigned' : 'envelope',
        String(error),
      );
      return;
    }
    const sender = signer;
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
    if (decrypted.update) this.#options.sessions.apply([decrypted.update]);
    for (const bundle of decrypted.bundles) this.#options.bundles.learn(bundle);

    const mvds = decodeMvdsPayload(decrypted.payload);
    const bodies =
      mvds instanceof WireDecodeError || (mvds.acks.length === 0 && mvds.messages.length === 0)
        ? [decrypted.payload]
        : this.#mvds.receive(hex(sender), mvds).map((m) => m.body);
    for (const body of bodies) this.#handleAmm(body, sender, message.timestamp ?? 0n);
    // Acks for what arrived go out at once rather than at the next tick.
    if (!(mvds instanceof WireDecodeError) && mvds.messages.length > 0) void this.#flush();
  }

  #handleAmm(bytes: Uint8Array, envelopeSender: Uint8Array, wakuTimestampNs: bigint): void {
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
      handler({ id: amm.id, type: amm.type, payload: amm.payload, sender: `0x${hex(amm.signer)}`, wakuTimestampNs });
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
    this.#options.events?.onMessage?.({
      id: amm.id,
      chatId: senderHex,
      sender: senderHex,
      text: chat.text,
      clock: BigInt(chat.clock.toString()),
      timestamp: BigInt(chat.timestamp.toString()),
      chat,
    });
  }
}
