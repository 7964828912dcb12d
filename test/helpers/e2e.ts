// Browser-test scaffolding: the built renderer served on 127.0.0.1 with a Chromium to open it,
// pages that record their errors, and headless people each with a page of their own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { ChatPeople, type ChatPerson } from './chat-people.ts';
import { REPO_ROOT } from './headless-process.ts';
import { serveDirectory } from './static-server.ts';

export const RENDERER_DIR = path.join(REPO_ROOT, 'build', 'renderer');
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');

export interface RendererSite {
  browser: Browser;
  url: string;
  /** Closes the browser, then the server. */
  close: () => Promise<void>;
}

/** Serves the built renderer and launches Chromium; fails early when the renderer is not built. */
export async function openRendererSite(): Promise<RendererSite> {
  assert.ok(fs.existsSync(path.join(RENDERER_DIR, 'index.html')), 'build the renderer first: npm run build:renderer');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const site = await serveDirectory(RENDERER_DIR);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await site.close();
    throw error;
  }
  return {
    browser,
    url: site.url,
    close: async () => {
      await browser.close();
      await site.close();
    },
  };
}

/** The renderer's address with a core's RPC endpoint and token in the fragment. */
export function rendererAddress(siteUrl: string, rpcUrl: string | null | undefined, token: string): string {
  return `${siteUrl}/#ws=${encodeURIComponent(rpcUrl ?? '')}&token=${token}`;
}

export interface ProblemOptions {
  /** Record a page error's stack rather than only its message. */
  stacks?: boolean;
  /** Record console errors too. */
  consoleErrors?: boolean;
}

/** Pushes the page's uncaught errors (and, if asked, console errors) into `problems`. */
export function recordProblems(page: Page, problems: string[], options: ProblemOptions = {}): void {
  page.on('pageerror', (error) => problems.push(options.stacks ? (error.stack ?? error.message) : error.message));
  if (options.consoleErrors) {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
  }
}

export interface PagePerson extends ChatPerson {
  page: Page;
  problems: string[];
}

/**
 * People in the UI: headless cores with fresh accounts, each with a Chromium page on the served
 * renderer. `stop` closes the browser and the site, stops every core started and removes their
 * data directories, whatever point the setup reached.
 */
export class UiPeople extends ChatPeople {
  site: RendererSite | undefined;

  async start(): Promise<void> {
    this.site = await openRendererSite();
  }

  /** A page on the renderer logged into `person`'s core, recording errors with stacks and console errors. */
  async open(person: ChatPerson): Promise<PagePerson> {
    const site = this.site;
    assert.ok(site, 'start() first');
    const page = await site.browser.newPage();
    const problems: string[] = [];
    recordProblems(page, problems, { stacks: true, consoleErrors: true });
    await page.goto(rendererAddress(site.url, person.node.ready.rpcUrl, person.node.token()));
    return { ...person, page, problems };
  }

  /**
   * Alice and Bob as contacts, each on a page; with `greeting`, Alice wrote to Bob first so the
   * chat exists on both sides.
   */
  async pagesOfTwoContacts(options: { greeting?: string } = {}): Promise<[PagePerson, PagePerson]> {
    await this.start();
    const [a, b] = await this.twoContacts();
    if (options.greeting)
      await a.client.call('messages.sendText', { chatId: b.account.publicKey, text: options.greeting });
    return [await this.open(a), await this.open(b)];
  }

  override async stop(): Promise<void> {
    await this.site?.close();
    await super.stop();
  }
}

/** Goes to Chats and opens the first chat in the list. */
export async function openFirstChat(p: { page: Page }): Promise<void> {
  await p.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' }).click();
  await p.page.getByRole('list', { name: 'Chats' }).getByRole('button').first().click();
}

/** The next animation frame of the page has been painted. */
export function nextFrame(page: Page): Promise<unknown> {
  return page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(true)))');
}

/**
 * Waits until a page expression is true, checking it once per animation frame. Not
 * `page.waitForFunction`: it evaluates its predicate with eval inside the page, which the app's
 * CSP (script-src 'self') rightly forbids.
 */
export async function untilInPage(page: Page, expression: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const check = `new Promise((resolve) => requestAnimationFrame(() => resolve(Boolean(${expression}))))`;
  while (!(await page.evaluate<boolean>(check))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}
