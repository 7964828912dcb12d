// The account database's stores as the messenger's ports (memory-ports.ts has the in-memory
// ones): our bundle and the peers' from the BundleManager, our own other installations from the
// DevicesService. The session table (SessionRepository) is a SessionStore as it is.
import type { BundleManager } from '../../encryption/bundle-manager.ts';
import type { DevicesService } from '../devices/devices-service.ts';
import type { BundleSource, OwnDevices } from './ports.ts';

export function storedBundles(bundles: BundleManager): BundleSource {
  return {
    installationId: bundles.installationId,
    ourBundle: () => bundles.ourBundle(),
    ourSignedPreKeys: () => bundles.ourSignedPreKeys(),
    bundleOf: (peer) => bundles.bundleOf(peer),
    learn: (bundle) => void bundles.storePeerBundle(bundle),
  };
}

export function ownDevices(devices: DevicesService): OwnDevices {
  return {
    isPaired: (id) => devices.isPaired(id),
    hasPaired: () => devices.paired().ids.size > 0,
    learnOwnBundle: (bundle) => devices.learnOwnBundle(bundle),
  };
}
