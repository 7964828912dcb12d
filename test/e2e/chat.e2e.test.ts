// Two people, two headless cores, two Chromium pages: Alice sends Bob a contact request from
// the Contacts screen, Bob sees the badge and accepts, then they chat both ways and Alice's
// message turns "Delivered".
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { meshed } from '../helpers/chat-people.ts';
import { type PagePerson, SCREENSHOTS, UiPeople } from '../helpers/e2e.ts';

const TIMEOUT = 30_000;

describe('two people chatting in the UI', () => {
  const ui = new UiPeople();
  let alice: PagePerson;
  let bob: PagePerson;

  before(async () => {
    await ui.start();
    const a = await ui.person('Alice Liddell');
    alice = await ui.open(a);
    const b = await ui.person('Bob Builder', ['--static-node', a.node.ready.listenAddresses[0] ?? '']);
    bob = await ui.open(b);
    // Both must be in each other's relay mesh before the first message, or it waits for MVDS's retry.
    await meshed(b.client, 20_000);
    // Everything from here on goes through the pages.
    a.client.close();
    b.client.close();
  });

  after(() => ui.stop());

  const nav = (p: PagePerson) => p.page.getByRole('navigation', { name: 'Sections' });

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
