import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupPhrase } from './BackupPhrase.tsx';

afterEach(cleanup);

const PHRASE = 'ocean clock brave ladder pilot sugar noble tiger vivid orbit spice wheat';
const WORDS = PHRASE.split(' ');

function askedPositions(): number[] {
  return screen.getAllByLabelText(/^Word #\d+$/).map((input) => {
    const label = document.querySelector(`label[for="${input.id}"]`)?.textContent ?? '';
    return Number(label.replace('Word #', '')) - 1;
  });
}

describe('BackupPhrase', () => {
  it('shows the numbered words and continues only once the user says they wrote them down', () => {
    render(<BackupPhrase mnemonic={PHRASE} onDone={vi.fn()} />);
    const items = screen.getByTestId('recovery-phrase').querySelectorAll('li');
    expect([...items].map((li) => li.textContent)).toEqual(WORDS);
    const next = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/I have written these words down/));
    expect(next.disabled).toBe(false);
  });

  it('asks three words back: wrong ones are refused, right ones finish', () => {
    const onDone = vi.fn();
    render(<BackupPhrase mnemonic={PHRASE} onDone={onDone} />);
    fireEvent.click(screen.getByLabelText(/I have written these words down/));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const positions = askedPositions();
    expect(positions).toHaveLength(3);
    const inputs = screen.getAllByLabelText(/^Word #\d+$/);
    for (const input of inputs) fireEvent.change(input, { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(screen.getByRole('alert').textContent).toMatch(/do not match/);
    expect(onDone).not.toHaveBeenCalled();
    inputs.forEach((input, index) => {
      fireEvent.change(input, { target: { value: ` ${WORDS[positions[index] ?? 0]?.toUpperCase()} ` } });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('can go back to the phrase from the confirmation step', () => {
    render(<BackupPhrase mnemonic={PHRASE} onDone={vi.fn()} />);
    fireEvent.click(screen.getByLabelText(/I have written these words down/));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show the phrase again' }));
    expect(screen.getByTestId('recovery-phrase')).toBeTruthy();
  });
});
