// Drives headless Debian Chromium (playwright-core) on the node's dashboard: enters the admin
// token, waits until the stream STREAM is listed, sets the GOP cache's max frames to FRAMES through
// the page, waits for the page to confirm, and saves a screenshot.
// Usage: node dashboard.mjs DASHBOARD_URL TOKEN STREAM FRAMES SCREENSHOT.png
// Prints one JSON line: listed, applied (the page's confirmation), console messages. Exit 0 when both.
import { chromium } from 'playwright-core';

const [url, token, stream, frames, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let code = 1;
const result = { listed: false, applied: '', ttffBars: 0, console: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => result.console.push(m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => result.console.push('pageerror: ' + e.message));
  await page.goto(url);
  await page.fill('#token', token);
  await page.click('#connect');
  await page.waitForSelector(`tr[data-stream="${stream}"]`, { timeout: 15000 });
  result.listed = true;
  result.viewersShown = await page.evaluate((st) => document.querySelectorAll(`tr[data-stream="${st}"] .viewer`).length, stream);
  await page.waitForFunction(() => document.getElementById('gop-max-frames').value !== '', null, { timeout: 10000 });
  await page.fill('#gop-max-frames', String(frames));
  await page.click('#gop-apply');
  await page.waitForFunction(() => document.getElementById('gop-result').textContent.startsWith('applied'), null, { timeout: 10000 });
  result.applied = await page.textContent('#gop-result');
  await page.waitForTimeout(3500); // one more refresh, so the screenshot shows live figures
  result.ttffBars = await page.evaluate(() => document.querySelectorAll('#ttff div').length);
  await page.screenshot({ path: screenshot, fullPage: true });
  code = 0;
} catch (e) {
  result.error = String(e);
  try { await (await browser.contexts()[0]?.pages()[0])?.screenshot({ path: screenshot, fullPage: true }); } catch (x) { /* none */ }
} finally {
  console.log(JSON.stringify(result));
  await browser.close();
}
process.exit(code);
