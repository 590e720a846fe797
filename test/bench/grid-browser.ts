// The grid in Debian's Chromium through web mode, on the 1M-row bench case: time from navigation
// to the first rows, and from a jump 90% down the list to rows being shown there.
import { chromium } from 'playwright';
import { benchCase } from './query';
import type { Benchmark } from './harness';
import { serve } from './serve';


export const gridBrowser: Benchmark = {
  id: 'grid-browser',
  title: 'The grid in Chromium (web mode) on the 1M-row bench case',
  async run() {
    const server = await serve(await benchCase());
    const browser = await chromium.launch({
      executablePath: process.env['SIGHTLINE_CHROMIUM'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const t0 = performance.now();
      await page.goto(server.open);
      await page.locator('[data-testid=grid] .ag-row[row-index="0"] [col-id="createdDateTime"]').filter({ hasText: /\d/ }).waitFor();
      const firstRows = performance.now() - t0;
      // Wait for the count, so the scrollbar spans the whole case, then jump 90% down.
      await page.getByTestId('row-count').filter({ hasText: /1,000,000/ }).waitFor({ timeout: 30_000 });
      // And for the summary, so the jump is measured on its own (an analyst scrolls after the page settles).
      await page.locator('[data-testid=summary]:not(.loading)').waitFor({ timeout: 30_000 });
      const t1 = performance.now();
      await page.evaluate(() => {
        const viewport = (document.querySelector('[data-testid=grid] .ag-body-vertical-scroll-viewport') ?? document.querySelector('.ag-body-vertical-scroll-viewport') ?? document.querySelector('.ag-body-viewport')) as HTMLElement;
        viewport.scrollTop = viewport.scrollHeight * 0.9;
      });
      await page.waitForFunction(() => {
        const rows = Array.from(document.querySelectorAll('[data-testid=grid] .ag-row')) as HTMLElement[];
        return rows.some((r) => Number(r.getAttribute('row-index')) > 850_000 && /\d/.test(r.querySelector('[col-id="createdDateTime"]')?.textContent ?? ''));
      });
      const jump = performance.now() - t1;
      return [
        { name: 'first rows visible after navigation', value: Math.round(firstRows), unit: 'ms', goal: '<= 1500' },
        { name: 'rows shown after a jump to row ~900,000', value: Math.round(jump), unit: 'ms', goal: '<= 300' },
      ];
    } finally {
      await browser.close();
      server.stop();
    }
  },
};
