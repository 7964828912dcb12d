import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatView } from '../../../shared/api.ts';
import { ChatList } from '../chats/ChatList.tsx';
import { ChatsView } from '../chats/ChatsView.tsx';
import { BOB, contact, fakeGroupCore, GROUP_ID, groupChat, groupView } from './group-fixtures.ts';

afterEach(cleanup);

const bobChat: ChatView = { ...groupChat, id: BOB, kind: 'one-to-one', name: 'Bob', online: true };

const item = (name: string) =>
  within(screen.getByRole('list', { name: 'Chats' })).getByRole('button', { name: new RegExp(name) });

describe('groups in the chat list', () => {
  it('a group shows its avatar (initials on its colour), no presence dot; an invitation is marked', () => {
    render(
      <ChatList
        chats={[groupChat, bobChat]}
        groups={{ [GROUP_ID]: groupView({ invitation: true }) }}
        selected={null}
        onSelect={() => {}}
      />,
    );
    const group = item('Hiking club');
    const avatar = group.querySelector('.group-avatar') as HTMLElement;
    expect(avatar.textContent).toBe('HC');
    expect(avatar.style.background).toBe('rgb(136, 122, 249)');
    expect(within(group).queryByTitle(/Online|Offline/)).toBeNull();
    expect(group.textContent).toContain('Invitation');
    expect(item('Bob').textContent).not.toContain('Invitation');
    expect(item('Bob').querySelector('.group-avatar')).toBeNull();
  });

  it('the list follows groups.updated: an invitation appears marked, and the mark goes once joined', async () => {
    let chats: ChatView[] = [];
    const core = fakeGroupCore(groupView({ invitation: true }), [], { 'chats.list': () => chats });
    render(<ChatsView client={core.client} contacts={[]} selected={BOB} onSelect={() => {}} />);
    await core.settle();
    expect(screen.getByText('No chats yet.')).toBeTruthy();
    chats = [groupChat];
    await act(async () => {
      core.server.emit('groups.updated', groupView({ invitation: true }));
    });
    await core.settle();
    await core.settle();
    expect(item('Hiking club').textContent).toContain('Invitation');
    await act(async () => {
      core.server.emit('groups.updated', groupView({ invitation: false }));
    });
    await core.settle();
    expect(item('Hiking club').textContent).not.toContain('Invitation');
  });

  it('a group already listed gets its view from groups.get (colour, invitation)', async () => {
    const core = fakeGroupCore(groupView({ invitation: true }), [], { 'chats.list': () => [groupChat] });
    render(<ChatsView client={core.client} contacts={[]} selected={BOB} onSelect={() => {}} />);
    await core.settle();
    await core.settle();
    expect(item('Hiking club').textContent).toContain('Invitation');
  });

  it('New group opens the dialog; Create opens the new group chat', async () => {
    const onSelect = vi.fn();
    const core = fakeGroupCore(groupView(), [], { 'groups.create': ({ name }) => groupView({ name }) });
    render(<ChatsView client={core.client} contacts={[contact(BOB, 'Bob')]} selected={BOB} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: 'New group' }));
    const dialog = screen.getByRole('dialog', { name: 'New group' });
    fireEvent.change(within(dialog).getByLabelText('Group name'), { target: { value: 'Hiking club' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Bob/ }));
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    });
    await core.settle();
    expect(onSelect).toHaveBeenCalledWith(GROUP_ID);
    expect(screen.queryByRole('dialog', { name: 'New group' })).toBeNull();
  });
});
