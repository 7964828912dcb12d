import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Api, api, MAX_IMAGE_BYTES, type MessageView } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { Composer, type ComposerMode } from './Composer.tsx';
import { fromBase64 } from './image-prepare.ts';

const CHAT = `0x04${'ab'.repeat(64)}`;
// A real 1×1 PNG header (what matters here: its magic bytes and IHDR size).
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

const urls: string[] = [];
const revoked: string[] = [];
beforeEach(() => {
  urls.length = 0;
  revoked.length = 0;
  vi.stubGlobal(
    'URL',
    Object.assign(URL, {
      createObjectURL: () => {
        urls.push(`blob:test/${urls.length}`);
        return urls.at(-1) as string;
      },
      revokeObjectURL: (url: string) => revoked.push(url),
    }),
  );
});
afterEach(cleanup);

function fakeCore() {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const server = new RpcServer(
    api,
    partialHandlers(api, {
      'messages.sendImage': (params) => {
        calls.push(['messages.sendImage', params]);
        return { id: '0x01' } as MessageView;
      },
      'messages.sendText': (params) => {
        calls.push(['messages.sendText', params]);
        return { id: '0x02' } as MessageView;
      },
    }),
  );
  const [coreEnd, uiEnd] = createChannelPair();
  server.attach(coreEnd);
  return { client: new RpcClient<Api>(uiEnd), calls };
}

function setup(mode: ComposerMode = { kind: 'new' }) {
  const core = fakeCore();
  const onModeChange = vi.fn();
  const view = render(<Composer client={core.client} chatId={CHAT} mode={mode} onModeChange={onModeChange} />);
  return { ...core, onModeChange, view };
}

const pick = async (file: File) => {
  await act(async () => {
    fireEvent.change(screen.getByLabelText('Image file'), { target: { files: [file] } });
  });
};

describe('Composer with pictures', () => {
  it('attach shows a preview; Send sends the exact bytes as an image, then clears the preview', async () => {
    const { calls } = setup();
    await pick(new File([PNG], 'dot.png', { type: 'image/png' }));
    const preview = await screen.findByRole('figure', { name: 'Image to send' });
    expect(preview.querySelector('img')?.getAttribute('src')).toBe('blob:test/0');
    expect(preview.textContent).toContain('1 × 1');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    });
    await waitFor(() => expect(calls).toHaveLength(1));
    const [method, params] = calls[0] ?? [];
    expect(method).toBe('messages.sendImage');
    expect(params?.chatId).toBe(CHAT);
    expect(fromBase64(params?.data as string)).toEqual(PNG);
    expect(screen.queryByRole('figure', { name: 'Image to send' })).toBeNull();
    expect(revoked).toContain('blob:test/0');
  });

  it('cancel drops the picture without sending anything', async () => {
    const { calls } = setup();
    await pick(new File([PNG], 'dot.png', { type: 'image/png' }));
    await screen.findByRole('figure', { name: 'Image to send' });
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel image' }));
    expect(screen.queryByRole('figure', { name: 'Image to send' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    expect(calls).toEqual([]);
  });

  it('a pasted picture is attached; with a caption and a reply, the image carries the reply', async () => {
    const to = { id: `0x${'0'.repeat(63)}9`, text: 'look', image: null } as MessageView;
    const { calls } = setup({ kind: 'reply', to });
    const box = screen.getByLabelText('Message');
    await act(async () => {
      fireEvent.paste(box, { clipboardData: { files: [new File([PNG], 'paste.png', { type: 'image/png' })] } });
    });
    await screen.findByRole('figure', { name: 'Image to send' });
    fireEvent.change(box, { target: { value: 'and this' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map(([m]) => m)).toEqual(['messages.sendImage', 'messages.sendText']);
    expect(calls[0]?.[1].responseTo).toBe(to.id);
    expect(calls[1]?.[1]).toEqual({ chatId: CHAT, text: 'and this' });
  });

  it('a file that is not a picture it can read gets a clear error and no preview', async () => {
    setup();
    await pick(new File(['just text'], 'notes.png', { type: 'image/png' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This file is not a picture the app can read.');
    expect(screen.queryByRole('figure', { name: 'Image to send' })).toBeNull();
  });

  it('an oversize picture that cannot be scaled here is refused, not sent', async () => {
    const { calls } = setup();
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG);
    await pick(new File([big], 'big.png', { type: 'image/png' }));
    await screen.findByRole('alert');
    expect(calls).toEqual([]);
  });

  it('the attach button is off while editing', () => {
    setup({ kind: 'edit', of: { id: '0x03', text: 'old', image: null } as MessageView });
    expect((screen.getByRole('button', { name: 'Attach image' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('old');
  });
});
