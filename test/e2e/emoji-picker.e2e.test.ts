// Two people, two headless cores (contacts made over the RPC), two Chromium pages: Alice writes
// in the composer, opens the emoji picker, moves with the arrow keys, inserts an emoji at the
// caret with Enter and sends; both conversations show it, and the picker's "Recently used" row
// has it the next time it opens.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openFirstChat, type PagePerson, SCREENSHOTS, UiPeople } from '../helpers/e2e.ts';

const TIMEOUT = 30_000;

describe('the emoji picker in the composer', () => {
  const ui = new UiPeople();
  let alice: PagePerson;
  let bob: PagePerson;

  before(async () => {
    [alice, bob] = await ui.pagesOfTwoContacts({ greeting: 'hi' });
  });

  after(() => ui.stop());

  test('alice inserts an emoji at the caret with the keyboard and sends it; bob sees it', async () => {
    await openFirstChat(alice);
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
    await openFirstChat(bob);
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
