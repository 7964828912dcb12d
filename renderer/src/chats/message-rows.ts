// What a conversation shows besides its messages: a separator where the day changes
// ("Today", "Yesterday", a weekday, a date) and a "New messages" marker above the first message
// that was unread when the chat was opened. Pure, so the list and its tests agree.
import type { MessageView } from '../../../shared/api.ts';

export type MessageRow =
  | { kind: 'older'; key: 'older' }
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: 'unread' }
  | { kind: 'message'; key: string; message: MessageView };

const DAY_MS = 86_400_000;

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "Today", "Yesterday", a weekday within the last week, otherwise a date (with the year when not this year). */
export function dayLabel(ms: number, now: number): string {
  // Calendar days apart, rounded: a daylight-saving day is 23 or 25 hours long.
  const days = Math.round((startOfDay(now) - startOfDay(ms)) / DAY_MS);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return new Date(ms).toLocaleDateString(undefined, { weekday: 'long' });
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Date(ms).toLocaleDateString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/**
 * The first unread message: counting incoming messages back from `newestId` (the newest one
 * when the chat was opened), the `unread`-th. Null when nothing was unread, or when that
 * message is in a page not loaded yet (`complete` false) — then a later call finds it.
 */
export function firstUnreadId(
  messages: readonly MessageView[],
  unread: number,
  newestId: string | null,
  complete: boolean,
): string | null {
  if (unread <= 0 || newestId === null) return null;
  let index = messages.findIndex((m) => m.id === newestId);
  if (index < 0) return null;
  let counted = 0;
  let oldestIncoming: string | null = null;
  for (; index >= 0; index -= 1) {
    const message = messages[index] as MessageView;
    if (message.outgoing) continue;
    counted += 1;
    oldestIncoming = message.id;
    if (counted === unread) return message.id;
  }
  // Fewer incoming messages than the count says (some deleted since): all of them are new.
  return complete ? oldestIncoming : null;
}

/** Messages (oldest first) interleaved with day separators, the unread marker and, while older pages remain, the loader row. */
export function messageRows(
  messages: readonly MessageView[],
  options: { unreadId: string | null; complete: boolean; now: number },
): MessageRow[] {
  return new RowBuilder().build(messages, options);
}

/**
 * messageRows for a list that changes a little at a time (a page prepended, a message added or
 * replaced): the same rows, but a message's day and its row object are computed once per
 * message object, day separators once per day, so a rebuild is a pass of pointer compares with
 * no allocation per message, and unchanged rows keep their identity (memoised rows skip).
 */
export class RowBuilder {
  private readonly perMessage = new WeakMap<MessageView, { day: string; row: MessageRow }>();
  private readonly dayRows = new Map<string, { kind: 'day'; key: string; label: string }>();
  private labelDay = '';
  private static readonly older: MessageRow = { kind: 'older', key: 'older' };
  private static readonly unread: MessageRow = { kind: 'unread', key: 'unread' };

  build(
    messages: readonly MessageView[],
    options: { unreadId: string | null; complete: boolean; now: number },
  ): MessageRow[] {
    // Labels are relative to today: a new day relabels every separator.
    const today = localDay(options.now);
    if (today !== this.labelDay) {
      this.dayRows.clear();
      this.labelDay = today;
    }
    const rows: MessageRow[] = [];
    if (!options.complete && messages.length > 0) rows.push(RowBuilder.older);
    let lastDay = '';
    for (const message of messages) {
      let cached = this.perMessage.get(message);
      if (cached === undefined) {
        cached = { day: localDay(message.timestamp), row: { kind: 'message', key: message.id, message } };
        this.perMessage.set(message, cached);
      }
      if (cached.day !== lastDay) {
        let dayRow = this.dayRows.get(cached.day);
        if (dayRow === undefined) {
          dayRow = { kind: 'day', key: `day:${cached.day}`, label: dayLabel(message.timestamp, options.now) };
          this.dayRows.set(cached.day, dayRow);
        }
        rows.push(dayRow);
        lastDay = cached.day;
      }
      if (message.id === options.unreadId) rows.push(RowBuilder.unread);
      rows.push(cached.row);
    }
    return rows;
  }
}

/**
 * A guess of a row's height in pixels before it was ever rendered (then it is measured). Close
 * guesses keep the scrollbar honest; errors are corrected without moving what is on screen.
 */
export function estimateRowHeight(row: MessageRow): number {
  if (row.kind !== 'message') return 40;
  const m = row.message;
  // One line of text plus the time line, padding and the gap between bubbles; ~45 characters a line.
  let height = 58 + Math.max(0, Math.ceil(m.text.length / 45) - 1) * 20;
  if (m.replyPreview || m.responseTo) height += 22;
  if (m.image && !m.deleted) height += 200;
  if (m.reactions.length > 0) height += 24;
  return height;
}
