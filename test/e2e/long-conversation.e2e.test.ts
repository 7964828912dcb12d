// A chat of a few hundred messages in a real Chromium: only a window of rows is in the DOM,
// scrolling up loads the older pages (and keeps the reader's place), and "Jump to latest"
// goes back down.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { nextFrame, openRendererSite, type RendererSite, recordProblems, rendererAddress } from '../helpers/e2e.ts';
import { type SeededCore, startSeededCore } from '../helpers/seeded-conversation.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TIMEOUT = 20_000;
const COUNT = 400;

describe('a long conversation', () => {
  const dir = tempDir();
  let core: SeededCore;
  let page: Page;
  let site: RendererSite;
  const problems: string[] = [];

  before(async () => {
    site = await openRendererSite();
    core = await startSeededCore(dir.dir, [COUNT]);
    page = await site.browser.newPage({ viewport: { width: 1200, height: 800 } });
    recordProblems(page, problems);
    await page.goto(rendererAddress(site.url, core.rpcUrl, core.token));
  });

  after(async () => {
    await site?.close();
    await core?.stop();
    dir.cleanup();
  });

  // Page-side code as strings: this file is type-checked without the DOM library.
  const rowsInDom = () => page.evaluate<number>("document.querySelectorAll('[data-testid=message]').length");
  const messages = () => page.getByRole('list', { name: 'Messages' }).getByTestId('message');
  const log = () => page.getByRole('region', { name: 'Message history' });

  test('opens at the newest message with only a window of rows in the DOM', async () => {
    await messages()
      .filter({ hasText: `#${COUNT - 1}` })
      .waitFor({ timeout: TIMEOUT });
    const shown = await rowsInDom();
    assert.ok(shown > 5 && shown < 50, `${shown} rows in the DOM for the newest page of 50`);
  });

  test('scrolling up loads older pages, keeps the place, and reaches the first message', async () => {
    await log().focus();
    // Page Up from the keyboard until the oldest message shows; each older page arrives on the way.
    for (let i = 0; i < 200 && (await messages().filter({ hasText: '#0' }).count()) === 0; i += 1) {
      await page.keyboard.press('PageUp');
      await nextFrame(page);
    }
    await messages().filter({ hasText: '#0' }).waitFor({ timeout: TIMEOUT });
    const shown = await rowsInDom();
    assert.ok(shown < 60, `${shown} rows in the DOM of ${COUNT} loaded`);
    assert.equal(
      await messages()
        .filter({ hasText: `#${COUNT - 1}` })
        .count(),
      0,
      'the newest left the DOM',
    );
  });

  test('what we send goes to the bottom; scrolled up, "Jump to latest" goes back to it', async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('a fresh one');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await messages().filter({ hasText: 'a fresh one' }).waitFor({ timeout: TIMEOUT });
    await page.evaluate("document.querySelector('.message-log').scrollTop = 0");
    const jump = page.getByRole('button', { name: /^Jump to latest/ });
    await jump.waitFor({ timeout: TIMEOUT });
    assert.equal(await messages().filter({ hasText: 'a fresh one' }).count(), 0);
    await jump.click();
    await messages().filter({ hasText: 'a fresh one' }).waitFor({ timeout: TIMEOUT });
    await jump.waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.deepEqual(problems, []);
  });
});
