import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Modal, type ModalProps } from './Modal.tsx';

afterEach(cleanup);

function Harness({ variant, closeOnBackdrop }: Pick<ModalProps, 'variant' | 'closeOnBackdrop'>) {
  const [open, setOpen] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <button type="button">Elsewhere</button>
      {open && (
        <Modal
          labelledBy="t"
          variant={variant}
          closeOnBackdrop={closeOnBackdrop}
          className="dialog card"
          initialFocus={close}
          onClose={() => setOpen(false)}
        >
          <h2 id="t">Settings</h2>
          <input aria-label="Name" />
          <button type="button" ref={close} onClick={() => setOpen(false)}>
            Close
          </button>
        </Modal>
      )}
    </>
  );
}

function open(props: Pick<ModalProps, 'variant' | 'closeOnBackdrop'> = {}) {
  render(<Harness {...props} />);
  const opener = screen.getByRole('button', { name: 'Open' });
  opener.focus();
  fireEvent.click(opener);
  return { opener, dialog: screen.getByRole('dialog', { name: 'Settings' }) };
}

describe('Modal', () => {
  it('is a labelled modal dialog (aria-label or aria-labelledby)', () => {
    const { dialog } = open();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-labelledby')).toBe('t');
    cleanup();
    render(
      <Modal label="Picture" onClose={() => {}}>
        <p>hi</p>
      </Modal>,
    );
    expect(screen.getByRole('dialog', { name: 'Picture' })).toBeTruthy();
  });

  it('moves focus to the initial target, and back to the opener on close', () => {
    const { opener } = open();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('without a target, focuses the first focusable element', () => {
    render(
      <Modal label="Plain" onClose={() => {}}>
        <input aria-label="First" />
      </Modal>,
    );
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'First' }));
  });

  it('Esc anywhere closes it and gives focus back', () => {
    const { opener } = open();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('only the innermost of nested modals answers Esc', () => {
    const outer = vi.fn();
    const inner = vi.fn();
    render(
      <Modal label="Outer" onClose={outer}>
        <Modal label="Inner" onClose={inner}>
          <button type="button">x</button>
        </Modal>
      </Modal>,
    );
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(inner).toHaveBeenCalledTimes(1);
    expect(outer).not.toHaveBeenCalled();
  });

  it('keeps Tab inside: past the last element it wraps to the first, Shift+Tab the other way', () => {
    const { dialog } = open();
    const name = screen.getByRole('textbox', { name: 'Name' });
    const close = screen.getByRole('button', { name: 'Close' });
    close.focus();
    fireEvent.keyDown(close, { key: 'Tab' });
    expect(document.activeElement).toBe(name);
    fireEvent.keyDown(name, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(close);
    // In the middle, Tab is left to the browser.
    name.focus();
    expect(fireEvent.keyDown(name, { key: 'Tab' })).toBe(true);
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it('a click on the backdrop closes it when asked to; a click inside never does', () => {
    const { dialog } = open({ closeOnBackdrop: true });
    const backdrop = dialog.parentElement as HTMLElement;
    expect(backdrop.className).toBe('dialog-backdrop');
    fireEvent.mouseDown(dialog);
    fireEvent.click(dialog);
    expect(screen.queryByRole('dialog')).toBeTruthy();
    fireEvent.mouseDown(backdrop);
    fireEvent.click(backdrop);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('by default a click on the backdrop leaves it open', () => {
    const { dialog } = open();
    const backdrop = dialog.parentElement as HTMLElement;
    fireEvent.mouseDown(backdrop);
    fireEvent.click(backdrop);
    expect(screen.getByRole('dialog')).toBe(dialog);
  });

  it('as a panel: not modal, no backdrop, Esc inside closes it, Tab is not trapped', () => {
    const { dialog, opener } = open({ variant: 'panel' });
    expect(dialog.getAttribute('aria-modal')).toBeNull();
    expect(dialog.parentElement?.className ?? '').not.toContain('dialog-backdrop');
    const close = screen.getByRole('button', { name: 'Close' });
    expect(document.activeElement).toBe(close);
    expect(fireEvent.keyDown(close, { key: 'Tab' })).toBe(true);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.getByRole('dialog')).toBe(dialog);
    fireEvent.keyDown(close, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('does not pull focus back if the user moved it elsewhere before closing', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    const onClose = vi.fn();
    const view = render(
      <Modal variant="panel" label="Side" onClose={onClose}>
        <button type="button">In</button>
      </Modal>,
    );
    outside.focus();
    view.unmount();
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('can render into document.body as a form', () => {
    const onSubmit = vi.fn((e: { preventDefault: () => void }) => e.preventDefault());
    const { container } = render(
      <div>
        <Modal portal label="Form" backdropClassName="extra" onClose={() => {}} onSubmit={onSubmit}>
          <button type="submit">Go</button>
        </Modal>
      </div>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Form' });
    expect(container.contains(dialog)).toBe(false);
    expect(dialog.tagName).toBe('FORM');
    expect(dialog.parentElement?.className).toBe('dialog-backdrop extra');
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });
});
