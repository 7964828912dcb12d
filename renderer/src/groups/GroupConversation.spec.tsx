import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GroupView, MessageView } from '../../../shared/api.ts';
import { Conversation } from '../chats/Conversation.tsx';
import {
  BOB,
  CAROL,
  contact,
  DAVE,
  fakeGroupCore,
  GROUP_ID,
  groupMessage,
  groupView,
  ME,
  member,
} from './group-fixtures.ts';

afterEach(cleanup);

const CONTACTS = [contact(BOB, 'Bob'), contact(DAVE, 'Dave')];

async function open(group: GroupView, messages: MessageView[] = [], onDeclined = () => {}) {
  const core = fakeGroupCore(group, messages);
  render(
    <Conversation
      client={core.client}
      chatId={GROUP_ID}
      title="Hiking club"
      group
      contacts={CONTACTS}
      onDeclined={onDeclined}
    />,
  );
  await core.settle();
  await core.settle();
  return core;
}

const membersButton = () => screen.getByRole('button', { name: /^Members: \d+$/ });
const panel = () => screen.getByRole('dialog', { name: /^Members/ });
const rows = () =>
  within(screen.getByRole('list', { name: 'Members' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.member-name')?.textContent);

describe('a group conversation', () => {
  it('has no presence dot; the Members button counts members and opens the panel: names, Admin, (you), invited', async () => {
    await open(groupView());
    expect(screen.getByRole('heading', { name: 'Hiking club' })).toBeTruthy();
    expect(screen.queryByTitle('Online')).toBeNull();
    expect(screen.queryByTitle('Offline')).toBeNull();
    expect(membersButton().getAttribute('aria-label')).toBe('Members: 3');
    fireEvent.click(membersButton());
    expect(membersButton().getAttribute('aria-expanded')).toBe('true');
    expect(panel()).toBeTruthy();
    // Display name, else contact name, else alias.
    expect(rows()).toEqual(['Me Myself (you)Admin', 'Bob', 'Alias cc Wordsinvited']);
    expect(screen.getByRole('img', { name: "Bob's avatar" })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Close members' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: /^Members/ })).toBeNull();
  });

  it('an admin makes admins, removes members, renames and adds contacts not yet in', async () => {
    const { calls, settle } = await open(groupView());
    fireEvent.click(membersButton());
    expect(within(panel()).queryByRole('button', { name: /Remove Me Myself/ })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Make Bob admin' }));
    });
    await settle();
    expect(rows()[1]).toBe('BobAdmin');
    expect(screen.queryByRole('button', { name: 'Make Bob admin' })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove Alias cc Words' }));
    });
    await settle();
    expect(rows()).toHaveLength(2);
    expect(membersButton().getAttribute('aria-label')).toBe('Members: 2');

    fireEvent.click(screen.getByRole('button', { name: 'Rename group' }));
    const name = screen.getByLabelText('New name');
    fireEvent.change(name, { target: { value: '' } });
    expect(screen.getByText('A group needs a name.')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'Climbing club' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    });
    await settle();
    expect(screen.getByRole('heading', { name: 'Climbing club' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Add members' }));
    const addable = screen.getAllByRole('checkbox');
    // Bob is in already: only Dave.
    expect(addable.map((c) => c.closest('label')?.textContent)).toEqual(['DADave']);
    fireEvent.click(addable[0] as HTMLElement);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add 1' }));
    });
    await settle();
    expect(rows()[2]).toBe('Daveinvited');
    expect(calls).toEqual([
      ['groups.makeAdmin', { chatId: GROUP_ID, member: BOB }],
      ['groups.removeMember', { chatId: GROUP_ID, member: CAROL }],
      ['groups.rename', { chatId: GROUP_ID, name: 'Climbing club' }],
      ['groups.addMembers', { chatId: GROUP_ID, members: [DAVE] }],
    ]);
  });

  it('a member who is not an admin only sees Leave, which asks first; after leaving the composer is gone', async () => {
    const { calls, settle } = await open(
      groupView({
        admin: false,
        createdBy: BOB,
        members: [member(BOB, { admin: true }), member(ME, { displayName: 'Me Myself' })],
      }),
    );
    fireEvent.click(membersButton());
    for (const name of ['Rename group', 'Add members', /^Remove/, /^Make .* admin$/]) {
      expect(within(panel()).queryByRole('button', { name })).toBeNull();
    }
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    const confirm = screen.getByRole('alertdialog');
    expect(confirm.textContent).toContain('Leave “Hiking club”?');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calls).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Leave' }));
    });
    await settle();
    expect(calls).toEqual([['groups.leave', { chatId: GROUP_ID }]]);
    expect(screen.getByText('You are no longer a member of this group')).toBeTruthy();
    expect(screen.queryByLabelText('Message')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Leave group' })).toBeNull();
  });

  it('a removal pushed by groups.updated replaces the composer too', async () => {
    const { server, settle } = await open(groupView());
    expect(screen.getByLabelText('Message')).toBeTruthy();
    await act(async () => {
      server.emit('groups.updated', groupView({ chatId: `${GROUP_ID.slice(0, -2)}ff`, active: false }));
    });
    await settle();
    expect(screen.getByLabelText('Message')).toBeTruthy();
    await act(async () => {
      server.emit('groups.updated', groupView({ active: false, admin: false }));
    });
    await settle();
    expect(screen.getByRole('status').textContent).toBe('You are no longer a member of this group');
    expect(screen.queryByLabelText('Message')).toBeNull();
  });

  it('an invitation: banner with who invited us, composer disabled until Join', async () => {
    const invited = groupView({
      invitation: true,
      admin: false,
      createdBy: BOB,
      members: [member(BOB, { admin: true }), member(ME, { joined: false })],
    });
    const { calls, settle } = await open(invited);
    const banner = screen.getByRole('region', { name: 'Group invitation' });
    expect(banner.textContent).toBe('Bob invited you to Hiking clubJoinDecline');
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      fireEvent.click(within(banner).getByRole('button', { name: 'Join' }));
    });
    await settle();
    expect(calls).toEqual([['groups.join', { chatId: GROUP_ID }]]);
    expect(screen.queryByRole('region', { name: 'Group invitation' })).toBeNull();
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).disabled).toBe(false);
  });

  it('Decline declines and tells the parent (the chat is hidden)', async () => {
    const onDeclined = vi.fn();
    const { calls, settle } = await open(groupView({ invitation: true, admin: false, createdBy: BOB }), [], onDeclined);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    });
    await settle();
    expect(calls).toEqual([['groups.decline', { chatId: GROUP_ID }]]);
    expect(onDeclined).toHaveBeenCalledTimes(1);
  });

  it('system messages are centred lines without actions; incoming bubbles carry the sender’s name', async () => {
    await open(groupView(), [
      groupMessage(1, { system: true, sender: ME, text: 'Me Myself added Bob' }),
      groupMessage(2, { sender: BOB, text: 'hi all' }),
      groupMessage(3, { sender: CAROL, text: 'from carol' }),
      groupMessage(4, { sender: DAVE, text: 'from a former member' }),
      groupMessage(5, { sender: ME, outgoing: true, status: 'sent', text: 'mine' }),
    ]);
    const system = screen.getByTestId('system-message');
    expect(system.tagName).toBe('LI');
    expect(system.textContent).toBe('Me Myself added Bob');
    expect(within(system).queryByRole('button')).toBeNull();
    expect(within(system).queryByRole('toolbar')).toBeNull();
    const bubble = (text: string) => screen.getByText(text).closest('li') as HTMLElement;
    expect(within(bubble('hi all')).getByTestId('sender-name').textContent).toBe('Bob');
    expect(within(bubble('from carol')).getByTestId('sender-name').textContent).toBe('Alias cc Words');
    expect(within(bubble('from a former member')).getByTestId('sender-name').textContent).toBe('Dave');
    expect(within(bubble('mine')).queryByTestId('sender-name')).toBeNull();
  });
});
