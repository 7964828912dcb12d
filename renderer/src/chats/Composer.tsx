import {
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { MessageView } from '../../../shared/api.ts';
import { ImageFileInput } from '../components/ImageFileInput.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { EmojiPicker } from './EmojiPicker.tsx';
import { insertAtCaret } from './emoji-catalog.ts';
import { ImagePrepareError, type PreparedImage, prepareImage, toBase64 } from './image-prepare.ts';

/** What the composer is doing besides writing a new message. */
export type ComposerMode = { kind: 'new' } | { kind: 'reply'; to: MessageView } | { kind: 'edit'; of: MessageView };

interface ComposerProps {
  client: CoreClient;
  chatId: string;
  mode: ComposerMode;
  onModeChange: (mode: ComposerMode) => void;
  /** A file dropped onto the conversation: attached like a picked one, then `onDroppedTaken`. */
  dropped?: Blob | null;
  onDroppedTaken?: () => void;
  /** Nothing can be written or sent (e.g. a group invitation not yet accepted). */
  disabled?: boolean;
}

/** The first image file among dropped or pasted items, if any. */
export function imageFileOf(files: FileList | null | undefined): File | null {
  return [...(files ?? [])].find((file) => file.type.startsWith('image/')) ?? null;
}

/**
 * Writing a message (Enter sends, Shift+Enter for a new line), replying or editing (Escape
 * cancels), and attaching a picture (button, paste, or a drop on the conversation): it is
 * shown before it goes, and is sent as its own image message before any text. The Emoji
 * button opens a picker whose emoji goes in at the caret (replacing a selection).
 */
export function Composer({
  client,
  chatId,
  mode,
  onModeChange,
  dropped,
  onDroppedTaken,
  disabled = false,
}: ComposerProps) {
  const [draft, setDraft] = useState('');
  const [image, setImage] = useState<(PreparedImage & { url: string }) | null>(null);
  const [imageProblem, setImageProblem] = useState<string | null>(null);
  const [preparing, setPreparing] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const textBox = useRef<HTMLTextAreaElement>(null);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const caretAfterEmoji = useRef<number | null>(null);
  const send = useAction(async (text: string, picture: PreparedImage | null, current: ComposerMode) => {
    if (current.kind === 'edit') return client.call('messages.edit', { messageId: current.of.id, text });
    const responseTo = current.kind === 'reply' ? { responseTo: current.to.id } : {};
    if (picture) await client.call('messages.sendImage', { chatId, data: toBase64(picture.bytes), ...responseTo });
    if (text) await client.call('messages.sendText', { chatId, text, ...(picture ? {} : responseTo) });
  });

  // Editing starts from the message's text.
  useEffect(() => {
    if (mode.kind === 'edit') setDraft(mode.of.text);
  }, [mode]);
  // After an emoji went in, the caret goes right after it (a controlled value puts it at the end).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once the new draft is rendered
  useLayoutEffect(() => {
    const caret = caretAfterEmoji.current;
    if (caret === null || !textBox.current) return;
    caretAfterEmoji.current = null;
    textBox.current.focus();
    textBox.current.setSelectionRange(caret, caret);
  }, [draft]);
  // The preview's blob: URL lives as long as the preview.
  useEffect(() => (image ? () => URL.revokeObjectURL(image.url) : undefined), [image]);

  const attach = async (file: Blob) => {
    setImageProblem(null);
    setPreparing(true);
    try {
      const prepared = await prepareImage(file);
      setImage({ ...prepared, url: URL.createObjectURL(new Blob([prepared.bytes], { type: prepared.mimeType })) });
    } catch (error) {
      setImageProblem(error instanceof ImagePrepareError ? error.message : 'This picture could not be read.');
    } finally {
      setPreparing(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: attach once per dropped file
  useEffect(() => {
    if (!dropped) return;
    onDroppedTaken?.();
    if (mode.kind !== 'edit') void attach(dropped);
  }, [dropped]);

  const cancelMode = () => {
    if (mode.kind === 'edit') setDraft('');
    onModeChange({ kind: 'new' });
  };
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled) return;
    const text = draft.trim();
    const picture = mode.kind === 'edit' ? null : image;
    if (!text && !picture) return;
    const current = mode;
    setDraft('');
    setImage(null);
    onModeChange({ kind: 'new' });
    await send.run(text, picture, current);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && image) {
      setImage(null);
    } else if (event.key === 'Escape' && mode.kind !== 'new') {
      cancelMode();
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const file = imageFileOf(event.clipboardData?.files);
    if (!file || mode.kind === 'edit') return;
    event.preventDefault();
    void attach(file);
  };

  const insertEmoji = (emoji: string) => {
    const { selectionStart = draft.length, selectionEnd = draft.length } = textBox.current ?? {};
    const inserted = insertAtCaret(draft, selectionStart, selectionEnd, emoji);
    caretAfterEmoji.current = inserted.caret;
    setDraft(inserted.text);
    setEmojiOpen(false);
  };
  const closeEmoji = useCallback((reason: 'escape' | 'outside') => {
    setEmojiOpen(false);
    if (reason === 'escape') textBox.current?.focus(); // a press elsewhere keeps its own focus
  }, []);

  const editing = mode.kind === 'edit';
  return (
    <>
      {mode.kind !== 'new' && (
        <div className="composer-mode" role="status">
          <span>
            {mode.kind === 'reply' ? 'Replying to: ' : 'Editing: '}
            <q>{mode.kind === 'reply' ? mode.to.text || (mode.to.image ? 'Image' : '') : mode.of.text}</q>
          </span>
          <button type="button" className="link" onClick={cancelMode}>
            Cancel
          </button>
        </div>
      )}
      {image && (
        <figure className="image-preview" aria-label="Image to send">
          <img src={image.url} alt="To send" />
          <figcaption>
            {image.width > 0 && `${image.width} × ${image.height} · `}
            {Math.ceil(image.bytes.length / 1024)} KiB
            <button type="button" className="link" aria-label="Cancel image" onClick={() => setImage(null)}>
              Cancel
            </button>
          </figcaption>
        </figure>
      )}
      <form className="composer" onSubmit={submit}>
        <ImageFileInput inputRef={picker} label="Image file" onFile={(file) => void attach(file)} />
        <button
          type="button"
          className="attach"
          aria-label="Attach image"
          title="Attach image"
          disabled={disabled || editing || preparing}
          onClick={() => picker.current?.click()}
        >
          {preparing ? '…' : '📎'}
        </button>
        <button
          ref={emojiButton}
          type="button"
          className="emoji-toggle"
          aria-label="Emoji"
          title="Emoji"
          aria-haspopup="dialog"
          aria-expanded={emojiOpen}
          disabled={disabled}
          onClick={() => setEmojiOpen((open) => !open)}
        >
          🙂
        </button>
        {emojiOpen && <EmojiPicker client={client} onPick={insertEmoji} onClose={closeEmoji} anchor={emojiButton} />}
        <textarea
          ref={textBox}
          aria-label="Message"
          placeholder="Write a message"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          rows={2}
          disabled={disabled}
        />
        <button
          type="submit"
          disabled={disabled || send.busy || preparing || (draft.trim() === '' && !(image && !editing))}
        >
          {editing ? 'Save' : 'Send'}
        </button>
      </form>
      {imageProblem && <p role="alert">{imageProblem}</p>}
      {send.error && <p role="alert">{send.error}</p>}
    </>
  );
}
