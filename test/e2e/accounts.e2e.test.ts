// Onboarding and profile in a real Chromium against a headless core: create an account,
// back up its phrase, see the identity Status shows, rename, log out and back in.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openRendererSite, type RendererSite, recordProblems, rendererAddress, SCREENSHOTS } from '../helpers/e2e.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TIMEOUT = 20_000;
const PASSWORD = 'e2e password 1234';

describe('accounts in the UI', () => {
  let node: HeadlessProcess;
  let page: Page;
  let site: RendererSite;
  let cleanup: () => void;
  let phrase: string[] = [];
  const problems: string[] = [];

  before(async () => {
    site = await openRendererSite();
    let dir: string;
    ({ dir, cleanup } = tempDir());
    node = await startHeadlessProcess(dir);
    page = await site.browser.newPage();
    recordProblems(page, problems, { consoleErrors: true });
    await page.goto(rendererAddress(site.url, node.ready.rpcUrl, node.token()));
  });

  after(async () => {
    await site?.close();
    node?.child.kill('SIGTERM');
    await node?.exited;
    cleanup?.();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  test('a first start offers to create or restore an account', async () => {
    await page.getByRole('heading', { name: 'Welcome' }).waitFor({ timeout: TIMEOUT });
    await shot('accounts-1-welcome');
    await page.getByRole('button', { name: 'Create a new account' }).click();
  });

  test('create: form errors are explained, then the account is made', async () => {
    await page.getByLabel('Display name').fill('Alice Wonder');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: 'at least 10' }).waitFor({ timeout: TIMEOUT });
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Write down your recovery phrase' }).waitFor({ timeout: TIMEOUT });
  });

  test('the phrase is shown once and three of its words are asked back', async () => {
    phrase = await page.getByTestId('recovery-phrase').locator('li').allTextContents();
    assert.equal(phrase.length, 12);
    await shot('accounts-2-phrase');
    await page.getByLabel('I have written these words down').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const labels = await page.locator('label', { hasText: /^Word #\d+$/ }).allTextContents();
    assert.equal(labels.length, 3);
    for (const label of labels) {
      const position = Number(label.replace('Word #', '')) - 1;
      await page.getByLabel(label, { exact: true }).fill(phrase[position] ?? '');
    }
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByTestId('profile-name').filter({ hasText: 'Alice Wonder' }).waitFor({ timeout: TIMEOUT });
  });

  test('the profile shows the identity the core computes: chat key, emoji hash, three-word name', async () => {
    const client = await node.connect();
    const [account] = await client.call('accounts.list');
    client.close();
    assert.ok(account);
    assert.equal(await page.getByTestId('chat-key').textContent(), account.chatKey);
    assert.equal(await page.getByTestId('profile-alias').textContent(), account.alias);
    assert.equal(
      await page.getByTestId('emoji-hash').first().getAttribute('aria-label'),
      `emoji hash: ${account.emojiHash.join(' ')}`,
    );
    assert.equal(await page.getByRole('img', { name: 'QR code of your chat key' }).count(), 1);
    await shot('accounts-3-profile');
  });

  test('renaming updates the profile', async () => {
    await page.getByRole('form', { name: 'Display name' }).getByLabel('Display name').fill('Alice Liddell');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('profile-name').filter({ hasText: 'Alice Liddell' }).waitFor({ timeout: TIMEOUT });
  });

  test('log out, a wrong password is refused, the right one logs back in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor({ timeout: TIMEOUT });
    await page.getByText('Alice Liddell').waitFor({ timeout: TIMEOUT });
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'password is wrong' }).waitFor({ timeout: TIMEOUT });
    await shot('accounts-4-login');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByTestId('profile-name').filter({ hasText: 'Alice Liddell' }).waitFor({ timeout: TIMEOUT });
  });

  test('the phrase can be shown again with the password', async () => {
    await page.getByLabel('Password to show the recovery phrase').fill(PASSWORD);
    await page.getByRole('button', { name: 'Show recovery phrase' }).click();
    await page.getByTestId('revealed-phrase').waitFor({ timeout: TIMEOUT });
    const shown = await page.getByTestId('revealed-phrase').locator('li').allTextContents();
    assert.deepEqual(shown, phrase);
    assert.deepEqual(problems, [], 'no console errors');
  });
});
