// The tray icon: the unread count in its tooltip, Show and Quit in its menu, a click brings
// the window up. The count comes from the notifier (the same number as the badge).
import { Menu, nativeImage, Tray } from 'electron';

export const TRAY_ICON_SIZE = 16;
/** The app's accent colour (styles.css --accent), as RGB. */
const ACCENT = [0x43, 0x60, 0xdf] as const;

/**
 * A filled accent-coloured circle, drawn in code so the repository carries no binary icon.
 * Raw 32-bit pixels in BGRA order, which is what nativeImage.createFromBitmap expects.
 */
export function trayIconBitmap(size: number = TRAY_ICON_SIZE): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 0.5;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      // One pixel of soft edge so the circle does not look jagged.
      const alpha = Math.round(255 * Math.min(1, Math.max(0, radius - distance + 0.5)));
      const at = (y * size + x) * 4;
      pixels[at] = ACCENT[2];
      pixels[at + 1] = ACCENT[1];
      pixels[at + 2] = ACCENT[0];
      pixels[at + 3] = alpha;
    }
  }
  return pixels;
}

export function unreadTooltip(count: number): string {
  return `${count} unread`;
}

export interface AppTray {
  setUnread(count: number): void;
  destroy(): void;
}

export function createAppTray({ onShow, onQuit }: { onShow: () => void; onQuit: () => void }): AppTray {
  const icon = nativeImage.createFromBitmap(trayIconBitmap(), { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE });
  const tray = new Tray(icon);
  tray.setToolTip(unreadTooltip(0));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show', click: onShow },
      { type: 'separator' },
      { label: 'Quit', click: onQuit },
    ]),
  );
  tray.on('click', onShow);
  return {
    setUnread: (count) => {
      if (!tray.isDestroyed()) tray.setToolTip(unreadTooltip(count));
    },
    destroy: () => tray.destroy(),
  };
}
