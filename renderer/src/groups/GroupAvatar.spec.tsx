import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatsView } from '../chats/ChatsView.tsx';
import { Conversation } from '../chats/Conversation.tsx';
import { fromBase64 } from '../chats/image-prepare.ts';
import { GroupAvatar } from './GroupAvatar.tsx';
import { BOB, fakeGroupCore, GROUP_ID, groupChat, groupView, PNG_BASE64, PNG_INFO } from './group-fixtures.ts';

// jsdom has no blob: URLs: count what is made (with its blob) and revoked.
const made: Array<{ url: string; blob: Blob }> = [];
const revoked: string[] = [];
class TestURL extends URL {
  static override createObjectURL(blob: Blob): string {
    const url = `blob:test/${made.length}`;
    made.push({ url, blob });
    return url;
  }
  static override revokeObjectURL(url: string): void {
    revoked.push(url);
  }
}
beforeEach(() => {
  made.length = 0;
  revoked.length = 0;
  vi.stubGlobal('URL', TestURL);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const avatar = () => screen.getByRole('img', { name: 'Hiking club group avatar' });
/** The picture inside an avatar, once it has loaded. */
const pictureIn = (avatarOf: () => HTMLElement) =>
  waitFor(() => {
    const img = avatarOf().querySelector('img');
    if (!img) throw new Error('no picture yet');
    return img;
  });
const imageCalls = (calls: Array<[string, unknown]>) => calls.filter(([method]) => method === 'groups.image');

describe('GroupAvatar', () => {
  it('with a picture: shows it round in place of the initials, from groups.image (blob of its bytes)', async () => {
    const core = fakeGroupCore(groupView({ image: PNG_INFO }));
    render(<GroupAvatar client={core.client} chatId={GROUP_ID} image={PNG_INFO} name="Hiking club" color="#887af9" />);
    expect(avatar().textContent).toBe('HC'); // while it loads
    const img = await pictureIn(avatar);
    expect(img.getAttribute('src')).toBe('blob:test/0');
    expect(img.getAttribute('alt')).toBe(''); // the name is the avatar's
    expect(avatar().className).toContain('has-picture');
    expect(avatar().textContent).toBe('');
    expect(imageCalls(core.calls)).toEqual([['groups.image', { chatId: GROUP_ID }]]);
    const blob = made[0]?.blob as Blob;
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(fromBase64(PNG_BASE64));
  });

  it('without a picture: initials on the colour, nothing fetched', async () => {
    const core = fakeGroupCore(groupView());
    render(<GroupAvatar client={core.client} chatId={GROUP_ID} image={null} name="Hiking club" color="#887af9" />);
    await core.settle();
    expect(avatar().textContent).toBe('HC');
    expect(avatar().querySelector('img')).toBeNull();
    expect(avatar().style.background).toBe('rgb(136, 122, 249)');
    expect(imageCalls(core.calls)).toEqual([]);
  });

  it('falls back to the initials when groups.image fails', async () => {
    // The core has no picture for it (NOT_FOUND), or fails in any other way.
    const broken = vi.fn(() => Promise.reject(new Error('disk gone')));
    for (const extra of [{}, { 'groups.image': broken }]) {
      const core = fakeGroupCore(groupView(), [], extra);
      const view = render(<GroupAvatar client={core.client} chatId={GROUP_ID} image={PNG_INFO} name="Hiking club" />);
      await core.settle();
      await core.settle();
      expect(avatar().textContent).toBe('HC');
      expect(avatar().querySelector('img')).toBeNull();
      if (!('groups.image' in extra)) expect(imageCalls(core.calls)).toHaveLength(1); // answered NOT_FOUND
      view.unmount();
    }
    expect(broken).toHaveBeenCalledOnce();
    expect(made).toEqual([]);
  });

  it('a picture the browser cannot decode falls back to the initials too', async () => {
    const core = fakeGroupCore(groupView({ image: PNG_INFO }));
    render(<GroupAvatar client={core.client} chatId={GROUP_ID} image={PNG_INFO} name="Hiking club" />);
    const img = await pictureIn(avatar);
    fireEvent.error(img);
    expect(avatar().querySelector('img')).toBeNull();
    expect(avatar().textContent).toBe('HC');
  });

  it('a new picture is fetched again and the old URL revoked; unmounting revokes the last one', async () => {
    const core = fakeGroupCore(groupView({ image: PNG_INFO }));
    const view = render(<GroupAvatar client={core.client} chatId={GROUP_ID} image={PNG_INFO} name="Hiking club" />);
    await waitFor(() => expect(avatar().querySelector('img')?.getAttribute('src')).toBe('blob:test/0'));
    // The same picture in a new view (e.g. after a rename): no new fetch.
    view.rerender(<GroupAvatar client={core.client} chatId={GROUP_ID} image={{ ...PNG_INFO }} name="Hiking club" />);
    await core.settle();
    expect(imageCalls(core.calls)).toHaveLength(1);
    const next = { ...PNG_INFO, width: 2, height: 2, bytes: 90 };
    view.rerender(<GroupAvatar client={core.client} chatId={GROUP_ID} image={next} name="Hiking club" />);
    await waitFor(() => expect(avatar().querySelector('img')?.getAttribute('src')).toBe('blob:test/1'));
    expect(imageCalls(core.calls)).toHaveLength(2);
    expect(revoked).toEqual(['blob:test/0']);
    view.unmount();
    expect(revoked).toEqual(['blob:test/0', 'blob:test/1']);
  });

  it('decorative: hidden from assistive technology, picture or not', async () => {
    const core = fakeGroupCore(groupView({ image: PNG_INFO }));
    const { container } = render(
      <GroupAvatar client={core.client} chatId={GROUP_ID} image={PNG_INFO} name="Hiking club" decorative />,
    );
    const span = container.querySelector('.group-avatar') as HTMLElement;
    await waitFor(() => expect(span.querySelector('img')).not.toBeNull());
    expect(span.getAttribute('aria-hidden')).toBe('true');
    expect(span.getAttribute('role')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
  });
});

describe('the group picture in the app', () => {
  it('the conversation header shows it, and follows groups.updated (a new picture, then none)', async () => {
    const core = fakeGroupCore(groupView({ image: PNG_INFO }));
    render(<Conversation client={core.client} chatId={GROUP_ID} title="Hiking club" group />);
    const header = () => screen.getByRole('banner');
    await waitFor(() => expect(header().querySelector('.group-avatar img')?.getAttribute('src')).toBe('blob:test/0'));
    await act(async () => {
      core.server.emit('groups.updated', groupView({ image: { ...PNG_INFO, bytes: 71 } }));
    });
    await waitFor(() => expect(header().querySelector('.group-avatar img')?.getAttribute('src')).toBe('blob:test/1'));
    expect(revoked).toContain('blob:test/0');
    await act(async () => {
      core.server.emit('groups.updated', groupView({ image: null, name: 'Trail runners' }));
    });
    await core.settle();
    const avatarInHeader = header().querySelector('.group-avatar') as HTMLElement;
    expect(avatarInHeader.querySelector('img')).toBeNull();
    expect(avatarInHeader.textContent).toBe('TR');
    expect(revoked).toContain('blob:test/1');
  });

  it('the chat list shows each group’s picture', async () => {
    const core = fakeGroupCore(groupView({ image: PNG_INFO }), [], { 'chats.list': () => [groupChat] });
    render(<ChatsView client={core.client} contacts={[]} selected={BOB} onSelect={() => {}} />);
    const item = await waitFor(() =>
      within(screen.getByRole('list', { name: 'Chats' })).getByRole('button', { name: /Hiking club/ }),
    );
    await waitFor(() => expect(item.querySelector('.group-avatar img')).not.toBeNull());
  });
});
