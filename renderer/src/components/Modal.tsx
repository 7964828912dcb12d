import {
  type FormEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type RefObject,
  useEffect,
  useRef,
} from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** The elements Tab visits inside `root`, in document order. */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden], [inert]'));
}

/** Open modal dialogs in the order they opened; only the top one answers Esc. */
const openModals: RefObject<HTMLElement | null>[] = [];

/** The last opened modal that has no other open modal inside it (React mounts a nested one first). */
function topModal(): RefObject<HTMLElement | null> | undefined {
  const leaves = openModals.filter(
    (ref) => !openModals.some((other) => other !== ref && other.current && ref.current?.contains(other.current)),
  );
  return leaves[leaves.length - 1];
}

/**
 * Focus for a dialog: on mount it moves to `initialFocus` (else the first focusable element,
 * else the dialog); on unmount it goes back where it was, unless the user has since put it elsewhere.
 */
export function useDialogFocus(dialog: RefObject<HTMLElement | null>, initialFocus?: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = dialog.current;
    const target = initialFocus?.current ?? (root && (focusableIn(root)[0] ?? root));
    target?.focus();
    return () => {
      const active = document.activeElement;
      const focusLeft = active && active !== document.body && !(root?.contains(active) ?? false);
      if (!focusLeft) previous?.focus?.();
    };
  }, [dialog, initialFocus]);
}

/** Esc anywhere closes the top modal (captured on the window, before the app's shortcuts see it). */
export function useEscapeToClose(onClose: () => void, dialog: RefObject<HTMLElement | null>, enabled = true) {
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    if (!enabled) return;
    openModals.push(dialog);
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || topModal() !== dialog) return;
      event.preventDefault();
      event.stopPropagation();
      closeRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      openModals.splice(openModals.indexOf(dialog), 1);
    };
  }, [dialog, enabled]);
}

/** Tab and Shift+Tab wrap around inside `root`. */
function trapTab(event: ReactKeyboardEvent<HTMLElement>, root: HTMLElement) {
  if (event.key !== 'Tab') return;
  const items = focusableIn(root);
  if (items.length === 0) {
    event.preventDefault();
    root.focus();
    return;
  }
  const first = items[0] as HTMLElement;
  const last = items[items.length - 1] as HTMLElement;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === root || !root.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !root.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

type Label = { label: string; labelledBy?: undefined } | { labelledBy: string; label?: undefined };

export type ModalProps = Label & {
  /**
   * `dialog`: a modal centred over a backdrop (aria-modal, Esc anywhere, Tab kept inside).
   * `panel`: a non-modal side panel (Esc while focus is in it; Tab moves on freely).
   */
  variant?: 'dialog' | 'panel';
  /** Esc, and a click on the backdrop when `closeOnBackdrop`; the dialog's own buttons call what they like. */
  onClose: () => void;
  /** Where focus goes on open (default: the first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Classes of the dialog element (the styles' own, e.g. "dialog card"). */
  className?: string;
  /** Extra classes of the backdrop (always "dialog-backdrop"). */
  backdropClassName?: string;
  closeOnBackdrop?: boolean;
  /** Render into document.body (above everything else). */
  portal?: boolean;
  /** The dialog element is a form with this submit handler. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  noValidate?: boolean;
  children: ReactNode;
};

/** One accessible dialog: label, Esc, focus in and back, Tab trap and backdrop for modals. */
export function Modal({
  label,
  labelledBy,
  variant = 'dialog',
  onClose,
  initialFocus,
  className,
  backdropClassName,
  closeOnBackdrop = false,
  portal = false,
  onSubmit,
  noValidate,
  children,
}: ModalProps) {
  const modal = variant === 'dialog';
  const dialog = useRef<HTMLElement>(null);
  const pressedOnBackdrop = useRef(false);
  useDialogFocus(dialog, initialFocus);
  useEscapeToClose(onClose, dialog, modal);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>) => {
    if (!modal && event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    } else if (modal && dialog.current) trapTab(event, dialog.current);
  };
  const shared = {
    className,
    role: 'dialog',
    'aria-modal': modal ? true : undefined,
    'aria-label': label,
    'aria-labelledby': labelledBy,
    tabIndex: -1,
    onKeyDown,
  } as const;
  const element =
    onSubmit !== undefined ? (
      <form {...shared} ref={dialog as RefObject<HTMLFormElement | null>} onSubmit={onSubmit} noValidate={noValidate}>
        {children}
      </form>
    ) : (
      <div {...shared} ref={dialog as RefObject<HTMLDivElement | null>}>
        {children}
      </div>
    );
  const shown = modal ? (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; Esc is the keyboard's way out
    // biome-ignore lint/a11y/useKeyWithClickEvents: Esc (captured on the window) closes it from the keyboard
    <div
      className={backdropClassName ? `dialog-backdrop ${backdropClassName}` : 'dialog-backdrop'}
      onMouseDown={(event) => {
        pressedOnBackdrop.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        if (closeOnBackdrop && pressedOnBackdrop.current && event.target === event.currentTarget) onClose();
        pressedOnBackdrop.current = false;
      }}
    >
      {element}
    </div>
  ) : (
    element
  );
  return portal ? createPortal(shown, document.body) : shown;
}
