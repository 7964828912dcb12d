import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/api.ts';
import { messageView } from '../test/fixtures.ts';
import { estimateRowHeight, type MessageRow, messageRows, RowBuilder } from './message-rows.ts';
import { RowLayout, rowOffsets } from './message-window.ts';

// The list keeps its rows and their offsets across renders (RowBuilder, RowLayout): whatever
// happens to the messages, they must equal a rebuild from scratch.

const NOW = new Date(2026, 5, 10, 12, 0).getTime();
const HOUR = 3_600_000;

type Op =
  | { kind: 'prepend'; count: number; hoursBack: number }
  | { kind: 'append'; count: number }
  | { kind: 'update'; at: number; text: string }
  | { kind: 'remove'; at: number }
  | { kind: 'complete'; complete: boolean }
  | { kind: 'unread'; at: number | null }
  | { kind: 'measure'; at: number; height: number }
  | { kind: 'nextDay' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('prepend' as const),
    count: fc.integer({ min: 1, max: 30 }),
    hoursBack: fc.integer({ min: 0, max: 50 }),
  }),
  fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('update' as const), at: fc.nat(), text: fc.string({ maxLength: 120 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('complete' as const), complete: fc.boolean() }),
  fc.record({ kind: fc.constant('unread' as const), at: fc.option(fc.nat(), { nil: null }) }),
  fc.record({ kind: fc.constant('measure' as const), at: fc.nat(), height: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('nextDay' as const) }),
);

describe('incremental rows and offsets', () => {
  it('equal a full rebuild after any sequence of prepends, appends, updates and removals', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let next = 0;
        let oldest = NOW - HOUR;
        let newest = NOW - HOUR;
        let now = NOW;
        let messages: MessageView[] = [];
        let complete = false;
        let unreadId: string | null = null;
        const fresh = (timestamp: number): MessageView => {
          next += 1;
          return messageView({
            id: `m${next}`,
            text: `m${next}`,
            clock: timestamp,
            timestamp,
            outgoing: next % 3 === 0,
          });
        };
        const builder = new RowBuilder();
        const layout = new RowLayout();
        const heights = new Map<string, number>();
        let previous: MessageRow[] = [];
        for (const step of ops) {
          switch (step.kind) {
            case 'prepend': {
              const page: MessageView[] = [];
              for (let i = 0; i < step.count; i += 1) {
                oldest -= (step.hoursBack * HOUR) / step.count;
                page.unshift(fresh(oldest));
              }
              messages = [...page, ...messages];
              break;
            }
            case 'append':
              for (let i = 0; i < step.count; i += 1) {
                newest += HOUR / 4;
                messages = [...messages, fresh(newest)];
              }
              break;
            case 'update':
              if (messages.length > 0) {
                const at = step.at % messages.length;
                messages = messages.map((m, i) => (i === at ? { ...m, text: step.text } : m));
              }
              break;
            case 'remove':
              if (messages.length > 0) {
                const at = step.at % messages.length;
                messages = messages.filter((_, i) => i !== at);
              }
              break;
            case 'complete':
              complete = step.complete;
              break;
            case 'unread':
              unreadId =
                step.at === null || messages.length === 0
                  ? null
                  : (messages[step.at % messages.length] as MessageView).id;
              break;
            case 'measure': {
              const keys = layout.keys;
              if (keys.length > 0) {
                const at = step.at % keys.length;
                heights.set(keys[at] as string, step.height);
                layout.setHeight(at, step.height);
              }
              break;
            }
            case 'nextDay':
              now += 24 * HOUR;
              break;
          }
          if (step.kind === 'measure') {
            const rows = previous;
            const keys = rows.map((row) => row.key);
            expect(Array.from(layout.offsets())).toEqual(
              Array.from(
                rowOffsets(keys, (i) => heights.get(keys[i] as string) ?? estimateRowHeight(rows[i] as MessageRow)),
              ),
            );
            continue;
          }
          const options = { unreadId, complete, now };
          const rows = builder.build(messages, options);
          expect(rows).toEqual(messageRows(messages, options));
          // Unchanged messages keep their row objects (memoised rows skip them).
          const before = new Map(previous.map((row) => [row.key, row]));
          for (const row of rows) {
            const old = before.get(row.key);
            if (row.kind === 'message' && old?.kind === 'message' && old.message === row.message) expect(row).toBe(old);
          }
          const keys = rows.map((row) => row.key);
          layout.setRows(keys, (i) => heights.get(keys[i] as string) ?? estimateRowHeight(rows[i] as MessageRow));
          expect(Array.from(layout.offsets())).toEqual(
            Array.from(
              rowOffsets(keys, (i) => heights.get(keys[i] as string) ?? estimateRowHeight(rows[i] as MessageRow)),
            ),
          );
          for (const [i, key] of keys.entries()) expect(layout.indexOf(key)).toBe(i);
          expect(layout.indexOf('gone')).toBe(-1);
          previous = rows;
        }
      }),
      { numRuns: 200 },
    );
  });
});
