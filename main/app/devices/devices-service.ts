// Our own other installations (status-go's multidevice, status-reference §5.5): one account
// (same recovery phrase) may run on several devices, each with its own installation id and
// signed prekey. We learn them from our own bundles (their contact-code advertisements, and
// bundles attached to their messages); they stay unused until explicitly enabled (paired):
// only then does our bundle list them, do our 1:1 messages reach them, and are their messages
// accepted (the messenger refuses the others, as status-go's ErrNotPairedDevice).
// On pairing we tell them our name with a PairInstallation (SYNC_PAIR_INSTALLATION), then our
// contacts (`onPaired`: contact-sync.ts).
import os from 'node:os';
import type { DeviceView } from '../../../shared/api.ts';
import { CodedError } from '../../../shared/coded-error.ts';
import type { SignedBundle } from '../../encryption/bundle.ts';
import type { Db } from '../../storage/database.ts';
import { DevicesRepository, type OwnInstallationRow } from '../../storage/messenger/devices-repository.ts';
import { MAX_CLOCK_DRIFT_MS, transportTimeMs } from '../../wire/message-validation.ts';
import { AmmType } from '../../wire/proto.ts';
import type { ReceivedApplication } from '../messenger/messenger.ts';
import { decodePairInstallation, encodePairInstallation } from './pair-installation.ts';

/** What status-go desktop sends as device_type. */
export const DESKTOP_DEVICE_TYPE = 'desktop';

export class DeviceError extends CodedError<'NOT_FOUND' | 'CURRENT'> {}

/** Why a message about our devices was not used: each is counted. */
export type DeviceDrop = 'invalid-pair' | 'future-clock' | 'about-us' | 'stale-pair';

export interface DevicesOptions {
  db: Db;
  /** This installation. */
  installationId: string;
  /** Our 0x04 key. */
  ourKey: string;
  /** Sends an app message to our own key (reaching our paired devices). */
  sendToSelf: (type: AmmType, payload: Uint8Array) => Promise<unknown>;
  onChanged?: (devices: DeviceView[]) => void;
  /**
   * A pairing was made: we paired a device, or a paired device paired us (its first
   * PairInstallation). What our devices should know goes to them now (our contacts).
   */
  onPaired?: () => Promise<unknown> | undefined;
  now?: () => number;
  /** This device's name and type in PairInstallation (the OS host name, "desktop"). */
  name?: string;
  deviceType?: string;
}

export class DevicesService {
  readonly dropped = new Map<DeviceDrop, number>();
  readonly #options: DevicesOptions;
  readonly #repository: DevicesRepository;
  readonly #now: () => number;
  /** Paired installation ids, read on every message: cached, refreshed on each change. */
  #paired: ReadonlySet<string>;

  constructor(options: DevicesOptions) {
    this.#options = options;
    this.#repository = new DevicesRepository(options.db);
    this.#now = options.now ?? Date.now;
    this.#paired = this.#readPaired();
  }

  get name(): string {
    return this.#options.name ?? os.hostname();
  }

  get deviceType(): string {
    return this.#options.deviceType ?? DESKTOP_DEVICE_TYPE;
  }

  /** Paired means: encrypt our messages to it, accept its messages. */
  isPaired(installationId: string): boolean {
    return this.#paired.has(installationId);
  }

  /** Our paired other installations, and when pairing last changed (our bundle's timestamp floor). */
  paired(): { ids: ReadonlySet<string>; changedAt: number } {
    return { ids: this.#paired, changedAt: this.#repository.lastChange() };
  }

  /** A verified bundle of our own identity: its installations (other than this one) are ours. */
  learnOwnBundle(bundle: SignedBundle): void {
    const now = this.#now();
    let added = false;
    for (const installationId of bundle.signedPreKeys.keys()) {
      if (installationId === this.#options.installationId || installationId.length > 100) continue;
      added = this.#repository.seen(installationId, now) || added;
    }
    if (added) this.#changed();
  }

  list(): DeviceView[] {
    const current: DeviceView = {
      installationId: this.#options.installationId,
      current: true,
      enabled: true,
      name: this.name,
      deviceType: this.deviceType,
      lastSeen: this.#now(),
    };
    return [current, ...this.#repository.all().map(toView)];
  }

  /** Pairs or unpairs another installation of ours; pairing tells it our name. */
  async setEnabled(installationId: string, enabled: boolean): Promise<DeviceView> {
    if (installationId === this.#options.installationId)
      throw new DeviceError('CURRENT', 'this device is always enabled');
    if (!this.#repository.get(installationId)) throw new DeviceError('NOT_FOUND', 'no such installation of ours');
    if (this.#repository.setEnabled(installationId, enabled, this.#now())) this.#changed();
    if (enabled) {
      await this.sendPairInstallation();
      await this.#options.onPaired?.();
    }
    return toView(this.#repository.get(installationId) as OwnInstallationRow);
  }

  /** Our PairInstallation to our paired devices (status-go's SendPairInstallation). */
  sendPairInstallation(): Promise<unknown> {
    const payload = encodePairInstallation({
      clock: BigInt(this.#now()),
      installationId: this.#options.installationId,
      deviceType: this.deviceType,
      name: this.name,
    });
    return this.#options.sendToSelf(AmmType.SYNC_PAIR_INSTALLATION, payload);
  }

  /** A PairInstallation from one of our paired devices; false when the message is of another type. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    if (message.type !== AmmType.SYNC_PAIR_INSTALLATION) return false;
    // The messenger only hands over our own messages from paired installations; a public one
    // (or anyone else's) is not a pairing.
    if (message.sender !== this.#options.ourKey || message.public) return this.#drop('invalid-pair');
    const pair = decodePairInstallation(message.payload);
    if (!pair) return this.#drop('invalid-pair');
    if (pair.clock > transportTimeMs(message.wakuTimestampNs) + MAX_CLOCK_DRIFT_MS || pair.clock === 0n)
      return this.#drop('future-clock');
    if (pair.installationId === this.#options.installationId) return this.#drop('about-us');
    this.#repository.seen(pair.installationId, this.#now());
    // Its first PairInstallation: ours, sent when we paired it first, was refused there (it had
    // not paired us yet) and MVDS would re-send it only much later; answer with it now, once.
    const first = (this.#repository.get(pair.installationId)?.pairClock ?? 0) === 0;
    if (!this.#repository.setIdentity(pair.installationId, pair.name, pair.deviceType, Number(pair.clock)))
      return this.#drop('stale-pair');
    this.#changed();
    if (first && this.isPaired(pair.installationId)) {
      void this.sendPairInstallation()
        .then(() => this.#options.onPaired?.())
        .catch(() => {});
    }
    return true;
  }

  #readPaired(): ReadonlySet<string> {
    return new Set(
      this.#repository
        .all()
        .filter((row) => row.enabled)
        .map((row) => row.installationId),
    );
  }

  #changed(): void {
    this.#paired = this.#readPaired();
    this.#options.onChanged?.(this.list());
  }

  #drop(reason: DeviceDrop): true {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return true;
  }
}

function toView(row: OwnInstallationRow): DeviceView {
  return {
    installationId: row.installationId,
    current: false,
    enabled: row.enabled,
    name: row.name,
    deviceType: row.deviceType,
    lastSeen: row.lastSeenAt,
  };
}
