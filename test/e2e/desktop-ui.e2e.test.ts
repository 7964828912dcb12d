// Themes and keyboard shortcuts in a real Chromium against a headless core: the theme chosen
// in Profile is saved with the account and survives a reload; Ctrl+K lands in the chat search.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { type HeadlessProcess, REPO_ROOT, startHeadlessProcess } from '../helpers/headless-process.ts';
import { serveDirectory } from '../helpers/static-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const RENDERER_DIR = path.join(REPO_ROOT, 'build', 'renderer');
const TIMEOUT = 20_000;

describe('desktop UI: theme and shortcuts', () => {
  const dir = tempDir();
  let node: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveDirectory>>;
  let address: string;
  const problems: string[] = [];

  before(async () => {
    assert.ok(fs.existsSync(path.join(RENDERER_DIR, 'index.html')), 'build the renderer first: npm run build:renderer');
    node = await startHeadlessProcess(dir.dir);
    const client = await node.connect();
    await client.call('accounts.create', { password: 'e2e password 1234', displayName: 'Theo Theme' }, { timeoutMs: 30_000 });
    client.close();
    site = await serveDirectory(RENDERER_DIR);
    browser = await launchChromium();
    // The OS says light: a dark page can only come from the saved setting.
    page = await browser.newPage({ colorScheme: 'light' });
    page.on('pageerror', (error) => problems.push(error.message));
    address = `${site.url}/#ws=${encodeURIComponent(node.ready.rpcUrl ?? '')}&token=${node.token()}`;
    await page.goto(address);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    node?.child.kill('SIGTERM');
    await node?.exited;
    dir.cleanup();
  });

  // Page-side code as strings: this file is type-checked without the DOM library.
  const theme = () => page.locator('html').getAttribute('data-theme');
  const background = () => page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
  const isDark = "document.documentElement.dataset.theme === 'dark'";

  test('choosing Dark in Profile applies it at once and it survives a reload', async () => {
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('radio', { name: 'System' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await theme(), 'light');
    const light = await background();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.waitForFunction(isDark, null, { timeout: TIMEOUT });
    assert.notEqual(await background(), light, 'the colours change with the theme');

    // A reload: the page drops the #ws=… address from its URL once read, so load it afresh.
    await page.goto('about:blank');
    await page.goto(address);
    await page.waitForFunction(isDark, null, { timeout: TIMEOUT });
    await page.getByRole('button', { name: 'Profile' }).click();
    assert.equal(await page.getByRole('radio', { name: 'Dark' }).isChecked(), true);
  });

  test('Ctrl+K goes to Chats and focuses the chat search; Ctrl+2 opens Contacts', async () => {
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Control+k');
    const search = page.getByRole('searchbox', { name: 'Search chats' });
    await search.waitFor({ timeout: TIMEOUT });
    await page.waitForFunction("document.activeElement?.id === 'chat-filter'", null, { timeout: TIMEOUT });
  });

  test('Ctrl+/ shows the keyboard shortcuts and Esc closes them', async () => {
    await page.keyboard.press('Control+/');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.deepEqual(problems, []);
  });
});
