/*
 * console.js — chronik's web console: one page, hash-routed views built
 * with DOM calls.  Everything that comes from the server is put on the page
 * with textContent (never innerHTML), so a record value such as <script>
 * is shown, never run.  The admin key lives in sessionStorage only and is
 * sent as X-API-Key with every request.
 */
'use strict';

(function () {
  var KEY_STORE = 'chronik.apiKey';
  var view = document.getElementById('view');
  var timers = [];

  /* ---- DOM helpers ---------------------------------------------------- */

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'cls') e.className = attrs[k];
        else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
        else e.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function table(headers, rows, id) {
    var t = el('table', id ? {id: id} : null);
    var tr = el('tr');
    headers.forEach(function (h) { tr.appendChild(el('th', {text: h})); });
    t.appendChild(el('thead', null, tr));
    var tb = el('tbody');
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) { row.appendChild(c instanceof Node ? el('td', null, c) : el('td', {text: c === null || c === undefined ? '' : String(c)})); });
      tb.appendChild(row);
    });
    t.appendChild(tb);
    return t;
  }

  function fmtBytes(n) {
    if (n === null || n === undefined) return '';
    var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : String(n)) + ' ' + u[i];
  }

  function fmtDuration(ms) {
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60);
    return (d ? d + 'd ' : '') + (h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
  }

  function fmtTime(ms) { return ms >= 0 ? new Date(ms).toISOString() : ''; }

  /* ---- Messages to the user ------------------------------------------- */

  function showError(text) {
    var e = document.getElementById('error');
    e.textContent = text;
    e.hidden = !text;
  }

  function notice(text) {
    var n = document.getElementById('notice');
    n.textContent = text;
    n.hidden = !text;
  }

  /* An API error as the user sees it: status, type and reason. */
  function errorText(err) {
    if (err && err.status !== undefined) {
      var b = err.body, e = b && b.error;
      if (e && typeof e === 'object') return err.status + ' ' + (e.type || '') + ': ' + (e.reason || JSON.stringify(e));
      if (e) return err.status + ': ' + e;
      return err.status + ': ' + (err.text || 'request failed');
    }
    return String(err && err.message ? err.message : err);
  }

  function confirmAction(text, action) {
    var box = document.getElementById('confirm-box');
    document.getElementById('confirm-text').textContent = text;
    box.hidden = false;
    var yes = document.getElementById('confirm-yes'), no = document.getElementById('confirm-no');
    function done() { box.hidden = true; yes.onclick = null; no.onclick = null; }
    yes.onclick = function () { done(); action(); };
    no.onclick = done;
  }

  /* ---- API ------------------------------------------------------------- */

  function apiKey() { return sessionStorage.getItem(KEY_STORE) || ''; }

  function api(method, path, body) {
    var headers = {'Accept': 'application/json'};
    var k = apiKey();
    if (k) headers['X-API-Key'] = k;
    var init = {method: method, headers: headers, credentials: 'omit', cache: 'no-store'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (resp) {
      return resp.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        if (!resp.ok) throw {status: resp.status, body: parsed, text: text};
        return parsed;
      });
    });
  }

  function enc(s) { return encodeURIComponent(s); }

  /* ---- Charts (canvas) ------------------------------------------------- */

  function chart(id, label, series) {
    var c = el('canvas', {id: id, width: 320, height: 110});
    var box = el('div', {cls: 'chart'}, el('div', {cls: 'label', text: label}), c);
    c.draw = function () {
      var ctx = c.getContext('2d'), w = c.width, h = c.height;
      ctx.clearRect(0, 0, w, h);
      var max = 0;
      series.forEach(function (s) { s.data.forEach(function (v) { if (v > max) max = v; }); });
      if (max <= 0) max = 1;
      ctx.strokeStyle = '#e1e5ec';
      ctx.beginPath(); ctx.moveTo(0, h - 14.5); ctx.lineTo(w, h - 14.5); ctx.stroke();
      ctx.fillStyle = '#5b6578';
      ctx.font = '10px sans-serif';
      ctx.fillText(max.toPrecision(3), 2, 10);
      series.forEach(function (s, si) {
        ctx.strokeStyle = s.color;
        ctx.beginPath();
        s.data.forEach(function (v, i) {
          var x = w - (s.data.length - 1 - i) * (w / 60), y = (h - 15) - (v / max) * (h - 25);
          if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
        });
        ctx.stroke();
        ctx.fillStyle = s.color;
        ctx.fillText(s.name + ' ' + (s.data.length ? s.data[s.data.length - 1].toPrecision(3) : ''), 2 + si * 110, h - 2);
      });
    };
    return box;
  }

  function barChart(id, bars) {
    var c = el('canvas', {id: id, width: 480, height: 30 + bars.length * 18});
    var ctx = c.getContext('2d'), max = 1;
    bars.forEach(function (b) { if (b.value > max) max = b.value; });
    ctx.font = '11px sans-serif';
    bars.forEach(function (b, i) {
      var y = 10 + i * 18;
      ctx.fillStyle = '#1d2330';
      ctx.fillText(b.label, 2, y + 11);
      ctx.fillStyle = '#d9822b';
      ctx.fillRect(160, y, Math.max(1, (b.value / max) * 260), 13);
      ctx.fillStyle = '#1d2330';
      ctx.fillText(String(b.value), 425, y + 11);
    });
    return c;
  }

  /* ---- Views ----------------------------------------------------------- */

  function clearView(title) {
    timers.forEach(function (t) { clearInterval(t); clearTimeout(t); });
    timers = [];
    showError('');
    notice('');
    while (view.firstChild) view.removeChild(view.firstChild);
    view.appendChild(el('h1', {id: 'page-title', text: title}));
  }

  function card(label, id, value) {
    return el('div', {cls: 'card'}, el('div', {cls: 'label', text: label}), el('div', {cls: 'value', id: id, text: value}));
  }

  function viewOverview() {
    clearView('Overview');
    var cards = el('div', {cls: 'cards'});
    var charts = el('div', {cls: 'charts'});
    view.appendChild(cards);
    view.appendChild(charts);
    var progress = el('div', {id: 'progress'});
    view.appendChild(el('h2', {text: 'Indexing and materialisation'}));
    view.appendChild(progress);
    var rates = [{name: 'produce msg/s', color: '#2d5bd3', data: []}, {name: 'fetch msg/s', color: '#3a9a5a', data: []}];
    var lat = [{name: 'produce p99 ms', color: '#c23030', data: []}, {name: 'fetch p99 ms', color: '#d9822b', data: []}];
    var bytes = [{name: 'in B/s', color: '#2d5bd3', data: []}, {name: 'out B/s', color: '#3a9a5a', data: []}];
    var c1 = chart('chart-rates', 'Messages per second', rates), c2 = chart('chart-latency', 'Latency (p99, ms)', lat),
        c3 = chart('chart-bytes', 'Bytes per second', bytes);
    charts.appendChild(c1); charts.appendChild(c2); charts.appendChild(c3);
    var prev = null;
    function push(s, v) { s.data.push(v); if (s.data.length > 60) s.data.shift(); }
    function tick() {
      api('GET', '/_overview').then(function (o) {
        while (cards.firstChild) cards.removeChild(cards.firstChild);
        var kafka = o.listeners.kafka ? o.listeners.kafka.host + ':' + o.listeners.kafka.port : 'not listening';
        [card('Node', 'ov-node', String(o.node_id)), card('Cluster', 'ov-cluster', o.cluster_id),
         card('Version', 'ov-version', o.version), card('Uptime', 'ov-uptime', fmtDuration(o.uptime_ms)),
         card('Kafka listener', 'ov-kafka', kafka),
         card('REST listener', 'ov-http', o.listeners.http.host + ':' + o.listeners.http.port),
         card('Topics', 'ov-topics', String(o.topic_count)), card('Partitions', 'ov-partitions', String(o.partition_count)),
         card('On disk', 'ov-bytes', fmtBytes(o.storage_bytes)), card('Messages stored', 'ov-messages', String(o.messages_stored)),
         card('Produce p50 / p99', 'ov-produce-lat', o.produce.latency.count ? o.produce.latency.p50_ms + ' / ' + o.produce.latency.p99_ms + ' ms' : '-'),
         card('Fetch p50 / p99', 'ov-fetch-lat', o.fetch.latency.count ? o.fetch.latency.p50_ms + ' / ' + o.fetch.latency.p99_ms + ' ms' : '-')
        ].forEach(function (c) { cards.appendChild(c); });
        var now = Date.now();
        if (prev) {
          var dt = Math.max(0.001, (now - prev.t) / 1000);
          push(rates[0], (o.produce.messages - prev.o.produce.messages) / dt);
          push(rates[1], (o.fetch.messages - prev.o.fetch.messages) / dt);
          push(bytes[0], (o.produce.bytes - prev.o.produce.bytes) / dt);
          push(bytes[1], (o.fetch.bytes - prev.o.fetch.bytes) / dt);
        }
        push(lat[0], Math.max(0, o.produce.latency.p99_ms));
        push(lat[1], Math.max(0, o.fetch.latency.p99_ms));
        prev = {t: now, o: o};
        c1.lastChild.draw(); c2.lastChild.draw(); c3.lastChild.draw();
        renderProgress(progress, o.topics);
      }).catch(function (e) { showError(errorText(e)); });
    }
    tick();
    timers.push(setInterval(tick, 2000));
  }

  /* Search and vector indexing lag from their stats endpoints; columnar
   * materialisation lag as the rows of {topic}_hot (the tail not yet
   * materialised). */
  function renderProgress(box, topics) {
    var rows = [], pending = 0;
    function finish() {
      while (box.firstChild) box.removeChild(box.firstChild);
      if (!rows.length) { box.appendChild(el('p', {cls: 'muted', text: 'No topic has columnar, searchable or vector enabled.'})); return; }
      box.appendChild(table(['topic', 'feature', 'progress', 'behind'], rows, 'progress-table'));
    }
    function bar(done, total) {
      var pct = total > 0 ? Math.min(100, 100 * done / total) : 100;
      var s = el('span'); s.style.width = pct.toFixed(0) + '%';
      return el('span', null, el('span', {cls: 'progress'}, s), ' ' + pct.toFixed(0) + '%');
    }
    topics.forEach(function (t) {
      if (t.features.indexOf('columnar') >= 0) {
        pending++;
        api('POST', '/_sql', {query: 'SELECT COUNT(*) FROM "' + t.name.replace(/"/g, '""') + '_hot"'}).then(function (r) {
          var lag = r.rows[0][0];
          rows.push([t.name, 'columnar', bar(t.messages - lag, t.messages), lag + ' records']);
        }).catch(function (e) { rows.push([t.name, 'columnar', errorText(e), '']); })
          .then(function () { if (--pending === 0) finish(); });
      }
      if (t.features.indexOf('vector') >= 0) {
        pending++;
        api('GET', '/_vector/' + enc(t.name) + '/stats').then(function (s) {
          var waiting = s.pending || 0, total = (s.vectors || 0) + waiting;
          var state = s.state && s.state !== 'ok' ? ' (' + s.state + (s.error ? ': ' + s.error : '') + ')' : '';
          rows.push([t.name, 'vector', bar(total - waiting, total), waiting + ' records' + state]);
        }).catch(function (e) { rows.push([t.name, 'vector', errorText(e), '']); })
          .then(function () { if (--pending === 0) finish(); });
      }
      if (t.features.indexOf('searchable') >= 0) {
        pending++;
        api('GET', '/_search/stats').then(function (s) {
          var st = (s && s.indices && s.indices[t.name]) || {};
          var lagr = st.lag_records || 0, bf = st.backfill;
          var done = bf && !bf.complete ? bf.done : t.messages - lagr, total = bf && !bf.complete ? bf.total : t.messages;
          rows.push([t.name, 'search', bar(done, total), lagr + ' records' + (st.lag_ms ? ', ' + st.lag_ms + ' ms' : '')]);
        }).catch(function (e) { rows.push([t.name, 'search', errorText(e), '']); })
          .then(function () { if (--pending === 0) finish(); });
      }
    });
    if (!pending) finish();
  }

  function viewTopics() {
    clearView('Topics');
    var name = el('input', {id: 'new-topic-name', placeholder: 'orders'});
    var parts = el('input', {id: 'new-topic-partitions', type: 'number', min: '1', value: '1'});
    var cfgs = el('textarea', {id: 'new-topic-configs', rows: '2', cols: '34', placeholder: 'retention.ms=86400000\ncolumnar.enabled=true'});
    var form = el('form', {cls: 'inline', id: 'create-topic-form'},
      el('label', null, 'Name', name), el('label', null, 'Partitions', parts), el('label', null, 'Configs (name=value per line)', cfgs),
      el('button', {id: 'create-topic', type: 'submit', cls: 'primary', text: 'Create topic'}));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var config = {};
      cfgs.value.split('\n').forEach(function (line) {
        var i = line.indexOf('=');
        if (i > 0) config[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      });
      api('POST', '/topics', {name: name.value.trim(), partitions: parseInt(parts.value, 10) || 1, config: config})
        .then(function () { notice('Created topic ' + name.value.trim()); name.value = ''; load(); })
        .catch(function (e) { showError(errorText(e)); });
    });
    view.appendChild(form);
    var holder = el('div', {id: 'topics-holder'});
    view.appendChild(holder);
    function load() {
      api('GET', '/_overview').then(function (o) {
        while (holder.firstChild) holder.removeChild(holder.firstChild);
        var rows = o.topics.map(function (t) {
          var feats = el('span');
          t.features.forEach(function (f) { feats.appendChild(el('span', {cls: 'tag', text: f})); });
          var del = el('button', {cls: 'danger delete-topic', 'data-topic': t.name, text: 'Delete'});
          del.addEventListener('click', function () {
            confirmAction('Delete topic "' + t.name + '" and all its records?', function () {
              api('DELETE', '/topics/' + enc(t.name)).then(function () { notice('Deleted topic ' + t.name); load(); })
                .catch(function (e) { showError(errorText(e)); });
            });
          });
          return [el('a', {href: '#/topic/' + enc(t.name), cls: 'topic-link', text: t.name}), t.partitions, fmtBytes(t.size_bytes),
                  t.messages, t.retention_ms < 0 ? 'forever' : fmtDuration(t.retention_ms), feats,
                  el('span', null, el('a', {href: '#/messages/' + enc(t.name) + '/0', text: 'Messages'}), ' ', del)];
        });
        holder.appendChild(table(['topic', 'partitions', 'size', 'messages', 'retention', 'features', ''], rows, 'topics-table'));
      }).catch(function (e) { showError(errorText(e)); });
    }
    load();
  }

  function viewTopic(name) {
    clearView('Topic ' + name);
    view.appendChild(el('p', null, el('a', {href: '#/messages/' + enc(name) + '/0', id: 'browse-link', text: 'Browse messages'})));
    var holder = el('div');
    view.appendChild(holder);
    function load() {
      api('GET', '/topics/' + enc(name)).then(function (t) {
        while (holder.firstChild) holder.removeChild(holder.firstChild);
        holder.appendChild(el('p', {cls: 'muted', text: 'Topic id ' + t.topic_id}));
        holder.appendChild(el('h2', {text: 'Partitions'}));
        holder.appendChild(table(['partition', 'log start', 'high watermark', 'messages', 'size', ''], t.partitions.map(function (p) {
          return [p.partition, p.log_start_offset, p.high_watermark, p.high_watermark - p.log_start_offset, fmtBytes(p.size_bytes),
                  el('a', {href: '#/messages/' + enc(name) + '/' + p.partition, text: 'browse'})];
        }), 'topic-partitions'));
        holder.appendChild(el('h2', {text: 'Configs'}));
        var ckey = el('input', {id: 'cfg-key', placeholder: 'retention.ms', list: 'cfg-names'});
        var cval = el('input', {id: 'cfg-value', placeholder: 'value (empty: back to the default)'});
        var dl = el('datalist', {id: 'cfg-names'});
        Object.keys(t.configs).forEach(function (k) { dl.appendChild(el('option', {value: k})); });
        var f = el('form', {cls: 'inline'}, el('label', null, 'Config', ckey), dl, el('label', null, 'Value', cval),
                   el('button', {id: 'cfg-set', type: 'submit', cls: 'primary', text: 'Set'}));
        f.addEventListener('submit', function (ev) {
          ev.preventDefault();
          var c = {};
          c[ckey.value.trim()] = cval.value === '' ? null : cval.value;
          api('POST', '/topics/' + enc(name) + '/configs', {config: c})
            .then(function () { notice('Updated ' + ckey.value.trim()); load(); })
            .catch(function (e) { showError(errorText(e)); });
        });
        holder.appendChild(f);
        holder.appendChild(table(['config', 'value', 'source'], Object.keys(t.configs).sort().map(function (k) {
          var over = Object.prototype.hasOwnProperty.call(t.overrides, k);
          return [k, t.configs[k] === null ? '(hidden)' : t.configs[k], over ? el('strong', {text: 'override'}) : 'default'];
        }), 'topic-configs'));
      }).catch(function (e) { showError(errorText(e)); });
    }
    load();
  }

  /* A record value shown as pretty JSON, text, or hex for binary. */
  function renderBytes(v, encoding) {
    if (v === null || v === undefined) return el('span', {cls: 'muted', text: 'null'});
    if (encoding === 'base64') {
      var bin = atob(v), hex = [];
      for (var i = 0; i < bin.length; i++) hex.push(('0' + bin.charCodeAt(i).toString(16)).slice(-2));
      return el('pre', {cls: 'hex', text: hex.join(' ')});
    }
    var t = v.trim();
    if (t && (t[0] === '{' || t[0] === '[')) {
      try { return el('pre', {cls: 'json', text: JSON.stringify(JSON.parse(t), null, 2)}); } catch (e) { /* text */ }
    }
    return el('pre', {text: v});
  }

  function headersText(hs) {
    return hs.map(function (h) { return h.key + '=' + (h.value === null ? 'null' : h.value); }).join('\n');
  }

  function recordRow(r) {
    var tr = el('tr', {cls: 'record', 'data-offset': String(r.offset)});
    tr.appendChild(el('td', {cls: 'num', text: String(r.offset)}));
    tr.appendChild(el('td', {text: fmtTime(r.timestamp)}));
    tr.appendChild(el('td', {cls: 'rec-key'}, renderBytes(r.key, r.key_encoding)));
    tr.appendChild(el('td', {cls: 'rec-value'}, renderBytes(r.value, r.value_encoding)));
    tr.appendChild(el('td', {cls: 'rec-headers'}, el('pre', {text: headersText(r.headers)})));
    return tr;
  }

  function viewMessages(topic, partition) {
    clearView('Messages of ' + topic);
    var psel = el('select', {id: 'msg-partition'});
    var mode = el('select', {id: 'msg-mode'}, el('option', {value: 'offset', text: 'from offset'}), el('option', {value: 'timestamp', text: 'from time (ms or ISO)'}));
    var from = el('input', {id: 'msg-from', placeholder: 'empty: the end'});
    var order = el('select', {id: 'msg-order'}, el('option', {value: 'newest', text: 'newest first'}), el('option', {value: 'oldest', text: 'oldest first'}));
    var limit = el('input', {id: 'msg-limit', type: 'number', value: '50', min: '1', max: '1000'});
    var load = el('button', {id: 'msg-load', type: 'submit', cls: 'primary', text: 'Load'});
    var form = el('form', {cls: 'inline'}, el('label', null, 'Partition', psel), el('label', null, 'Start', mode),
                  el('label', null, 'Offset / time', from), el('label', null, 'Order', order), el('label', null, 'Limit', limit), load);
    view.appendChild(form);
    var tbody = el('tbody', {id: 'messages-body'});
    var t = el('table', {id: 'messages'}, el('thead', null, el('tr', null, el('th', {text: 'offset'}), el('th', {text: 'timestamp'}),
                el('th', {text: 'key'}), el('th', {text: 'value'}), el('th', {text: 'headers'}))), tbody);
    var info = el('p', {id: 'msg-info', cls: 'muted'});
    view.appendChild(info);
    view.appendChild(t);

    /* Live tail */
    var tailBtn = el('button', {id: 'tail-toggle', type: 'button', text: 'Start live tail'});
    var tail = el('div', {id: 'tail', cls: 'tail'});
    view.appendChild(el('h2', null, 'Live tail ', tailBtn));
    view.appendChild(tail);
    var tailing = false, tailNext = null, tailGen = 0;
    function tailStep(gen) {
      if (!tailing || gen !== tailGen) return;
      var q = '/topics/' + enc(topic) + '/partitions/' + psel.value + '/records?order=oldest&limit=100&wait_ms=1000' +
              (tailNext === null ? '' : '&offset=' + tailNext);
      var first = tailNext === null;
      api('GET', first ? '/topics/' + enc(topic) + '/partitions/' + psel.value + '/records?order=newest&limit=1' : q).then(function (r) {
        if (gen !== tailGen) return;
        if (first) { tailNext = r.high_watermark; }
        else {
          r.records.forEach(function (rec) {
            var v = rec.value_encoding === 'base64' ? '(binary, ' + atob(rec.value).length + ' bytes)' : String(rec.value);
            tail.appendChild(el('div', {cls: 'tail-record', 'data-offset': String(rec.offset)}, '#' + rec.offset + ' ' + fmtTime(rec.timestamp) + ' ' +
                                (rec.key === null ? '' : '[' + rec.key + '] ') + v));
          });
          while (tail.childNodes.length > 500) tail.removeChild(tail.firstChild);
          tail.scrollTop = tail.scrollHeight;
          tailNext = r.next_offset;
        }
        timers.push(setTimeout(function () { tailStep(gen); }, first ? 0 : 250));
      }).catch(function (e) { showError(errorText(e)); timers.push(setTimeout(function () { tailStep(gen); }, 2000)); });
    }
    tailBtn.addEventListener('click', function () {
      tailing = !tailing;
      tailGen++;
      tailBtn.textContent = tailing ? 'Stop live tail' : 'Start live tail';
      if (tailing) { tailNext = null; tailStep(tailGen); }
    });

    /* Produce a test message */
    var pkey = el('input', {id: 'produce-key', placeholder: 'key (optional)'});
    var pval = el('textarea', {id: 'produce-value', rows: '3', cols: '40', placeholder: '{"hello": "world"}'});
    var phdr = el('input', {id: 'produce-headers', placeholder: 'name=value, ...'});
    var pform = el('form', {cls: 'inline', id: 'produce-form'}, el('label', null, 'Key', pkey), el('label', null, 'Value', pval),
                   el('label', null, 'Headers', phdr), el('button', {id: 'produce-send', type: 'submit', cls: 'primary', text: 'Produce'}));
    pform.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var headers = {};
      phdr.value.split(',').forEach(function (p) { var i = p.indexOf('='); if (i > 0) headers[p.slice(0, i).trim()] = p.slice(i + 1).trim(); });
      var body = {partition: parseInt(psel.value, 10), value: pval.value, headers: headers};
      if (pkey.value) body.key = pkey.value;
      api('POST', '/topics/' + enc(topic) + '/records', body)
        .then(function (r) { notice('Produced to partition ' + r.partition + ' at offset ' + r.offset); })
        .catch(function (e) { showError(errorText(e)); });
    });
    view.appendChild(el('h2', {text: 'Produce a test message'}));
    view.appendChild(pform);

    function loadRecords() {
      var q = '/topics/' + enc(topic) + '/partitions/' + psel.value + '/records?order=' + order.value + '&limit=' + (parseInt(limit.value, 10) || 50);
      var f = from.value.trim();
      if (f) {
        if (mode.value === 'offset') q += '&offset=' + enc(f);
        else q += '&timestamp=' + (/^\d+$/.test(f) ? f : String(Date.parse(f)));
      }
      api('GET', q).then(function (r) {
        while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
        r.records.forEach(function (rec) { tbody.appendChild(recordRow(rec)); });
        info.textContent = r.count + ' record(s); partition offsets ' + r.log_start_offset + '..' + r.high_watermark;
      }).catch(function (e) { showError(errorText(e)); });
    }
    form.addEventListener('submit', function (ev) { ev.preventDefault(); showError(''); loadRecords(); });
    psel.addEventListener('change', function () { tailNext = null; loadRecords(); });
    api('GET', '/topics/' + enc(topic)).then(function (t) {
      for (var i = 0; i < t.partition_count; i++) psel.appendChild(el('option', {value: String(i), text: String(i)}));
      psel.value = String(Math.min(partition, t.partition_count - 1));
      loadRecords();
    }).catch(function (e) { showError(errorText(e)); });
  }

  function viewGroups() {
    clearView('Consumer groups');
    api('GET', '/groups').then(function (r) {
      if (!r.groups.length) view.appendChild(el('p', {cls: 'muted', text: 'No consumer groups yet.'}));
      view.appendChild(table(['group', 'state', 'protocol', 'members'], r.groups.map(function (g) {
        return [el('a', {href: '#/group/' + enc(g.group_id), cls: 'group-link', text: g.group_id}), g.state, g.protocol, g.members];
      }), 'groups-table'));
    }).catch(function (e) { showError(errorText(e)); });
  }

  function viewGroup(id) {
    clearView('Consumer group ' + id);
    var holder = el('div');
    view.appendChild(holder);
    function load() {
      api('GET', '/groups/' + enc(id)).then(function (g) {
        while (holder.firstChild) holder.removeChild(holder.firstChild);
        holder.appendChild(el('div', {cls: 'cards'}, card('State', 'group-state', g.state), card('Protocol', 'group-protocol', g.protocol),
                              card('Assignor', 'group-assignor', g.assignor || ''), card('Total lag', 'group-lag', String(g.total_lag))));
        holder.appendChild(el('h2', {text: 'Members'}));
        holder.appendChild(table(['member', 'client', 'host', 'assignment'], (g.members || []).map(function (m) {
          return [m.member_id, m.client_id, m.client_host, (m.assignment || []).map(function (a) { return a.topic + ' [' + a.partitions.join(', ') + ']'; }).join('; ')];
        }), 'group-members'));
        holder.appendChild(el('h2', {text: 'Committed offsets and lag'}));
        holder.appendChild(table(['topic', 'partition', 'committed', 'high watermark', 'lag'], g.offsets.map(function (o) {
          return [o.topic, o.partition, o.offset, o.high_watermark, o.lag];
        }), 'group-offsets'));
        holder.appendChild(barChart('lag-chart', g.offsets.map(function (o) { return {label: o.topic + '[' + o.partition + ']', value: o.lag || 0}; })));
        var to = el('select', {id: 'reset-to'}, el('option', {value: 'earliest', text: 'earliest'}), el('option', {value: 'latest', text: 'latest'}),
                    el('option', {value: 'timestamp', text: 'timestamp'}));
        var ts = el('input', {id: 'reset-ts', placeholder: 'ms or ISO time'});
        var f = el('form', {cls: 'inline'}, el('label', null, 'Reset offsets to', to), el('label', null, 'Time', ts),
                   el('button', {id: 'reset-btn', type: 'submit', cls: 'danger', text: 'Reset'}));
        f.addEventListener('submit', function (ev) {
          ev.preventDefault();
          var body = {to: to.value};
          if (to.value === 'timestamp') body.timestamp = /^\d+$/.test(ts.value.trim()) ? parseInt(ts.value, 10) : Date.parse(ts.value);
          confirmAction('Reset every committed offset of group "' + id + '" to ' + to.value + '?', function () {
            api('POST', '/groups/' + enc(id) + '/reset', body).then(function () { notice('Offsets reset'); load(); })
              .catch(function (e) { showError(errorText(e)); });
          });
        });
        holder.appendChild(el('h2', {text: 'Reset offsets (the group must be empty)'}));
        holder.appendChild(f);
      }).catch(function (e) { showError(errorText(e)); });
    }
    load();
    timers.push(setInterval(function () { if (document.getElementById('confirm-box').hidden && !document.activeElement.closest('form')) load(); }, 5000));
  }

  function viewSql() {
    clearView('SQL');
    var aside = el('aside', {id: 'sql-tables'}, el('div', {cls: 'muted', text: 'Tables'}));
    var q = el('textarea', {id: 'sql-query', rows: '6', cols: '80', placeholder: 'SELECT _partition, COUNT(*) FROM orders GROUP BY _partition'});
    q.value = sessionStorage.getItem('chronik.sql') || '';
    var run = el('button', {id: 'sql-run', type: 'submit', cls: 'primary', text: 'Run (Ctrl+Enter)'});
    var err = el('div', {id: 'sql-error', cls: 'error', hidden: 'hidden'});
    var out = el('div', {id: 'sql-result'});
    var form = el('form', null, q, el('div', {cls: 'row'}, run));
    var section = el('section', null, form, err, out);
    view.appendChild(el('div', {cls: 'split'}, aside, section));
    function exec() {
      sessionStorage.setItem('chronik.sql', q.value);
      err.hidden = true;
      api('POST', '/_sql', {query: q.value}).then(function (r) {
        while (out.firstChild) out.removeChild(out.firstChild);
        out.appendChild(el('p', {cls: 'muted', id: 'sql-info', text: r.row_count + ' row(s) in ' + r.took_ms + ' ms' + (r.truncated ? ' (truncated)' : '')}));
        out.appendChild(table(r.columns.map(function (c) { return c.name; }), r.rows.map(function (row) {
          return row.map(function (v) { return v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : v; });
        }), 'sql-table'));
      }).catch(function (e) { err.textContent = errorText(e); err.hidden = false; });
    }
    form.addEventListener('submit', function (ev) { ev.preventDefault(); exec(); });
    q.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); exec(); } });
    api('GET', '/_sql/tables').then(function (r) {
      var list = r.tables || r;
      (Array.isArray(list) ? list : []).forEach(function (t) {
        var tname = typeof t === 'string' ? t : (t.name || t.table);
        var item = el('details', {cls: 'sql-table-item'}, el('summary', {text: tname}));
        item.addEventListener('toggle', function () {
          if (!item.open || item.loaded) return;
          item.loaded = true;
          var topic = t.topic || tname;
          api('GET', '/_sql/describe/' + enc(topic)).then(function (d) {
            var tables = d.tables || [d];
            tables.forEach(function (tb) {
              if ((tb.name || tb.table) !== tname && tables.length > 1) return;
              (tb.columns || []).forEach(function (c) { item.appendChild(el('div', {cls: 'muted', text: c.name + ' ' + (c.type || '')})); });
            });
          }).catch(function (e) { item.appendChild(el('div', {cls: 'muted', text: errorText(e)})); });
        });
        item.querySelector('summary').addEventListener('dblclick', function () { q.value = 'SELECT * FROM "' + tname + '" LIMIT 20'; });
        aside.appendChild(item);
      });
    }).catch(function (e) { aside.appendChild(el('div', {cls: 'muted', text: errorText(e)})); });
  }

  /* A highlight fragment ("a <em>b</em> c") as text nodes and <mark>s. */
  function highlighted(frag) {
    var span = el('span', {cls: 'hl'}), parts = String(frag).split(/(<em>|<\/em>)/), on = false;
    parts.forEach(function (p) {
      if (p === '<em>') on = true;
      else if (p === '</em>') on = false;
      else if (p) span.appendChild(on ? el('mark', {text: p}) : document.createTextNode(p));
    });
    return span;
  }

  function viewSearch() {
    clearView('Search');
    var topic = el('select', {id: 'search-topic'});
    var query = el('input', {id: 'search-query', size: '50', placeholder: 'level:ERROR AND disk'});
    var vec = el('input', {id: 'search-vector', type: 'checkbox'});
    var run = el('button', {id: 'search-run', type: 'submit', cls: 'primary', text: 'Search'});
    var err = el('div', {id: 'search-error', cls: 'error', hidden: 'hidden'});
    var out = el('div', {id: 'search-results'});
    var form = el('form', {cls: 'inline'}, el('label', null, 'Topic', topic), el('label', null, 'Query', query),
                  el('label', null, 'Vector (k-NN)', vec), run);
    view.appendChild(form);
    view.appendChild(err);
    view.appendChild(out);
    api('GET', '/_overview').then(function (o) {
      o.topics.forEach(function (t) { topic.appendChild(el('option', {value: t.name, text: t.name + (t.features.length ? ' (' + t.features.join(', ') + ')' : '')})); });
    }).catch(function (e) { showError(errorText(e)); });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.hidden = true;
      var p = vec.checked ? api('POST', '/_vector/' + enc(topic.value) + '/search', {query: query.value, k: 10})
                          : api('POST', '/' + enc(topic.value) + '/_search', {query: {query_string: {query: query.value}}, highlight: {fields: {'*': {}}}, size: 20});
      p.then(function (r) {
        while (out.firstChild) out.removeChild(out.firstChild);
        var hits = (r.hits && r.hits.hits) || [];
        out.appendChild(el('p', {cls: 'muted', text: hits.length + ' hit(s)'}));
        hits.forEach(function (h) {
          var box = el('div', {cls: 'card search-hit'}, el('div', {cls: 'label', text: h._id + '  score ' + h._score}));
          if (h.highlight) Object.keys(h.highlight).forEach(function (f) {
            h.highlight[f].forEach(function (frag) { box.appendChild(el('div', null, el('strong', {text: f + ': '}), highlighted(frag))); });
          });
          box.appendChild(el('pre', {text: JSON.stringify(h._source, null, 2)}));
          out.appendChild(box);
        });
      }).catch(function (e) { err.textContent = errorText(e); err.hidden = false; });
    });
  }

  /* ---- Router and admin key -------------------------------------------- */

  function route() {
    var h = location.hash.replace(/^#\/?/, '').split('/').map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    document.querySelectorAll('nav a').forEach(function (a) { a.classList.toggle('active', a.getAttribute('href') === '#/' + h[0]); });
    switch (h[0]) {
      case 'topics': viewTopics(); break;
      case 'topic': viewTopic(h[1]); break;
      case 'messages': viewMessages(h[1], parseInt(h[2] || '0', 10) || 0); break;
      case 'groups': viewGroups(); break;
      case 'group': viewGroup(h[1]); break;
      case 'sql': viewSql(); break;
      case 'search': viewSearch(); break;
      default: viewOverview();
    }
  }

  var keyInput = document.getElementById('api-key');
  keyInput.value = apiKey();
  document.getElementById('key-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    sessionStorage.setItem(KEY_STORE, keyInput.value);
    notice(keyInput.value ? 'The admin key will be sent with every request of this tab.' : 'No admin key.');
  });
  document.getElementById('api-key-clear').addEventListener('click', function () {
    sessionStorage.removeItem(KEY_STORE);
    keyInput.value = '';
    notice('The admin key is forgotten.');
  });
  window.addEventListener('hashchange', route);
  route();
})();
