// One realistic value for every generated message type, keyed by fully qualified name
// ("protobuf.ChatMessage", "encryption.Bundle", "mvds.Payload"). Each value is type-checked
// against the message's encodable shape ($Properties), so a misspelt field fails the typecheck.
// 64-bit values deliberately include some above 2^53.
import {
  AmmType,
  AudioType,
  CommunityAccess,
  CommunityChannelRole,
  CommunityEventType,
  CommunityMemberRole,
  CommunityTokenPermissionType,
  CommunityTokenType,
  ContentType,
  EmojiReactionType,
  type encryption,
  IdentityImageSourceType,
  ImageFormat,
  i64,
  MembershipUpdateEventType,
  MessageType,
  mapKey64,
  type mvds,
  type protobuf,
  StatusType,
  u64,
} from '../../../main/wire/proto.ts';

/** Deterministic pseudo-random bytes (xorshift), so fixtures are stable across runs. */
export function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let index = 0; index < length; index += 1) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[index] = x & 0xff;
  }
  return out;
}

const hex = (data: Uint8Array) => Buffer.from(data).toString('hex');
const compressedKey = (seed: number) => Uint8Array.of(0x02 + (seed % 2), ...bytes(32, seed));
const uncompressedHex = (seed: number) => `0x04${hex(bytes(64, seed))}`;

const ALICE = uncompressedHex(11);
const BOB = uncompressedHex(12);
const SIGNATURE = bytes(65, 3);
const COMMUNITY_ID = compressedKey(21);
const CHANNEL_UUID = '9a4c2f1e-52b8-4f0d-8d7e-3c1b6a2e9f70';
const COMMUNITY_CHAT_ID = `0x${hex(COMMUNITY_ID)}${CHANNEL_UUID}`;
const MESSAGE_ID = `0x${hex(bytes(32, 5))}`;
const CLOCK = u64(1_732_280_000_123n);
const BIG_CLOCK = u64(2n ** 53n + 7n);
const NS_TIMESTAMP = i64(1_732_280_000_123_456_789n);

const shard = { cluster: 16, index: 32 } satisfies protobuf.Shard.$Properties;
const thumbnail = {
  payload: bytes(120, 7),
  width: 64,
  height: 48,
} satisfies protobuf.UnfurledLinkThumbnail.$Properties;
const unfurledLink = {
  url: 'https://status.app/blog',
  title: 'Status blog',
  description: 'News from the Status team',
  thumbnailPayload: bytes(200, 8),
  thumbnailWidth: 320,
  thumbnailHeight: 180,
  type: 0,
  faviconPayload: bytes(32, 9),
} satisfies protobuf.UnfurledLink.$Properties;
const contactLink = {
  publicKey: compressedKey(12),
  displayName: 'bob',
  description: 'hi there',
  icon: thumbnail,
} satisfies protobuf.UnfurledStatusContactLink.$Properties;
const communityLink = {
  communityId: COMMUNITY_ID,
  displayName: 'Waku builders',
  description: 'Talk about Waku',
  membersCount: 1234,
  color: '#4360DF',
  icon: thumbnail,
  banner: { payload: bytes(300, 10), width: 1200, height: 400 },
} satisfies protobuf.UnfurledStatusCommunityLink.$Properties;
const channelLink = {
  channelUuid: CHANNEL_UUID,
  emoji: '💬',
  displayName: 'general',
  description: 'General chat',
  color: '#887AF9',
  community: communityLink,
} satisfies protobuf.UnfurledStatusChannelLink.$Properties;
const statusLinks = {
  unfurledStatusLinks: [
    { url: 'https://status.app/u/abc#zQ3shabc', contact: contactLink },
    { url: 'https://status.app/c/xyz#zQ3shxyz', community: communityLink },
    { url: 'https://status.app/cc/uvw#zQ3shuvw', channel: channelLink },
  ],
} satisfies protobuf.UnfurledStatusLinks.$Properties;
const propagatedState = {
  localClock: CLOCK,
  localState: u64(2),
  remoteClock: BIG_CLOCK,
  remoteState: u64(1),
} satisfies protobuf.ContactRequestPropagatedState.$Properties;
const sticker = { hash: 'e30101701220eab9a8ef4eac6c3e5836a3768d8e04935c10c67d9a700436a0e53199e9b64d29', pack: 1 };
const image = {
  payload: bytes(2048, 13),
  format: ImageFormat.JPEG,
  albumId: 'album-2f6e',
  width: 1024,
  height: 768,
  albumImagesCount: 3,
} satisfies protobuf.ImageMessage.$Properties;
const audio = { payload: bytes(1500, 14), type: AudioType.AAC, durationMs: u64(15_320) };
const discordAuthor = {
  id: '123456789012345678',
  name: 'wakufan',
  discriminator: '0420',
  nickname: 'Waku Fan',
  avatarUrl: 'https://cdn.discordapp.com/avatars/1/abc.png',
  avatarImagePayload: bytes(64, 15),
  localUrl: 'file:///tmp/avatar.png',
} satisfies protobuf.DiscordMessageAuthor.$Properties;
const discordReference = { messageId: '1111', channelId: '2222', guildId: '3333' };
const discordAttachment = {
  id: '4444',
  messageId: '1111',
  url: 'https://cdn.discordapp.com/attachments/x.png',
  fileName: 'x.png',
  fileSizeBytes: u64(9_007_199_254_740_993n),
  contentType: 'image/png',
  payload: bytes(100, 16),
  localUrl: 'file:///tmp/x.png',
} satisfies protobuf.DiscordMessageAttachment.$Properties;
const discordMessage = {
  id: '1111',
  type: 'Default',
  timestamp: '2021-05-12T09:10:11.000+00:00',
  timestampEdited: '2021-05-12T09:12:00.000+00:00',
  content: 'imported from discord',
  author: discordAuthor,
  reference: discordReference,
  attachments: [discordAttachment],
} satisfies protobuf.DiscordMessage.$Properties;
const bridgeMessage = {
  bridgeName: 'discord',
  userName: 'wakufan',
  userAvatar: 'https://cdn.discordapp.com/avatars/1/abc.png',
  userID: '123456789012345678',
  content: 'hello from the bridge',
  messageID: '5555',
  parentMessageID: '4444',
} satisfies protobuf.BridgeMessage.$Properties;

const chatMessage = {
  clock: CLOCK,
  timestamp: u64(1_732_280_000_100n),
  text: 'Hello Bob 👋 — first message',
  responseTo: MESSAGE_ID,
  ensName: 'alice.stateofus.eth',
  chatId: BOB,
  messageType: MessageType.ONE_TO_ONE,
  contentType: ContentType.IMAGE,
  image,
  displayName: 'Alice',
  contactRequestPropagatedState: propagatedState,
  unfurledLinks: [unfurledLink],
  grant: bytes(0), // deprecated, never sent any more
  shard,
  unfurledStatusLinks: statusLinks,
  customizationColor: 5,
} satisfies protobuf.ChatMessage.$Properties;

const identityImage = {
  payload: bytes(400, 17),
  sourceType: IdentityImageSourceType.RAW_PAYLOAD,
  imageFormat: ImageFormat.PNG,
  encryptionKeys: [bytes(32, 18), bytes(32, 19)],
  encrypted: true,
} satisfies protobuf.IdentityImage.$Properties;
const showcaseEntries = {
  communities: [{ communityId: `0x${hex(COMMUNITY_ID)}`, order: 1, grant: bytes(90, 20) }],
  accounts: [
    { address: '0x2e5ad4d7b3b1c4f2b0a7f8f6e2c8d1a4b5c6d7e8', name: 'Main', colorId: 'primary', emoji: '🦄', order: 2 },
  ],
  collectibles: [
    {
      uid: 'legacy-uid',
      order: 3,
      contractAddress: '0x57f1887a8bf19b14fc0df6fd9b2acc9af147ea85',
      communityId: '',
      chainId: u64(1),
      tokenId: '115792089237316195423570985008687907853269984665640564039457584007913129639935',
      accountAddress: '',
    },
  ],
  verifiedTokens: [{ symbol: 'SNT', order: 4 }],
  unverifiedTokens: [
    { contractAddress: '0x744d70fdbe2ba4cf95131626614a1763df805b9e', order: 5, chainId: u64(10), communityId: '' },
  ],
  socialLinks: [{ url: 'https://x.com/ethstatus', order: 6, text: 'X' }],
} satisfies protobuf.ProfileShowcaseEntries.$Properties;
const showcaseEncrypted = {
  encryptedEntries: bytes(256, 22),
  encryptionKeys: [bytes(60, 23)],
} satisfies protobuf.ProfileShowcaseEntriesEncrypted.$Properties;
const profileShowcase = {
  forEveryone: showcaseEntries,
  forContacts: showcaseEncrypted,
  forIdVerifiedContacts: { encryptedEntries: bytes(64, 24), encryptionKeys: [] },
} satisfies protobuf.ProfileShowcase.$Properties;
const chatIdentity = {
  clock: CLOCK,
  ensName: 'alice.stateofus.eth',
  images: { thumbnail: identityImage, large: { ...identityImage, payload: bytes(1200, 25), encrypted: false } },
  displayName: 'Alice',
  description: 'Builder of things',
  color: '#FF7D46',
  emoji: '🦊',
  socialLinks: [{ text: 'GitHub', url: 'https://github.com/alice' }],
  firstMessageTimestamp: 1_700_000_000,
  profileShowcase,
  customizationColor: 3,
} satisfies protobuf.ChatIdentity.$Properties;

const revealedAccount = {
  address: '0x2e5ad4d7b3b1c4f2b0a7f8f6e2c8d1a4b5c6d7e8',
  signature: SIGNATURE,
  chainIds: [u64(1), u64(10), u64(42161)],
  isAirdropAddress: true,
} satisfies protobuf.RevealedAccount.$Properties;
const member = {
  roles: [CommunityMemberRole.ROLE_ADMIN, CommunityMemberRole.ROLE_TOKEN_MASTER],
  revealedAccounts: [revealedAccount],
  lastUpdateClock: CLOCK,
  channelRole: CommunityChannelRole.CHANNEL_ROLE_VIEWER,
} satisfies protobuf.CommunityMember.$Properties;
const permissions = {
  ensOnly: false,
  private: true,
  access: CommunityAccess.MANUAL_ACCEPT,
} satisfies protobuf.CommunityPermissions.$Properties;
const tokenCriteria = {
  contractAddresses: {
    [mapKey64(1n)]: '0x744d70fdbe2ba4cf95131626614a1763df805b9e',
    [mapKey64(11_155_111n)]: '0xe452027cdef746c7cd3db31cb700428b16cd8e51',
    [mapKey64(2n ** 64n - 1n)]: '0x0000000000000000000000000000000000000001',
  },
  type: CommunityTokenType.ERC721,
  symbol: 'KITTY',
  name: 'Kitties',
  amount: '',
  tokenIds: [u64(1), u64(2n ** 63n + 11n)],
  ensPattern: '*.stateofus.eth',
  decimals: u64(18),
  amountInWei: '1000000000000000000',
} satisfies protobuf.TokenCriteria.$Properties;
const tokenPermission = {
  id: 'perm-7f3a',
  type: CommunityTokenPermissionType.CAN_VIEW_AND_POST_CHANNEL,
  tokenCriteria: [tokenCriteria],
  chatIds: [COMMUNITY_CHAT_ID],
  isPrivate: false,
} satisfies protobuf.CommunityTokenPermission.$Properties;
const tokenMetadata = {
  contractAddresses: { [mapKey64(10n)]: '0x4200000000000000000000000000000000000042' },
  description: 'Owner token',
  image: 'data:image/png;base64,iVBORw0KGgo=',
  tokenType: CommunityTokenType.ERC20,
  symbol: 'OWN',
  name: 'Owner',
  decimals: 18,
  version: '1.0.0',
} satisfies protobuf.CommunityTokenMetadata.$Properties;
const bloom = { data: bytes(128, 26), m: u64(1024), k: u64(7) } satisfies protobuf.CommunityBloomFilter.$Properties;
const communityChat = {
  members: { [ALICE]: member, [BOB]: { roles: [], lastUpdateClock: CLOCK } },
  permissions,
  identity: { displayName: 'general', description: 'General chat', color: '#887AF9', emoji: '💬' },
  categoryId: 'cat-1',
  position: 2,
  viewersCanPostReactions: true,
  hideIfPermissionsNotMet: true,
  membersList: bloom,
} satisfies protobuf.CommunityChat.$Properties;
const category = { categoryId: 'cat-1', name: 'Main', position: 0 } satisfies protobuf.CommunityCategory.$Properties;
const adminSettings = { pinMessageAllMembersEnabled: true } satisfies protobuf.CommunityAdminSettings.$Properties;
const communityDescription = {
  clock: BIG_CLOCK,
  members: { [ALICE]: { roles: [CommunityMemberRole.ROLE_OWNER] }, [BOB]: member },
  permissions,
  identity: chatIdentity,
  chats: { [CHANNEL_UUID]: communityChat },
  banList: ['0x04deadbeef'],
  categories: { 'cat-1': category },
  archiveMagnetlinkClock: CLOCK,
  adminSettings,
  introMessage: 'Welcome! Please be nice.',
  outroMessage: 'Bye!',
  encrypted: false,
  tags: ['Web3', 'Privacy'],
  tokenPermissions: { 'perm-7f3a': tokenPermission },
  communityTokensMetadata: [tokenMetadata],
  activeMembersCount: u64(2),
  ID: `0x${hex(COMMUNITY_ID)}`,
  bannedMembers: { [uncompressedHex(13)]: { deleteAllMessages: true } },
  resendAccountsClock: CLOCK,
  privateData: { [`${hex(bytes(32, 27))}42`]: bytes(500, 28) },
} satisfies protobuf.CommunityDescription.$Properties;
const requestToJoin = {
  clock: CLOCK,
  ensName: 'bob.eth',
  chatId: COMMUNITY_CHAT_ID,
  communityId: COMMUNITY_ID,
  displayName: 'Bob',
  revealedAccounts: [revealedAccount],
  customizationColor: 7,
} satisfies protobuf.CommunityRequestToJoin.$Properties;
const communityConfig = {
  identity: chatIdentity,
  permissions,
  adminSettings,
  introMessage: 'Welcome!',
  outroMessage: 'Bye!',
  tags: ['Privacy'],
} satisfies protobuf.CommunityConfig.$Properties;
const categoryData = {
  categoryId: 'cat-1',
  name: 'Main',
  channelsIds: [CHANNEL_UUID],
  position: 1,
} satisfies protobuf.CategoryData.$Properties;
const channelData = {
  categoryId: 'cat-1',
  channelId: CHANNEL_UUID,
  position: 3,
  channel: communityChat,
} satisfies protobuf.ChannelData.$Properties;
const communityEvent = {
  communityEventClock: CLOCK,
  type: CommunityEventType.COMMUNITY_REQUEST_TO_JOIN_ACCEPT,
  communityConfig,
  tokenPermission,
  categoryData,
  channelData,
  memberToAction: BOB,
  membersAdded: { [BOB]: member },
  rejectedRequestsToJoin: { [uncompressedHex(14)]: requestToJoin },
  acceptedRequestsToJoin: { [BOB]: requestToJoin },
  tokenMetadata,
} satisfies protobuf.CommunityEvent.$Properties;
const signedEvent = {
  signature: SIGNATURE,
  payload: bytes(300, 29),
} satisfies protobuf.SignedCommunityEvent.$Properties;
const eventsMessage = {
  communityId: COMMUNITY_ID,
  eventsBaseCommunityDescription: bytes(1000, 30),
  events: [bytes(50, 31)],
  signedEvents: [signedEvent, { signature: bytes(65, 32), payload: bytes(10, 33) }],
} satisfies protobuf.CommunityEventsMessage.$Properties;
const archiveMetadata = {
  version: 1,
  from: u64(1_700_000_000),
  to: u64(1_700_604_800),
  contentTopic: [new TextEncoder().encode('/waku/1/0x1a2b3c4d/rfc26')],
} satisfies protobuf.WakuMessageArchiveMetadata.$Properties;
const archivedMessage = {
  sig: SIGNATURE,
  timestamp: u64(1_700_000_123_456_789_012n),
  topic: Uint8Array.of(0x1a, 0x2b, 0x3c, 0x4d),
  payload: bytes(700, 34),
  padding: bytes(56, 35),
  hash: bytes(32, 36),
  thirdPartyId: 'tp-1',
} satisfies protobuf.WakuMessage.$Properties;
const archiveIndexMetadata = {
  version: 1,
  metadata: archiveMetadata,
  offset: u64(5_000_000_000n),
  size: u64(1_048_576),
  padding: u64(12),
} satisfies protobuf.WakuMessageArchiveIndexMetadata.$Properties;
const storenode = {
  communityId: COMMUNITY_ID,
  storenodeId: '16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31',
  name: 'community store',
  address: '/dns4/store.example.org/tcp/30303/p2p/16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31',
  fleet: 'status.prod',
  version: 2,
  removed: false,
  deletedAt: i64(-1),
} satisfies protobuf.Storenode.$Properties;
const membershipEvent = {
  clock: CLOCK,
  members: [ALICE, BOB],
  name: 'Weekend plans',
  type: MembershipUpdateEventType.CHAT_CREATED,
  color: '#4360DF',
  image: bytes(300, 37),
} satisfies protobuf.MembershipUpdateEvent.$Properties;
const emojiReaction = {
  clock: CLOCK,
  chatId: BOB,
  messageId: MESSAGE_ID,
  messageType: MessageType.ONE_TO_ONE,
  type: EmojiReactionType.THUMBS_UP,
  retracted: true,
  grant: bytes(0),
} satisfies protobuf.EmojiReaction.$Properties;
const pushInfo = {
  accessToken: '2b1a9f5e-0c1d-4e2f-8a3b-5c6d7e8f9a0b',
  installationId: 'c2e1f0a4-1b2c-4d3e-9f8a-7b6c5d4e3f2a',
  publicKey: compressedKey(40),
  allowedKeyList: [bytes(32, 41), bytes(32, 42)],
  grant: bytes(65, 43),
  version: u64(3),
  serverPublicKey: compressedKey(44),
} satisfies protobuf.PushNotificationQueryInfo.$Properties;

const signedPreKey = { signedPreKey: compressedKey(50), version: 0, protocolVersion: 1 };
const INSTALLATION_A = 'ab2a6e1e-4c9d-4d5c-9c1f-0c1e5f7a2b3c';
const INSTALLATION_B = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const bundle = {
  identity: compressedKey(51),
  signedPreKeys: {
    [INSTALLATION_A]: signedPreKey,
    [INSTALLATION_B]: { ...signedPreKey, signedPreKey: compressedKey(52) },
  },
  signature: SIGNATURE,
  timestamp: NS_TIMESTAMP,
} satisfies encryption.Bundle.$Properties;
const drHeader = {
  key: compressedKey(53),
  n: 17,
  pn: 4,
  id: compressedKey(50),
} satisfies encryption.DRHeader.$Properties;
const x3dhHeader = { key: compressedKey(54), id: compressedKey(50) } satisfies encryption.X3DHHeader.$Properties;
const dhHeader = { key: compressedKey(55) } satisfies encryption.DHHeader.$Properties;
const hrKey = { deprecatedKeyId: 1_732_280_010, key: bytes(32, 56), timestamp: u64(1_732_280_000_010n) };
const rekeyGroup = {
  timestamp: u64(1_732_280_000_020n),
  keys: { '3405691582': bytes(60, 57), '1': bytes(120, 58) }, // uint32 of member key bytes [1:5]
} satisfies encryption.RekeyGroup.$Properties;
const hrKeys = { keys: [hrKey], rekeyGroup } satisfies encryption.HRKeys.$Properties;
const hrHeader = {
  deprecatedKeyId: 1_732_280_010,
  seqNo: 12,
  groupId: COMMUNITY_ID,
  keyId: bytes(32, 59),
  keys: hrKeys,
} satisfies encryption.HRHeader.$Properties;
const encryptedMessage = {
  X3DHHeader: x3dhHeader,
  DRHeader: drHeader,
  DHHeader: dhHeader,
  HRHeader: hrHeader,
  payload: bytes(600, 60),
} satisfies encryption.EncryptedMessageProtocol.$Properties;

const mvdsMessage = { groupId: bytes(32, 61), timestamp: i64(1_732_280_000), body: bytes(400, 62) };
const mvdsOffer = { groupId: bytes(32, 61), messageIds: [bytes(32, 63), bytes(32, 64)] };

type Fixtures = { [name: string]: { [field: string]: unknown } };

export const FIXTURES: Fixtures = {
  'protobuf.ApplicationMetadataMessage': {
    signature: SIGNATURE,
    payload: bytes(256, 2),
    type: AmmType.CHAT_MESSAGE,
  } satisfies protobuf.ApplicationMetadataMessage.$Properties,
  'protobuf.ChatIdentity': chatIdentity,
  'protobuf.IdentityImage': identityImage,
  'protobuf.SocialLink': { text: 'Website', url: 'https://alice.example' } satisfies protobuf.SocialLink.$Properties,
  'protobuf.ProfileShowcaseCommunity': showcaseEntries.communities[0] ?? {},
  'protobuf.ProfileShowcaseAccount': showcaseEntries.accounts[0] ?? {},
  'protobuf.ProfileShowcaseCollectible': showcaseEntries.collectibles[0] ?? {},
  'protobuf.ProfileShowcaseVerifiedToken': showcaseEntries.verifiedTokens[0] ?? {},
  'protobuf.ProfileShowcaseUnverifiedToken': showcaseEntries.unverifiedTokens[0] ?? {},
  'protobuf.ProfileShowcaseSocialLink': showcaseEntries.socialLinks[0] ?? {},
  'protobuf.ProfileShowcaseEntries': showcaseEntries,
  'protobuf.ProfileShowcaseEntriesEncrypted': showcaseEncrypted,
  'protobuf.ProfileShowcase': profileShowcase,
  'protobuf.StickerMessage': sticker satisfies protobuf.StickerMessage.$Properties,
  'protobuf.ImageMessage': image,
  'protobuf.AudioMessage': audio satisfies protobuf.AudioMessage.$Properties,
  'protobuf.EditMessage': {
    clock: BIG_CLOCK,
    text: 'Hello Bob 👋 — edited',
    chatId: BOB,
    messageId: MESSAGE_ID,
    grant: bytes(0),
    messageType: MessageType.ONE_TO_ONE,
    contentType: ContentType.TEXT_PLAIN,
    unfurledLinks: [unfurledLink],
    unfurledStatusLinks: statusLinks,
  } satisfies protobuf.EditMessage.$Properties,
  'protobuf.DeleteMessage': {
    clock: CLOCK,
    chatId: COMMUNITY_CHAT_ID,
    messageId: MESSAGE_ID,
    grant: bytes(40, 70),
    messageType: MessageType.COMMUNITY_CHAT,
    deletedBy: ALICE,
  } satisfies protobuf.DeleteMessage.$Properties,
  'protobuf.SyncDeleteForMeMessage': {
    clock: CLOCK,
    messageId: MESSAGE_ID,
  } satisfies protobuf.SyncDeleteForMeMessage.$Properties,
  'protobuf.DiscordMessage': discordMessage,
  'protobuf.DiscordMessageAuthor': discordAuthor,
  'protobuf.DiscordMessageReference': discordReference satisfies protobuf.DiscordMessageReference.$Properties,
  'protobuf.DiscordMessageAttachment': discordAttachment,
  'protobuf.BridgeMessage': bridgeMessage,
  'protobuf.UnfurledLinkThumbnail': thumbnail,
  'protobuf.UnfurledLink': unfurledLink,
  'protobuf.UnfurledStatusContactLink': contactLink,
  'protobuf.UnfurledStatusCommunityLink': communityLink,
  'protobuf.UnfurledStatusChannelLink': channelLink,
  'protobuf.UnfurledStatusLink': statusLinks.unfurledStatusLinks[2] ?? {},
  'protobuf.UnfurledStatusLinks': statusLinks,
  'protobuf.ChatMessage': chatMessage,
  'protobuf.ContactRequestPropagatedState': propagatedState,
  'protobuf.ContactUpdate': {
    clock: CLOCK,
    ensName: 'alice.stateofus.eth',
    profileImage: 'https://images.example/alice.png',
    displayName: 'Alice',
    contactRequestClock: BIG_CLOCK,
    contactRequestPropagatedState: propagatedState,
    publicKey: ALICE,
    customizationColor: 4,
  } satisfies protobuf.ContactUpdate.$Properties,
  'protobuf.AcceptContactRequest': { id: MESSAGE_ID, clock: CLOCK } satisfies protobuf.AcceptContactRequest.$Properties,
  'protobuf.RetractContactRequest': {
    id: MESSAGE_ID,
    clock: BIG_CLOCK,
  } satisfies protobuf.RetractContactRequest.$Properties,
  'protobuf.Shard': shard,
  'protobuf.PublicShardInfo': {
    clock: CLOCK,
    communityId: COMMUNITY_ID,
    shard: { cluster: 16, index: 128 },
    chainId: u64(10),
  } satisfies protobuf.PublicShardInfo.$Properties,
  'protobuf.CommunityPublicShardInfo': {
    signature: SIGNATURE,
    payload: bytes(60, 71),
  } satisfies protobuf.CommunityPublicShardInfo.$Properties,
  'protobuf.Grant': {
    communityId: COMMUNITY_ID,
    memberId: compressedKey(12),
    chatId: COMMUNITY_CHAT_ID,
    clock: CLOCK,
    expires: u64(1_732_884_800_000n),
  } satisfies protobuf.Grant.$Properties,
  'protobuf.CommunityMember': member,
  'protobuf.CommunityTokenMetadata': tokenMetadata,
  'protobuf.CommunityTokenAction': {
    chainId: u64(42161),
    contractAddress: '0x4200000000000000000000000000000000000042',
    actionType: 3,
  } satisfies protobuf.CommunityTokenAction.$Properties,
  'protobuf.CommunityPermissions': permissions,
  'protobuf.TokenCriteria': tokenCriteria,
  'protobuf.CommunityTokenPermission': tokenPermission,
  'protobuf.CommunityDescription': communityDescription,
  'protobuf.CommunityBanInfo': { deleteAllMessages: true } satisfies protobuf.CommunityBanInfo.$Properties,
  'protobuf.CommunityAdminSettings': adminSettings,
  'protobuf.CommunityChat': communityChat,
  'protobuf.CommunityBloomFilter': bloom,
  'protobuf.CommunityCategory': category,
  'protobuf.RevealedAccount': revealedAccount,
  'protobuf.CommunityRequestToJoin': requestToJoin,
  'protobuf.CommunityEditSharedAddresses': {
    clock: CLOCK,
    communityId: COMMUNITY_ID,
    revealedAccounts: [revealedAccount, { ...revealedAccount, isAirdropAddress: false }],
  } satisfies protobuf.CommunityEditSharedAddresses.$Properties,
  'protobuf.CommunityCancelRequestToJoin': {
    clock: CLOCK,
    ensName: 'bob.eth',
    chatId: COMMUNITY_CHAT_ID,
    communityId: COMMUNITY_ID,
    displayName: 'Bob',
    customizationColor: 7,
  } satisfies protobuf.CommunityCancelRequestToJoin.$Properties,
  'protobuf.CommunityUserKicked': {
    clock: CLOCK,
    communityId: COMMUNITY_ID,
  } satisfies protobuf.CommunityUserKicked.$Properties,
  'protobuf.CommunityRequestToJoinResponse': {
    clock: CLOCK,
    community: communityDescription,
    accepted: true,
    grant: bytes(150, 72),
    communityId: COMMUNITY_ID,
    magnetUri: 'magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
    protectedTopicPrivateKey: bytes(32, 73),
    shard,
    communityDescriptionProtocolMessage: bytes(2000, 74),
  } satisfies protobuf.CommunityRequestToJoinResponse.$Properties,
  'protobuf.CommunityRequestToLeave': {
    clock: CLOCK,
    communityId: COMMUNITY_ID,
  } satisfies protobuf.CommunityRequestToLeave.$Properties,
  'protobuf.CommunityMessageArchiveMagnetlink': {
    clock: CLOCK,
    magnetUri: 'magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=archive',
  } satisfies protobuf.CommunityMessageArchiveMagnetlink.$Properties,
  'protobuf.WakuMessage': archivedMessage,
  'protobuf.WakuMessageArchiveMetadata': archiveMetadata,
  'protobuf.WakuMessageArchive': {
    version: 1,
    metadata: archiveMetadata,
    messages: [archivedMessage, { ...archivedMessage, payload: bytes(10, 75) }],
  } satisfies protobuf.WakuMessageArchive.$Properties,
  'protobuf.WakuMessageArchiveIndexMetadata': archiveIndexMetadata,
  'protobuf.WakuMessageArchiveIndex': {
    archives: { [hex(bytes(32, 76))]: archiveIndexMetadata },
  } satisfies protobuf.WakuMessageArchiveIndex.$Properties,
  'protobuf.CommunityPublicStorenodesInfo': {
    signature: SIGNATURE,
    payload: bytes(300, 77),
  } satisfies protobuf.CommunityPublicStorenodesInfo.$Properties,
  'protobuf.CommunityStorenodes': {
    clock: CLOCK,
    communityId: COMMUNITY_ID,
    storenodes: [storenode],
    chainId: u64(1),
  } satisfies protobuf.CommunityStorenodes.$Properties,
  'protobuf.Storenode': storenode,
  'protobuf.CommunityReevaluatePermissionsRequest': {
    communityId: COMMUNITY_ID,
  } satisfies protobuf.CommunityReevaluatePermissionsRequest.$Properties,
  'protobuf.DeleteCommunityMemberMessage': {
    id: MESSAGE_ID,
    chatId: COMMUNITY_CHAT_ID,
  } satisfies protobuf.DeleteCommunityMemberMessage.$Properties,
  'protobuf.DeleteCommunityMemberMessages': {
    clock: CLOCK,
    communityId: COMMUNITY_ID,
    memberId: BOB,
    messages: [{ id: MESSAGE_ID, chatId: COMMUNITY_CHAT_ID }],
  } satisfies protobuf.DeleteCommunityMemberMessages.$Properties,
  'protobuf.CommunityUpdateGrant': {
    timestamp: u64(1_732_280_000_000n),
    communityId: COMMUNITY_ID,
    grants: { '1234567890': bytes(150, 78), '4294967295': bytes(150, 79) },
  } satisfies protobuf.CommunityUpdateGrant.$Properties,
  'protobuf.CommunityEncryptionKeysRequest': {
    communityId: COMMUNITY_ID,
    chatIds: [COMMUNITY_CHAT_ID],
  } satisfies protobuf.CommunityEncryptionKeysRequest.$Properties,
  'protobuf.CommunitySharedAddressesRequest': {
    communityId: COMMUNITY_ID,
  } satisfies protobuf.CommunitySharedAddressesRequest.$Properties,
  'protobuf.CommunitySharedAddressesResponse': {
    communityId: COMMUNITY_ID,
    revealedAccounts: [revealedAccount],
  } satisfies protobuf.CommunitySharedAddressesResponse.$Properties,
  'protobuf.CommunityShardKey': {
    communityId: COMMUNITY_ID,
    privateKey: bytes(32, 80),
    clock: CLOCK,
    shard,
  } satisfies protobuf.CommunityShardKey.$Properties,
  'protobuf.CommunityEvent': communityEvent,
  'protobuf.CommunityConfig': communityConfig,
  'protobuf.CategoryData': categoryData,
  'protobuf.ChannelData': channelData,
  'protobuf.SignedCommunityEvent': signedEvent,
  'protobuf.CommunityEventsMessage': eventsMessage,
  'protobuf.CommunityEventsMessageRejected': {
    msg: eventsMessage,
  } satisfies protobuf.CommunityEventsMessageRejected.$Properties,
  'protobuf.EmojiReaction': emojiReaction,
  'protobuf.GroupChatInvitation': {
    clock: CLOCK,
    chatId: `${CHANNEL_UUID}-${ALICE}`,
    introductionMessage: 'Let me in please',
    state: 1,
  } satisfies protobuf.GroupChatInvitation.$Properties,
  'protobuf.MembershipUpdateEvent': membershipEvent,
  'protobuf.MembershipUpdateMessage': {
    chatId: `${CHANNEL_UUID}-${ALICE}`,
    events: [Uint8Array.of(...SIGNATURE, ...bytes(180, 81)), Uint8Array.of(...bytes(65, 82), ...bytes(90, 83))],
    message: { ...chatMessage, messageType: MessageType.PRIVATE_GROUP, chatId: `${CHANNEL_UUID}-${ALICE}` },
  } satisfies protobuf.MembershipUpdateMessage.$Properties,
  'protobuf.PinMessage': {
    clock: CLOCK,
    messageId: MESSAGE_ID,
    chatId: COMMUNITY_CHAT_ID,
    pinned: true,
    messageType: MessageType.COMMUNITY_CHAT,
  } satisfies protobuf.PinMessage.$Properties,
  'protobuf.SyncPairInstallation': {
    clock: CLOCK,
    installationId: 'c1a0ed7b-4f6e-4d2b-9a55-3f3e0d8e2a11',
    deviceType: 'desktop',
    name: 'Alice laptop',
    version: 2,
    targetInstallationId: '0b6c8f0e-7d7c-4c7a-b1d1-6e3cfa7b9d42',
  } satisfies protobuf.SyncPairInstallation.$Properties,
  'protobuf.SyncInstallationContactV2': {
    lastUpdatedLocally: CLOCK,
    id: ALICE,
    profileImage: 'https://example.invalid/avatar.png',
    ensName: 'alice.stateofus.eth',
    lastUpdated: CLOCK,
    systemTags: [':contact/added'],
    localNickname: 'Al',
    added: true,
    blocked: false,
    muted: true,
    removed: false,
    hasAddedUs: true,
    verificationStatus: i64(1),
    trustStatus: i64(2),
    contactRequestLocalState: i64(1),
    contactRequestLocalClock: i64(1_732_280_000_123),
    contactRequestRemoteState: i64(1),
    contactRequestRemoteClock: i64(1_732_280_000_456),
    displayName: 'Alice Liddell',
    customizationColor: 5,
  } satisfies protobuf.SyncInstallationContactV2.$Properties,
  'protobuf.SyncChatRemoved': { clock: CLOCK, id: ALICE } satisfies protobuf.SyncChatRemoved.$Properties,
  'protobuf.SyncChatMessagesRead': { clock: CLOCK, id: ALICE } satisfies protobuf.SyncChatMessagesRead.$Properties,
  'protobuf.ContactCodeAdvertisement': {
    pushNotificationInfo: [pushInfo],
    chatIdentity,
  } satisfies protobuf.ContactCodeAdvertisement.$Properties,
  'protobuf.PushNotificationQueryInfo': pushInfo,
  'protobuf.SegmentMessage': {
    entireMessageHash: bytes(32, 84),
    index: 2,
    segmentsCount: 9,
    payload: bytes(4096, 85),
    paritySegmentIndex: 0,
    paritySegmentsCount: 1,
  } satisfies protobuf.SegmentMessage.$Properties,
  'protobuf.StatusUpdate': {
    clock: u64(1_732_280_000), // unix seconds for status updates
    statusType: StatusType.ALWAYS_ONLINE,
    customText: 'In a meeting',
  } satisfies protobuf.StatusUpdate.$Properties,

  'encryption.SignedPreKey': signedPreKey satisfies encryption.SignedPreKey.$Properties,
  'encryption.Bundle': bundle,
  'encryption.BundleContainer': {
    bundle,
    privateSignedPreKey: bytes(32, 86),
  } satisfies encryption.BundleContainer.$Properties,
  'encryption.DRHeader': drHeader,
  'encryption.DHHeader': dhHeader,
  'encryption.X3DHHeader': x3dhHeader,
  'encryption.HRHeader': hrHeader,
  'encryption.RekeyGroup': rekeyGroup,
  'encryption.HRKeys': hrKeys,
  'encryption.HRKey': hrKey satisfies encryption.HRKey.$Properties,
  'encryption.EncryptedMessageProtocol': encryptedMessage,
  'encryption.ProtocolMessage': {
    installationId: INSTALLATION_A,
    bundles: [bundle],
    encryptedMessage: { [INSTALLATION_B]: encryptedMessage, none: { HRHeader: hrHeader, payload: bytes(80, 87) } },
    publicMessage: bytes(0),
  } satisfies encryption.ProtocolMessage.$Properties,

  'mvds.Offer': mvdsOffer satisfies mvds.Offer.$Properties,
  'mvds.Payload': {
    acks: [bytes(32, 88), bytes(32, 89)],
    offers: [bytes(32, 90)],
    requests: [bytes(32, 91)],
    messages: [mvdsMessage, { ...mvdsMessage, body: bytes(20, 92) }],
    groupOffers: [mvdsOffer],
  } satisfies mvds.Payload.$Properties,
  'mvds.Message': mvdsMessage satisfies mvds.Message.$Properties,
};
