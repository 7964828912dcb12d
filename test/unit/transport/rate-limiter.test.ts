import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../../main/transport/rate-limiter.ts';

test('allows a burst, then refills at the sustained rate', () => {
  let now = 0;
  const limiter = new RateLimiter({ capacity: 3, perMinute: 30 }, { now: () => now });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.take('a')),
    [true, true, true, false],
  );
  now += 1_999;
  assert.equal(limiter.take('a'), false, 'one token takes 2 s at 30/min');
  now += 1;
  assert.equal(limiter.take('a'), true);
  assert.equal(limiter.take('a'), false);
  now += 60_000;
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.take('a')),
    [true, true, true, false],
    'refill is capped at the burst',
  );
});

test('keys are independent', () => {
  const limiter = new RateLimiter({ capacity: 1, perMinute: 1 }, { now: () => 0 });
  assert.equal(limiter.take('a'), true);
  assert.equal(limiter.take('a'), false);
  assert.equal(limiter.take('b'), true);
});

test('the number of tracked keys stays bounded', () => {
  let now = 0;
  const limiter = new RateLimiter({ capacity: 2, perMinute: 60 }, { maxKeys: 100, now: () => now });
  for (let index = 0; index < 1000; index += 1) {
    limiter.take(`peer-${index}`);
    now += 10;
  }
  assert.ok(limiter.size <= 100, `tracked ${limiter.size}`);
});

test('refuses nonsense limits', () => {
  assert.throws(() => new RateLimiter({ capacity: 0, perMinute: 1 }));
  assert.throws(() => new RateLimiter({ capacity: 1, perMinute: 0 }));
});
