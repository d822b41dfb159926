// The node's dashboard: reads the admin API with the bearer token (kept in sessionStorage for this
// tab only) every 3 s; changes the GOP cache and rendition bitrates through the same API.
(function () {
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem('edge-admin-token') || '';
  let gopLoaded = false;
  $('token').value = token;

  async function api(method, path, body) {
    const r = await fetch(path, {
      method,
      headers: Object.assign({ 'Authorization': 'Bearer ' + token }, body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) {
      let msg = text;
      try { msg = JSON.parse(text).message; } catch (e) { /* not JSON */ }
      throw new Error(r.status + ': ' + msg);
    }
    return path === '/metrics' ? text : JSON.parse(text);
  }

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  function kv(el, pairs) {
    el.innerHTML = pairs.map(([k, v]) => '<div>' + esc(k) + '</div><div>' + esc(v) + '</div>').join('');
  }
  function mib(b) { return (b / 1048576).toFixed(2) + ' MiB'; }

  function renderNode(n) {
    $('node-id').textContent = n.nodeId + ' (tier ' + n.tier + ', ' + n.region + ')';
    kv($('node'), [
      ['version', n.version], ['uptime', n.uptimeSeconds + ' s'], ['url', n.url],
      ['Consul', n.consul.configured ? (n.consul.registration + ', drain ' + n.consul.drain + ', parents ' + n.consul.parents.join(' ')) : 'not configured'],
      ['streams', n.totals.streams], ['HTTP-FLV viewers', n.totals.httpFlvViewers], ['HLS viewers (estimate)', n.totals.hlsViewers],
      ['WebRTC viewers', n.totals.webrtcViewers],
      ['egress', mib(n.totals.egressBytes)], ['slow-viewer skips / closes', n.totals.framesSkipped + ' / ' + n.totals.viewersClosedSlow],
      ['transcode sessions', n.totals.transcodeSessions],
    ]);
  }

  async function renderStreams(list) {
    const rows = [];
    for (const [i, s] of list.entries()) {
      let detail = s;
      let viewers = [];
      if (i < 20) { // details for the first 20 streams; the rest in summary
        try { detail = await api('GET', '/admin/streams/' + s.stream); } catch (e) { /* stopped meanwhile */ }
        try { viewers = (await api('GET', '/admin/streams/' + s.stream + '/viewers')).viewers; } catch (e) { /* idem */ }
      }
      const rends = (detail.renditions || []).map((r) =>
        '<div>' + esc(r.name) + ' ' + esc(r.size) + ' ' + (r.measuredKbps == null ? '' : esc(r.measuredKbps) + ' kbit/s') +
        ' <input type="text" data-rendition="' + esc(s.stream + '|' + r.name) + '" placeholder="' + esc(Math.round((r.configuredBitrate || 0) / 1000) + 'k') + '">' +
        ' <button data-set="' + esc(s.stream + '|' + r.name) + '">set</button></div>').join('');
      const v = s.viewers;
      const list5 = viewers.slice(0, 5).map((x) => '<div class="viewer">' + esc((x.protocol === 'webrtc' ? 'WebRTC ' : '') + x.remote + ' ' + Math.round(x.bytesSent / 1024) + ' KiB' +
        (x.child ? ' (child node)' : '') + (x.protocol === 'webrtc' ? ', RTT ' + (x.rttMs == null ? '?' : x.rttMs) + ' ms, loss ' +
        Math.round(x.fractionLost * 100) + ' %, resent ' + x.packetsRetransmitted : '')) +
        ' <button data-kick="' + esc(s.stream + '|' + x.id) + '">kick</button></div>').join('') + (viewers.length > 5 ? '<div>... ' + (viewers.length - 5) + ' more</div>' : '');
      rows.push('<tr data-stream="' + esc(s.stream) + '"><td>' + esc(s.stream) + '</td><td>' + esc(s.state) + '</td><td>' + esc(s.upstream) +
        '</td><td>' + esc(v.httpFlv + ' HTTP-FLV' + (v.childNodes ? ', ' + v.childNodes + ' child' : '') + ', ' + (v.hls || 0) + ' HLS, ' + (v.webrtc || 0) + ' WebRTC') + list5 +
        '</td><td class="num">' + esc(s.fps) + '</td><td class="num">' + esc(s.ingressKbps) +
        '</td><td class="num">' + esc(s.gopCache.frames + ' tags, ' + mib(s.gopCache.bytes) + ', ' + s.gopCache.durationMs + ' ms') +
        '</td><td>' + rends + '</td></tr>');
    }
    $('streams').innerHTML = rows.join('') || '<tr><td colspan="8">no stream pulled</td></tr>';
  }

  function metric(text, name) {
    const m = text.match(new RegExp('^' + name.replace(/[{}"=]/g, (c) => '\\' + c) + ' (\\S+)$', 'm'));
    return m ? Number(m[1]) : 0;
  }

  function renderMetrics(text) {
    const buckets = [];
    const re = /^edge_ttff_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm;
    let m;
    while ((m = re.exec(text)) !== null) buckets.push([m[1], Number(m[2])]);
    let prev = 0;
    const counts = buckets.map(([le, c]) => { const n = c - prev; prev = c; return [le, n]; });
    const max = Math.max(1, ...counts.map((c) => c[1]));
    $('ttff').innerHTML = counts.map(([le, n]) =>
      '<div title="' + esc(n + ' viewers') + '" style="height:' + Math.max(2, 100 * n / max) + 'px"><span>' +
      esc(le === '+Inf' ? '>5s' : Number(le) < 1 ? '≤' + Math.round(Number(le) * 1000) + 'ms' : '≤' + Number(le) + 's') + '</span></div>').join('');
    kv($('caches'), [
      ['GOP cache, all streams', mib(metric(text, 'edge_gop_cache_bytes'))],
      ['HLS segment cache', mib(metric(text, 'edge_hls_segment_cache_bytes'))],
      ['HLS segment cache hit ratio', metric(text, 'edge_hls_segment_cache_hit_ratio').toFixed(3)],
      ['TTFF samples', metric(text, 'edge_ttff_seconds_count')],
      ['WebRTC NACKed / retransmitted / PLI+FIR', metric(text, 'edge_webrtc_nacks_received_total') + ' / ' +
        metric(text, 'edge_webrtc_packets_retransmitted_total') + ' / ' + metric(text, 'edge_webrtc_keyframe_requests_total')],
    ]);
  }

  async function refresh() {
    if (!token) { $('login-state').textContent = 'enter the admin token'; return; }
    try {
      const [node, streams, metrics] = await Promise.all([api('GET', '/admin/node'), api('GET', '/admin/streams'), api('GET', '/metrics')]);
      renderNode(node);
      await renderStreams(streams);
      renderMetrics(metrics);
      if (!gopLoaded) {
        const g = await api('GET', '/admin/config/gop-cache');
        $('gop-enabled').checked = g.enabled;
        $('gop-max-frames').value = g['max-frames'];
        $('gop-max-duration').value = g['max-duration'];
        gopLoaded = true;
      }
      $('login-state').innerHTML = '<span class="ok">connected, refreshed ' + new Date().toLocaleTimeString() + '</span>';
    } catch (e) {
      $('login-state').innerHTML = '<span class="err">' + esc(e.message) + '</span>';
    }
  }

  $('connect').addEventListener('click', () => {
    token = $('token').value.trim();
    sessionStorage.setItem('edge-admin-token', token);
    gopLoaded = false;
    refresh();
  });
  $('gop-apply').addEventListener('click', async () => {
    const body = {
      enabled: $('gop-enabled').checked,
      'max-frames': Number($('gop-max-frames').value),
      'max-duration': $('gop-max-duration').value,
    };
    try {
      const g = await api('PUT', '/admin/config/gop-cache' + ($('gop-persist').checked ? '?persist=true' : ''), body);
      $('gop-result').innerHTML = '<span class="ok">applied: ' + esc((g.enabled ? 'on' : 'off') + ', ' + g['max-frames'] + ' frames, ' + g['max-duration']) + '</span>';
    } catch (e) {
      $('gop-result').innerHTML = '<span class="err">' + esc(e.message) + '</span>';
    }
  });
  $('streams').addEventListener('click', async (ev) => {
    const kick = ev.target.getAttribute && ev.target.getAttribute('data-kick');
    if (kick) {
      const [stream, id] = kick.split('|');
      try { await api('DELETE', '/admin/streams/' + stream + '/viewers/' + id); refresh(); } catch (e) { alert(e.message); }
      return;
    }
    const key = ev.target.getAttribute && ev.target.getAttribute('data-set');
    if (!key) return;
    const [stream, name] = key.split('|');
    const input = document.querySelector('input[data-rendition="' + key + '"]');
    try {
      await api('PATCH', '/admin/streams/' + stream + '/renditions/' + name, { bitrate: input.value });
      input.value = '';
      input.placeholder = 'set';
    } catch (e) {
      alert(e.message);
    }
  });
  refresh();
  setInterval(refresh, 3000);
})();
