import { useRef } from 'react';
import type { MessageView } from '../../../shared/api.ts';
import { Modal } from '../components/Modal.tsx';

function pinnedText(message: MessageView): string {
  if (message.deleted) return 'This message was deleted';
  if (message.text) return message.text;
  return message.image ? 'Image' : '';
}

/** A side panel (non-modal dialog) listing a chat's pinned messages, each with Unpin. Esc closes it. */
export function PinnedPanel({
  pinned,
  senderName,
  onUnpin,
  onClose,
  busy = false,
}: {
  pinned: readonly MessageView[];
  senderName: (message: MessageView) => string;
  onUnpin: (message: MessageView) => void;
  onClose: () => void;
  busy?: boolean;
}) {
  const close = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      variant="panel"
      className="pinned-panel"
      labelledBy="pinned-panel-title"
      initialFocus={close}
      onClose={onClose}
    >
      <div className="pinned-panel-head">
        <h3 id="pinned-panel-title">Pinned messages</h3>
        <button type="button" className="small" ref={close} onClick={onClose} aria-label="Close pinned messages">
          Close
        </button>
      </div>
      {pinned.length === 0 ? (
        <p className="muted">No pinned messages.</p>
      ) : (
        <ul className="pinned-list" aria-label="Pinned messages">
          {pinned.map((message) => (
            <li key={message.id} className="pinned-item">
              <div className="pinned-text">
                <strong>{senderName(message)}</strong>
                <span>{pinnedText(message)}</span>
              </div>
              <button
                type="button"
                className="small"
                disabled={busy}
                aria-label={`Unpin message from ${senderName(message)}: ${pinnedText(message).slice(0, 40)}`}
                onClick={() => onUnpin(message)}
              >
                Unpin
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
