// Two people, two headless cores (contacts made over the RPC), two Chromium pages: Alice
// attaches a picture in the composer, sees its preview and sends it; Bob sees it rendered
// (decoded: naturalWidth > 0), opens it large and closes the viewer with Escape.
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
import { makePng } from '../helpers/images.ts';
import { serveDirectory } from '../helpers/static-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const RENDERER_DIR = path.join(REPO_ROOT, 'build', 'renderer');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const TIMEOUT = 30_000;

interface Person extends ChatPerson {
  page: Page;
  problems: string[];
}

describe('sending a picture in the UI', () => {
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

  test('alice attaches a picture, previews it and sends it; bob sees it rendered', async () => {
    await openChat(alice);
    const png = makePng(120, 80, [200, 40, 40]);
    await alice.page
      .getByLabel('Image file')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    const preview = alice.page.getByRole('figure', { name: 'Image to send' });
    await preview.getByText('120 × 80').waitFor({ timeout: TIMEOUT });
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await preview.waitFor({ state: 'detached', timeout: TIMEOUT });

    await openChat(bob);
    const image = bob.page.getByTestId('message-image');
    await image.waitFor({ timeout: TIMEOUT });
    // Decoded, not just in the DOM (this file is type-checked without the DOM library).
    await bob.page.waitForFunction(
      `(() => { const img = document.querySelector('[data-testid="message-image"]'); return !!img && img.complete && img.naturalWidth > 0; })()`,
      undefined,
      { timeout: TIMEOUT },
    );
    const naturalWidth = (img: unknown) => (img as { naturalWidth: number }).naturalWidth;
    assert.equal(await image.evaluate(naturalWidth), 120);
    assert.match((await image.getAttribute('src')) ?? '', /^blob:/);
    assert.match(
      (await bob.page.getByRole('list', { name: 'Chats' }).getByRole('button').first().textContent()) ?? '',
      /Image/,
    );

    await bob.page.getByRole('button', { name: 'View image' }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'Image' });
    await dialog.waitFor({ timeout: TIMEOUT });
    await bob.page.screenshot({ path: path.join(SCREENSHOTS, 'image-viewer.png'), fullPage: true });
    await bob.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
    // Alice's own copy renders too.
    await alice.page.getByTestId('message-image').waitFor({ timeout: TIMEOUT });
  });

  test('no page errors on either side', () => {
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });
});
