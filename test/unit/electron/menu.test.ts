// The application menu: its structure per platform, and the commands its items send.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';

const fakeMenu = {
  buildFromTemplate: mock.fn((template: MenuItemConstructorOptions[]) => ({ template })),
  setApplicationMenu: mock.fn((_menu: unknown) => {}),
};
mock.module('electron', { namedExports: { Menu: fakeMenu } });
const { installAppMenu, menuTemplate } = await import('../../../main/electron/menu.ts');
type Options = Parameters<typeof menuTemplate>[0];

function build(overrides: Partial<Options> = {}) {
  const send = mock.fn();
  const showAbout = mock.fn();
  const template = menuTemplate({ appName: 'Waku Status Desktop', version: '1.2.3', isMac: false, isDev: false, send, showAbout, ...overrides });
  return { template, send, showAbout };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label || (label === 'Help' && item.role === 'help'));
  assert.ok(menu, `menu ${label}`);
  return menu.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `item ${label}`);
  return found;
}

function click(menuItem: MenuItemConstructorOptions): void {
  (menuItem.click as () => void)();
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Window and Help on Windows/Linux', () => {
    const { template } = build();
    assert.deepEqual(
      template.map((m) => m.label ?? m.role),
      ['File', 'Edit', 'View', 'windowMenu', 'help'],
    );
  });

  it('puts an app menu first on macOS, with Settings and Quit there', () => {
    const { template } = build({ isMac: true });
    assert.equal(template[0]?.label, 'Waku Status Desktop');
    const app = template[0]?.submenu as MenuItemConstructorOptions[];
    assert.ok(app.some((i) => i.role === 'quit'));
    assert.ok(app.some((i) => i.label === 'Settings…'));
    assert.ok(!submenu(template, 'File').some((i) => i.role === 'quit'));
  });

  it('File: New chat, Add contact, Settings, Quit', () => {
    const { template, send } = build();
    const file = submenu(template, 'File');
    assert.deepEqual(
      file.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role),
      ['New chat', 'Add contact', 'Settings', 'quit'],
    );
    click(item(file, 'New chat'));
    click(item(file, 'Add contact'));
    click(item(file, 'Settings'));
    assert.deepEqual(
      send.mock.calls.map((c) => c.arguments[0]),
      [{ command: 'new-chat' }, { command: 'add-contact' }, { command: 'open-section', section: 'profile' }],
    );
  });

  it('Edit has the standard roles', () => {
    const roles = submenu(build().template, 'Edit')
      .filter((i) => i.type !== 'separator')
      .map((i) => i.role);
    assert.deepEqual(roles, ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('View opens each section and toggles the theme; accelerators are labels only (the page handles the keys)', () => {
    const { template, send } = build();
    const view = submenu(template, 'View');
    for (const [label, section, key] of [
      ['Chats', 'chats', '1'],
      ['Contacts', 'contacts', '2'],
      ['Profile', 'profile', '3'],
      ['Node', 'node', '4'],
    ] as const) {
      const entry = item(view, label);
      assert.equal(entry.accelerator, `CmdOrCtrl+${key}`);
      assert.equal(entry.registerAccelerator, false);
      click(entry);
      assert.deepEqual(send.mock.calls.at(-1)?.arguments[0], { command: 'open-section', section });
    }
    click(item(view, 'Toggle dark theme'));
    assert.deepEqual(send.mock.calls.at(-1)?.arguments[0], { command: 'toggle-theme' });
  });

  it('offers Reload and developer tools only in development', () => {
    const roles = (isDev: boolean) => submenu(build({ isDev }).template, 'View').map((i) => i.role);
    assert.ok(!roles(false).includes('reload'));
    assert.ok(!roles(false).includes('toggleDevTools'));
    assert.ok(roles(true).includes('reload'));
  });

  it('Help: keyboard shortcuts and About with the version', () => {
    const { template, send, showAbout } = build();
    const help = submenu(template, 'Help');
    click(item(help, 'Keyboard shortcuts'));
    assert.deepEqual(send.mock.calls.at(-1)?.arguments[0], { command: 'show-shortcuts' });
    click(item(help, 'About Waku Status Desktop 1.2.3'));
    assert.equal(showAbout.mock.callCount(), 1);
  });

  it('every item that is not a role or separator has a label', () => {
    const walk = (items: MenuItemConstructorOptions[]): void => {
      for (const i of items) {
        if (i.type !== 'separator' && !i.role) assert.ok(i.label, JSON.stringify(i));
        if (Array.isArray(i.submenu)) walk(i.submenu);
      }
    };
    walk(build().template);
    walk(build({ isMac: true, isDev: true }).template);
  });
});

describe('installAppMenu', () => {
  it('sets the built menu as the application menu', () => {
    installAppMenu({ appName: 'A', version: '1', isMac: false, isDev: false, send: () => {}, showAbout: () => {} });
    assert.equal(fakeMenu.setApplicationMenu.mock.callCount(), 1);
    const menu = fakeMenu.setApplicationMenu.mock.calls[0]?.arguments[0] as { template: MenuItemConstructorOptions[] };
    assert.equal(menu.template[0]?.label, 'File');
  });
});
