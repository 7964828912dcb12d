// The state of a private group from its event log, as status-go's Group (protocol/v1/
// membership_update_message.go: init → sortEvents, validateEvent, processEvent). Pure: the same
// set of events, in any delivery order and with duplicates, gives the same state, because the
// log is deduplicated by signature and applied in (clock, signature) order. status-go sorts by
// clock only (sort.Slice, not stable); the signature breaks ties here so every member agrees.
//
// Differences from status-go, all stricter, none reachable by an honest status-go client:
// - status-go rejects a whole MembershipUpdateMessage when one event is invalid; here the bad
//   event is skipped (and counted) and the others apply, which keeps the result a function of
//   the set of events rather than of how they were batched.
// - ADMINS_ADDED needs every target to be a member (status-go's stringSliceSubset only checks
//   that one of them is).
// - MEMBERS_ADDED beyond MAX_GROUP_MEMBERS is refused (status-go enforces the limit in its
//   API only); names beyond MAX_RECEIVED_NAME characters are refused.
import { MAX_GROUP_MEMBERS } from '../../../shared/api.ts';
import { EventType, type GroupEvent, groupCreatorOf } from './group-events.ts';

/** status-go's maxWhisperFutureDriftMs: an event clock may be at most this far ahead of now. */
export const MAX_FUTURE_DRIFT_MS = 120_000n;
/** Our own names stop at MAX_GROUP_NAME_CHARS; a received one is only bounded against abuse. */
const MAX_RECEIVED_NAME = 100;

export type EventRejection =
  | 'zero-clock'
  | 'future'
  | 'chat-id'
  | 'not-first'
  | 'no-chat'
  | 'not-member'
  | 'not-admin'
  | 'bad-target'
  | 'too-many-members'
  | 'empty-name'
  | 'unknown-type';

export interface GroupState {
  chatId: string;
  /** The creator named by the chat id (its CHAT_CREATED must be signed by it). */
  creator: string;
  /** False until a valid CHAT_CREATED applied. */
  created: boolean;
  name: string;
  color: string;
  /** The picture of the latest IMAGE_CHANGED that applied (null: none). */
  image: Uint8Array | null;
  /** In the order they were added. */
  members: string[];
  admins: Set<string>;
  joined: Set<string>;
  /** The events that applied, in application order. */
  applied: GroupEvent[];
  /** Events that did not apply, by reason (each distinct event once). */
  rejected: Map<EventRejection, number>;
}

/** Application order: clock, then signature (deterministic for ties). */
export function compareEvents(a: GroupEvent, b: GroupEvent): number {
  if (a.clock !== b.clock) return a.clock < b.clock ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Builds the state from every event we hold for the group (any order, duplicates allowed). */
export function groupState(chatId: string, events: Iterable<GroupEvent>, nowMs: number): GroupState {
  const unique = new Map<string, GroupEvent>();
  for (const e of events) if (e.chatId === chatId && !unique.has(e.id)) unique.set(e.id, e);
  const state: GroupState = {
    chatId,
    creator: groupCreatorOf(chatId) ?? '',
    created: false,
    name: '',
    color: '',
    image: null,
    members: [],
    admins: new Set(),
    joined: new Set(),
    applied: [],
    rejected: new Map(),
  };
  const now = BigInt(Math.floor(nowMs));
  for (const event of [...unique.values()].sort(compareEvents)) {
    const problem = check(state, event, now);
    if (problem) state.rejected.set(problem, (state.rejected.get(problem) ?? 0) + 1);
    else apply(state, event);
  }
  return state;
}

export const isMember = (state: GroupState, key: string): boolean => state.members.includes(key);

function check(s: GroupState, e: GroupEvent, now: bigint): EventRejection | null {
  if (e.clock === 0n) return 'zero-clock';
  if (e.clock > now + MAX_FUTURE_DRIFT_MS) return 'future';
  if (!s.creator) return 'chat-id';
  if (e.type === EventType.CHAT_CREATED) {
    if (s.created) return 'not-first';
    // status-go's validateChatID: the chat id ends with the key that created it.
    return e.from === s.creator ? null : 'chat-id';
  }
  if (!s.created) return 'no-chat';
  const member = isMember(s, e.from);
  const admin = s.admins.has(e.from);
  switch (e.type) {
    case EventType.NAME_CHANGED:
      if (!admin && !member) return 'not-member';
      if (e.name.length === 0) return 'empty-name';
      return [...e.name].length > MAX_RECEIVED_NAME ? 'bad-target' : null;
    case EventType.COLOR_CHANGED:
      if (!admin && !member) return 'not-member';
      return e.color.length > 0 ? null : 'bad-target';
    case EventType.IMAGE_CHANGED:
      // As status-go: any non-empty bytes (whether they are a picture we show is the view's business).
      if (!admin && !member) return 'not-member';
      return e.image.length > 0 ? null : 'bad-target';
    case EventType.MEMBERS_ADDED: {
      if (!admin && !member) return 'not-member';
      if (e.members.length === 0 || !e.members.every(isKey)) return 'bad-target';
      const after = new Set([...s.members, ...e.members]);
      return after.size > MAX_GROUP_MEMBERS ? 'too-many-members' : null;
    }
    case EventType.MEMBER_JOINED:
      return member ? null : 'not-member';
    case EventType.MEMBER_REMOVED: {
      if (e.members.length !== 1) return 'bad-target';
      const target = e.members[0] as string;
      if (target === e.from) return null; // leaving
      if (!admin) return 'not-admin';
      // An admin (the creator included) cannot be removed by someone else.
      return s.admins.has(target) ? 'bad-target' : null;
    }
    case EventType.ADMINS_ADDED:
      if (!admin) return 'not-admin';
      return e.members.length > 0 && e.members.every((m) => isMember(s, m)) ? null : 'bad-target';
    case EventType.ADMIN_REMOVED:
      if (e.members.length !== 1 || e.members[0] !== e.from) return 'bad-target';
      return admin ? null : 'not-admin';
    default:
      return 'unknown-type';
  }
}

function apply(s: GroupState, e: GroupEvent): void {
  s.applied.push(e);
  switch (e.type) {
    case EventType.CHAT_CREATED:
      s.created = true;
      s.name = e.name;
      s.color = e.color;
      s.members.push(e.from);
      s.admins.add(e.from);
      s.joined.add(e.from);
      break;
    case EventType.NAME_CHANGED:
      s.name = e.name;
      break;
    case EventType.COLOR_CHANGED:
      s.color = e.color;
      break;
    case EventType.IMAGE_CHANGED:
      s.image = e.image;
      break;
    case EventType.MEMBERS_ADDED:
      for (const m of e.members) if (!s.members.includes(m)) s.members.push(m);
      break;
    case EventType.MEMBER_JOINED:
      s.joined.add(e.from);
      break;
    case EventType.MEMBER_REMOVED: {
      const target = e.members[0] as string;
      s.members = s.members.filter((m) => m !== target);
      s.admins.delete(target);
      s.joined.delete(target);
      break;
    }
    case EventType.ADMINS_ADDED:
      for (const m of e.members) s.admins.add(m);
      break;
    case EventType.ADMIN_REMOVED:
      s.admins.delete(e.members[0] as string);
      break;
  }
}

function isKey(value: string): boolean {
  return /^0x04[0-9a-f]{128}$/.test(value);
}
