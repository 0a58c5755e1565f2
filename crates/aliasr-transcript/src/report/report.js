// aliasr subtitle report: draws the embedded data (see report/data.rs for its layout).
// Plain script, no dependencies. The timeline is a canvas, so 100k cues stay usable: cues
// narrower than a few pixels are merged per pixel column, and each draw visits only the cues
// in view (found by binary search). Text from the data only ever goes into text nodes.
(function () {
  'use strict';
  var started = performance.now();
  var byId = function (id) { return document.getElementById(id); };
  var data = JSON.parse(byId('report-data').textContent);
  var body = document.body;
  if (!data || !data.cues) {
    body.dataset.ready = 'no-data';
    return;
  }

  // ---- helpers -------------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    for (var k = 2; k < arguments.length; k++) {
      var child = arguments[k];
      if (child == null) continue;
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function pad(n, width) { n = String(n); while (n.length < width) n = '0' + n; return n; }
  // 1:02:03.456, or 02:03.456 under an hour.
  function clock(ms) {
    ms = Math.max(0, Math.round(ms));
    var h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
    var s = Math.floor(ms / 1000) % 60, f = ms % 1000;
    return (h ? h + ':' + pad(m, 2) : pad(m, 2)) + ':' + pad(s, 2) + '.' + pad(f, 3);
  }
  function seconds(ms) {
    if (ms == null) return 'none';
    return ms >= 60000 ? clock(ms) : (ms / 1000).toFixed(ms % 1000 ? 3 : 0).replace(/(\.\d*?)0+$/, '$1') + ' s';
  }
  function count(n, one, many) { return n.toLocaleString('en') + ' ' + (n === 1 ? one : many); }
  function percent(part, whole) { return whole ? ' (' + (100 * part / whole).toFixed(1) + '%)' : ''; }
  function firstLine(text) { var k = text.indexOf('\n'); return k < 0 ? text : text.slice(0, k) + ' / ' + text.slice(k + 1).replace(/\n/g, ' / '); }
  function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  var color = { cue: cssVar('--cue'), flag: cssVar('--flag'), over: cssVar('--over'), bar: cssVar('--bar'),
    limit: cssVar('--limit'), seg: cssVar('--seg'), ink: cssVar('--ink'), muted: cssVar('--muted'), line: cssVar('--line') };
  // The smallest round step (1, 2, 5 x 10^k, or a clock-friendly one) of at least `min`.
  var STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000,
    120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 18000000, 36000000, 86400000];
  function roundStep(min) {
    for (var k = 0; k < STEPS.length; k++) if (STEPS[k] >= min) return STEPS[k];
    return STEPS[STEPS.length - 1] * Math.ceil(min / STEPS[STEPS.length - 1]);
  }

  // ---- data into typed arrays ----------------------------------------------------------
  var cues = data.cues, segs = data.segments, flags = data.flags;
  var cueCount = cues.start_ms.length;
  var cueStart = new Float64Array(cueCount), cueEnd = new Float64Array(cueCount);
  var cueCps = new Float32Array(cueCount), cueLimit = new Float32Array(cueCount);
  var cueFlags = new Uint16Array(cueCount);
  var laidOut = 0;
  for (var i = 0; i < cueCount; i++) {
    cueStart[i] = cues.start_ms[i];
    cueEnd[i] = cues.end_ms[i];
    cueCps[i] = cues.cps[i];
    var limits = data.limits[cues.script[i]];
    cueLimit[i] = limits && limits.max_cps != null ? limits.max_cps : Infinity;
    cueFlags[i] = cues.flags[i];
    if (cueEnd[i] > cueStart[i] && (i === 0 || cueStart[i] >= cueEnd[i - 1])) laidOut++;
  }
  // The number of cues placed on the timeline (the browser test compares it with the cue count).
  body.dataset.timelineItems = String(laidOut);

  // Segments sorted by start, each in one of two lanes so that overlaps show.
  var segCount = segs.start_ms.length;
  var order = new Uint32Array(segCount);
  for (i = 0; i < segCount; i++) order[i] = i;
  var sorted = true;
  for (i = 1; i < segCount; i++) if (segs.start_ms[i] < segs.start_ms[i - 1]) { sorted = false; break; }
  if (!sorted) order.sort(function (a, b) { return segs.start_ms[a] - segs.start_ms[b] || a - b; });
  var segStart = new Float64Array(segCount), segEnd = new Float64Array(segCount), segLane = new Uint8Array(segCount);
  var dropped = new Uint8Array(segCount), longestSegment = 0, laneEnd = [-Infinity, -Infinity];
  data.dropped_segments.forEach(function (s) { dropped[s] = 1; });
  for (i = 0; i < segCount; i++) {
    var s = order[i];
    segStart[i] = segs.start_ms[s];
    segEnd[i] = segs.end_ms[s];
    longestSegment = Math.max(longestSegment, segEnd[i] - segStart[i]);
    segLane[i] = segStart[i] >= laneEnd[0] ? 0 : 1;
    if (!dropped[s]) laneEnd[segLane[i]] = Math.max(laneEnd[segLane[i]], segEnd[i]);
  }
  var positionOfSegment = new Uint32Array(segCount);
  for (i = 0; i < segCount; i++) positionOfSegment[order[i]] = i;

  // First index whose value is greater than `value` (arrays sorted ascending).
  function upperBound(array, value) {
    var lo = 0, hi = array.length;
    while (lo < hi) { var mid = (lo + hi) >>> 1; if (array[mid] > value) hi = mid; else lo = mid + 1; }
    return lo;
  }
  function lowerBound(array, value) {
    var lo = 0, hi = array.length;
    while (lo < hi) { var mid = (lo + hi) >>> 1; if (array[mid] >= value) hi = mid; else lo = mid + 1; }
    return lo;
  }

  // ---- summary tables ------------------------------------------------------------------
  var input = data.input;
  byId('title').textContent = 'Subtitle report: ' + input.source_name;
  var span = Math.max(0, input.end_ms - input.start_ms);
  function row(table, label) {
    var tr = el('tr', null, el('th', null, label));
    for (var k = 2; k < arguments.length; k++) tr.appendChild(el('td', null, arguments[k]));
    table.appendChild(tr);
  }
  var summary = byId('summary');
  row(summary, 'Source', input.source_name);
  row(summary, 'Segments', count(input.segments, 'segment', 'segments') + ': ' +
    input.empty_segments_dropped + ' empty dropped, ' + input.overlaps_resolved + ' overlaps resolved, ' +
    input.segments_merged + ' merged');
  row(summary, 'Cues', count(input.cues, 'cue', 'cues') + ' (' + count(input.splits, 'extra cue', 'extra cues') + ' from splits)');
  row(summary, 'Flagged', count(input.flagged_cues, 'cue', 'cues') + percent(input.flagged_cues, input.cues));
  row(summary, 'Time span', clock(input.start_ms) + ' \u2192 ' + clock(input.end_ms) + ' (' + seconds(span) + ')');
  row(summary, 'Speech', seconds(input.speech_ms) + percent(input.speech_ms, span));
  row(summary, 'Scripts', input.scripts.map(function (share) {
    return share.script + ': ' + count(share.segments, 'segment', 'segments') + ', ' +
      count(share.cues, 'cue', 'cues') + ', ' + count(share.characters, 'char', 'chars');
  }).join('; ') || 'none');
  if (input.offset_ms) row(summary, 'Offset', (input.offset_ms > 0 ? '+' : '\u2212') + seconds(Math.abs(input.offset_ms)));

  byId('limits-title').textContent = 'Limits (preset ' + input.preset + ')';
  var shown = data.limits.filter(function (l) {
    return input.scripts.some(function (share) { return share.script === l.script; });
  });
  if (!shown.length) shown = data.limits.slice(0, 1);
  var limitsTable = byId('limits');
  var header = el('tr', null, el('th', null, ''));
  shown.forEach(function (l) { header.appendChild(el('th', null, l.script)); });
  limitsTable.appendChild(header);
  function limitRow(label, format) {
    var tr = el('tr', null, el('th', null, label));
    shown.forEach(function (l) { tr.appendChild(el('td', null, format(l))); });
    limitsTable.appendChild(tr);
  }
  function orNone(v, suffix) { return v == null ? 'none' : v + (suffix || ''); }
  limitRow('Chars per line', function (l) { return l.max_line_chars == null ? 'none' : l.max_line_chars + ' (' + l.max_line_columns + ' columns)'; });
  limitRow('Lines per cue', function (l) { return orNone(l.max_lines); });
  limitRow('Reading speed', function (l) { return orNone(l.max_cps, ' chars/s'); });
  limitRow('Min duration', function (l) { return seconds(l.min_duration_ms); });
  limitRow('Max duration', function (l) { return seconds(l.max_duration_ms); });
  limitRow('Min gap', function (l) { return seconds(l.min_gap_ms); });
  limitRow('Max linger', function (l) { return seconds(l.max_linger_ms); });

  var flagCounts = byId('flag-counts');
  flags.forEach(function (f) { row(flagCounts, f.description, f.count.toLocaleString('en')); });
  row(flagCounts, 'empty segment dropped', data.dropped_segments.length.toLocaleString('en'));

  // ---- media preview -------------------------------------------------------------------
  var video = null;
  if (data.media) {
    byId('media').hidden = false;
    video = byId('video');
    var track = document.createElement('track');
    track.kind = 'subtitles';
    track.label = 'aliasr';
    track.default = true;
    track.src = URL.createObjectURL(new Blob([data.media.vtt], { type: 'text/vtt' }));
    track.addEventListener('load', function () {
      body.dataset.trackCues = String(track.track.cues ? track.track.cues.length : 0);
    });
    video.appendChild(track);
    video.src = data.media.url;
    track.track.mode = 'showing';
    video.addEventListener('timeupdate', requestDraw);
  }

  // ---- timeline ------------------------------------------------------------------------
  var canvas = byId('timeline'), ctx = canvas.getContext('2d');
  var HEIGHT = 250, AXIS = 20;
  var CPS_TOP = 28, CPS_BOTTOM = 128, CUE_TOP = 138, CUE_BOTTOM = 178, SEG_TOP = 190, LANE = 24;
  var fullStart = input.start_ms, fullEnd = Math.max(input.end_ms, input.start_ms + 1000);
  var margin = (fullEnd - fullStart) * 0.01;
  fullStart = Math.max(0, fullStart - margin);
  fullEnd += margin;
  var MIN_SPAN = 200;
  var viewStart = fullStart, viewEnd = fullEnd, selected = -1, selectedSegment = -1;

  // The reading-speed axis: room above the highest limit, unless no cue needs it.
  var maxLimit = 0, cpsSorted = Float32Array.from(cueCps).sort();
  for (i = 0; i < cueCount; i++) if (isFinite(cueLimit[i])) maxLimit = Math.max(maxLimit, cueLimit[i]);
  var p99 = cueCount ? cpsSorted[Math.floor((cueCount - 1) * 0.99)] : 1;
  var cpsScale = maxLimit ? Math.max(maxLimit * 1.5, Math.min(p99 * 1.1, maxLimit * 3)) : Math.max(p99 * 1.1, 1);

  function setView(start, end) {
    var width = Math.min(Math.max(end - start, MIN_SPAN), fullEnd - fullStart);
    start = Math.min(Math.max(start, fullStart), fullEnd - width);
    viewStart = start;
    viewEnd = start + width;
    requestDraw();
  }
  function zoom(factor, anchorMs) {
    if (anchorMs == null) anchorMs = (viewStart + viewEnd) / 2;
    var width = Math.min(Math.max((viewEnd - viewStart) * factor, MIN_SPAN), fullEnd - fullStart);
    var ratio = (anchorMs - viewStart) / (viewEnd - viewStart);
    setView(anchorMs - ratio * width, anchorMs - ratio * width + width);
  }
  function pan(ms) { setView(viewStart + ms, viewEnd + ms); }

  var drawPending = false;
  function requestDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(function () { drawPending = false; draw(); });
  }

  function resize() {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    canvas.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw();
  }

  function label(text, x, y) {
    ctx.font = '11px system-ui, sans-serif';
    var w = ctx.measureText(text).width;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(x - 2, y - 10, w + 4, 13);
    ctx.fillStyle = color.muted;
    ctx.fillText(text, x, y);
  }

  function textIn(text, x0, x1, top, bottom, fill) {
    if (x1 - x0 < 24) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(Math.max(x0, 0) + 2, top, Math.min(x1, canvas.clientWidth) - Math.max(x0, 0) - 4, bottom - top);
    ctx.clip();
    ctx.fillStyle = fill;
    ctx.font = '12px system-ui, "WenQuanYi Zen Hei", sans-serif';
    ctx.fillText(firstLine(text), Math.max(x0, 0) + 3, top + (bottom - top) / 2 + 4);
    ctx.restore();
  }

  function draw() {
    var drawStarted = performance.now();
    var width = canvas.clientWidth, scale = width / (viewEnd - viewStart);
    var x = function (ms) { return (ms - viewStart) * scale; };
    ctx.clearRect(0, 0, width, HEIGHT);
    ctx.textBaseline = 'alphabetic';

    // Time axis with round ticks at least 90 px apart.
    var step = roundStep(90 / scale);
    ctx.strokeStyle = color.line;
    ctx.fillStyle = color.muted;
    ctx.font = '11px system-ui, sans-serif';
    ctx.beginPath();
    for (var t = Math.ceil(viewStart / step) * step; t <= viewEnd; t += step) {
      var tx = Math.round(x(t)) + 0.5;
      ctx.moveTo(tx, AXIS - 4);
      ctx.lineTo(tx, HEIGHT);
      ctx.fillText(clock(t).replace(/\.000$/, ''), tx + 3, 12);
    }
    ctx.stroke();

    // Cues, their reading speed and its limit. Narrow cues merge into per-column marks.
    var cpsHeight = CPS_BOTTOM - CPS_TOP;
    var columns = Math.ceil(width) + 1;
    var colCues = new Uint32Array(columns), colFlagged = new Uint32Array(columns), colCps = new Float32Array(columns);
    var colOver = new Uint8Array(columns), colLimit = new Float32Array(columns).fill(Infinity);
    var visited = 0;
    var first = upperBound(cueEnd, viewStart);
    for (var c = first; c < cueCount && cueStart[c] < viewEnd; c++) {
      visited++;
      var x0 = x(cueStart[c]), x1 = x(cueEnd[c]);
      var over = cueCps[c] > cueLimit[c];
      var barHeight = Math.min(cueCps[c] / cpsScale, 1) * cpsHeight;
      if (x1 - x0 >= 3) {
        ctx.fillStyle = over ? color.over : color.bar;
        ctx.fillRect(x0, CPS_BOTTOM - barHeight, x1 - x0 - 1, barHeight);
        if (isFinite(cueLimit[c])) {
          ctx.fillStyle = color.limit;
          ctx.fillRect(x0, CPS_BOTTOM - Math.min(cueLimit[c] / cpsScale, 1) * cpsHeight - 1, x1 - x0, 2);
        }
        ctx.fillStyle = cueFlags[c] ? color.flag : color.cue;
        ctx.fillRect(x0, CUE_TOP, x1 - x0 - 1, CUE_BOTTOM - CUE_TOP);
        textIn(cues.text[c], x0, x1 - 1, CUE_TOP, CUE_BOTTOM, '#fff');
      } else {
        var col = Math.min(Math.max(Math.floor(x0), 0), columns - 1);
        colCues[col]++;
        if (cueFlags[c]) colFlagged[col]++;
        colCps[col] = Math.max(colCps[col], cueCps[c]);
        if (over) colOver[col] = 1;
        colLimit[col] = Math.min(colLimit[col], cueLimit[c]);
      }
    }
    for (col = 0; col < columns; col++) {
      if (!colCues[col]) continue;
      barHeight = Math.min(colCps[col] / cpsScale, 1) * cpsHeight;
      ctx.fillStyle = colOver[col] ? color.over : color.bar;
      ctx.fillRect(col, CPS_BOTTOM - barHeight, 1, barHeight);
      if (isFinite(colLimit[col])) {
        ctx.fillStyle = color.limit;
        ctx.fillRect(col, CPS_BOTTOM - Math.min(colLimit[col] / cpsScale, 1) * cpsHeight - 1, 1, 2);
      }
      // Merged cues: the flagged share of the column in the flag colour, from the bottom.
      var flaggedHeight = Math.round(colFlagged[col] / colCues[col] * (CUE_BOTTOM - CUE_TOP));
      ctx.fillStyle = color.cue;
      ctx.fillRect(col, CUE_TOP, 1, CUE_BOTTOM - CUE_TOP - flaggedHeight);
      ctx.fillStyle = color.flag;
      ctx.fillRect(col, CUE_BOTTOM - flaggedHeight, 1, flaggedHeight);
    }
    body.dataset.timelineDrawn = String(visited);

    // Source segments in two lanes; dropped (empty) ones as red ticks at any zoom.
    var segColumns = [new Uint8Array(columns), new Uint8Array(columns)], droppedInView = [];
    var firstSeg = lowerBound(segStart, viewStart - longestSegment);
    for (var p = firstSeg; p < segCount && segStart[p] < viewEnd; p++) {
      if (segEnd[p] < viewStart) continue;
      var top = SEG_TOP + segLane[p] * LANE;
      x0 = x(segStart[p]);
      x1 = x(segEnd[p]);
      if (dropped[order[p]]) {
        droppedInView.push(x0, top);
        continue;
      }
      if (x1 - x0 >= 3) {
        ctx.fillStyle = color.seg;
        ctx.fillRect(x0, top, x1 - x0 - 1, LANE - 4);
        textIn(segs.text[order[p]], x0, x1 - 1, top, top + LANE - 4, '#fff');
      } else {
        segColumns[segLane[p]][Math.min(Math.max(Math.floor(x0), 0), columns - 1)] = 1;
      }
    }
    ctx.fillStyle = color.seg;
    for (var lane = 0; lane < 2; lane++) {
      for (col = 0; col < columns; col++) {
        if (segColumns[lane][col]) ctx.fillRect(col, SEG_TOP + lane * LANE, 1, LANE - 4);
      }
    }
    // Dropped segments last, so that no merged column hides them.
    ctx.fillStyle = color.over;
    for (var d = 0; d < droppedInView.length; d += 2) ctx.fillRect(droppedInView[d] - 1, droppedInView[d + 1], 3, LANE - 4);

    // The selection: an outline round the cue, its bar and its source segments.
    ctx.lineWidth = 2;
    ctx.strokeStyle = color.ink;
    if (selected >= 0) {
      x0 = x(cueStart[selected]);
      x1 = Math.max(x(cueEnd[selected]), x0 + 2);
      ctx.strokeRect(x0 - 1, CPS_TOP - 2, x1 - x0 + 1, CUE_BOTTOM - CPS_TOP + 3);
      cues.sources[selected].forEach(function (s) { outlineSegment(positionOfSegment[s], x); });
    }
    if (selectedSegment >= 0) outlineSegment(positionOfSegment[selectedSegment], x);
    ctx.lineWidth = 1;

    if (video && !isNaN(video.currentTime)) {
      var px = x(video.currentTime * 1000);
      ctx.fillStyle = color.ink;
      ctx.fillRect(px - 1, AXIS, 2, HEIGHT - AXIS);
    }
    label('reading speed (chars/s); axis to ' + cpsScale.toFixed(0), 4, CPS_TOP + 10);
    label('cues', 4, CUE_TOP + 12);
    label('source segments', 4, SEG_TOP + 12);

    var shownSpan = viewEnd - viewStart;
    byId('view-range').textContent = clock(viewStart) + ' \u2013 ' + clock(viewEnd) + '  (' +
      seconds(Math.round(shownSpan)) + ' shown, ' + count(visited, 'cue', 'cues') + ')';
    var scroll = byId('scroll'), room = fullEnd - fullStart - shownSpan;
    scroll.value = String(room > 0 ? Math.round((viewStart - fullStart) / room * 1000) : 0);
    body.dataset.lastDrawMs = (performance.now() - drawStarted).toFixed(1);
    if (!body.dataset.firstDrawMs) body.dataset.firstDrawMs = String(Math.round(performance.now()));
  }

  function outlineSegment(p, x) {
    var top = SEG_TOP + segLane[p] * LANE, x0 = x(segStart[p]);
    ctx.strokeRect(x0 - 1, top - 1, Math.max(x(segEnd[p]) - x0, 2) + 1, LANE - 2);
  }

  // ---- details of the selection --------------------------------------------------------
  function flagNames(bits) {
    var names = [];
    flags.forEach(function (f, bit) { if (bits & (1 << bit)) names.push(f.description); });
    return names;
  }
  function segmentLine(s) {
    return el('li', null, el('a', { href: '#segment-' + (s + 1) }, 'segment ' + (s + 1)), ' ',
      clock(segs.start_ms[s]) + ' \u2192 ' + clock(segs.end_ms[s]) + ': ',
      segs.text[s] === '' ? '(empty, dropped)' : segs.text[s]);
  }
  function showCue(c) {
    var detail = byId('detail');
    detail.textContent = '';
    var limit = cueLimit[c];
    var script = data.limits[cues.script[c]].script;
    detail.appendChild(el('div', null, el('strong', null, 'Cue ' + (c + 1)), ' \u00b7 ',
      clock(cueStart[c]) + ' \u2192 ' + clock(cueEnd[c]) + ' \u00b7 ' + seconds(cueEnd[c] - cueStart[c]) +
      ' \u00b7 ' + cues.cps[c] + ' chars/s (limit ' + (isFinite(limit) ? limit : 'none') + ', ' + script + ')' +
      (c > 0 ? ' \u00b7 gap before ' + seconds(cueStart[c] - cueEnd[c - 1]) : '') +
      (c + 1 < cueCount ? ' \u00b7 gap after ' + seconds(cueStart[c + 1] - cueEnd[c]) : '')));
    detail.appendChild(el('div', { class: 'text' }, cues.text[c]));
    var names = flagNames(cueFlags[c]);
    if (names.length) detail.appendChild(el('div', null, 'Flags: ', names.join(', ')));
    var list = el('ul');
    cues.sources[c].forEach(function (s) { list.appendChild(segmentLine(s)); });
    detail.appendChild(el('div', null, 'From:', list));
  }
  function showSegment(s) {
    var detail = byId('detail');
    detail.textContent = '';
    var list = el('ul', null, segmentLine(s));
    var from = [];
    for (var c = 0; c < cueCount; c++) if (cues.sources[c].indexOf(s) >= 0) from.push(c + 1);
    detail.appendChild(el('div', null, el('strong', null, 'Segment ' + (s + 1)), list,
      from.length ? 'Cues: ' + from.join(', ') : 'No cue: dropped because it has no text.'));
  }
  function select(c) {
    selected = c;
    selectedSegment = -1;
    if (c >= 0) showCue(c);
    requestDraw();
  }
  function focusCue(c, seek) {
    if (!(c >= 0 && c < cueCount)) return;
    var width = Math.max((cueEnd[c] - cueStart[c]) * 8, 10000), middle = (cueStart[c] + cueEnd[c]) / 2;
    setView(middle - width / 2, middle + width / 2);
    select(c);
    if (seek && video) video.currentTime = cueStart[c] / 1000;
    canvas.scrollIntoView({ block: 'nearest' });
  }
  function focusSegment(s) {
    if (!(s >= 0 && s < segCount)) return;
    var p = positionOfSegment[s], width = Math.max((segEnd[p] - segStart[p]) * 8, 10000);
    var middle = (segStart[p] + segEnd[p]) / 2;
    setView(middle - width / 2, middle + width / 2);
    selected = -1;
    selectedSegment = s;
    showSegment(s);
    requestDraw();
    canvas.scrollIntoView({ block: 'nearest' });
  }
  function go(hash) {
    var match = /^#(cue|segment)-(\d+)$/.exec(hash || '');
    if (!match) return;
    if (match[1] === 'cue') focusCue(Number(match[2]) - 1, true); else focusSegment(Number(match[2]) - 1);
  }
  function link(event) {
    var a = event.target.closest && event.target.closest('a[href^="#"]');
    if (!a) return;
    event.preventDefault();
    history.replaceState(null, '', a.getAttribute('href'));
    go(a.getAttribute('href'));
  }
  window.addEventListener('hashchange', function () { go(location.hash); });
  byId('detail').addEventListener('click', link);

  // ---- timeline input ------------------------------------------------------------------
  function hit(clientX, clientY) {
    var rect = canvas.getBoundingClientRect(), y = clientY - rect.top;
    var scale = canvas.clientWidth / (viewEnd - viewStart);
    var t = viewStart + (clientX - rect.left) / scale, slack = 3 / scale;
    if (y >= SEG_TOP) {
      var lane = Math.floor((y - SEG_TOP) / LANE), best = -1;
      for (var p = lowerBound(segStart, t - longestSegment - slack); p < segCount && segStart[p] <= t + slack; p++) {
        if (segLane[p] === lane && segEnd[p] + slack >= t) best = order[p];
      }
      if (best >= 0) focusSegmentInPlace(best);
      return;
    }
    var c = upperBound(cueEnd, t - slack);
    if (c < cueCount && cueStart[c] <= t + slack) {
      select(c);
      if (video) video.currentTime = cueStart[c] / 1000;
    }
  }
  function focusSegmentInPlace(s) {
    selected = -1;
    selectedSegment = s;
    showSegment(s);
    requestDraw();
  }
  var drag = null;
  canvas.addEventListener('pointerdown', function (e) {
    drag = { x: e.clientX, start: viewStart, end: viewEnd, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (drag.moved) {
      var shift = dx * (drag.end - drag.start) / canvas.clientWidth;
      setView(drag.start - shift, drag.end - shift);
    }
  });
  canvas.addEventListener('pointerup', function (e) {
    if (drag && !drag.moved) hit(e.clientX, e.clientY);
    drag = null;
  });
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var perPixel = (viewEnd - viewStart) / canvas.clientWidth;
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      pan((e.deltaX || e.deltaY) * perPixel);
    } else {
      var rect = canvas.getBoundingClientRect();
      zoom(Math.exp(e.deltaY * 0.002), viewStart + (e.clientX - rect.left) * perPixel);
    }
  }, { passive: false });
  canvas.addEventListener('keydown', function (e) {
    var shownSpan = viewEnd - viewStart, handled = true;
    if (e.key === 'ArrowLeft') pan(-shownSpan / 4);
    else if (e.key === 'ArrowRight') pan(shownSpan / 4);
    else if (e.key === '+' || e.key === '=') zoom(0.5);
    else if (e.key === '-') zoom(2);
    else if (e.key === '0') setView(fullStart, fullEnd);
    else if (e.key === 'n') nextFlagged(1);
    else if (e.key === 'p') nextFlagged(-1);
    else handled = false;
    if (handled) e.preventDefault();
  });
  byId('zoom-in').addEventListener('click', function () { zoom(0.5); });
  byId('zoom-out').addEventListener('click', function () { zoom(2); });
  byId('zoom-all').addEventListener('click', function () { setView(fullStart, fullEnd); });
  byId('scroll').addEventListener('input', function (e) {
    var shownSpan = viewEnd - viewStart, room = fullEnd - fullStart - shownSpan;
    var start = fullStart + Number(e.target.value) / 1000 * room;
    setView(start, start + shownSpan);
  });
  function nextFlagged(direction) {
    var list = data.flagged;
    if (!list.length) return;
    var from = selected >= 0 ? selected : direction > 0 ? upperBound(cueEnd, viewStart) - 1 : cueCount;
    var k = direction > 0 ? upperBound(list, from) : lowerBound(list, from) - 1;
    if (k >= 0 && k < list.length) focusCue(list[k], true);
  }
  byId('prev-flag').addEventListener('click', function () { nextFlagged(-1); });
  byId('next-flag').addEventListener('click', function () { nextFlagged(1); });
  window.addEventListener('resize', resize);

  // ---- histograms ----------------------------------------------------------------------
  function histogram(id, h, markers, what) {
    var cv = byId(id), g = cv.getContext('2d'), ratio = window.devicePixelRatio || 1;
    var w = cv.clientWidth, ht = cv.clientHeight;
    cv.width = Math.round(w * ratio);
    cv.height = Math.round(ht * ratio);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    var bars = h.counts.concat(h.overflow ? [h.overflow] : []);
    var note = byId(id + '-note');
    if (!h.total) { note.textContent = 'No ' + what + '.'; return; }
    var top = 14, bottom = ht - 18, left = 4, barWidth = (w - left * 2) / Math.max(bars.length, 1);
    var most = Math.max.apply(null, bars) || 1;
    g.font = '11px system-ui, sans-serif';
    bars.forEach(function (n, k) {
      var barHeight = n / most * (bottom - top);
      g.fillStyle = k >= h.counts.length ? color.muted : color.cue;
      g.fillRect(left + k * barWidth, bottom - barHeight, Math.max(barWidth - 1, 1), barHeight);
    });
    g.fillStyle = color.muted;
    g.fillText(most.toLocaleString('en') + ' max', left, 10);
    var every = Math.max(1, Math.ceil(60 / barWidth));
    for (var k = 0; k <= h.counts.length; k += every) {
      g.fillText(seconds(k * h.bucket_ms), left + k * barWidth, ht - 4);
    }
    markers.forEach(function (m) {
      if (m.ms == null || m.ms > h.counts.length * h.bucket_ms) return;
      var mx = left + m.ms / h.bucket_ms * barWidth;
      g.fillStyle = color.limit;
      g.fillRect(mx - 1, top - 4, 2, bottom - top + 4);
      g.fillText(m.label, Math.min(mx + 3, w - 90), top + 6);
    });
    note.textContent = count(h.total, what.replace(/s$/, ''), what) + ': median ' + seconds(h.median_ms) +
      ', min ' + seconds(h.min_ms) + ', max ' + seconds(h.max_ms) +
      (h.overflow ? '; last bar: ' + h.overflow.toLocaleString('en') + ' at or over ' + seconds(h.counts.length * h.bucket_ms) : '') +
      '. Bars of ' + seconds(h.bucket_ms) + '.';
  }
  var firstLimits = data.limits[0];
  function drawHistograms() {
    histogram('hist-durations', data.durations, [
      { ms: firstLimits.min_duration_ms || null, label: 'min ' + seconds(firstLimits.min_duration_ms) },
      { ms: firstLimits.max_duration_ms, label: 'max ' + seconds(firstLimits.max_duration_ms) }], 'cues');
    histogram('hist-gaps', data.gaps, [
      { ms: firstLimits.min_gap_ms || null, label: 'min gap ' + seconds(firstLimits.min_gap_ms) }], 'gaps');
  }
  window.addEventListener('resize', drawHistograms);

  // ---- flagged list (virtualised: only the rows in view exist) -------------------------
  var ROW = 26, listBox = byId('flag-list'), filter = byId('flag-filter'), items = [];
  var spacer = el('div');
  listBox.appendChild(spacer);
  var rows = el('div');
  listBox.appendChild(rows);
  // Items: a cue index, or -(segment + 1) for a dropped segment; in time order.
  function itemTime(item) { return item >= 0 ? cueStart[item] : segs.start_ms[-item - 1]; }
  function buildItems() {
    var choice = filter.value;
    items = [];
    if (choice !== 'dropped') {
      var bit = choice === 'all' ? -1 : Number(choice);
      data.flagged.forEach(function (c) { if (bit < 0 || cueFlags[c] & (1 << bit)) items.push(c); });
    }
    if (choice === 'all' || choice === 'dropped') {
      data.dropped_segments.forEach(function (s) { items.push(-s - 1); });
      items.sort(function (a, b) { return itemTime(a) - itemTime(b); });
    }
    spacer.style.height = items.length * ROW + 'px';
    byId('flag-total').textContent = count(items.length, 'item', 'items');
    body.dataset.flaggedItems = String(items.length);
    listBox.scrollTop = 0;
    renderRows();
  }
  function renderRows() {
    rows.textContent = '';
    var first = Math.floor(listBox.scrollTop / ROW), last = Math.min(items.length, first + Math.ceil(listBox.clientHeight / ROW) + 2);
    for (var k = first; k < last; k++) {
      var item = items[k], a;
      if (item >= 0) {
        a = el('a', { href: '#cue-' + (item + 1) }, el('span', { class: 'idx' }, '#' + (item + 1)),
          el('span', { class: 'time' }, clock(cueStart[item])),
          el('span', { class: 'badges' }, flagNames(cueFlags[item]).join(' \u00b7 ')),
          el('span', { class: 'text' }, firstLine(cues.text[item])));
      } else {
        var s = -item - 1;
        a = el('a', { href: '#segment-' + (s + 1) }, el('span', { class: 'idx' }, 'seg ' + (s + 1)),
          el('span', { class: 'time' }, clock(segs.start_ms[s])),
          el('span', { class: 'badges' }, 'empty segment dropped'),
          el('span', { class: 'text' }, JSON.stringify(segs.text[s])));
      }
      a.style.top = k * ROW + 'px';
      rows.appendChild(a);
    }
  }
  filter.appendChild(el('option', { value: 'all' }, 'all (' + (data.flagged.length + data.dropped_segments.length).toLocaleString('en') + ')'));
  flags.forEach(function (f, bit) {
    if (f.count) filter.appendChild(el('option', { value: String(bit) }, f.description + ' (' + f.count.toLocaleString('en') + ')'));
  });
  if (data.dropped_segments.length) {
    filter.appendChild(el('option', { value: 'dropped' }, 'empty segment dropped (' + data.dropped_segments.length + ')'));
  }
  filter.addEventListener('change', buildItems);
  listBox.addEventListener('scroll', renderRows);
  listBox.addEventListener('click', link);

  // ---- first draw ----------------------------------------------------------------------
  byId('detail').appendChild(el('p', { class: 'note' },
    'Nothing selected: click a cue or a segment on the timeline, or a flagged cue below.'));
  resize();
  drawHistograms();
  buildItems();
  if (location.hash) go(location.hash);
  body.dataset.setupMs = String(Math.round(performance.now() - started));
  body.dataset.ready = '1';
})();
