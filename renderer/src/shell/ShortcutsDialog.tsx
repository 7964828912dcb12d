import { useRef } from 'react';
import { Modal } from '../components/Modal.tsx';
import { SHORTCUT_HELP } from './shortcuts.ts';

/** Help → Keyboard shortcuts. Esc or the button closes it. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  return (
    <Modal labelledBy="shortcuts-title" className="dialog card" initialFocus={close} onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUT_HELP.map(({ keys, does }) => (
          <div key={keys} className="shortcut">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{does}</dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
