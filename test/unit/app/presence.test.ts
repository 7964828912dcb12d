// Presence with an injected clock and mocked timers: online for 5 minutes after an AUTOMATIC
// update, offline when the window ends (an event), INACTIVE offline, bad updates counted.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { ReceivedApplication } from '../../../main/app/messenger/messenger.ts';
import { PresenceService } from '../../../main/app/presence/presence-service.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { AmmType, encode, StatusType, StatusUpdate, u64 } from '../../../main/wire/proto.ts';
import type { PresenceView } from '../../../shared/api.ts';

const keyHex = () => `0x${Buffer.from(publicKey(randomPrivateKey())).toString('hex')}`;
const US = keyHex();
const BOB = `0x04${'bb'.repeat(64)}`;
const STRANGER = `0x04${'cc'.repeat(64)}`;
const START = 1_700_000_000_000;

function setup() {
  let now = START;
  const events: PresenceView[] = [];
  const rescheduled: string[] = [];
  const publishes: Array<{ topic: string; type: number; ephemeral: boolean }> = [];
  const service = new PresenceService({
    messenger: {
      publicKeyHex: US,
      publishPublic: async (topic, type, _payload, options) => {
        publishes.push({ topic, type, ephemeral: options.ephemeral });
        return { id: '0x', ok: true };
      },
      peerOnline: (peer) => {
        rescheduled.push(peer);
        return 1;
      },
    },
    isContact: (key) => key === BOB,
    onPresence: (p) => events.push(p),
    now: () => now,
    firstMs: 5_000,
    intervalMs: 300_000,
  });
  const advance = (ms: number) => {
    now += ms;
    mock.timers.tick(ms);
  };
  const update = (
    fields: { clockSeconds: number; type?: number; customText?: string },
    sender = BOB,
    wakuMs = now,
  ): ReceivedApplication => ({
    id: '0x01',
    type: AmmType.STATUS_UPDATE,
    payload: encode(StatusUpdate, {
      clock: u64(fields.clockSeconds),
      statusType: fields.type ?? StatusType.AUTOMATIC,
      customText: fields.customText ?? '',
    }),
    sender,
    wakuTimestampNs: BigInt(wakuMs) * 1_000_000n,
    public: true,
  });
  return { service, events, rescheduled, publishes, advance, update, now: () => now };
}

describe('presence', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('publishes an ephemeral AUTOMATIC update 5 s after start, then every 5 minutes', async () => {
    const { service, publishes, advance } = setup();
    service.start();
    advance(4_999);
    assert.equal(publishes.length, 0);
    advance(1);
    assert.equal(publishes.length, 1);
    assert.deepEqual(publishes[0], {
      topic: `${US}-contact-code`,
      type: AmmType.STATUS_UPDATE,
      ephemeral: true,
    });
    advance(300_000);
    assert.equal(publishes.length, 2);
    service.stop();
  });

  test('AUTOMATIC: online for 5 minutes after its clock, then a timer flips it offline', () => {
    const { service, events, rescheduled, advance, update, now } = setup();
    service.start();
    assert.equal(service.onApplicationMessage(update({ clockSeconds: now() / 1000 })), true);
    assert.deepEqual(events, [{ publicKey: BOB, online: true, lastSeen: START }]);
    assert.deepEqual(rescheduled, [BOB], 'their pending MVDS records go out now');
    assert.equal(service.view(BOB).online, true);
    advance(5 * 60_000 - 1);
    assert.equal(events.length, 1);
    advance(1);
    assert.deepEqual(events.at(-1), { publicKey: BOB, online: false, lastSeen: START });
    assert.equal(service.view(BOB).online, false);
    service.stop();
  });

  test('INACTIVE is offline (but still resets MVDS); DO_NOT_DISTURB is offline and does not', () => {
    const { service, events, rescheduled, update, now } = setup();
    service.onApplicationMessage(update({ clockSeconds: now() / 1000 - 10, type: StatusType.AUTOMATIC }));
    service.onApplicationMessage(update({ clockSeconds: now() / 1000 - 5, type: StatusType.INACTIVE }));
    assert.equal(service.view(BOB).online, false);
    assert.deepEqual(events.at(-1), { publicKey: BOB, online: false, lastSeen: START - 5_000 });
    service.onApplicationMessage(update({ clockSeconds: now() / 1000, type: StatusType.DO_NOT_DISTURB }));
    assert.equal(service.view(BOB).online, false);
    assert.deepEqual(rescheduled, [BOB, BOB]);
    service.stop();
  });

  test('ALWAYS_ONLINE stays online for two weeks', () => {
    const { service, update, now, advance } = setup();
    service.onApplicationMessage(update({ clockSeconds: now() / 1000, type: StatusType.ALWAYS_ONLINE }));
    advance(13 * 24 * 3600_000);
    assert.equal(service.view(BOB).online, true);
    advance(2 * 24 * 3600_000);
    assert.equal(service.view(BOB).online, false);
    service.stop();
  });

  test('bad updates are refused and counted: future clock, long custom text, unknown type, strangers, own, stale, garbage', () => {
    const { service, events, update, now } = setup();
    const seconds = now() / 1000;
    service.onApplicationMessage(update({ clockSeconds: seconds + 121 }));
    service.onApplicationMessage(update({ clockSeconds: seconds, customText: 'x'.repeat(129) }));
    service.onApplicationMessage(update({ clockSeconds: seconds, type: 77 }));
    service.onApplicationMessage(update({ clockSeconds: seconds }, STRANGER));
    service.onApplicationMessage(update({ clockSeconds: seconds }, US));
    service.onApplicationMessage({ ...update({ clockSeconds: seconds }), payload: new Uint8Array([0xff, 0xff, 0xff]) });
    service.onApplicationMessage(update({ clockSeconds: seconds }));
    service.onApplicationMessage(update({ clockSeconds: seconds - 1 }));
    assert.deepEqual(Object.fromEntries(service.dropped), {
      future_clock: 1,
      text_too_long: 1,
      unknown_status_type: 1,
      'not-a-contact': 1,
      own: 1,
      malformed: 1,
      stale: 1,
    });
    assert.equal(events.length, 1, 'only the good one counted');
    // A clock within the 120 s allowance is fine.
    service.onApplicationMessage(update({ clockSeconds: seconds + 100 }));
    assert.equal(service.view(BOB).lastSeen, (seconds + 100) * 1000);
    service.stop();
  });

  test('other message types are not presence', () => {
    const { service, update, now } = setup();
    assert.equal(
      service.onApplicationMessage({ ...update({ clockSeconds: now() / 1000 }), type: AmmType.CHAT_MESSAGE }),
      false,
    );
  });
});
