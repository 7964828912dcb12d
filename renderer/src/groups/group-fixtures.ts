// Test fixtures for the group components: people, a group view, messages, and a fake core.
import { act } from '@testing-library/react';
import type { Api, ChatView, ContactView, GroupMemberView, GroupView, MessageView } from '../../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import type { Handlers } from '../../../shared/rpc/server.ts';
import { connectedCore } from '../test/fake-core.ts';
import { numberedMessage } from '../test/fixtures.ts';

export const key = (byte: string) => `0x04${byte.repeat(64)}`;
export const ME = key('0a');
export const BOB = key('bb');
export const CAROL = key('cc');
export const DAVE = key('dd');
export const GROUP_ID = `12345678-1234-1234-1234-123456789abc-${ME}`;

const identity = (publicKey: string, alias: string) => ({
  publicKey,
  compressedKey: `0x02${publicKey.slice(4, 68)}`,
  chatKey: `zQ3${publicKey.slice(4, 20)}`,
  alias,
  emojiHash: ['😀'],
  colorHash: [[1, 2]] as Array<[number, number]>,
  colorId: 2,
});

export function contact(publicKey: string, displayName: string, alias = `${displayName} Alias Words`): ContactView {
  return {
    ...identity(publicKey, alias),
    displayName,
    state: 'mutual',
    nickname: null,
    requestMessage: null,
    online: false,
    lastSeen: null,
  };
}

export function member(publicKey: string, overrides: Partial<GroupMemberView> = {}): GroupMemberView {
  return {
    ...identity(publicKey, `Alias ${publicKey.slice(4, 6)} Words`),
    displayName: '',
    admin: false,
    joined: true,
    me: publicKey === ME,
    ...overrides,
  };
}

export function groupView(overrides: Partial<GroupView> = {}): GroupView {
  return {
    chatId: GROUP_ID,
    name: 'Hiking club',
    color: '#887AF9',
    createdBy: ME,
    members: [
      member(ME, { displayName: 'Me Myself', admin: true }),
      member(BOB, { displayName: 'Bob' }),
      member(CAROL, { joined: false }),
    ],
    active: true,
    invitation: false,
    admin: true,
    image: null,
    ...overrides,
  };
}

export function groupMessage(i: number, overrides: Partial<MessageView> = {}): MessageView {
  return numberedMessage(i, { chatId: GROUP_ID, sender: BOB, text: `group message ${i}`, ...overrides });
}

/** A real 1×1 PNG: what a picked group picture holds, and what `groups.image` answers. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const PNG_INFO = { format: 'png', width: 1, height: 1, bytes: 70 } as const;

/**
 * A core answering the group calls from `group` (updated by each action), recording every group
 * call; `groups.image` answers PNG_BASE64 while the group has a picture, NOT_FOUND otherwise.
 */
export function fakeGroupCore(group: GroupView, messages: MessageView[] = [], extra: Partial<Handlers<Api>> = {}) {
  let current = group;
  const calls: Array<[string, unknown]> = [];
  const update = (method: string, params: unknown, change: (g: GroupView) => GroupView) => {
    calls.push([method, params]);
    current = change(current);
    return current;
  };
  const { server, client } = connectedCore({
    'chats.list': () => [],
    'chats.markRead': () => ({ marked: 0 }),
    'messages.list': () => messages.slice().reverse(),
    'messages.pinned': () => [],
    'groups.get': () => current,
    'groups.rename': (p) => update('groups.rename', p, (g) => ({ ...g, name: p.name })),
    'groups.addMembers': (p) =>
      update('groups.addMembers', p, (g) => ({
        ...g,
        members: [...g.members, ...p.members.map((k) => member(k, { joined: false }))],
      })),
    'groups.removeMember': (p) =>
      update('groups.removeMember', p, (g) => ({ ...g, members: g.members.filter((m) => m.publicKey !== p.member) })),
    'groups.makeAdmin': (p) =>
      update('groups.makeAdmin', p, (g) => ({
        ...g,
        members: g.members.map((m) => (m.publicKey === p.member ? { ...m, admin: true } : m)),
      })),
    'groups.join': (p) =>
      update('groups.join', p, (g) => ({
        ...g,
        invitation: false,
        active: true,
        members: g.members.map((m) => (m.me ? { ...m, joined: true } : m)),
      })),
    'groups.decline': (p) => {
      calls.push(['groups.decline', p]);
      return { declined: true };
    },
    'groups.leave': (p) =>
      update('groups.leave', p, (g) => ({ ...g, active: false, members: g.members.filter((m) => !m.me) })),
    'groups.setColor': (p) => update('groups.setColor', p, (g) => ({ ...g, color: p.color })),
    'groups.setImage': (p) =>
      update('groups.setImage', p, (g) => ({ ...g, image: { ...PNG_INFO, bytes: atob(p.data).length } })),
    'groups.image': (p) => {
      calls.push(['groups.image', p]);
      if (!current.image) throw new RpcError(RpcErrorCode.NotFound, 'the group has no picture');
      return { mimeType: 'image/png', data: PNG_BASE64 };
    },
    ...extra,
  });
  /** A round trip: events sent and answers given before it have arrived. */
  const settle = () => act(async () => void (await client.call('chats.markRead', { chatId: GROUP_ID })));
  return { client, server, calls, settle, current: () => current };
}

/** The group as a row of the chat list. */
export const groupChat: ChatView = {
  id: GROUP_ID,
  kind: 'private-group',
  name: 'Hiking club',
  unreadCount: 0,
  muted: false,
  lastMessage: null,
  online: false,
};
