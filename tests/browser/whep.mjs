// Drives headless Debian Chromium (playwright-core) on whep.html and samples the RTCPeerConnection's
// inbound-rtp stats every 500 ms for SECONDS seconds (at most LIMIT overall).
// Usage: node whep.mjs PAGE_URL SCREENSHOT.png [SECONDS=6] [LIMIT=20]
// Prints one JSON line: firstFrameMs (POST to the first decoded frame), samples of framesDecoded,
// freezeCount, framesDropped, packetsLost, jitter buffer delay, audio packets; the WHEP status and
// errors. Exit 0 when video frames were decoded.
import { chromium } from 'playwright-core';

const [pageUrl, screenshot, seconds = '6', limit = '20'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
    '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
let code = 1;
try {
  const page = await browser.newPage();
  const console_ = [];
  page.on('console', (m) => console_.push(m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => console_.push('pageerror: ' + e.message));
  const started = Date.now();
  await page.goto(pageUrl);
  const samples = [];
  let firstFrameMs = null;
  let playingSince = null;
  while (Date.now() - started < Number(limit) * 1000) {
    const s = await page.evaluate(async () => {
      const out = { whep: window.whep, t: performance.now() };
      if (!window.pc) return out;
      const stats = await window.pc.getStats();
      stats.forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          out.video = { framesDecoded: r.framesDecoded || 0, framesReceived: r.framesReceived || 0,
            framesDropped: r.framesDropped || 0, freezeCount: r.freezeCount || 0, packetsLost: r.packetsLost || 0,
            packetsReceived: r.packetsReceived || 0, nackCount: r.nackCount || 0, pliCount: r.pliCount || 0,
            keyFramesDecoded: r.keyFramesDecoded || 0, frameWidth: r.frameWidth, frameHeight: r.frameHeight,
            jitterBufferDelay: r.jitterBufferDelay, jitterBufferEmittedCount: r.jitterBufferEmittedCount,
            totalFreezesDuration: r.totalFreezesDuration || 0, estimatedPlayoutTimestamp: r.estimatedPlayoutTimestamp,
            retransmittedPacketsReceived: r.retransmittedPacketsReceived || 0 };
        }
        if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          out.audio = { packetsReceived: r.packetsReceived || 0, packetsLost: r.packetsLost || 0,
            totalSamplesReceived: r.totalSamplesReceived || 0, concealedSamples: r.concealedSamples || 0,
            totalSamplesDuration: r.totalSamplesDuration || 0, jitterBufferDelay: r.jitterBufferDelay,
            jitterBufferEmittedCount: r.jitterBufferEmittedCount, estimatedPlayoutTimestamp: r.estimatedPlayoutTimestamp,
            codec: r.codecId && stats.get(r.codecId) ? stats.get(r.codecId).mimeType : null };
        }
        if (r.type === 'remote-outbound-rtp') {
          // made by the browser from our RTCP sender reports
          // (and the round trip the browser measured from our DLRR answers to its RTCP XR reference times)
          out['sr_' + r.kind] = { reportsSent: r.reportsSent || 0, packetsSent: r.packetsSent || 0,
            roundTripTime: r.roundTripTime, roundTripTimeMeasurements: r.roundTripTimeMeasurements || 0 };
        }
      });
      return out;
    });
    if (s.whep && s.whep.errors && s.whep.errors.length > 0) { samples.push(s); break; }
    if (s.video && s.video.framesDecoded > 0 && firstFrameMs === null && s.whep.postMs != null) {
      firstFrameMs = Math.round(s.t - s.whep.postMs);
      playingSince = Date.now();
    }
    samples.push({ t: Math.round(s.t), video: s.video, audio: s.audio, srVideo: s.sr_video, srAudio: s.sr_audio,
      state: s.whep && s.whep.state });
    if (playingSince !== null && Date.now() - playingSince >= Number(seconds) * 1000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.screenshot({ path: screenshot });
  const last = samples[samples.length - 1] || {};
  const whep = await page.evaluate(() => window.whep);
  code = last.video && last.video.framesDecoded > 0 ? 0 : 1;
  console.log(JSON.stringify({ firstFrameMs: whep.firstFrameMs ?? firstFrameMs, last, whep: { status: whep.status, location: whep.location, errors: whep.errors, state: whep.state },
    samples, elapsedMs: Date.now() - started, console: console_.slice(-10) }));
} finally {
  await browser.close();
}
process.exit(code);
