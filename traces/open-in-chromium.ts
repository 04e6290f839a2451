import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs when it is missing; page tests skip, and say so, without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);
/** Appended to the name of a page test's suite when it is skipped. */
export const chromiumSkipNote = chromiumPresent ? '' : ` [SKIPPED: no Chromium at ${CHROMIUM}; .ci/run installs it]`;

export interface OpenedPage {
  /** Console errors and uncaught exceptions while the page loaded and while `inspect` ran. */
  readonly errors: readonly string[];
  /** Every URL the page requested, the page itself included. */
  readonly requests: readonly string[];
  /** Dialogs the page opened (an alert from injected script, say). */
  readonly dialogs: readonly string[];
}

/**
 * Test support for the offline HTML pages faultline writes: loads `file` in
 * headless Chromium (through playwright-core, which downloads no browser),
 * lets `inspect` look at the page, and reports what the page logged,
 * requested and opened meanwhile.
 */
export async function openInChromium(file: string, inspect: (page: Page) => Promise<void>): Promise<OpenedPage> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await inspect(page);
    return { errors, requests, dialogs };
  } finally {
    await browser.close();
  }
}
