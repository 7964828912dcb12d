import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Avatar, initials } from './Avatar.tsx';
import { ringArcs } from './ColorRing.tsx';
import { RING_COLORS, USER_COLORS } from './palette.ts';
import { qrModules } from './QrCode.tsx';

afterEach(cleanup);

const identity = {
  publicKey: '0x04',
  compressedKey: '0x02',
  chatKey: 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB',
  alias: 'Hard Tame Brownbutterfly',
  emojiHash: Array.from({ length: 14 }, () => '🙂'),
  colorHash: [
    [1, 15],
    [5, 22],
    [2, 21],
  ] as Array<[number, number]>,
  colorId: 7,
};

describe('visual identity', () => {
  it('palettes have the sizes the colour hash and colour id index into', () => {
    expect(RING_COLORS).toHaveLength(32);
    expect(USER_COLORS).toHaveLength(11);
  });

  it('ring arcs follow the colour hash: one per segment, sized by units, in its colours', () => {
    const arcs = ringArcs(identity.colorHash, 10, 12);
    expect(arcs.map((arc) => arc.color)).toEqual([RING_COLORS[15], RING_COLORS[22], RING_COLORS[21]]);
    // The first arc starts at 3 o'clock (x = center + r) and the last one ends there.
    expect(arcs[0]?.d.startsWith('M 22.000 12.000')).toBe(true);
    expect(arcs.at(-1)?.d.endsWith('22.000 12.000')).toBe(true);
    // 5 of 8 units is more than half a turn: the large-arc flag is set for that arc only.
    expect(arcs.map((arc) => arc.d.split(' ')[7])).toEqual(['0', '1', '0']);
  });

  it('initials come from the first two words, or the first two letters', () => {
    expect(initials('Hard Tame Brownbutterfly')).toBe('HT');
    expect(initials('alice')).toBe('AL');
    expect(initials('  ')).toBe('');
  });

  it('the avatar is labelled for screen readers and drawn in the colour id', () => {
    render(<Avatar identity={identity} name="Alice Liddell" />);
    const avatar = screen.getByRole('img', { name: "Alice Liddell's avatar" });
    expect(avatar.textContent).toBe('AL');
    expect(avatar.style.background).toBe('rgb(38, 166, 154)'); // USER_COLORS[7] = #26A69A
    expect(screen.getByTestId('color-ring').querySelectorAll('path')).toHaveLength(3);
  });

  it('the QR code encodes the chat key in a version that fits it', () => {
    const { size, dark } = qrModules(identity.chatKey);
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0);
    expect(dark.length).toBeGreaterThan(size * 2);
  });
});
