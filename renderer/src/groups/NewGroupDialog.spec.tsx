import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_GROUP_NAME_CHARS } from '../../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { BOB, CAROL, contact, DAVE, fakeGroupCore, GROUP_ID, groupView } from './group-fixtures.ts';
import { NewGroupDialog } from './NewGroupDialog.tsx';

afterEach(cleanup);

const CONTACTS = [
  contact(BOB, 'Bob'),
  contact(CAROL, '', 'Carol Alias Words'),
  { ...contact(DAVE, 'Dave'), state: 'request-sent' as const },
];

function setup(extra: Parameters<typeof fakeGroupCore>[2] = {}) {
  const created: unknown[] = [];
  const core = fakeGroupCore(groupView(), [], {
    'groups.create': (params) => {
      created.push(params);
      return groupView({ name: params.name });
    },
    ...extra,
  });
  const onCreated = vi.fn();
  const onClose = vi.fn();
  render(<NewGroupDialog client={core.client} contacts={CONTACTS} onCreated={onCreated} onClose={onClose} />);
  return { ...core, created, onCreated, onClose };
}

const dialog = () => screen.getByRole('dialog', { name: 'New group' });
const nameBox = () => screen.getByLabelText('Group name');
const create = () => screen.getByRole('button', { name: 'Create' });

describe('NewGroupDialog', () => {
  it('is a labelled modal with the name field focused; lists only mutual contacts, by name or alias', () => {
    setup();
    expect(dialog().getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(nameBox());
    const list = screen.getByRole('list', { name: 'Contacts' });
    expect(
      within(list)
        .getAllByRole('checkbox')
        .map((c) => c.closest('label')?.textContent),
    ).toEqual(['BOBob', 'CACarol Alias Words']);
    expect(screen.getByRole('img', { name: "Bob's avatar" })).toBeTruthy();
    expect(within(list).queryByText('Dave')).toBeNull();
  });

  it('filters contacts with the search box', () => {
    setup();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter contacts' }), { target: { value: 'car' } });
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
    expect(screen.getByRole('checkbox', { name: /Carol Alias Words/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter contacts' }), { target: { value: 'zed' } });
    expect(screen.getByText('No contact matches “zed”.')).toBeTruthy();
  });

  it('validates: a name is needed, at most 24 characters, and at least one member; nothing is sent until then', async () => {
    const { created } = setup();
    await act(async () => {
      fireEvent.click(create());
    });
    expect(screen.getByText('A group needs a name.')).toBeTruthy();
    expect(screen.getByText('Pick at least one member.')).toBeTruthy();
    expect(nameBox().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(nameBox(), { target: { value: 'x'.repeat(MAX_GROUP_NAME_CHARS + 1) } });
    expect(screen.getByText('A group name has at most 24 characters.')).toBeTruthy();
    expect((create() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(nameBox(), { target: { value: '   ' } });
    expect(screen.getByText('A group needs a name.')).toBeTruthy();
    fireEvent.change(nameBox(), { target: { value: '🌲'.repeat(MAX_GROUP_NAME_CHARS) } });
    expect(screen.queryByText(/A group name has at most/)).toBeNull();
    expect((create() as HTMLButtonElement).disabled).toBe(true); // still no member
    fireEvent.click(screen.getByRole('checkbox', { name: /Bob/ }));
    expect(screen.queryByText('Pick at least one member.')).toBeNull();
    expect((create() as HTMLButtonElement).disabled).toBe(false);
    expect(created).toEqual([]);
  });

  it('creates with the trimmed name and the picked keys, then opens the new chat', async () => {
    const { created, onCreated, settle } = setup();
    fireEvent.change(nameBox(), { target: { value: '  Hiking club ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Bob/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Carol/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Carol/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Carol/ }));
    expect(screen.getByText('(2 of at most 19)')).toBeTruthy();
    await act(async () => {
      fireEvent.click(create());
    });
    await settle();
    expect(created).toEqual([{ name: 'Hiking club', members: [BOB, CAROL] }]);
    expect(onCreated).toHaveBeenCalledWith(GROUP_ID);
  });

  it('shows the core’s error and stays open', async () => {
    const { onCreated, settle } = setup({
      'groups.create': () => {
        throw new RpcError(RpcErrorCode.Conflict, 'bob has no encryption keys yet');
      },
    });
    fireEvent.change(nameBox(), { target: { value: 'Club' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Bob/ }));
    await act(async () => {
      fireEvent.click(create());
    });
    await settle();
    expect((await screen.findByRole('alert')).textContent).toBe('Bob has no encryption keys yet');
    expect(onCreated).not.toHaveBeenCalled();
    expect(dialog()).toBeTruthy();
  });

  it('Esc and Cancel close it', () => {
    const { onClose } = setup();
    fireEvent.keyDown(nameBox(), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
