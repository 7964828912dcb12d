import { describe, expect, it } from 'vitest';
import { answersMatch, pickPositions } from './backup-check.ts';
import { checkDisplayName, checkNewPassword } from './password-rules.ts';

describe('backup check', () => {
  it('picks distinct sorted positions inside the phrase', () => {
    for (let run = 0; run < 50; run += 1) {
      const positions = pickPositions(12, 3);
      expect(positions).toHaveLength(3);
      expect(new Set(positions).size).toBe(3);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(positions.every((p) => p >= 0 && p < 12)).toBe(true);
    }
  });

  it('terminates even with a poor random source', () => {
    let n = 0;
    const positions = pickPositions(12, 3, () => [0.5, 0.5, 0.5, 0.1, 0.9][n++ % 5] ?? 0);
    expect(positions).toEqual([1, 6, 10]);
  });

  it('matches answers ignoring case and spaces, and only the asked words', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta'];
    expect(answersMatch(words, [1, 3], [' Beta ', 'DELTA'])).toBe(true);
    expect(answersMatch(words, [1, 3], ['beta', 'gamma'])).toBe(false);
    expect(answersMatch(words, [1, 3], ['beta'])).toBe(false);
  });
});

describe('form rules', () => {
  it('new passwords need 10 characters and a matching confirmation', () => {
    expect(checkNewPassword('short', 'short')).toMatch(/at least 10/);
    expect(checkNewPassword('long enough pw', 'long enough pW')).toMatch(/differ/);
    expect(checkNewPassword('long enough pw', 'long enough pw')).toBeNull();
  });

  it('display names follow status-go, empty means the three-word name', () => {
    expect(checkDisplayName('')).toBeNull();
    expect(checkDisplayName('Alice in Waku')).toBeNull();
    expect(checkDisplayName('Al')).toMatch(/5 to 24/);
    expect(checkDisplayName('Ali<script>')).toMatch(/5 to 24/);
    expect(checkDisplayName('x'.repeat(25))).toMatch(/5 to 24/);
  });
});
