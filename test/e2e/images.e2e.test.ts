// Two people, two headless cores (contacts made over the RPC), two Chromium pages: Alice
// attaches a picture in the composer, sees its preview and sends it; Bob sees it rendered
// (decoded: naturalWidth > 0), opens it large and closes the viewer with Escape.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openFirstChat, type PagePerson, SCREENSHOTS, UiPeople, untilInPage } from '../helpers/e2e.ts';
import { makePng } from '../helpers/images.ts';

const TIMEOUT = 30_000;

describe('sending a picture in the UI', () => {
  const ui = new UiPeople();
  let alice: PagePerson;
  let bob: PagePerson;

  before(async () => {
    [alice, bob] = await ui.pagesOfTwoContacts({ greeting: 'hi' });
  });

  after(() => ui.stop());

  test('alice attaches a picture, previews it and sends it; bob sees it rendered', async () => {
    await openFirstChat(alice);
    const png = makePng(120, 80, [200, 40, 40]);
    await alice.page
      .getByLabel('Image file')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    const preview = alice.page.getByRole('figure', { name: 'Image to send' });
    await preview.getByText('120 × 80').waitFor({ timeout: TIMEOUT });
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await preview.waitFor({ state: 'detached', timeout: TIMEOUT });

    await openFirstChat(bob);
    const image = bob.page.getByTestId('message-image');
    await image.waitFor({ timeout: TIMEOUT });
    // Decoded, not just in the DOM (this file is type-checked without the DOM library).
    await untilInPage(
      bob.page,
      `(() => { const img = document.querySelector('[data-testid="message-image"]'); return !!img && img.complete && img.naturalWidth > 0; })()`,
      TIMEOUT,
      'the picture to be decoded',
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
