// The tray: an icon drawn in code, "N unread" as tooltip, Show/Quit menu, click shows.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, it, mock } from 'node:test';

type Item = { label?: string; type?: string; click?: () => void };

class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  readonly icon: unknown;
  tooltip = '';
  menu: Item[] = [];
  destroyed = false;
  constructor(icon: unknown) {
    super();
    this.icon = icon;
    FakeTray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: Item[] }): void {
    this.menu = menu.template;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}
const fakeNativeImage = {
  createFromBitmap: mock.fn((buffer: Buffer, options: { width: number; height: number }) => ({ buffer, options })),
};
const fakeMenu = { buildFromTemplate: (template: Item[]) => ({ template }) };

mock.module('electron', { namedExports: { Tray: FakeTray, nativeImage: fakeNativeImage, Menu: fakeMenu } });
const { createAppTray, trayIconBitmap, TRAY_ICON_SIZE, unreadTooltip } = await import('../../../main/electron/tray.ts');

function setup() {
  const onShow = mock.fn();
  const onQuit = mock.fn();
  const appTray = createAppTray({ onShow, onQuit });
  const tray = FakeTray.instances.at(-1);
  assert.ok(tray);
  return { appTray, tray, onShow, onQuit };
}

describe('tray', () => {
  beforeEach(() => {
    FakeTray.instances.length = 0;
  });

  it('draws its icon from a BGRA bitmap of the declared size: opaque centre, transparent corners', () => {
    const { tray } = setup();
    const { buffer, options } = tray.icon as { buffer: Buffer; options: { width: number; height: number } };
    assert.deepEqual(options, { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE });
    assert.equal(buffer.length, TRAY_ICON_SIZE * TRAY_ICON_SIZE * 4);
    const alpha = (x: number, y: number) => buffer[(y * TRAY_ICON_SIZE + x) * 4 + 3];
    assert.equal(alpha(8, 8), 255);
    assert.equal(alpha(0, 0), 0);
    assert.equal(alpha(15, 15), 0);
    // Blue channel first (BGRA): the accent colour #4360df.
    assert.deepEqual([...buffer.subarray((8 * 16 + 8) * 4, (8 * 16 + 8) * 4 + 3)], [0xdf, 0x60, 0x43]);
  });

  it('draws a bitmap of any size', () => {
    assert.equal(trayIconBitmap(32).length, 32 * 32 * 4);
  });

  it('starts with 0 unread and follows every count it is given', () => {
    const { appTray, tray } = setup();
    assert.equal(tray.tooltip, '0 unread');
    appTray.setUnread(7);
    assert.equal(tray.tooltip, '7 unread');
    appTray.setUnread(0);
    assert.equal(tray.tooltip, unreadTooltip(0));
  });

  it('ignores counts after it was destroyed', () => {
    const { appTray, tray } = setup();
    appTray.destroy();
    assert.doesNotThrow(() => appTray.setUnread(3));
    assert.equal(tray.tooltip, '0 unread');
  });

  it('has Show and Quit in its menu, wired to the callbacks', () => {
    const { tray, onShow, onQuit } = setup();
    const labels = tray.menu.filter((item) => item.label).map((item) => item.label);
    assert.deepEqual(labels, ['Show', 'Quit']);
    tray.menu.find((item) => item.label === 'Show')?.click?.();
    assert.equal(onShow.mock.callCount(), 1);
    assert.equal(onQuit.mock.callCount(), 0);
    tray.menu.find((item) => item.label === 'Quit')?.click?.();
    assert.equal(onQuit.mock.callCount(), 1);
  });

  it('a click on the icon shows the window', () => {
    const { tray, onShow } = setup();
    tray.emit('click');
    assert.equal(onShow.mock.callCount(), 1);
  });
});
