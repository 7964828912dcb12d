import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GROUP_COLORS, type GroupView, MAX_GROUP_IMAGE_BYTES } from '../../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { fromBase64 } from '../chats/image-prepare.ts';
import { fakeGroupCore, GROUP_ID, groupView, PNG_BASE64 } from './group-fixtures.ts';
import { MembersPanel } from './MembersPanel.tsx';

afterEach(cleanup);

// A member who is not an admin: the colour and the picture are every member's to change.
const MEMBER = groupView({ admin: false });

function open(group: GroupView, extra: Parameters<typeof fakeGroupCore>[2] = {}) {
  const core = fakeGroupCore(group, [], extra);
  const onChanged = vi.fn();
  render(<MembersPanel client={core.client} group={group} contacts={[]} onChanged={onChanged} onClose={() => {}} />);
  return { ...core, onChanged };
}

const button = (name: string) => screen.getByRole('button', { name });
const swatches = () => within(screen.getByRole('group', { name: 'Group colour' })).getAllByRole('button');
const pick = async (file: File) => {
  await act(async () => {
    fireEvent.change(screen.getByLabelText('Group picture file'), { target: { files: [file] } });
  });
};

describe('members panel: the group’s colour and picture', () => {
  it('a member (not admin) gets Change colour and Change picture, not the admin tools', () => {
    open(MEMBER);
    expect(button('Change colour')).toBeTruthy();
    expect(button('Change picture')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rename group' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add members' })).toBeNull();
    const input = screen.getByLabelText('Group picture file') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('image/png,image/jpeg,image/webp,image/gif');
  });

  it('an admin gets them next to Rename group', () => {
    open(groupView());
    const tools = button('Rename group').parentElement as HTMLElement;
    expect(within(tools).getByRole('button', { name: 'Change colour' })).toBeTruthy();
    expect(within(tools).getByRole('button', { name: 'Change picture' })).toBeTruthy();
  });

  it('Change colour shows the swatches, the current one pressed; a swatch sets that colour', async () => {
    const { calls, onChanged, settle } = open(MEMBER);
    fireEvent.click(button('Change colour'));
    expect(button('Change colour').getAttribute('aria-expanded')).toBe('true');
    expect(swatches().map((s) => s.getAttribute('aria-label'))).toEqual(GROUP_COLORS.map((c) => `Colour ${c}`));
    // The group's colour is '#887AF9': the same colour in any case.
    expect(swatches().filter((s) => s.getAttribute('aria-pressed') === 'true')).toEqual([button('Colour #887af9')]);
    await act(async () => {
      fireEvent.click(button('Colour #4360df'));
    });
    await settle();
    expect(calls).toEqual([['groups.setColor', { chatId: GROUP_ID, color: '#4360df' }]]);
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ color: '#4360df' })));
    expect(screen.queryByRole('group', { name: 'Group colour' })).toBeNull();
  });

  it('the current colour sends nothing', async () => {
    const { calls, settle } = open(MEMBER);
    fireEvent.click(button('Change colour'));
    fireEvent.click(button('Colour #887af9'));
    await settle();
    expect(calls).toEqual([]);
    expect(screen.queryByRole('group', { name: 'Group colour' })).toBeNull();
  });

  it('a picked picture that fits goes byte for byte, base64, to groups.setImage', async () => {
    const { calls, onChanged, settle } = open(MEMBER);
    const png = fromBase64(PNG_BASE64);
    await pick(new File([png], 'summit.png', { type: 'image/png' }));
    await settle();
    await waitFor(() => expect(calls).toEqual([['groups.setImage', { chatId: GROUP_ID, data: PNG_BASE64 }]]));
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith(
        expect.objectContaining({ image: { format: 'png', width: 1, height: 1, bytes: png.length } }),
      ),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a picture over the group cap (though under a chat image’s) that cannot be scaled here is refused', async () => {
    const { calls } = open(MEMBER);
    const big = new Uint8Array(MAX_GROUP_IMAGE_BYTES + 1);
    big.set(fromBase64(PNG_BASE64));
    await pick(new File([big], 'big.png', { type: 'image/png' }));
    // jsdom cannot redraw it (no createImageBitmap): the scaling step gives up.
    expect((await screen.findByRole('alert')).textContent).toBe('This file is not a picture the app can read.');
    expect(calls).toEqual([]);
  });

  it('the core’s refusal shows in the panel', async () => {
    open(MEMBER, {
      'groups.setImage': () => {
        throw new RpcError(RpcErrorCode.Forbidden, 'you are not a member of this group');
      },
    });
    await pick(new File([fromBase64(PNG_BASE64)], 'summit.png', { type: 'image/png' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You are not a member of this group');
  });

  it('someone no longer in the group (or only invited) sees neither control', () => {
    for (const group of [
      groupView({ active: false, admin: false }),
      groupView({ active: false }),
      groupView({ invitation: true, admin: false }),
    ]) {
      const view = render(
        <MembersPanel
          client={fakeGroupCore(group).client}
          group={group}
          contacts={[]}
          onChanged={() => {}}
          onClose={() => {}}
        />,
      );
      expect(screen.queryByRole('button', { name: 'Change colour' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Change picture' })).toBeNull();
      expect(screen.queryByLabelText('Group picture file')).toBeNull();
      view.unmount();
    }
  });
});
