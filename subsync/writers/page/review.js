'use strict';
// subsync's review page. Every string from the input reaches the page through textContent,
// title, aria-label or dataset, never through HTML, so cue text and names show as text.
(() => {
  const US = 1e6;
  const SVG = 'http://www.w3.org/2000/svg';
  const data = JSON.parse(document.getElementById('review-data').textContent);
  const $ = (id) => document.getElementById(id);
  const timeline = $('timeline');
  const ruler = $('ruler');
  const playhead = $('playhead');
  const make = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // --- extent and scale -------------------------------------------------------------------
  let first = Infinity;
  let last = -Infinity;
  for (const lang of data.languages) {
    for (const cue of lang.cues) {
      first = Math.min(first, cue.start);
      last = Math.max(last, cue.end);
    }
  }
  if (first === Infinity) { first = 0; last = US; }
  const origin = Math.floor(first / US) * US;
  const seconds = (last - origin) / US + 0.5;
  let scale = 60; // pixels per second
  // Browsers lay out no further than about 33 million pixels: the timeline stays within 30.
  const MAX_SCALE = Math.min(4000, 3e7 / seconds);
  const x = (us) => ((us - origin) / US) * scale;
  const headWidth = () => ruler.offsetLeft;
  const fitScale = () => Math.max(1, (timeline.clientWidth - headWidth() - 8) / seconds);

  // --- times as the ruler labels them -------------------------------------------------------
  const pad = (n, width) => String(n).padStart(width, '0');
  const frameOf = (us) => {
    const f = data.fps;
    const twice = 2n * BigInt(Math.round(us)) * BigInt(f.num) + BigInt(f.den) * 1000000n;
    return Number(twice / (2n * BigInt(f.den) * 1000000n));
  };
  // As subsync.timing.format_timecode: drop-frame at 29.97 and 59.94.
  const timecode = (us) => {
    const f = data.fps;
    let frame = frameOf(us);
    const nominal = Math.round(f.num / f.den);
    if (f.drop) {
      const dropped = Math.floor(nominal / 15);
      const perTen = nominal * 600 - dropped * 9;
      const perMinute = nominal * 60 - dropped;
      const tens = Math.floor(frame / perTen);
      const rest = frame % perTen;
      const extra = rest < dropped ? 0 : dropped * Math.floor((rest - dropped) / perMinute);
      frame += dropped * 9 * tens + extra;
    }
    const total = Math.floor(frame / nominal);
    const sep = f.drop ? ';' : ':';
    return `${pad(Math.floor(total / 3600), 2)}:${pad(Math.floor(total / 60) % 60, 2)}:` +
      `${pad(total % 60, 2)}${sep}${pad(frame % nominal, 2)}`;
  };
  const clock = (us) => {
    const tenths = Math.round(us / 100000);
    const s = Math.floor(tenths / 10);
    const frac = tenths % 10 ? `.${tenths % 10}` : '';
    if (s < 60) return `${s}${frac} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}:${pad(s % 60, 2)}${frac}`;
    return `${Math.floor(m / 60)}:${pad(m % 60, 2)}:${pad(s % 60, 2)}${frac}`;
  };
  window.subsyncTimecode = data.fps ? timecode : null;

  // --- building the lanes -------------------------------------------------------------------
  const icon = (level) => {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const shape = document.createElementNS(SVG, 'path');
    const sign = document.createElementNS(SVG, 'path');
    if (level === 'error') {
      shape.setAttribute('d', 'M8 .5a7.5 7.5 0 1 0 0 15a7.5 7.5 0 0 0 0-15z');
      shape.setAttribute('fill', '#b3001b');
      sign.setAttribute('d', 'M5 5l6 6M11 5l-6 6');
    } else {
      shape.setAttribute('d', 'M8 .5L15.5 15H.5z');
      shape.setAttribute('fill', '#8a4b00');
      sign.setAttribute('d', 'M8 5.5v4.5M8 11.5v2');
    }
    sign.setAttribute('stroke', '#ffffff');
    sign.setAttribute('stroke-width', '2');
    svg.append(shape, sign);
    const mark = make('span', 'mark');
    mark.append(svg);
    return mark;
  };
  const levelOf = (cue) => cue.findings.some((f) => f.level === 'error') ? 'error'
    : cue.findings.length ? 'warning' : '';
  const speakerName = (speaker) => speaker || '(no speaker)';
  const describe = (info) => {
    const c = info.cue;
    const problems = c.findings.map((f) => `${f.level} ${f.rule}: ${f.message}`);
    return [`${info.lang.label}, ${speakerName(c.speaker)}, cue ${c.n}, ${c.at} to ${c.until}`,
      c.lines.join(' / '), ...problems].join('. ');
  };

  const cues = [];
  const rows = [];
  const byId = new Map();
  const lanes = $('lanes');
  const LEVELS = ['words', 'graphemes', 'phonemes'];
  data.speakers.forEach((speaker, speakerIndex) => {
    const group = make('div', 'group');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', `Speaker ${speakerName(speaker)}`);
    for (const lang of data.languages) {
      const mine = lang.cues.filter((c) => c.speaker === speaker).sort((a, b) => a.start - b.start);
      if (!mine.length) continue;
      const row = make('div', 'row');
      row.dataset.lang = lang.code;
      row.dataset.speaker = speaker;
      const head = make('div', 'row-head');
      head.append(make('span', 'speaker', speakerName(speaker)), make('span', 'lang', lang.label));
      const track = make('div', 'track');
      const subs = LEVELS.filter((k) => mine.some((c) => c[k].length)).map((level) => {
        const sub = make('div', `sub ${level}`);
        sub.setAttribute('aria-hidden', 'true');
        track.append(sub);
        const spans = [];
        for (const c of mine) {
          for (const [text, start, end] of c[level]) {
            const span = make('span', 'span', text);
            span.title = `${text} (${level.slice(0, -1)})`;
            sub.append(span);
            spans.push({span, start, end});
          }
        }
        return {sub, spans};
      });
      const lane = {row, track, subs, cues: [], index: rows.length};
      for (const c of mine) {
        const button = make('button', `cue sp${speakerIndex % 8}`);
        button.type = 'button';
        button.id = `${lang.id}-c${c.n}`;
        const level = levelOf(c);
        if (level) {
          button.classList.add(level);
          button.append(icon(level));
        }
        const text = make('span', 'text');
        if (lang.code) text.lang = lang.code;
        text.dir = 'auto';
        for (const line of c.lines) {
          // No dir of its own: the block's dir="auto" then sees the lines' text.
          text.append(make('span', 'line', line));
        }
        button.append(text);
        const info = {cue: c, lang, el: button, lane, level};
        button.title = [`${c.at} to ${c.until}`,
          ...c.findings.map((f) => `${f.level}: ${f.rule}: ${f.message}`)].join('\n');
        button.setAttribute('aria-label', describe(info));
        button.addEventListener('click', () => select(info, true));
        button.addEventListener('focus', () => show(info));
        button.addEventListener('keydown', (event) => move(event, info));
        track.append(button);
        lane.cues.push(info);
        cues.push(info);
        byId.set(button.id, info);
      }
      row.append(head, track);
      group.append(row);
      rows.push(lane);
    }
    lanes.append(group);
  });

  // --- layout: positions from times, heights from the text ----------------------------------
  const layout = () => {
    const width = Math.ceil(seconds * scale);
    ruler.style.width = `${width}px`;
    for (const lane of rows) {
      lane.track.style.width = `${width}px`;
      for (const info of lane.cues) {
        info.el.style.left = `${x(info.cue.start)}px`;
        info.el.style.width = `${Math.max(x(info.cue.end) - x(info.cue.start), 2)}px`;
      }
      for (const {spans} of lane.subs) {
        for (const {span, start, end} of spans) {
          span.style.left = `${x(start)}px`;
          span.style.width = `${Math.max(x(end) - x(start), 1)}px`;
        }
      }
    }
    // Cues of one lane that overlap in time are stacked, each in the first free slot.
    for (const lane of rows) {
      const ends = [];
      const heights = [];
      const slots = lane.cues.map((info) => {
        let slot = ends.findIndex((end) => end <= info.cue.start);
        if (slot < 0) slot = ends.length;
        ends[slot] = info.cue.end;
        heights[slot] = Math.max(heights[slot] || 0, info.el.offsetHeight);
        return slot;
      });
      const tops = [];
      let top = 2;
      heights.forEach((h, slot) => { tops[slot] = top; top += h + 2; });
      lane.cues.forEach((info, index) => { info.el.style.top = `${tops[slots[index]]}px`; });
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      for (const {sub} of lane.subs) {
        sub.style.top = `${top}px`;
        sub.style.width = `${Math.ceil(seconds * scale)}px`;
        top += 1.25 * rem + 2;
      }
      lane.track.style.height = `${top + 2}px`;
    }
    drawRuler();
    placePlayhead();
  };

  const SECOND_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  const drawRuler = () => {
    ruler.replaceChildren();
    const minGap = data.fps ? 110 : 70;
    // Only the ticks in and around the view are drawn (a long input has too many to keep).
    const view = timeline.clientWidth;
    const low = origin + (Math.max(timeline.scrollLeft - view, 0) / scale) * US;
    const high = Math.min(origin + ((timeline.scrollLeft + 2 * view) / scale) * US,
      origin + seconds * US);
    const times = [];
    if (data.fps) {
      const nominal = Math.round(data.fps.num / data.fps.den);
      const frameUs = (US * data.fps.den) / data.fps.num;
      const steps = [1, 2, 5, 10].concat(SECOND_STEPS.filter((s) => s >= 1).map((s) => s * nominal));
      const step = steps.find((s) => s * frameUs * scale / US >= minGap) || steps[steps.length - 1];
      for (let f = Math.ceil(low / frameUs / step) * step; f * frameUs <= high; f += step) {
        times.push(f * frameUs);
      }
    } else {
      const step = SECOND_STEPS.find((s) => s * scale >= minGap) || 3600;
      for (let i = Math.ceil(low / US / step); i * step * US <= high; i += 1) times.push(i * step * US);
    }
    for (const t of times) {
      const tick = make('span', 'tick', data.fps ? timecode(t) : clock(t));
      tick.style.left = `${x(t)}px`;
      ruler.append(tick);
    }
  };

  const zoom = (factor, clientX) => {
    const box = timeline.getBoundingClientRect();
    const at = clientX === undefined ? timeline.clientWidth / 2 : clientX - box.left;
    const offset = Math.max(at - headWidth(), 0);
    const time = (timeline.scrollLeft + offset) / scale;
    scale = Math.min(Math.max(scale * factor, fitScale() / 2), MAX_SCALE);
    layout();
    timeline.scrollLeft = time * scale - offset;
  };
  const fit = () => { scale = fitScale(); layout(); timeline.scrollLeft = 0; };

  // --- selection, details, media ------------------------------------------------------------
  let selected = null;
  let media = null;
  const details = $('details');
  const show = (info) => {
    const c = info.cue;
    const list = make('dl');
    const add = (term, value, cls) => {
      list.append(make('dt', '', term));
      const dd = make('dd', cls || '', value);
      if (cls === 'cue-text') { dd.dir = 'auto'; if (info.lang.code) dd.lang = info.lang.code; }
      list.append(dd);
    };
    add('Language', info.lang.label);
    add('Speaker', speakerName(c.speaker));
    add('Cue', `${c.n}: ${c.at} to ${c.until} (${((c.end - c.start) / US).toFixed(3)} s)`);
    add('Text', c.lines.join('\n'), 'cue-text');
    if (c.words.length) add('Words', c.words.map((w) => w[0]).join(' · '), 'cue-text');
    for (const f of c.findings) add(f.level, `${f.rule}: ${f.message}`);
    if (!c.findings.length) add('Checks', `no problem under the ${data.preset} preset`);
    details.replaceChildren(list);
  };
  const select = (info, seek) => {
    if (selected) selected.el.classList.remove('selected');
    selected = info;
    info.el.classList.add('selected');
    show(info);
    if (seek && media) media.currentTime = info.cue.start / US;
    else if (seek) placePlayhead(info.cue.start);
  };
  const focusCue = (info) => {
    info.el.focus();
    info.el.scrollIntoView({block: 'nearest', inline: 'center'});
    select(info, false);
  };
  let playheadAt = null;
  const placePlayhead = (us) => {
    if (us !== undefined) playheadAt = us;
    if (playheadAt === null) return;
    playhead.style.display = 'block';
    playhead.style.left = `${headWidth() + x(playheadAt)}px`;
  };
  const current = new Set();
  const follow = () => {
    const now = media.currentTime * US;
    placePlayhead(now);
    for (const info of cues) {
      const on = info.cue.start <= now && now < info.cue.end;
      if (on !== current.has(info)) {
        info.el.classList.toggle('current', on);
        if (on) current.add(info); else current.delete(info);
      }
    }
  };
  const loop = () => { follow(); if (!media.paused) requestAnimationFrame(loop); };
  if (data.media) {
    media = document.createElement(data.media.kind);
    media.controls = true;
    media.preload = 'metadata';
    media.src = data.media.src;
    data.languages.forEach((lang, index) => {
      const track = document.createElement('track');
      track.kind = 'subtitles';
      track.label = lang.label;
      if (lang.code) track.srclang = lang.code;
      track.src = URL.createObjectURL(new Blob([lang.vtt], {type: 'text/vtt'}));
      track.default = index === 0;
      media.append(track);
    });
    for (const name of ['timeupdate', 'seeked', 'loadedmetadata']) media.addEventListener(name, follow);
    media.addEventListener('play', loop);
    $('player').append(media);
    $('player').hidden = false;
  }

  // --- problems: counts, list, next and previous ---------------------------------------------
  const flagged = cues.filter((info) => info.cue.findings.length)
    .sort((a, b) => a.cue.start - b.cue.start || a.lang.id.localeCompare(b.lang.id));
  const counts = new Map();
  for (const info of cues) {
    for (const f of info.cue.findings) {
      const seen = counts.get(f.rule) || {level: f.level, count: 0};
      seen.count += 1;
      counts.set(f.rule, seen);
    }
  }
  const countList = $('counts');
  for (const [rule, {level, count}] of counts) {
    const item = make('li', level);
    item.dataset.rule = rule;
    item.append(icon(level), make('span', '', `${rule}: ${count}`));
    countList.append(item);
  }
  if (!counts.size) countList.append(make('li', 'clean', `no problems under the ${data.preset} preset`));
  const findingList = $('findings');
  for (const lang of data.languages) {
    for (const c of lang.cues) {
      for (const f of c.findings) {
        const item = make('li', f.level);
        const button = make('button', '', `${lang.label} cue ${c.n} at ${c.at}: ${f.rule}: ${f.message}`);
        button.type = 'button';
        button.dataset.target = `${lang.id}-c${c.n}`;
        button.prepend(icon(f.level));
        button.addEventListener('click', () => focusCue(byId.get(button.dataset.target)));
        item.append(button);
        findingList.append(item);
      }
    }
  }
  const jump = (step) => {
    if (!flagged.length) return;
    let index = selected ? flagged.indexOf(selected) : -1;
    if (index < 0 && selected) {
      index = flagged.findIndex((info) => info.cue.start > selected.cue.start) - (step > 0 ? 1 : 0);
    }
    focusCue(flagged[(index + step + flagged.length) % flagged.length]);
  };

  // --- keyboard and wheel -----------------------------------------------------------------------
  const nearest = (lane, time) => lane.cues.reduce((best, info) =>
    Math.abs(info.cue.start - time) < Math.abs(best.cue.start - time) ? info : best);
  const move = (event, info) => {
    const lane = info.lane;
    const at = lane.cues.indexOf(info);
    let target = null;
    if (event.key === 'ArrowRight') target = lane.cues[at + 1];
    else if (event.key === 'ArrowLeft') target = lane.cues[at - 1];
    else if (event.key === 'Home') target = lane.cues[0];
    else if (event.key === 'End') target = lane.cues[lane.cues.length - 1];
    else if (event.key === 'ArrowDown' && rows[lane.index + 1]) {
      target = nearest(rows[lane.index + 1], info.cue.start);
    } else if (event.key === 'ArrowUp' && rows[lane.index - 1]) {
      target = nearest(rows[lane.index - 1], info.cue.start);
    } else return;
    event.preventDefault();
    if (target) focusCue(target);
  };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLMediaElement) return;
    const actions = {'+': () => zoom(1.5), '=': () => zoom(1.5), '-': () => zoom(1 / 1.5),
      '0': fit, 'n': () => jump(1), 'p': () => jump(-1)};
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  timeline.addEventListener('wheel', (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.25 : 0.8, event.clientX);
  }, {passive: false});
  $('zoom-in').addEventListener('click', () => zoom(1.5));
  $('zoom-out').addEventListener('click', () => zoom(1 / 1.5));
  $('zoom-fit').addEventListener('click', fit);
  $('next-problem').addEventListener('click', () => jump(1));
  $('prev-problem').addEventListener('click', () => jump(-1));
  let pending = false;
  window.addEventListener('resize', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; layout(); });
  });
  let scrolled = false;
  timeline.addEventListener('scroll', () => {
    if (scrolled) return;
    scrolled = true;
    requestAnimationFrame(() => { scrolled = false; drawRuler(); });
  });

  // --- title and summary --------------------------------------------------------------------------
  document.title = `${data.title} - subsync review`;
  $('title').textContent = data.title;
  const errors = cues.reduce((n, i) => n + i.cue.findings.filter((f) => f.level === 'error').length, 0);
  const warnings = cues.reduce((n, i) => n + i.cue.findings.filter((f) => f.level === 'warning').length, 0);
  const languages = data.languages.map((l) => `${l.label} (${l.cues.length} cues)`).join(', ');
  $('summary').textContent = `${languages}; ${data.speakers.length} speakers; checked under the ` +
    `${data.preset} preset: ${errors} errors, ${warnings} warnings.`;
  scale = Math.max(fitScale(), Math.min(60, MAX_SCALE));
  layout();
  document.documentElement.dataset.ready = 'true';
})();
