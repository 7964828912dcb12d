// Themes and keyboard shortcuts in a real Chromium against a headless core: the theme chosen
// in Profile is saved with the account and survives a reload; Ctrl+K lands in the chat search.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openRendererSite, type RendererSite, recordProblems, rendererAddress, untilInPage } from '../helpers/e2e.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TIMEOUT = 20_000;

describe('desktop UI: theme and shortcuts', () => {
  const dir = tempDir();
  let node: HeadlessProcess;
  let page: Page;
  let site: RendererSite;
  let address: string;
  const problems: string[] = [];

  before(async () => {
    site = await openRendererSite();
    node = await startHeadlessProcess(dir.dir);
    const client = await node.connect();
    await client.call(
      'accounts.create',
      { password: 'e2e password 1234', displayName: 'Theo Theme' },
      { timeoutMs: 30_000 },
    );
    client.close();
    // The OS says light: a dark page can only come from the saved setting.
    page = await site.browser.newPage({ colorScheme: 'light' });
    recordProblems(page, problems);
    address = rendererAddress(site.url, node.ready.rpcUrl, node.token());
    await page.goto(address);
  });

  after(async () => {
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
    await untilInPage(page, isDark, TIMEOUT, 'the dark theme');
    assert.notEqual(await background(), light, 'the colours change with the theme');

    // A reload: the page drops the #ws=… address from its URL once read, so load it afresh.
    await page.goto('about:blank');
    await page.goto(address);
    await untilInPage(page, isDark, TIMEOUT, 'the dark theme');
    await page.getByRole('button', { name: 'Profile' }).click();
    assert.equal(await page.getByRole('radio', { name: 'Dark' }).isChecked(), true);
  });

  test('Ctrl+K goes to Chats and focuses the chat search; Ctrl+2 opens Contacts', async () => {
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Control+k');
    const search = page.getByRole('searchbox', { name: 'Search chats' });
    await search.waitFor({ timeout: TIMEOUT });
    await untilInPage(page, "document.activeElement?.id === 'chat-filter'", TIMEOUT, 'the chat search to have focus');
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
