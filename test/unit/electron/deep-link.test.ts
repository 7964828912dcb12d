// status-app:// and https://status.app user links (status-go's shared URL formats): only the
// chat key is taken, and anything else — other schemes, paths, bad keys, huge input — is ignored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findStatusLink, MAX_LINK_CHARS, parseStatusLink } from '../../../main/electron/deep-link.ts';

const KEY = 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB';
// Encoded user data as status-go puts it before the '#' (brotli + protobuf, base64url).
const DATA = 'G10A4B0Fy3mXpn6D6SznFIlx6w-Qp4kmS_zmgV3Gia-cmCrmp_5Ht3Q6R6vPC_hZ3nXaJTtpbsqROQ8MBSgHHNk3tYWsyqlGJwOfrc-pv6QfHz1ecDTjVJBQ';

describe('parseStatusLink', () => {
  for (const link of [
    `https://status.app/u#${KEY}`,
    `https://status.app/u/${DATA}#${KEY}`,
    `status-app://u#${KEY}`,
    `status-app://u/${DATA}#${KEY}`,
    `status-app://u/#${KEY}`,
  ]) {
    it(`takes the chat key from ${link.slice(0, 40)}…`, () => {
      assert.deepEqual(parseStatusLink(link), { chatKey: KEY });
    });
  }

  for (const link of [
    // wrong scheme or host
    `http://status.app/u#${KEY}`,
    `https://status.app.evil.example/u#${KEY}`,
    `https://evil.example/status.app/u#${KEY}`,
    `https://evil.example/?https://status.app/u#${KEY}`,
    `STATUS-APP://u#${KEY}`,
    `status-app:u#${KEY}`,
    `javascript:alert(1)//status-app://u#${KEY}`,
    `file:///status-app://u#${KEY}`,
    ` status-app://u#${KEY}`,
    // community, channel and unknown paths (not handled here)
    `https://status.app/c#${KEY}`,
    `https://status.app/cc/${DATA}#${KEY}`,
    `status-app://c/${DATA}#${KEY}`,
    `status-app://u/a/b#${KEY}`,
    `status-app://u/<script>#${KEY}`,
    `status-app://uu#${KEY}`,
    `status-app://u?x=1#${KEY}`,
    // bad keys
    'status-app://u#',
    'status-app://u',
    `status-app://u#${KEY}x`,
    `status-app://u#${KEY.slice(0, -1)}`,
    `status-app://u#${KEY.replace('P', '0')}`,
    `status-app://u#${KEY.replace('P', 'l')}`,
    `status-app://u#${KEY}#${KEY}`,
    `status-app://u#${KEY} `,
    'status-app://u#alice.stateofus.eth',
    `status-app://u#0x04${'ab'.repeat(64)}`,
    `status-app://u#zQ3sh${'1'.repeat(1000)}`,
    // not strings, empty, huge
    '',
    `status-app://u/${'A'.repeat(MAX_LINK_CHARS)}#${KEY}`,
    `status-app://u/${'A'.repeat(3000)}#${KEY}`,
  ]) {
    it(`ignores ${JSON.stringify(link.slice(0, 60))}`, () => {
      assert.equal(parseStatusLink(link), null);
    });
  }

  it('ignores values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, [`status-app://u#${KEY}`], { toString: () => `status-app://u#${KEY}` }]) {
      assert.equal(parseStatusLink(value), null);
    }
  });

  it('handles a 10 MB string quickly and ignores it', () => {
    const started = performance.now();
    assert.equal(parseStatusLink(`status-app://u/${'A'.repeat(10_000_000)}#${KEY}`), null);
    assert.ok(performance.now() - started < 200);
  });
});

describe('findStatusLink', () => {
  it('finds the link among the arguments Electron and Chromium pass', () => {
    const argv = ['/opt/app/waku-status', '--no-sandbox', '--allow-file-access-from-files', `status-app://u#${KEY}`];
    assert.deepEqual(findStatusLink(argv), { chatKey: KEY });
  });

  it('returns null without a valid link', () => {
    assert.equal(findStatusLink([]), null);
    assert.equal(findStatusLink(['/opt/app', '--flag', 'status-app://u#nope', 'https://example.org/']), null);
  });
});
