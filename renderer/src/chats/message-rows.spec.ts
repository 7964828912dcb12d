import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/api.ts';
import { messageView } from '../test/fixtures.ts';
import { dayLabel, estimateRowHeight, firstUnreadId, messageRows } from './message-rows.ts';

// Noon on Wednesday 10 June 2026, local time.
const NOW = new Date(2026, 5, 10, 12, 0).getTime();
const at = (month: number, day: number, hour = 9, year = 2026) => new Date(year, month, day, hour).getTime();

function message(id: string, timestamp: number, outgoing = false): MessageView {
  return messageView({ id, text: id, clock: timestamp, timestamp, outgoing });
}

describe('day separators', () => {
  it('says Today, Yesterday, a weekday within the week, then a date', () => {
    expect(dayLabel(at(5, 10, 0), NOW)).toBe('Today');
    expect(dayLabel(at(5, 9, 23), NOW)).toBe('Yesterday');
    expect(dayLabel(at(5, 5), NOW)).toBe(new Date(at(5, 5)).toLocaleDateString(undefined, { weekday: 'long' }));
    expect(dayLabel(at(5, 3), NOW)).not.toMatch(/2026/);
    expect(dayLabel(at(5, 3), NOW)).toContain('3');
    expect(dayLabel(at(11, 24, 9, 2025), NOW)).toContain('2025');
  });

  it('puts one separator before the first message of each day', () => {
    const rows = messageRows(
      [message('a', at(5, 8)), message('b', at(5, 9, 8)), message('c', at(5, 9, 20)), message('d', at(5, 10))],
      { unreadId: null, complete: true, now: NOW },
    );
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.key))).toEqual([
      dayLabel(at(5, 8), NOW),
      'a',
      'Yesterday',
      'b',
      'c',
      'Today',
      'd',
    ]);
  });

  it('starts with the loader row while older pages remain', () => {
    const rows = messageRows([message('a', at(5, 10))], { unreadId: null, complete: false, now: NOW });
    expect(rows.map((r) => r.kind)).toEqual(['older', 'day', 'message']);
  });
});

describe('unread marker', () => {
  const messages = [
    message('in1', at(5, 10, 8)),
    message('out1', at(5, 10, 9), true),
    message('in2', at(5, 10, 10)),
    message('in3', at(5, 10, 11)),
  ];

  it('goes above the unread-th incoming message counted back from the newest at opening', () => {
    expect(firstUnreadId(messages, 2, 'in3', true)).toBe('in2');
    expect(firstUnreadId(messages, 3, 'in3', true)).toBe('in1');
    // A message that came after opening does not move it.
    expect(firstUnreadId([...messages, message('in4', at(5, 10, 12))], 2, 'in3', true)).toBe('in2');
    expect(firstUnreadId(messages, 0, 'in3', true)).toBeNull();
  });

  it('waits for older pages when the first unread one is not loaded yet', () => {
    expect(firstUnreadId(messages, 5, 'in3', false)).toBeNull();
    expect(firstUnreadId(messages, 5, 'in3', true)).toBe('in1');
  });

  it('is a row of its own before that message, after the day separator', () => {
    const rows = messageRows(messages, { unreadId: 'in2', complete: true, now: NOW });
    expect(rows.map((r) => r.key)).toEqual(['day:2026-6-10', 'in1', 'out1', 'unread', 'in2', 'in3']);
  });
});

describe('row height estimates', () => {
  it('grow with text, quotes, pictures and reactions', () => {
    const plain = estimateRowHeight({ kind: 'message', key: 'a', message: message('a', NOW) });
    const long = estimateRowHeight({
      kind: 'message',
      key: 'a',
      message: { ...message('a', NOW), text: 'x'.repeat(200) },
    });
    expect(long).toBeGreaterThan(plain);
    const reacted = { ...message('a', NOW), reactions: [{ emoji: 'love' as const, count: 1, mine: false }] };
    expect(estimateRowHeight({ kind: 'message', key: 'a', message: reacted })).toBeGreaterThan(plain);
  });
});
