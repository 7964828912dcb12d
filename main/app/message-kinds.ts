// Every Status app message declares its functional scope, its ephemerality and whether it
// rides MVDS (seed spec, "Functional scope" and "Ephemerality"; status-go's resend types).
// The transport picks the pubsub topic from the scope; ephemeral messages are never archived.
import { Scope } from '../transport/sharding.ts';
import { AmmType, StatusType } from '../wire/proto.ts';

/** Where a message belongs: a conversation between people, a community, or our own devices. */
export const Audience = {
  OneToOne: 'one-to-one',
  PrivateGroup: 'private-group',
  Community: 'community',
  Self: 'self',
} as const;
export type Audience = (typeof Audience)[keyof typeof Audience];

export const Reliability = { Mvds: 'mvds', Sds: 'sds', None: 'none' } as const;
export type Reliability = (typeof Reliability)[keyof typeof Reliability];

export interface MessageKind {
  scope: Scope;
  ephemeral: boolean;
  reliability: Reliability;
}

/** User-generated content: global for people, the community's shard in a community. */
const CONTENT: ReadonlySet<AmmType> = new Set([
  AmmType.CHAT_MESSAGE,
  AmmType.EDIT_MESSAGE,
  AmmType.DELETE_MESSAGE,
  AmmType.PIN_MESSAGE,
  AmmType.EMOJI_REACTION,
]);

/** Control traffic of a community (joins, kicks, shard info...), on the community control shard. */
const COMMUNITY_CONTROL: ReadonlySet<AmmType> = new Set([
  AmmType.COMMUNITY_REQUEST_TO_JOIN,
  AmmType.COMMUNITY_REQUEST_TO_JOIN_RESPONSE,
  AmmType.COMMUNITY_CANCEL_REQUEST_TO_JOIN,
  AmmType.COMMUNITY_REQUEST_TO_LEAVE,
  AmmType.COMMUNITY_USER_KICKED,
  AmmType.COMMUNITY_PUBLIC_SHARD_INFO,
  AmmType.COMMUNITY_EDIT_SHARED_ADDRESSES,
  AmmType.COMMUNITY_SHARED_ADDRESSES_REQUEST,
  AmmType.COMMUNITY_SHARED_ADDRESSES_RESPONSE,
  AmmType.COMMUNITY_ENCRYPTION_KEYS_REQUEST,
  AmmType.COMMUNITY_REEVALUATE_PERMISSIONS_REQUEST,
]);

/** Sent without MVDS by status-go (best effort, or repeated by design). */
const NO_MVDS: ReadonlySet<AmmType> = new Set([
  AmmType.EMOJI_REACTION,
  AmmType.STATUS_UPDATE,
  AmmType.CONTACT_CODE_ADVERTISEMENT,
  AmmType.BACKUP,
  AmmType.CHAT_IDENTITY,
]);

/** The kind of an outgoing message; `statusType` matters only for status updates. */
export function messageKind(type: AmmType, audience: Audience, statusType?: StatusType): MessageKind {
  // Presence is only worth anything live: AUTOMATIC updates are ephemeral (status-go).
  const ephemeral = type === AmmType.STATUS_UPDATE && statusType === StatusType.AUTOMATIC;
  if (audience === Audience.Self) return { scope: Scope.SelfAddressed, ephemeral, reliability: Reliability.None };
  if (audience === Audience.Community) {
    if (COMMUNITY_CONTROL.has(type)) return { scope: Scope.CommunityControl, ephemeral, reliability: Reliability.None };
    return {
      scope: Scope.Community,
      ephemeral,
      reliability: CONTENT.has(type) && !ephemeral ? Reliability.Sds : Reliability.None,
    };
  }
  const scope = CONTENT.has(type) ? Scope.GlobalContent : Scope.GlobalControl;
  return { scope, ephemeral, reliability: ephemeral || NO_MVDS.has(type) ? Reliability.None : Reliability.Mvds };
}
