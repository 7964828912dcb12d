// The one contract between the renderer (and any other client: tests, the CLI, a browser
// during development) and the core. Methods validate their params at run time on the core;
// results and events are typed here and produced only by the core.
import { z } from 'zod';
import { event, method } from './rpc/contract.ts';

export const NodeState = {
  Starting: 'starting',
  Running: 'running',
  Stopping: 'stopping',
  Stopped: 'stopped',
} as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

export const NodeMode = { Full: 'full', Light: 'light' } as const;
export type NodeMode = (typeof NodeMode)[keyof typeof NodeMode];

export interface NodeInfo {
  appVersion: string;
  /** Node.js version the core runs on (Electron's, or the headless one). */
  runtime: string;
  platform: string;
  mode: NodeMode;
  dataDir: string;
  /** Schema version of the core database after migrations. */
  schemaVersion: number;
  /** Unix ms. */
  startedAt: number;
  /** The Waku node's libp2p peer id (null while no node runs). */
  peerId: string | null;
  /** Multiaddrs other peers can dial, each ending in /p2p/<peer id>. */
  listenAddresses: string[];
  clusterId: number;
  /** Shards relayed and served. */
  shards: number[];
}

export interface NodePeer {
  id: string;
  addresses: string[];
  protocols: string[];
  direction: 'inbound' | 'outbound';
  /** From the peer's metadata answer, when it gave one. */
  clusterId: number | null;
  shards: number[] | null;
}

export interface NodeStats {
  mode: NodeMode;
  peerId: string | null;
  connections: number;
  peers: number;
  relay: { subscriptions: string[]; meshPeers: Record<string, number> };
  /** Per protocol (relay, lightpush, filter, store, metadata, ...): counter name → value. */
  protocols: Record<string, Record<string, number>>;
  /** What a full node does for light clients right now (absent in light mode). */
  served?: {
    /** Distinct peers using our filter, lightpush or store in the last 10 minutes. */
    lightClients: number;
    filterSubscribers: number;
    filterSubscriptions: number;
    archiveMessages: number;
    archiveBytes: number;
  };
  /** Bytes through libp2p since the node started, and the rate over the last stats interval. */
  bandwidth?: { bytesIn: number; bytesOut: number; inPerSec: number; outPerSec: number };
}

export interface NodeStatus {
  state: NodeState;
  uptimeMs: number;
  /** Connected Waku peers (0 until the Waku node runs). */
  peers: number;
  /** Open RPC sessions (windows, browsers, tools). */
  rpcSessions: number;
  /** Bytes of the databases (core and message archive) with their WALs. */
  databaseBytes: number;
}

const PrefKey = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{0,63}$/, 'a key is 1-64 chars of a-z 0-9 . _ - starting with a letter');
/** 4 KiB of JSON: preferences are small by nature; anything bigger is a bug or abuse. */
export const MAX_PREF_JSON_CHARS = 4096;
const PrefValue = z
  .json()
  .refine(
    (value) => JSON.stringify(value).length <= MAX_PREF_JSON_CHARS,
    `a value is at most ${MAX_PREF_JSON_CHARS} chars of JSON`,
  );
export type JsonValue = z.infer<typeof PrefValue>;

export interface Pref {
  key: string;
  value: JsonValue;
  /** Unix ms of the last write. */
  updatedAt: number;
}

/** What every Status client shows to let people recognise a key (status-go's visual identity). */
export interface PublicIdentity {
  /** "0x04…": the canonical contact and chat id. */
  publicKey: string;
  /** "0x02…" / "0x03…". */
  compressedKey: string;
  /** "zQ3…": the key as users share it. */
  chatKey: string;
  /** Three-word name, e.g. "Hard Tame Brownbutterfly". */
  alias: string;
  /** 14 emojis. */
  emojiHash: string[];
  /** [units, colour index] segments of the colour ring. */
  colorHash: Array<[number, number]>;
  /** 0..10. */
  colorId: number;
}

export interface AccountSummary extends PublicIdentity {
  /** "0x" + sha256 of the master public key: status-go's account id. */
  keyUid: string;
  displayName: string;
  /** Whether the recovery phrase is still kept (encrypted) on this device. */
  hasMnemonic: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

export type LoginState = { state: 'logged-out' } | { state: 'logged-in'; account: AccountSummary };

/** status-go's display name rule: 5-24 characters, letters, digits, underscore, dash or space. */
export const DISPLAY_NAME_PATTERN = /^[0-9A-Za-z_\- ]{5,24}$/;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

const DisplayName = z
  .string()
  .regex(DISPLAY_NAME_PATTERN, 'a display name has 5 to 24 letters, digits, spaces, dashes or underscores');
/** For new passwords; an existing one is only checked against its keystore. */
const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);
const Password = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const KeyUid = z.string().regex(/^0x[0-9a-f]{64}$/, 'a key uid is 0x and 64 lowercase hex characters');
const Mnemonic = z.string().min(1).max(1000);

export type MessageStatus = 'pending' | 'sent' | 'stored' | 'delivered' | 'failed';

export interface MessageView {
  /** "0x" + keccak256(sender ‖ AMM): the id Status clients agree on. */
  id: string;
  /** For 1:1 chats, the other party's 0x04 key. */
  chatId: string;
  sender: string;
  text: string;
  /** Lamport-style clock (ms based): the order of the chat. */
  clock: number;
  /** The sender's wall clock, ms. */
  timestamp: number;
  outgoing: boolean;
  /** Ours only: pending → sent → delivered. */
  status: MessageStatus | null;
  /** The id of the message this one replies to (ChatMessage.response_to), if any. */
  responseTo: string | null;
  /** What is replied to, as far as we have it (null when unknown here or not a reply). */
  replyPreview: { sender: string; text: string; deleted: boolean } | null;
  /** Its author changed the text (EditMessage); `text` is the latest version. */
  edited: boolean;
  /** Deleted for everyone by its author (DeleteMessage): the text is gone, the row stays. */
  deleted: boolean;
  pinned: boolean;
  /** Current reactions, one entry per emoji that has any. */
  reactions: ReactionView[];
  /** An image message (ContentType.IMAGE): its bytes come from `messages.image`. */
  image: ImageInfo | null;
  /**
   * A membership change of a private group shown in its timeline (status-go's local system
   * message); `text` says what happened ("Alice added Bob"). Absent: an ordinary message.
   */
  system?: boolean;
}

/** status-go's limits for private groups. */
export const MAX_GROUP_MEMBERS = 20;
export const MAX_GROUP_NAME_CHARS = 24;

export interface GroupMemberView extends PublicIdentity {
  /** Their name as we know it (contact or from their messages); empty if unknown. */
  displayName: string;
  admin: boolean;
  /** Accepted the invitation (MEMBER_JOINED), or is the creator. */
  joined: boolean;
  /** This account. */
  me: boolean;
}

export interface GroupView {
  chatId: string;
  name: string;
  /** "#rrggbb" from CHAT_CREATED / COLOR_CHANGED. */
  color: string;
  /** 0x04 key of the creator. */
  createdBy: string;
  members: GroupMemberView[];
  /** We are a member (not removed, not left). */
  active: boolean;
  /** Someone added us and we have not joined (accepted) or declined yet. */
  invitation: boolean;
  /** We may rename, add and remove members, make admins. */
  admin: boolean;
  /**
   * The group's picture (IMAGE_CHANGED, the latest that applied), its bytes from `groups.image`;
   * null when it has none or what was sent is not a picture we show.
   */
  image: ImageInfo | null;
}

/** The colours a group may take (status-go's chat colours); COLOR_CHANGED may carry any "#rrggbb". */
export const GROUP_COLORS = [
  '#4360df',
  '#887af9',
  '#d37ef4',
  '#51d0f0',
  '#26a69a',
  '#eab700',
  '#fe8f59',
  '#ff7d46',
] as const;

/** ImageMessage.format on the wire (status-go's ImageFormat), by name. */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export interface ImageInfo {
  format: ImageFormat;
  /** Pixels, from the image's own header (0 when it does not say). */
  width: number;
  height: number;
  bytes: number;
}

/**
 * Largest image we send or accept (bytes of the encoded file): 4 Waku messages of segments, and
 * its base64 still fits one RPC frame (1 MiB of characters). The UI scales bigger pictures down.
 */
export const MAX_IMAGE_BYTES = 512 * 1024;
/** A group picture travels inside every membership update: status-go's cap (maxChatMessageImageSize). */
export const MAX_GROUP_IMAGE_BYTES = 400_000;

/** EmojiReaction.Type on the wire, by name (status-go's six). */
export const REACTION_EMOJIS = ['love', 'thumbs-up', 'thumbs-down', 'laugh', 'sad', 'angry'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJIS)[number];

export interface ReactionView {
  emoji: ReactionEmoji;
  count: number;
  /** We are among those who reacted with it. */
  mine: boolean;
}

/** A 1:1 chat (id: the other party's 0x04 key) or a private group (id: status-go's "uuid-0x04creator"). */
export type ChatKind = 'one-to-one' | 'private-group';

export interface ChatView {
  id: string;
  /** Absent means one-to-one (older fixtures). */
  kind?: ChatKind;
  name: string;
  unreadCount: number;
  /** Muted: no notifications, not on the badge (unread still counted here). */
  muted: boolean;
  /** `image`: the last message is a picture (its text is empty then, unless it has a caption). */
  lastMessage: { text: string; clock: number; outgoing: boolean; image?: boolean } | null;
  /** The other party was seen online lately (their StatusUpdate). */
  online: boolean;
}

/** What a contact's last StatusUpdate said (status-go's StatusType), and when. */
export interface PresenceView {
  publicKey: string;
  online: boolean;
  /** Unix ms of their last StatusUpdate's clock; null when none was seen. */
  lastSeen: number | null;
}

/** One installation (device) of our own account, learned from our own bundles. */
export interface DeviceView {
  installationId: string;
  /** This device. */
  current: boolean;
  /** Paired: our messages are also encrypted to it and its messages accepted. */
  enabled: boolean;
  /** From its PairInstallation message, when it sent one. */
  name: string;
  deviceType: string;
  /** Unix ms we last learned of it. */
  lastSeen: number | null;
}

/** Where a contact stands with us (status-go's mutual-contact request states, plus blocked). */
export type ContactState = 'none' | 'request-sent' | 'request-received' | 'mutual' | 'dismissed' | 'blocked';

export interface ContactView extends PublicIdentity {
  /** Their chosen name (from their request or ContactUpdate); empty until we learn it. */
  displayName: string;
  /**
   * Our own name for them (status-go's local nickname): shown before their display name; never
   * sent to them, only to our paired devices. Null when none.
   */
  nickname: string | null;
  state: ContactState;
  /** The intro text of their contact request, if they sent one. */
  requestMessage: string | null;
  /** Seen online lately (their StatusUpdate), and when last. */
  online: boolean;
  lastSeen: number | null;
}

/** Status's own limit for a nickname. */
export const MAX_NICKNAME_CHARS = 32;

/** A Status message id: "0x" + 64 hex digits. */
const MessageId = z.string().regex(/^0x[0-9a-f]{64}$/, 'a message id is 0x and 64 hex digits');

/** Any key format a user may paste: 0x04…, 0x02…/0x03…, zQ3…. */
const ChatKey = z.string().min(10).max(200);
const MessageText = z
  .string()
  .refine((t) => t.trim().length > 0, 'a message needs some text')
  .refine((t) => [...t].length <= 4096, 'a message has at most 4096 characters');

/** History from store: a sync's progress (started → fetching per page → done or failed). */
export interface SyncProgress {
  phase: 'started' | 'fetching' | 'done' | 'failed';
  reason: 'start' | 'online' | 'periodic' | 'retry' | 'manual';
  /** Messages fetched so far in this sync. */
  fetched: number;
  topicsDone: number;
  topicsTotal: number;
  /** The range asked for, unix ms. */
  from: number;
  to: number;
  /** On done/failed: wall time, and the part spent decrypting, verifying and storing. */
  ms?: number;
  ingestMs?: number;
  error?: string;
}

const NoParams = z.object({}).strict();
/** A private group's chat id: status-go's uuid, a dash, and the creator's 0x04 key. */
const GroupChatId = z
  .string()
  .regex(/^[0-9a-f-]{36}-0x04[0-9a-f]{128}$/, 'a group chat id is a uuid, a dash and the creator key');
const GroupName = z
  .string()
  .refine((t) => t.trim().length > 0, 'a group needs a name')
  .refine((t) => [...t].length <= MAX_GROUP_NAME_CHARS, `a group name has at most ${MAX_GROUP_NAME_CHARS} characters`);
const GroupMembers = z
  .array(ChatKey)
  .min(1, 'add at least one member')
  .max(MAX_GROUP_MEMBERS - 1, `a group has at most ${MAX_GROUP_MEMBERS} members`);

export const api = {
  methods: {
    'node.info': method(NoParams).returns<NodeInfo>(),
    'node.status': method(NoParams).returns<NodeStatus>(),
    'node.peers': method(NoParams).returns<NodePeer[]>(),
    'node.stats': method(NoParams).returns<NodeStats>(),
    /**
     * Switches the Waku node between full (relay + services) and light (filter, lightpush and
     * store through service peers) while running, and keeps the choice for the next start.
     */
    'node.setMode': method(z.object({ mode: z.enum(['full', 'light']) }).strict()).returns<NodeInfo>(),
    /** User preferences (theme, window layout, ...), stored in the encrypted database. */
    'prefs.get': method(z.object({ key: PrefKey }).strict()).returns<Pref | null>(),
    'prefs.set': method(z.object({ key: PrefKey, value: PrefValue }).strict()).returns<Pref>(),
    'prefs.list': method(NoParams).returns<Pref[]>(),

    /** Accounts on this device, most recently used first. */
    'accounts.list': method(NoParams).returns<AccountSummary[]>(),
    'accounts.loginState': method(NoParams).returns<LoginState>(),
    /** Makes a new account and logs into it; the phrase is returned once, for the user to write down. */
    'accounts.create': method(
      z
        .object({
          password: NewPassword,
          displayName: DisplayName.optional(),
          words: z.union([z.literal(12), z.literal(24)]).default(12),
        })
        .strict(),
    ).returns<{ account: AccountSummary; mnemonic: string }>(),
    /** Restores an account from its phrase and logs into it. */
    'accounts.import': method(
      z.object({ mnemonic: Mnemonic, password: NewPassword, displayName: DisplayName.optional() }).strict(),
    ).returns<AccountSummary>(),
    'accounts.login': method(z.object({ keyUid: KeyUid, password: Password }).strict()).returns<AccountSummary>(),
    'accounts.logout': method(NoParams).returns<null>(),
    'accounts.changePassword': method(
      z.object({ keyUid: KeyUid, oldPassword: Password, newPassword: NewPassword }).strict(),
    ).returns<null>(),
    'accounts.revealMnemonic': method(z.object({ keyUid: KeyUid, password: Password }).strict()).returns<{
      mnemonic: string;
    }>(),
    /** Deletes the phrase from this device (after the user wrote it down); the account keeps working. */
    'accounts.removeMnemonic': method(
      z.object({ keyUid: KeyUid, password: Password }).strict(),
    ).returns<AccountSummary>(),

    /** 1:1 chats of the logged-in account, most recent first. */
    'chats.list': method(NoParams).returns<ChatView[]>(),
    'chats.markRead': method(z.object({ chatId: ChatKey }).strict()).returns<{ marked: number }>(),
    'chats.mute': method(z.object({ chatId: ChatKey, muted: z.boolean() }).strict()).returns<ChatView>(),
    /** Hides the chat on this device until a new message comes; its messages are kept. */
    'chats.delete': method(z.object({ chatId: ChatKey }).strict()).returns<{ deleted: boolean }>(),
    /** A page of a chat, newest first, before the cursor (exclusive). */
    'messages.list': method(
      z
        .object({
          chatId: ChatKey,
          before: z
            .object({ clock: z.number().int().nonnegative(), id: z.string().max(200) })
            .strict()
            .optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .strict(),
    ).returns<MessageView[]>(),
    'messages.sendText': method(
      z.object({ chatId: ChatKey, text: MessageText, responseTo: MessageId.optional() }).strict(),
    ).returns<MessageView>(),
    /** Our own messages only; the new text reaches the other side as an EditMessage. */
    'messages.edit': method(z.object({ messageId: MessageId, text: MessageText }).strict()).returns<MessageView>(),
    /**
     * forEveryone: our own messages only, a DeleteMessage to the other side, the row stays as
     * `deleted`. Otherwise it is hidden on this device only and `messages.removed` fires.
     */
    'messages.delete': method(z.object({ messageId: MessageId, forEveryone: z.boolean() }).strict()).returns<{
      id: string;
      chatId: string;
    }>(),
    /** Adds (or with `remove`, retracts) our reaction; an EmojiReaction to the other side. */
    'messages.react': method(
      z.object({ messageId: MessageId, emoji: z.enum(REACTION_EMOJIS), remove: z.boolean().default(false) }).strict(),
    ).returns<MessageView>(),
    /**
     * An image (PNG, JPEG, WEBP or GIF, at most MAX_IMAGE_BYTES), base64 encoded; sent as a
     * ChatMessage of content type IMAGE, segmented on the wire when large.
     */
    'messages.sendImage': method(
      z
        .object({
          chatId: ChatKey,
          data: z
            .string()
            .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4, 'an image is at most 512 KiB')
            .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'image data is base64'),
          responseTo: MessageId.optional(),
        })
        .strict(),
    ).returns<MessageView>(),
    /** The bytes of an image message, base64 encoded, with its MIME type. */
    'messages.image': method(z.object({ messageId: MessageId }).strict()).returns<{ mimeType: string; data: string }>(),
    /** The pinned messages of a chat, most recently pinned first. */
    'messages.pinned': method(z.object({ chatId: ChatKey }).strict()).returns<MessageView[]>(),
    /** Either side of a 1:1 chat may pin; a PinMessage to the other side. */
    'messages.pin': method(z.object({ messageId: MessageId, pinned: z.boolean() }).strict()).returns<MessageView>(),

    /** Who a key is (alias, emoji hash, colour hash), to check before adding it; any key format. */
    'contacts.preview': method(z.object({ key: ChatKey }).strict()).returns<PublicIdentity>(),
    /** Everyone we have a contact relation with (requests either way, mutual, dismissed, blocked). */
    'contacts.list': method(NoParams).returns<ContactView[]>(),
    /** Sends a contact request with an intro text; mutual at once if they had asked us. */
    'contacts.sendRequest': method(z.object({ key: ChatKey, message: MessageText }).strict()).returns<ContactView>(),
    'contacts.accept': method(z.object({ key: ChatKey }).strict()).returns<ContactView>(),
    /** Local only: they are not told. */
    'contacts.decline': method(z.object({ key: ChatKey }).strict()).returns<ContactView>(),
    /** Withdraws our request, or removes a mutual contact. */
    'contacts.retract': method(z.object({ key: ChatKey }).strict()).returns<ContactView>(),
    /** Local only: everything from the key is dropped from now on. */
    'contacts.block': method(z.object({ key: ChatKey }).strict()).returns<ContactView>(),
    'contacts.unblock': method(z.object({ key: ChatKey }).strict()).returns<ContactView>(),
    /** Sets (or, empty, clears) our nickname for a contact; synced to our paired devices. */
    'contacts.setNickname': method(
      z
        .object({
          key: ChatKey,
          nickname: z
            .string()
            .refine((t) => [...t.trim()].length <= MAX_NICKNAME_CHARS, 'a nickname has at most 32 characters'),
        })
        .strict(),
    ).returns<ContactView>(),

    /** Private groups (status-go's membership update protocol); their messages use `messages.*`. */
    'groups.create': method(z.object({ name: GroupName, members: GroupMembers }).strict()).returns<GroupView>(),
    'groups.get': method(z.object({ chatId: GroupChatId }).strict()).returns<GroupView>(),
    'groups.rename': method(z.object({ chatId: GroupChatId, name: GroupName }).strict()).returns<GroupView>(),
    'groups.addMembers': method(z.object({ chatId: GroupChatId, members: GroupMembers }).strict()).returns<GroupView>(),
    'groups.removeMember': method(z.object({ chatId: GroupChatId, member: ChatKey }).strict()).returns<GroupView>(),
    'groups.makeAdmin': method(z.object({ chatId: GroupChatId, member: ChatKey }).strict()).returns<GroupView>(),
    /** Accepts an invitation (MEMBER_JOINED). */
    'groups.join': method(z.object({ chatId: GroupChatId }).strict()).returns<GroupView>(),
    /** Declines an invitation: local only, the chat is hidden. */
    'groups.decline': method(z.object({ chatId: GroupChatId }).strict()).returns<{ declined: boolean }>(),
    /** Leaves the group (MEMBER_REMOVED of ourselves); the history stays on this device. */
    'groups.leave': method(z.object({ chatId: GroupChatId }).strict()).returns<GroupView>(),
    /** Any member may change the colour (COLOR_CHANGED). */
    'groups.setColor': method(
      z.object({ chatId: GroupChatId, color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is "#rrggbb"') }).strict(),
    ).returns<GroupView>(),
    /**
     * Any member may set the picture (IMAGE_CHANGED): PNG, JPEG, WEBP or GIF, at most
     * MAX_GROUP_IMAGE_BYTES, base64 encoded.
     */
    'groups.setImage': method(
      z
        .object({
          chatId: GroupChatId,
          data: z
            .string()
            .max(Math.ceil(MAX_GROUP_IMAGE_BYTES / 3) * 4 + 4, 'a group picture is at most 400 kB')
            .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'image data is base64'),
        })
        .strict(),
    ).returns<GroupView>(),
    /** The group's picture, base64 encoded, with its MIME type (NOT_FOUND when it has none). */
    'groups.image': method(z.object({ chatId: GroupChatId }).strict()).returns<{ mimeType: string; data: string }>(),

    /** Our own installations: this one and the others learned from our own bundles. */
    'devices.list': method(NoParams).returns<DeviceView[]>(),
    /** Pairs (or unpairs) another installation of ours: status-go's explicit enabling. */
    'devices.setEnabled': method(
      z.object({ installationId: z.string().min(1).max(100), enabled: z.boolean() }).strict(),
    ).returns<DeviceView>(),

    'profile.get': method(NoParams).returns<AccountSummary>(),
    'profile.setDisplayName': method(z.object({ displayName: DisplayName }).strict()).returns<AccountSummary>(),
  },
  events: {
    /** Pushed on every state change and every few seconds while running. */
    'node.statusChanged': event<NodeStatus>(),
    /** Pushed every few seconds while any session is open: the node dashboard's feed. */
    'node.statsChanged': event<NodeStats>(),
    'accounts.loginChanged': event<LoginState>(),
    /** The logged-in account's profile changed (e.g. its display name). */
    'profile.changed': event<AccountSummary>(),
    'messages.added': event<MessageView>(),
    'messages.updated': event<{ id: string; status: MessageStatus | null }>(),
    /** A message was edited, deleted for everyone, pinned/unpinned or reacted to (either side). */
    'messages.changed': event<MessageView>(),
    /** A message was deleted for me on this device: drop it from view. */
    'messages.removed': event<{ id: string; chatId: string }>(),
    /** A contact's state or profile changed. */
    'contacts.updated': event<ContactView>(),
    /** A contact came online or went offline (their StatusUpdates, or none for 5 minutes). */
    'contacts.presence': event<PresenceView>(),
    /** A private group's state changed (created, invited, renamed, members, admins, left). */
    'groups.updated': event<GroupView>(),
    /**
     * A chat was read, muted or hidden, here or on a paired device of ours: its unread count, mute
     * or place in the list may differ (reload `chats.list`).
     */
    'chats.changed': event<{ chatId: string }>(),
    /** Our own installations changed (a new one learned, paired or unpaired). */
    'devices.changed': event<DeviceView[]>(),
    /** Someone sent us a new contact request. */
    'contacts.requestReceived': event<ContactView>(),
    /** History from store for the logged-in account. */
    'sync.progress': event<SyncProgress>(),
  },
} as const;

export type Api = typeof api;
