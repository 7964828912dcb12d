// Two people, two headless cores (contacts made over the RPC), two Chromium pages: Alice writes
// in the composer, opens the emoji picker, moves with the arrow keys, inserts an emoji at the
// caret with Enter and sends; both conversations show it, and the picker's "Recently used" row
// has it the next time it opens.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Api } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { becomeContacts, type ChatPerson, meshed, startPerson } from '../helpers/chat-people.ts';
import { REPO_ROOT } from '../helpers/headless-process.ts';
import { serveDirectory } from '../helpers/static-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const RENDERER_DIR = path.join(REPO_ROOT, 'build', 'renderer');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const TIMEOUT = 30_000;

interface Person extends ChatPerson {
  page: Page;
  problems: string[];
}

describe('the emoji picker in the composer', () => {
  const dirs = [tempDir(), tempDir()];
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveDirectory>>;
  let alice: Person;
  let bob: Person;
  const started: ChatPerson[] = [];

  async function open(person: ChatPerson): Promise<Person> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(
      `${site.url}/#ws=${encodeURIComponent(person.node.ready.rpcUrl ?? '')}&token=${person.node.token()}`,
    );
    return { ...person, page, problems };
  }

  const openChat = async (p: Person) => {
    await p.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' }).click();
    await p.page.getByRole('list', { name: 'Chats' }).getByRole('button').first().click();
  };

  before(async () => {
    assert.ok(fs.existsSync(path.join(RENDERER_DIR, 'index.html')), 'build the renderer first: npm run build:renderer');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    site = await serveDirectory(RENDERER_DIR);
    browser = await launchChromium();
    const a = await startPerson(dirs[0]?.dir ?? '', [], 'Alice Liddell');
    started.push(a);
    const b = await startPerson(
      dirs[1]?.dir ?? '',
      ['--static-node', a.node.ready.listenAddresses[0] ?? ''],
      'Bob Builder',
    );
    started.push(b);
    await meshed(b.client);
    await becomeContacts(a, b);
    // The chat exists on both sides once a first message went each way.
    await (a.client as RpcClient<Api>).call('messages.sendText', { chatId: b.account.publicKey, text: 'hi' });
    alice = await open(a);
    bob = await open(b);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    for (const p of started) p.node.child.kill('SIGTERM');
    await Promise.all(started.map((p) => p.node.exited));
    for (const d of dirs) d.cleanup();
  });

  test('alice inserts an emoji at the caret with the keyboard and sends it; bob sees it', async () => {
    await openChat(alice);
    const textBox = alice.page.getByLabel('Message', { exact: true });
    await textBox.fill('Hello world');
    await textBox.press('Home');
    for (let i = 0; i < 'Hello'.length; i++) await textBox.press('ArrowRight');

    await alice.page.getByRole('button', { name: 'Emoji' }).click();
    const picker = alice.page.getByRole('dialog', { name: 'Emoji picker' });
    await picker.waitFor({ timeout: TIMEOUT });
    await picker
      .getByRole('button', { name: '😀', exact: true })
      .and(alice.page.locator(':focus'))
      .waitFor({ timeout: TIMEOUT });
    await alice.page.keyboard.press('ArrowRight');
    await picker
      .getByRole('button', { name: '😃', exact: true })
      .and(alice.page.locator(':focus'))
      .waitFor({ timeout: TIMEOUT });
    await alice.page.screenshot({ path: path.join(SCREENSHOTS, 'emoji-picker.png'), fullPage: true });
    await alice.page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.equal(await textBox.inputValue(), 'Hello😃 world');

    // The caret is after the emoji and the text box has the focus: Enter sends.
    await alice.page.keyboard.press('Enter');
    await alice.page.getByTestId('message').getByText('Hello😃 world').waitFor({ timeout: TIMEOUT });
    await openChat(bob);
    await bob.page.getByTestId('message').getByText('Hello😃 world').waitFor({ timeout: TIMEOUT });

    await alice.page.getByRole('button', { name: 'Emoji' }).click();
    const recent = alice.page.getByRole('region', { name: 'Recently used' });
    await recent.getByRole('button', { name: '😃', exact: true }).waitFor({ timeout: TIMEOUT });
    await alice.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached', timeout: TIMEOUT });
    await textBox.and(alice.page.locator(':focus')).waitFor({ timeout: TIMEOUT });
  });

  test('no page errors on either side', () => {
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });
});
