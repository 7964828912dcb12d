// Two people, two headless cores, two Chromium pages: Alice sends Bob a contact request from
// the Contacts screen, Bob sees the badge and accepts, then they chat both ways and Alice's
// message turns "Delivered".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AccountSummary } from '../../shared/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { type HeadlessProcess, REPO_ROOT, startHeadlessProcess } from '../helpers/headless-process.ts';
import { serveDirectory } from '../helpers/static-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually } from '../helpers/wait.ts';

const RENDERER_DIR = path.join(REPO_ROOT, 'build', 'renderer');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const TIMEOUT = 30_000;
const PASSWORD = 'e2e password 1234';

interface Person {
  node: HeadlessProcess;
  account: AccountSummary;
  page: Page;
  problems: string[];
}

describe('two people chatting in the UI', () => {
  const dirs = [tempDir(), tempDir()];
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveDirectory>>;
  let alice: Person;
  let bob: Person;

  async function person(i: number, displayName: string, extra: string[]): Promise<Person> {
    const node = await startHeadlessProcess(dirs[i]?.dir ?? '', extra);
    const client = await node.connect();
    const { account } = await client.call(
      'accounts.create',
      { password: PASSWORD, displayName },
      { timeoutMs: 30_000 },
    );
    client.close();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${site.url}/#ws=${encodeURIComponent(node.ready.rpcUrl ?? '')}&token=${node.token()}`);
    return { node, account, page, problems };
  }

  before(async () => {
    assert.ok(fs.existsSync(path.join(RENDERER_DIR, 'index.html')), 'build the renderer first: npm run build:renderer');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    site = await serveDirectory(RENDERER_DIR);
    browser = await launchChromium();
    alice = await person(0, 'Alice Liddell', []);
    bob = await person(1, 'Bob Builder', ['--static-node', alice.node.ready.listenAddresses[0] ?? '']);
    // Both must be in each other's relay mesh before the first message, or it waits for MVDS's retry.
    const client = await bob.node.connect();
    await eventually(
      async () => ((await client.call('node.stats')).relay.meshPeers['/waku/2/rs/16/32'] ?? 0) >= 1 || undefined,
      20_000,
      'the two nodes to mesh',
    );
    client.close();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    for (const p of [alice, bob]) p?.node.child.kill('SIGTERM');
    await Promise.all([alice?.node.exited, bob?.node.exited]);
    for (const d of dirs) d.cleanup();
  });

  const nav = (p: Person) => p.page.getByRole('navigation', { name: 'Sections' });

  test('alice sends a contact request by chat key', async () => {
    await nav(alice).getByRole('button', { name: 'Contacts' }).click();
    const form = alice.page.getByRole('form', { name: 'Add contact' });
    await form.getByLabel('Their chat key').fill(bob.account.chatKey);
    await form.getByLabel('Introduce yourself').fill('Hi Bob, Alice here');
    await form.getByRole('button', { name: 'Send contact request' }).click();
    await alice.page
      .getByRole('list', { name: 'Contact list' })
      .getByText('Request sent')
      .waitFor({ timeout: TIMEOUT });
  });

  test('bob sees a badge, reads the intro and accepts', async () => {
    const contactsButton = nav(bob).getByRole('button', { name: /Contacts/ });
    await contactsButton.getByText('1 requests').waitFor({ state: 'attached', timeout: TIMEOUT });
    await contactsButton.click();
    const requests = bob.page.getByRole('list', { name: 'Contact requests' });
    await requests.getByText('Hi Bob, Alice here').waitFor({ timeout: TIMEOUT });
    assert.ok(await requests.getByText('Alice Liddell').isVisible());
    await bob.page.screenshot({ path: path.join(SCREENSHOTS, 'chat-1-request.png'), fullPage: true });
    await requests.getByRole('button', { name: 'Accept' }).click();
    await bob.page.getByRole('list', { name: 'Contact list' }).getByText('Contact ·').waitFor({ timeout: TIMEOUT });
    assert.equal(await contactsButton.getByText('requests').count(), 0, 'the badge is gone');
  });

  test('alice sees the acceptance, opens the chat and writes; bob reads it and answers', async () => {
    const aliceList = alice.page.getByRole('list', { name: 'Contact list' });
    await aliceList.getByText('Contact ·').waitFor({ timeout: TIMEOUT });
    await aliceList.getByRole('button', { name: 'Message' }).click();
    await alice.page.getByLabel('Message', { exact: true }).fill('Hello from the UI');
    await alice.page.getByLabel('Message', { exact: true }).press('Enter');

    await nav(bob).getByRole('button', { name: 'Chats' }).click();
    await bob.page.getByRole('list', { name: 'Chats' }).getByRole('button').first().click();
    await bob.page.getByTestId('message').getByText('Hello from the UI').waitFor({ timeout: TIMEOUT });
    await bob.page.getByLabel('Message', { exact: true }).fill('Hi Alice!');
    await bob.page.getByRole('button', { name: 'Send' }).click();

    await alice.page.getByTestId('message').getByText('Hi Alice!').waitFor({ timeout: TIMEOUT });
    const mine = alice.page.getByTestId('message').filter({ hasText: 'Hello from the UI' });
    await mine.getByText('Delivered').waitFor({ timeout: TIMEOUT });
    await alice.page.screenshot({ path: path.join(SCREENSHOTS, 'chat-2-conversation.png'), fullPage: true });
    assert.equal(await alice.page.getByText('Not a contact yet').count(), 0, 'no warning in a contact’s chat');
  });

  test('bob reacts to alice’s message and alice replies to his; each sees the other’s action', async () => {
    const hello = bob.page.getByTestId('message').filter({ hasText: 'Hello from the UI' });
    await hello.hover();
    await hello.getByRole('button', { name: 'React' }).click();
    await hello.getByRole('button', { name: 'love' }).click();
    await alice.page
      .getByTestId('message')
      .filter({ hasText: 'Hello from the UI' })
      .getByRole('button', { name: 'love 1' })
      .waitFor({ timeout: TIMEOUT });

    const hi = alice.page.getByTestId('message').filter({ hasText: 'Hi Alice!' });
    await hi.hover();
    await hi.getByRole('button', { name: 'Reply' }).click();
    await alice.page.getByLabel('Message', { exact: true }).fill('Replying to you');
    await alice.page.getByLabel('Message', { exact: true }).press('Enter');
    const reply = bob.page.getByTestId('message').filter({ hasText: 'Replying to you' });
    await reply.getByTestId('reply-preview').getByText('Hi Alice!').waitFor({ timeout: TIMEOUT });
    await bob.page.screenshot({ path: path.join(SCREENSHOTS, 'chat-3-reactions-replies.png'), fullPage: true });
  });

  test('bob mutes the chat (marked in the list) and unmutes it', async () => {
    await bob.page.getByRole('button', { name: 'Mute', exact: true }).click();
    await bob.page.getByRole('list', { name: 'Chats' }).getByTitle('Muted').waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('button', { name: 'Unmute' }).click();
    await bob.page
      .getByRole('list', { name: 'Chats' })
      .getByTitle('Muted')
      .waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  test('no page errors on either side', () => {
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });
});
