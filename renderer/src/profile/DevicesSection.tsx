import { useCallback, useEffect, useState } from 'react';
import type { DeviceView } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { useDevices } from './use-devices.ts';

/** The first characters of an installation id: enough to compare on both devices. */
export function shortId(installationId: string): string {
  return installationId.slice(0, 8);
}

/** "just now", "5 min ago", "3 h ago", "2 d ago"; "never" without a time. */
export function relativeTime(at: number | null, now: number): string {
  if (at === null) return 'never';
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

function deviceName(device: DeviceView): string {
  return device.name.trim() || 'Unnamed device';
}

/** The clock for relative times, ticking once a minute. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function InstallationId({ id }: { id: string }) {
  return (
    <span className="mono device-id" title={id} data-testid="device-id">
      {shortId(id)}
    </span>
  );
}

function OtherDevice({
  device,
  now,
  busy,
  onToggle,
}: {
  device: DeviceView;
  now: number;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
}) {
  const name = deviceName(device);
  const label = device.name.trim() ? `Pair ${name}` : `Pair unnamed device ${shortId(device.installationId)}`;
  return (
    <li className="device" data-testid="device">
      <div className="device-info">
        <p className="device-name">{name}</p>
        <p className="muted device-meta">
          {device.deviceType && <>{device.deviceType} · </>}
          <InstallationId id={device.installationId} /> · last seen {relativeTime(device.lastSeen, now)}
        </p>
      </div>
      <label className="device-switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={device.enabled}
          aria-label={label}
          checked={device.enabled}
          disabled={busy}
          onChange={(event) => onToggle(event.target.checked)}
        />
        <span aria-hidden="true">{device.enabled ? 'Paired' : 'Not paired'}</span>
      </label>
    </li>
  );
}

/** Our own installations: this one, and the others we can pair (or unpair). */
export function DevicesSection({ client }: { client: CoreClient }) {
  const { devices, loadError, replace } = useDevices(client);
  const now = useNow();
  const [pending, setPending] = useState<string | null>(null);
  const setEnabled = useCallback(
    (installationId: string, enabled: boolean) => client.call('devices.setEnabled', { installationId, enabled }),
    [client],
  );
  const toggle = useAction(setEnabled);
  const onToggle = async (device: DeviceView, enabled: boolean) => {
    setPending(device.installationId);
    const updated = await toggle.run(device.installationId, enabled);
    setPending(null);
    if (updated) replace(updated);
  };
  const current = devices?.find((d) => d.current);
  const others = devices?.filter((d) => !d.current) ?? [];
  return (
    <section className="card devices" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <p className="hint">
        Messages you send are also encrypted to paired devices. Pair only devices you own: compare the installation ids
        shown on both devices.
      </p>
      {loadError && <p role="alert">{loadError}</p>}
      {devices === null && !loadError && <p className="muted">Loading devices…</p>}
      {current && (
        <div className="device device-current" data-testid="current-device">
          <div className="device-info">
            <p className="device-name">
              This device <span className="muted">· {deviceName(current)}</span>
            </p>
            <p className="muted device-meta">
              {current.deviceType && <>{current.deviceType} · </>}
              <InstallationId id={current.installationId} />
            </p>
          </div>
        </div>
      )}
      {devices !== null && others.length === 0 && (
        <p className="muted" data-testid="devices-empty">
          No other devices yet: sign in with your recovery phrase on another device; it appears here within a few
          minutes.
        </p>
      )}
      {others.length > 0 && (
        <ul className="device-list" aria-label="Other devices">
          {others.map((device) => (
            <OtherDevice
              key={device.installationId}
              device={device}
              now={now}
              busy={pending === device.installationId}
              onToggle={(enabled) => void onToggle(device, enabled)}
            />
          ))}
        </ul>
      )}
      {toggle.error && <p role="alert">{toggle.error}</p>}
    </section>
  );
}
