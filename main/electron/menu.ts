// The application menu. Items that navigate send a command to the page; the page owns the
// keyboard shortcuts (they work in a plain browser too), so accelerators here are shown as
// labels only (registerAccelerator: false) and never fire twice.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/app-command.ts';

export interface MenuOptions {
  appName: string;
  version: string;
  isMac: boolean;
  /** Development builds get Reload and the developer tools. */
  isDev: boolean;
  send: (command: AppCommand) => void;
  showAbout: () => void;
}

export function menuTemplate({ appName, version, isMac, isDev, send, showAbout }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, accelerator: string | undefined, sent: AppCommand): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => send(sent),
  });
  const section = (label: string, key: string, section: 'chats' | 'contacts' | 'profile' | 'node') =>
    command(label, `CmdOrCtrl+${key}`, { command: 'open-section', section });

  const app: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            { label: `About ${appName}`, click: showAbout },
            { type: 'separator' },
            command('Settings…', 'CmdOrCtrl+,', { command: 'open-section', section: 'profile' }),
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('New chat', 'CmdOrCtrl+N', { command: 'new-chat' }),
      command('Add contact', undefined, { command: 'add-contact' }),
      ...(isMac
        ? []
        : ([
            command('Settings', 'CmdOrCtrl+,', { command: 'open-section', section: 'profile' }),
            { type: 'separator' },
            { role: 'quit' },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      section('Chats', '1', 'chats'),
      section('Contacts', '2', 'contacts'),
      section('Profile', '3', 'profile'),
      section('Node', '4', 'node'),
      { type: 'separator' },
      command('Toggle dark theme', undefined, { command: 'toggle-theme' }),
      ...(isDev
        ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      command('Keyboard shortcuts', 'CmdOrCtrl+/', { command: 'show-shortcuts' }),
      ...(isMac ? [] : [{ type: 'separator' } as const, { label: `About ${appName} ${version}`, click: showAbout }]),
    ],
  };
  return [...app, file, edit, view, { role: 'windowMenu' }, help];
}

export function installAppMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}
