// Drives headless Debian Chromium (playwright-core, no browser download) on a player page and
// waits until its <video> has played WANT seconds (currentTime past where playback started, since
// a live stream starts at its live position), at most LIMIT seconds.
// Usage: node play.mjs PAGE_URL SCREENSHOT.png [WANT=5] [LIMIT=15]
// Prints one JSON line: currentTime, hls.js errors, fatal errors, elapsed ms. Exit 0 when it played.
import { chromium } from 'playwright-core';

const [pageUrl, screenshot, want = '5', limit = '15'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
let code = 1;
try {
  const page = await browser.newPage();
  const console_ = [];
  page.on('console', (m) => console_.push(m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => console_.push('pageerror: ' + e.message));
  const started = Date.now();
  await page.goto(pageUrl);
  let state = { currentTime: 0, errors: [], fatal: [] };
  while (Date.now() - started < Number(limit) * 1000) {
    state = await page.evaluate(() => ({
      currentTime: document.getElementById('v').currentTime,
      played: window.playStart == null ? 0 : document.getElementById('v').currentTime - window.playStart,
      errors: window.hlsErrors || window.playerErrors || [],
      fatal: window.fatalErrors || [],
      levelSwitches: window.levelSwitches || [],
    }));
    if (state.fatal.length > 0 || state.played >= Number(want)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.screenshot({ path: screenshot });
  code = state.played >= Number(want) && state.fatal.length === 0 ? 0 : 1;
  console.log(JSON.stringify({ ...state, elapsedMs: Date.now() - started, console: console_.slice(-10) }));
} finally {
  await browser.close();
}
process.exit(code);
