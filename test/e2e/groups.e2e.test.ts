// Two people, two headless cores (contacts made over the RPC), two Chromium pages: Alice creates
// a private group with Bob from the "New group" dialog; both write in it; Bob sees the group in
// his list, its system line, and Alice's message under her name; Alice sees Bob's.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type PagePerson, SCREENSHOTS, UiPeople } from '../helpers/e2e.ts';
import { makePng } from '../helpers/images.ts';

const TIMEOUT = 30_000;

describe('a private group in the UI', () => {
  const ui = new UiPeople();
  let alice: PagePerson;
  let bob: PagePerson;

  const chats = (p: PagePerson) =>
    p.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' });
  const box = (p: PagePerson) => p.page.getByLabel('Message', { exact: true });

  before(async () => {
    [alice, bob] = await ui.pagesOfTwoContacts();
  });

  after(() => ui.stop());

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

  test('bob (a member, not an admin) sets a colour and a picture; alice sees the picture', async () => {
    await bob.page.getByRole('button', { name: 'Members: 2' }).click();
    const panel = bob.page.getByRole('dialog', { name: /Members/ });
    await panel.getByRole('button', { name: 'Change colour' }).click({ timeout: TIMEOUT });
    await panel.getByRole('button', { name: 'Colour #26a69a' }).waitFor({ timeout: TIMEOUT });
    await bob.page.screenshot({ path: path.join(SCREENSHOTS, 'groups-3-bob-colours.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Colour #26a69a' }).click({ timeout: TIMEOUT });
    await panel
      .getByLabel('Group picture file')
      .setInputFiles({ name: 'tea.png', mimeType: 'image/png', buffer: Buffer.from(makePng(96, 96)) });
    // On Alice's side: the picture replaces the initials in her chat list and in the header.
    const listed = alice.page.getByRole('list', { name: 'Chats' }).locator('.group-avatar img');
    await listed.waitFor({ timeout: TIMEOUT });
    await alice.page.locator('.conversation-header .group-avatar img').waitFor({ timeout: TIMEOUT });
    const system = alice.page.getByTestId('system-message');
    await system.filter({ hasText: "changed the group's picture" }).waitFor({ timeout: TIMEOUT });
    await alice.page.screenshot({ path: path.join(SCREENSHOTS, 'groups-4-picture.png'), fullPage: true });
  });

  test('no page errors', () => {
    assert.deepEqual(alice.problems, []);
    assert.deepEqual(bob.problems, []);
  });
});
