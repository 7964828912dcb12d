// Two people, two headless cores (contacts made over the RPC), two Chromium pages: Alice creates
// a private group with Bob from the "New group" dialog; both write in it; Bob sees the group in
// his list, its system line, and Alice's message under her name; Alice sees Bob's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

describe('a private group in the UI', () => {
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

  const chats = (p: Person) =>
    p.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' });
  const box = (p: Person) => p.page.getByLabel('Message', { exact: true });

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

  test('alice creates the group with bob and writes in it', async () => {
    await chats(alice).click();
    await alice.page.getByRole('button', { name: 'New group' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Tea party');
    await dialog.getByRole('checkbox', { name: /Bob Builder/ }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
    await alice.page.getByRole('heading', { name: 'Tea party' }).waitFor({ timeout: TIMEOUT });
    await alice.page.getByRole('button', { name: 'Members: 2' }).waitFor({ timeout: TIMEOUT });
    await alice.page.getByTestId('system-message').first().waitFor({ timeout: TIMEOUT });
    await box(alice).fill('Hello group');
    await box(alice).press('Enter');
    await alice.page.getByTestId('message').filter({ hasText: 'Hello group' }).waitFor({ timeout: TIMEOUT });
  });

  test('bob sees the group, its system line and alice’s message under her name, and answers', async () => {
    await chats(bob).click();
    await bob.page
      .getByRole('list', { name: 'Chats' })
      .getByRole('button', { name: /Tea party/ })
      .click({ timeout: TIMEOUT });
    await bob.page.getByRole('heading', { name: 'Tea party' }).waitFor({ timeout: TIMEOUT });
    const system = bob.page.getByTestId('system-message');
    await system.first().waitFor({ timeout: TIMEOUT });
    assert.match((await system.allTextContents()).join(' | '), /Alice Liddell/);
    const hello = bob.page.getByTestId('message').filter({ hasText: 'Hello group' });
    await hello.waitFor({ timeout: TIMEOUT });
    assert.equal(await hello.getByTestId('sender-name').textContent(), 'Alice Liddell');
    assert.equal(
      await bob.page.getByRole('region', { name: 'Group invitation' }).count(),
      0,
      'a contact’s group: no invitation',
    );
    await box(bob).fill('Hi from Bob');
    await box(bob).press('Enter');
    await bob.page.screenshot({ path: path.join(SCREENSHOTS, 'groups-1-bob.png'), fullPage: true });

    const answer = alice.page.getByTestId('message').filter({ hasText: 'Hi from Bob' });
    await answer.waitFor({ timeout: TIMEOUT });
    assert.equal(await answer.getByTestId('sender-name').textContent(), 'Bob Builder');
    await alice.page.screenshot({ path: path.join(SCREENSHOTS, 'groups-2-alice.png'), fullPage: true });
  });

  test('no page errors', () => {
    assert.deepEqual(alice.problems, []);
    assert.deepEqual(bob.problems, []);
  });
});
