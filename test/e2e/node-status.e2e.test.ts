// The renderer, built for production, in a real Chromium, talking to a headless core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openRendererSite, type RendererSite, recordProblems, rendererAddress, SCREENSHOTS } from '../helpers/e2e.ts';
import { type HeadlessProcess, REPO_ROOT, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TIMEOUT = 15_000;

describe('renderer against a headless core', () => {
  let node: HeadlessProcess;
  let site: RendererSite;
  let cleanup: () => void;
  const pageProblems: string[] = [];

  before(async () => {
    site = await openRendererSite();
    let dir: string;
    ({ dir, cleanup } = tempDir());
    node = await startHeadlessProcess(dir);
    // The node dashboard lives in the logged-in app: make an account, then let the page in.
    const setup = await node.connect();
    await setup.call(
      'accounts.create',
      { password: 'e2e password 1234', displayName: 'Node Operator' },
      { timeoutMs: 30_000 },
    );
    setup.close();
  });

  after(async () => {
    await site?.close();
    node?.child.kill('SIGTERM');
    await node?.exited;
    cleanup?.();
  });

  async function openPage(address: string): Promise<Page> {
    const page = await site.browser.newPage();
    recordProblems(page, pageProblems, { consoleErrors: true });
    await page.goto(address);
    return page;
  }

  test('shows the live node status and follows other sessions coming and going', async () => {
    const page = await openPage(rendererAddress(site.url, node.ready.rpcUrl, node.token()));
    await page.getByTestId('connection').filter({ hasText: 'connected to core' }).waitFor({ timeout: TIMEOUT });
    await page.getByRole('button', { name: 'Node' }).click();
    await page.getByTestId('node-state').filter({ hasText: 'running' }).waitFor({ timeout: TIMEOUT });
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(await page.getByTestId('node-version').textContent(), pkg.version);
    await page.getByTestId('node-sessions').filter({ hasText: /^1$/ }).waitFor({ timeout: TIMEOUT });

    // The Waku node's identity is on the dashboard.
    assert.equal(await page.getByTestId('peer-id').textContent(), node.ready.peerId);

    // The token leaves the address bar once used.
    assert.equal(page.url().includes(node.token()), false);

    // A second client appears in the page without reloading: status is pushed.
    const other = await node.connect();
    await page.getByTestId('node-sessions').filter({ hasText: /^2$/ }).waitFor({ timeout: TIMEOUT });
    other.close();
    await page.getByTestId('node-sessions').filter({ hasText: /^1$/ }).waitFor({ timeout: TIMEOUT });

    await page.screenshot({ path: path.join(SCREENSHOTS, 'node-status.png'), fullPage: true });
    assert.deepEqual(pageProblems, [], 'no console errors or CSP violations');
    await page.close();
  });

  test('without an address the page asks for one, and explains a wrong token', async () => {
    const page = await openPage(`${site.url}/`);
    await page.getByRole('heading', { name: 'Connect to a headless node' }).waitFor({ timeout: TIMEOUT });
    await page.getByLabel('Address').fill(node.ready.rpcUrl ?? '');
    await page.getByLabel('Token').fill('0'.repeat(64));
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused the token' }).waitFor({ timeout: TIMEOUT });

    await page.getByLabel('Token').fill(node.token());
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByTestId('profile-name').filter({ hasText: 'Node Operator' }).waitFor({ timeout: TIMEOUT });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'connect-form.png'), fullPage: true });
    await page.close();
  });
});
