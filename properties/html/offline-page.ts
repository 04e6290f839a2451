import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, which `.ci/run` installs; the page tests are skipped, and say so, without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);
/** Appended to a page test's name when it cannot run. */
export const CHROMIUM_SKIP_NOTE = chromiumPresent ? '' : ' [SKIPPED: no Chromium at /usr/bin/chromium; .ci/run installs it]';

/**
 * For tests: opens an HTML file in headless Chromium, requires that it
 * loads with no console error and no request but the file itself (an
 * offline page fetches nothing), then hands the page to `check`; and that
 * still nothing was logged, fetched or shown in a dialog (script injected
 * through the page's text would show itself so) once `check` is done.
 */
export async function checkOfflinePage(file: string, check: (page: Page) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await check(page);
    expect({ errors, requests, dialogs }).toEqual({ errors: [], requests: [pathToFileURL(file).href], dialogs: [] });
  } finally {
    await browser.close();
  }
}
