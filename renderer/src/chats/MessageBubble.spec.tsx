import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { connectedCore } from '../test/fake-core.ts';
import { messageView } from '../test/fixtures.ts';
import { type BubbleActions, MessageBubble } from './MessageBubble.tsx';

const CHAT = `0x04${'ab'.repeat(64)}`;
const ID = `0x${'1'.repeat(64)}`;

const blobs: Blob[] = [];
const revoked: string[] = [];
beforeEach(() => {
  blobs.length = 0;
  revoked.length = 0;
  URL.createObjectURL = (blob: Blob) => {
    blobs.push(blob);
    return `blob:test/${blobs.length - 1}`;
  };
  URL.revokeObjectURL = (url: string) => void revoked.push(url);
});
afterEach(cleanup);

const picture = messageView({
  id: ID,
  chatId: CHAT,
  sender: CHAT,
  timestamp: 1_700_000_000_000,
  image: { format: 'png', width: 1000, height: 500, bytes: 3 },
});
const actions: BubbleActions = { reply: vi.fn(), edit: vi.fn(), remove: vi.fn(), react: vi.fn(), pin: vi.fn() };

function client(found = true) {
  const asked: string[] = [];
  const { client } = connectedCore({
    'messages.image': ({ messageId }) => {
      asked.push(messageId);
      if (!found) throw new RpcError(RpcErrorCode.NotFound, 'no image');
      return { mimeType: 'image/png', data: btoa('\x89PN') };
    },
  });
  return { client, asked };
}

describe('MessageBubble with a picture', () => {
  it('loads the bytes once and shows them from a blob: URL, sized to fit; no empty text', async () => {
    const { client: c, asked } = client();
    const view = render(<MessageBubble message={picture} actions={actions} client={c} />);
    const img = (await screen.findByTestId('message-image')) as HTMLImageElement;
    expect(asked).toEqual([ID]);
    expect(img.getAttribute('src')).toBe('blob:test/0');
    expect(blobs[0]?.type).toBe('image/png');
    expect(blobs[0]?.size).toBe(3);
    expect([img.width, img.height]).toEqual([280, 140]);
    expect(view.container.querySelector('.text')).toBeNull();
    view.unmount();
    expect(revoked).toEqual(['blob:test/0']);
  });

  it('a click opens an accessible dialog; Esc closes it and gives focus back', async () => {
    const { client: c } = client();
    render(<MessageBubble message={picture} actions={actions} client={c} />);
    const open = await screen.findByRole('button', { name: 'View image' });
    open.focus();
    fireEvent.click(open);
    const dialog = screen.getByRole('dialog', { name: 'Image' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    expect(dialog.textContent).toContain('1000 × 500');
    act(() => {
      fireEvent.keyDown(window, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(open);
  });

  it('a caption shows under the picture; a picture that is gone says so; a deleted one shows nothing', async () => {
    const { client: missing } = client(false);
    render(<MessageBubble message={{ ...picture, text: 'sunset' }} actions={actions} client={missing} />);
    expect(await screen.findByText('Image not available')).toBeTruthy();
    expect(screen.getByText('sunset')).toBeTruthy();
    cleanup();
    const { client: c, asked } = client();
    render(<MessageBubble message={{ ...picture, deleted: true }} actions={actions} client={c} />);
    expect(screen.getByText('This message was deleted')).toBeTruthy();
    expect(asked).toEqual([]);
  });

  it('a reply to a picture quotes it as "Image"', () => {
    render(
      <MessageBubble
        message={{
          ...picture,
          image: null,
          text: 'nice',
          responseTo: ID,
          replyPreview: { sender: CHAT, text: '', deleted: false },
        }}
        actions={actions}
      />,
    );
    expect(screen.getByTestId('reply-preview').textContent).toBe('Image');
  });
});
