import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectForm } from './ConnectForm.tsx';

afterEach(cleanup);

const TOKEN = 'ab'.repeat(32);

function fill(url: string, token: string) {
  fireEvent.change(screen.getByLabelText('Address'), { target: { value: url } });
  fireEvent.change(screen.getByLabelText('Token'), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
}

describe('ConnectForm', () => {
  it('hands over a valid address with the token trimmed', () => {
    const onConnect = vi.fn();
    render(<ConnectForm onConnect={onConnect} />);
    fill('ws://127.0.0.1:4000', `  ${TOKEN}\n`);
    expect(onConnect).toHaveBeenCalledWith({ url: 'ws://127.0.0.1:4000', token: TOKEN });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['not a url', TOKEN, /not a URL/],
    ['http://127.0.0.1:4000', TOKEN, /ws:\/\//],
    ['ws://127.0.0.1:4000', 'short', /64 hex/],
  ])('refuses %s / %s with a clear message', (url, token, message) => {
    const onConnect = vi.fn();
    render(<ConnectForm onConnect={onConnect} />);
    fill(url, token);
    expect(onConnect).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(message);
  });

  it('shows the error of the last attempt and keeps the address', () => {
    render(<ConnectForm onConnect={vi.fn()} error="The core refused the token." initialUrl="ws://127.0.0.1:9" />);
    expect(screen.getByRole('alert').textContent).toBe('The core refused the token.');
    expect((screen.getByLabelText('Address') as HTMLInputElement).value).toBe('ws://127.0.0.1:9');
  });
});
