import { useCallback, useEffect, useState } from 'react';
import type { DeviceView } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { describeRpcError } from '../core/rpc-errors.ts';

/** This device first, then the others, most recently seen first. */
export function sortDevices(devices: readonly DeviceView[]): DeviceView[] {
  return [...devices].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return (b.lastSeen ?? 0) - (a.lastSeen ?? 0) || a.installationId.localeCompare(b.installationId);
  });
}

export interface DevicesState {
  /** null until the first list arrives. */
  devices: DeviceView[] | null;
  /** Why the list could not be read. */
  loadError: string | null;
  /** Puts one device's new state in place (e.g. what devices.setEnabled returned). */
  replace: (device: DeviceView) => void;
}

/** Our own installations: read with devices.list, kept current by 'devices.changed'. */
export function useDevices(client: CoreClient): DevicesState {
  const [devices, setDevices] = useState<DeviceView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const replace = useCallback((device: DeviceView) => {
    setDevices((previous) =>
      sortDevices([...(previous ?? []).filter((d) => d.installationId !== device.installationId), device]),
    );
  }, []);
  useEffect(() => {
    let live = true;
    let pushed = false;
    const off = client.on('devices.changed', (list) => {
      pushed = true;
      setLoadError(null);
      setDevices(sortDevices(list));
    });
    client.call('devices.list').then(
      (list) => {
        // A pushed list is at least as new as the answer to a call made before it.
        if (live && !pushed) setDevices(sortDevices(list));
      },
      (error: unknown) => {
        if (live && !pushed) setLoadError(describeRpcError(error));
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return { devices, loadError, replace };
}
