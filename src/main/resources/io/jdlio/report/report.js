// jdlio's report page: draws the runs the report verb embedded in #jdlio-data with uPlot. No network: everything
// it needs is in this file. When it is done it writes what it drew into #jdlio-checks, which the render test reads.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('jdlio-data').textContent);
  var runs = data.runs;
  var sweeps = data.sweeps || [];
  var app = document.getElementById('app');
  var COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
  var LOAD = '#f59e0b';
  var COMPUTE = '#3b82f6';
  var SAVE = '#7c3aed';
  var RESTORE = '#0d9488';
  var plots = [];

  var origError = console.error;
  console.error = function () {
    window.jdlioErrors.push(Array.prototype.join.call(arguments, ' '));
    origError.apply(console, arguments);
  };

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'cls') { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) { continue; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }

  function fmt(v, digits) {
    if (v == null || typeof v !== 'number' || !isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    if (digits != null) { return v.toFixed(digits); }
    if (a >= 1000) { return v.toFixed(0); }
    if (a >= 100) { return v.toFixed(1); }
    if (a >= 1) { return v.toFixed(2); }
    if (a === 0) { return '0'; }
    return v.toPrecision(3);
  }

  function mean(a) {
    var s = 0, n = 0;
    (a || []).forEach(function (x) { if (num(x) != null) { s += x; n++; } });
    return n ? s / n : null;
  }

  function color(i) { return COLORS[i % COLORS.length]; }

  // per rank, per checkpoint seconds: each checkpoint's slowest rank, averaged over checkpoints
  function slowest(perRank) {
    var n = Math.max.apply(null, [0].concat((perRank || []).map(function (x) { return x.length; })));
    var out = [];
    for (var i = 0; i < n; i++) {
      out.push(Math.max.apply(null, perRank.map(function (x) { return num(x[i]) != null ? x[i] : 0; })));
    }
    return mean(out);
  }

  function maxOf(errs) {
    var m = 0;
    Object.keys(errs).forEach(function (k) { (errs[k][1] || []).forEach(function (v) { if (num(v) != null) { m = Math.max(m, v); } }); });
    return m;
  }

  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }

  function section(title, intro) {
    var s = el('section', null, el('h2', {text: title}));
    if (intro) { s.appendChild(el('p', {cls: 'intro', text: intro})); }
    app.appendChild(s);
    return s;
  }

  function chartBox(parent, cls) {
    var d = el('div', {cls: 'chart ' + (cls || '')});
    parent.appendChild(d);
    return d;
  }

  function width(box) { return Math.max(280, Math.floor(box.getBoundingClientRect().width) - 8); }

  /** Creates a uPlot chart and remembers it for the self-check. */
  function plot(id, box, opts, aligned, height) {
    opts.width = width(box);
    opts.height = height || 260;
    opts.legend = opts.legend || {live: true};
    opts.cursor = opts.cursor || {drag: {x: true, y: false}};
    var u = new uPlot(opts, aligned, box);
    plots.push({id: id, title: opts.title || id, u: u});
    return u;
  }

  // error bars: series i has its [low, high] arrays in errs[i]
  function errorBars(errs) {
    return {hooks: {draw: [function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.lineWidth = 1.5 * devicePixelRatio;
      Object.keys(errs).forEach(function (si) {
        var s = u.series[si];
        if (!s.show) { return; }
        var lo = errs[si][0], hi = errs[si][1];
        ctx.strokeStyle = s._stroke || s.stroke;
        for (var i = 0; i < u.data[0].length; i++) {
          if (num(lo[i]) == null || num(hi[i]) == null || u.data[si][i] == null) { continue; }
          var x = u.valToPos(u.data[0][i], 'x', true);
          var y0 = u.valToPos(lo[i], s.scale, true);
          var y1 = u.valToPos(hi[i], s.scale, true);
          var cap = 5 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, y0); ctx.lineTo(x, y1);
          ctx.moveTo(x - cap, y0); ctx.lineTo(x + cap, y0);
          ctx.moveTo(x - cap, y1); ctx.lineTo(x + cap, y1);
          ctx.stroke();
        }
      });
      ctx.restore();
    }]}};
  }

  // a dashed horizontal line at value v, labelled
  function hline(v, label, stroke) {
    return {hooks: {draw: [function (u) {
      if (num(v) == null) { return; }
      var ctx = u.ctx, y = u.valToPos(v, 'y', true);
      ctx.save();
      ctx.strokeStyle = stroke; ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.lineWidth = devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
      ctx.setLineDash([]); ctx.fillStyle = stroke; ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
      ctx.fillText(label, u.bbox.left + 6 * devicePixelRatio, y - 4 * devicePixelRatio);
      ctx.restore();
    }]}};
  }

  // grouped bars drawn by hand: series 1..n side by side at each x
  function groupedBars() {
    return {hooks: {draw: [function (u) {
      var ctx = u.ctx, n = u.series.length - 1, xs = u.data[0];
      var step = xs.length > 1 ? Math.abs(u.valToPos(xs[1], 'x', true) - u.valToPos(xs[0], 'x', true))
        : u.bbox.width / 2;
      var w = Math.min(60 * devicePixelRatio, step * 0.8 / n);
      ctx.save();
      for (var si = 1; si <= n; si++) {
        var s = u.series[si];
        if (!s.show) { continue; }
        ctx.fillStyle = s._stroke || s.stroke;
        for (var i = 0; i < xs.length; i++) {
          var v = u.data[si][i];
          if (v == null) { continue; }
          var x = u.valToPos(xs[i], 'x', true) - step * 0.4 + (si - 1) * w + (step * 0.8 - n * w) / 2;
          var y = u.valToPos(v, 'y', true), y0 = u.valToPos(0, 'y', true);
          ctx.fillRect(x, Math.min(y, y0), w - devicePixelRatio, Math.max(devicePixelRatio, Math.abs(y0 - y)));
        }
      }
      ctx.restore();
    }]}};
  }

  // ---------- summary and verdicts ----------
  function headline() {
    var h = el('header', null, el('h1', {text: 'jdlio report'}),
      el('p', {cls: 'sub', text: runs.length + ' run' + (runs.length === 1 ? '' : 's') +
        ' · DLIO workloads on the JVM · generated from the runs\' own output files'}));
    app.appendChild(h);
    var s = section('Runs');
    var t = el('table', {cls: 'runs'});
    t.appendChild(el('tr', null, el('th', {text: ''}), el('th', {text: 'run'}), el('th', {text: 'accelerators'}),
      el('th', {text: 'epochs'}), el('th', {text: 'AU %'}), el('th', {text: 'samples/s'}),
      el('th', {text: 'MiB/s read'}), el('th', {text: 'read p50 / p99 / p99.9 ms'}),
      el('th', {text: 'checkpoint save / load s'}), el('th', {text: 'host'}),
      el('th', {text: 'start'})));
    runs.forEach(function (r, i) {
      var lat = (r.latency || {}).reads_overall || {};
      t.appendChild(el('tr', null, el('td', null, el('span', {cls: 'swatch', style: 'background:' + color(i)})),
        el('td', {title: r.source, text: r.name}), el('td', {text: String(r.accelerators)}),
        el('td', {text: String(r.epochs.au.length)}), el('td', {text: fmt(mean(r.epochs.au))}),
        el('td', {text: fmt(mean(r.epochs.sps))}), el('td', {text: fmt(mean(r.epochs.mbps))}),
        el('td', {text: lat.p50 != null ? fmt(lat.p50) + ' / ' + fmt(lat.p99) + ' / ' + fmt(lat.p99_9) : '–'}),
        el('td', {title: 'each checkpoint as long as its slowest rank, mean over checkpoints',
          text: fmt(slowest(r.checkpoints.save)) + ' / ' + fmt(slowest(r.checkpoints.load))}),
        el('td', {text: r.hostname || ''}), el('td', {text: r.start || ''})));
    });
    s.appendChild(t);
  }

  function verdictTable(parent, list) {
    var t = el('table', {cls: 'verdicts'});
    t.appendChild(el('tr', null, el('th', {text: 'rule'}), el('th', {text: 'verdict'}), el('th', {text: 'measured'}),
      el('th', {text: 'required'}), el('th', {text: 'why'})));
    list.forEach(function (v) {
      var cls = v.status === 'pass' ? 'pass' : v.status === 'fail' ? 'fail' : 'na';
      t.appendChild(el('tr', null, el('td', {text: v.rule}), el('td', null, el('span', {cls: 'badge ' + cls, text: v.status})),
        el('td', {text: v.measured}), el('td', {text: v.required}), el('td', {cls: 'why', text: v.detail})));
    });
    parent.appendChild(t);
  }

  function verdicts() {
    var s = section('MLPerf Storage verdicts', 'The rules of MLPerf Storage (Rules.md, v2.0) judged on the runs\' ' +
      'own figures: a training result counts only while AU meets the workload\'s minimum, on a dataset of at ' +
      'least 5 x host memory and 500 steps; checkpoint reads must not come from the page cache; 5 runs must ' +
      'replicate within 5 %.');
    runs.forEach(function (r, i) {
      if (!r.verdicts || !r.verdicts.length) { return; }
      s.appendChild(el('h3', null, el('span', {cls: 'swatch', style: 'background:' + color(i)}), r.name));
      verdictTable(s, r.verdicts);
    });
    if (data.replication && data.replication.length) {
      s.appendChild(el('h3', {text: 'Across the runs given'}));
      verdictTable(s, data.replication);
    }
  }

  // ---------- per epoch ----------
  function epochCharts() {
    var training = runs.filter(function (r) { return r.epochs.au.length; });
    if (!training.length) { return; }
    var s = section('Per epoch', 'Each point is one epoch; the error bar is the spread over accelerators ' +
      '(for JMH results, over forks). samples/s is DLIO\'s figure; MiB/s is the bytes really read over the ' +
      'epoch\'s time.');
    var grid = el('div', {cls: 'grid3'});
    s.appendChild(grid);
    var n = Math.max.apply(null, training.map(function (r) { return r.epochs.au.length; }));
    var xs = [];
    for (var e = 1; e <= n; e++) { xs.push(e); }
    [['au', 'AU (%)', 'AU'], ['sps', 'samples/s', 'samples/s'], ['mbps', 'MiB/s read', 'MiB/s']].forEach(function (k) {
      var series = [{label: 'epoch'}], aligned = [xs], errs = {};
      training.forEach(function (r) {
        var i = runs.indexOf(r);
        var ys = xs.map(function (x) { return num(r.epochs[k[0]][x - 1]); });
        series.push({label: training.length > 1 ? r.name : k[2], stroke: color(i), width: 2,
          points: {show: true, size: 8, fill: color(i)}});
        aligned.push(ys);
        var range = r.epochs[k[0] + '_range'] || [[], []];
        errs[aligned.length - 1] = [range[0] || [], range[1] || []];
      });
      var plugins = [errorBars(errs)];
      if (k[0] === 'au') {
        var target = training.map(function (r) { return r.au_target; }).filter(function (v) { return num(v) != null; })[0];
        if (target != null) { plugins.push(hline(100 * target, 'metric.au ' + fmt(100 * target) + ' %', '#dc2626')); }
      }
      var box = chartBox(grid);
      plot('epoch-' + k[0], box, {title: k[1], plugins: plugins, series: series,
        // from zero: a 0.1 % wobble must not look like a collapse
        scales: {x: {time: false, range: [0.5, n + 0.5]}, y: k[0] === 'au' ? {range: [0, 100]}
          : {range: function (u, lo, hi) { return [0, Math.max(hi, maxOf(errs)) * 1.15 || 1]; }}},
        axes: [{label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100]}, {label: k[2], size: 60}]}, aligned, 240);
    });
  }

  // ---------- steps ----------
  function stepCharts() {
    var withSteps = runs.filter(function (r) { return r.steps && r.steps.length; });
    if (!withSteps.length) { return; }
    var s = section('Steps of one epoch', 'Per accelerator, each step\'s wait for its batch (load, amber) on ' +
      'top of its emulated compute (blue), in seconds. Violet bars mark checkpoints saved between steps, with ' +
      'their duration. A load that rises above zero is storage the accelerator waited for.');
    var controls = el('div', {cls: 'controls'});
    var runSel = el('select', {id: 'step-run'});
    withSteps.forEach(function (r, i) { runSel.appendChild(el('option', {value: String(i), text: r.name})); });
    var epochSel = el('select', {id: 'step-epoch'});
    controls.appendChild(el('label', null, 'run ', runSel));
    controls.appendChild(el('label', null, 'epoch ', epochSel));
    s.appendChild(controls);
    var holder = el('div', {cls: 'steps'});
    s.appendChild(holder);
    var own = [];

    function fillEpochs() {
      var r = withSteps[+runSel.value];
      epochSel.innerHTML = '';
      r.steps.forEach(function (_, e) { epochSel.appendChild(el('option', {value: String(e), text: String(e + 1)})); });
      // the last epoch: the first is the one most often disturbed by start-up
      epochSel.value = String(r.steps.length - 1);
    }

    function draw() {
      own.forEach(function (p) {
        p.u.destroy();
        plots.splice(plots.indexOf(p), 1);
      });
      own = [];
      holder.innerHTML = '';
      var r = withSteps[+runSel.value];
      var ranks = r.steps[+epochSel.value];
      var shown = Math.min(ranks.length, 8);
      if (ranks.length > shown) {
        holder.appendChild(el('p', {cls: 'intro', text: 'The first ' + shown + ' of ' + ranks.length + ' accelerators.'}));
      }
      for (var a = 0; a < shown; a++) {
        var rk = ranks[a];
        // step i spans [i, i + 1): one more edge than steps, holding the last step's values
        var xs = [], sum = [], load = [];
        for (var i = 0; i <= rk.load.length; i++) {
          var j = Math.min(i, rk.load.length - 1);
          xs.push(i + 1);
          load.push(rk.load[j]);
          sum.push(rk.load[j] + (rk.compute[j] || 0));
        }
        var cps = rk.checkpoints;
        var last = rk.load.length + 1;
        // room at the right for the epoch's checkpoint, which follows the last step
        var room = cps.some(function (c) { return c.after_step >= rk.load.length; }) ? Math.max(1, rk.load.length * 0.12) : 0;
        var box = chartBox(holder, 'wide');
        var u = plot('steps-rank' + a, box, {
          title: 'accelerator ' + a + ' · epoch ' + (+epochSel.value + 1),
          plugins: [checkpointBars(cps)],
          series: [{label: 'step'},
            {label: 'load + compute (s)', stroke: COMPUTE, fill: alpha(COMPUTE, 0.35), width: 1,
              paths: uPlot.paths.stepped({align: 1}), points: {show: false}},
            {label: 'load (s)', stroke: LOAD, fill: alpha(LOAD, 0.6), width: 1,
              paths: uPlot.paths.stepped({align: 1}), points: {show: false}}],
          scales: {x: {time: false, range: [1, last + room]}, y: {range: function (u, lo, hi) { return [0, hi * 1.15 || 1]; }}},
          axes: [{label: 'step', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]},
            {label: 'seconds', size: 60}]}, [xs, sum, load], 190);
        own.push(plots[plots.length - 1]);
        if (!u) { break; }
      }
    }

    function checkpointBars(cps) {
      return {hooks: {draw: [function (u) {
        var ctx = u.ctx;
        ctx.save();
        ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
        (cps || []).forEach(function (c) {
          var x = u.valToPos(c.after_step + 1, 'x', true);
          var w = 6 * devicePixelRatio;
          ctx.fillStyle = alpha(c.save ? SAVE : RESTORE, 0.75);
          ctx.fillRect(x - w / 2, u.bbox.top, w, u.bbox.height);
          ctx.fillStyle = c.save ? SAVE : RESTORE;
          var label = (c.save ? 'save ' : 'load ') + fmt(c.seconds) + ' s';
          var tw = ctx.measureText(label).width;
          // left of the bar in the right half of the plot, where the label could run off it
          var tx = x > u.bbox.left + u.bbox.width / 2 ? x - w - tw : x + w;
          ctx.fillText(label, tx, u.bbox.top + 14 * devicePixelRatio);
        });
        ctx.restore();
      }]}};
    }

    runSel.addEventListener('change', function () { fillEpochs(); draw(); });
    epochSel.addEventListener('change', draw);
    fillEpochs();
    draw();
  }

  // ---------- latency ----------
  var PCT_MAX = 1e6;
  function pctX(p) { return Math.min(PCT_MAX, 1 / Math.max(1e-6, 1 - p / 100)); }
  function pctLabel(v) {
    var p = 100 * (1 - 1 / v);
    if (p <= 0) { return '0%'; }
    return (p >= 99.99 ? p.toFixed(4).replace(/0+$/, '') : p >= 99.9 ? p.toFixed(2).replace(/0+$/, '')
      : p >= 99 ? p.toFixed(1).replace(/\.0$/, '') : p.toFixed(0)) + '%';
  }

  // log axes: labels on the powers of ten only, the minor grid lines stay unlabelled
  function decades(format) {
    return function (u, splits) {
      return splits.map(function (v) {
        return v != null && v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? format(v) : '';
      });
    };
  }

  function curveTable(ds) {
    return ds.map(function (d) {
      var xs = [], ys = [];
      (d.curve || []).forEach(function (pt) {
        var x = pctX(pt[0]);
        if (pt[1] > 0 && (!xs.length || x > xs[xs.length - 1])) { xs.push(x); ys.push(pt[1]); }
      });
      return [xs, ys];
    });
  }

  function percentileChart(id, box, ds, title) {
    var tables = curveTable(ds).filter(function (t) { return t[0].length; });
    if (!tables.length) { return false; }
    var labels = [];
    var series = [{label: 'percentile', value: function (u, v) { return v == null ? '–' : pctLabel(v); }}];
    ds.forEach(function (d, i) {
      if (!curveTable([d])[0][0].length) { return; }
      series.push({label: d.label, stroke: d.color, width: d.width || 2, dash: d.dash || undefined,
        points: {show: d.points || false, size: 6, fill: d.color},
        value: function (u, v) { return v == null ? '–' : fmt(v) + ' ms'; }});
      labels.push(d.label);
    });
    plot(id, box, {title: title, series: series,
      scales: {x: {time: false, distr: 3, range: [1, PCT_MAX]}, y: {distr: 3}},
      axes: [{label: 'percentile', values: decades(pctLabel), space: 30},
        {label: 'milliseconds', size: 60, values: function (u, splits) { return splits.map(function (v) { return fmt(v); }); }}]},
      uPlot.join(tables), 260);
    return true;
  }

  function histogramChart(id, box, ds, title) {
    var tables = ds.map(function (d) {
      return [(d.buckets || []).map(function (b) { return b[0]; }), (d.buckets || []).map(function (b) { return b[1]; })];
    }).filter(function (t) { return t[0].length; });
    if (!tables.length) { return false; }
    var series = [{label: 'latency', value: function (u, v) { return v == null ? '–' : '≤ ' + fmt(v) + ' ms'; }}];
    ds.forEach(function (d) {
      if (!(d.buckets || []).length) { return; }
      series.push({label: d.label, stroke: d.color, fill: alpha(d.color, 0.25), width: 1.5,
        paths: uPlot.paths.stepped({align: 1}), points: {show: false}, spanGaps: false});
    });
    plot(id, box, {title: title, series: series, scales: {x: {time: false, distr: 3}},
      axes: [{label: 'milliseconds (log)', values: decades(fmt), space: 30},
        {label: 'samples', size: 60}]}, uPlot.join(tables), 260);
    return true;
  }

  function latency() {
    var withReads = runs.filter(function (r) { return r.latency && r.latency.reads_overall; });
    if (!withReads.length) { return; }
    var s = section('Sample read latency', 'Every training sample read is timed (opening its file included, whichever thread ' +
      'reads it) into an HdrHistogram per accelerator; the histograms are merged per epoch. The percentile ' +
      'curve stretches the tail: each grid step to the right is ten times rarer.');
    if (withReads.length) {
      var grid = el('div', {cls: 'grid2'});
      s.appendChild(grid);
      var curves = [], hists = [];
      withReads.forEach(function (r) {
        var i = runs.indexOf(r);
        var o = r.latency.reads_overall;
        curves.push({label: (withReads.length > 1 ? r.name + ' ' : '') + 'all epochs', curve: o.curve,
          color: color(i), width: 2.5, points: !(o.buckets || []).length});
        if (withReads.length === 1) {
          (r.latency.reads || []).forEach(function (d, e) {
            curves.push({label: d.label, curve: d.curve, color: COLORS[(e + 3) % COLORS.length], width: 1});
          });
        }
        hists.push({label: withReads.length > 1 ? r.name : 'all epochs', buckets: o.buckets, color: color(i)});
      });
      percentileChart('latency-read-percentiles', chartBox(grid), curves, 'sample read latency by percentile');
      histogramChart('latency-read-histogram', chartBox(grid), hists, 'sample read latency histogram');
      var t = el('table', {cls: 'pct'});
      t.appendChild(el('tr', null, el('th', {text: 'run'}), el('th', {text: 'epoch'}), el('th', {text: 'reads'}),
        el('th', {text: 'p50 ms'}), el('th', {text: 'p90 ms'}), el('th', {text: 'p99 ms'}), el('th', {text: 'p99.9 ms'}),
        el('th', {text: 'max ms'})));
      withReads.forEach(function (r) {
        // per accelerator too when there are several: a slow one shows here before it shows in AU
        var ranks = (r.latency.reads_ranks || []).length > 1 ? r.latency.reads_ranks.map(function (p, k) {
          return Object.assign({label: 'accelerator ' + k + ', all epochs'}, p);
        }) : [];
        (r.latency.reads || []).concat([r.latency.reads_overall]).concat(ranks).forEach(function (d) {
          t.appendChild(el('tr', null, el('td', {text: r.name}), el('td', {text: d.label}), el('td', {text: fmt(d.count, 0)}),
            el('td', {text: fmt(d.p50)}), el('td', {text: fmt(d.p90)}), el('td', {text: fmt(d.p99)}),
            el('td', {text: fmt(d.p99_9)}), el('td', {text: fmt(d.max)})));
        });
      });
      s.appendChild(t);
    }
  }

  // ---------- checkpoints ----------
  function checkpoints() {
    var withCp = runs.filter(function (r) {
      return r.checkpoints && (r.checkpoints.save.some(function (x) { return x.length; }) ||
        r.checkpoints.load.some(function (x) { return x.length; }));
    });
    if (!withCp.length) { return; }
    var s = section('Checkpoints', 'Each rank\'s mean save and load duration, in seconds (MLPerf Storage takes a ' +
      'checkpoint as long as its slowest rank), and the latency of every checkpoint file saved and loaded.');
    var grid = el('div', {cls: 'grid2'});
    s.appendChild(grid);
    var n = Math.max.apply(null, withCp.map(function (r) { return r.checkpoints.save.length || r.checkpoints.load.length; }));
    var xs = [];
    for (var k = 0; k < n; k++) { xs.push(k); }
    var series = [{label: 'rank'}], aligned = [xs];
    withCp.forEach(function (r, i) {
      [['save', SAVE], ['load', RESTORE]].forEach(function (kind, j) {
        var per = r.checkpoints[kind[0]];
        if (!per.some(function (x) { return x.length; })) { return; }
        series.push({label: (withCp.length > 1 ? r.name + ' ' : '') + kind[0] + ' (s, mean of ' + per[0].length + ')',
          // a run's own colour when several are shown, its loads lighter
          stroke: withCp.length > 1 ? (j ? alpha(color(runs.indexOf(r)), 0.45) : color(runs.indexOf(r))) : kind[1],
          paths: function () { return null; },
          points: {show: false}});
        aligned.push(xs.map(function (x) { return per[x] && per[x].length ? mean(per[x]) : null; }));
      });
    });
    plot('checkpoints-per-rank', chartBox(grid), {title: 'checkpoint duration per rank', plugins: [groupedBars()],
      series: series, scales: {x: {time: false, range: [-0.5, n - 0.5]}, y: {range: function (u, lo, hi) { return [0, hi * 1.15]; }}},
      axes: [{label: 'rank', incrs: [1, 2, 5, 10, 20, 50, 100]}, {label: 'seconds', size: 60}]}, aligned, 260);
    var withFiles = runs.filter(function (r) { return r.latency && (r.latency.checkpoint_save || r.latency.checkpoint_load); });
    if (withFiles.length) {
      var files = [];
      withFiles.forEach(function (r) {
        [['checkpoint_save', SAVE, 'saved'], ['checkpoint_load', RESTORE, 'loaded']].forEach(function (k, j) {
          var d = r.latency[k[0]];
          if (!d) { return; }
          files.push({label: (withFiles.length > 1 ? r.name + ' ' : '') + 'files ' + k[2], curve: d.curve,
            color: withFiles.length > 1 ? color(runs.indexOf(r)) : k[1], points: true, dash: j ? [6, 4] : null});
        });
      });
      percentileChart('latency-checkpoint-files', chartBox(grid), files, 'checkpoint file save and load latency');
    }
  }

  // ---------- flame graphs and notes ----------
  function extras() {
    var fg = runs.filter(function (r) { return r.flamegraphs && r.flamegraphs.length; });
    if (fg.length) {
      var s = section('Flame graphs', 'Recorded by scripts/profile beside the run\'s outputs.');
      fg.forEach(function (r) {
        var ul = el('ul');
        r.flamegraphs.forEach(function (f) { ul.appendChild(el('li', null, el('a', {href: f.href, text: f.name}))); });
        s.appendChild(el('h3', {text: r.name}));
        s.appendChild(ul);
      });
    }
    var withNotes = runs.filter(function (r) { return r.notes && r.notes.length; });
    if (withNotes.length) {
      var n = section('Notes');
      withNotes.forEach(function (r) {
        var ul = el('ul', {cls: 'notes'});
        r.notes.forEach(function (t) { ul.appendChild(el('li', {text: t})); });
        if (runs.length > 1) { n.appendChild(el('h3', {text: r.name})); }
        n.appendChild(ul);
      });
    }
  }

  // ---------- accelerator sweeps (the sweep verb's sweep.json) ----------
  function sweepCharts() {
    if (!sweeps.length) { return; }
    if (!runs.length) {
      app.appendChild(el('header', null, el('h1', {text: 'jdlio report'}),
        el('p', {cls: 'sub', text: sweeps.length + ' accelerator sweep' + (sweeps.length === 1 ? '' : 's')})));
    }
    var s = section('Accelerator sweep', 'The largest number of emulated accelerators whose training AU meets the ' +
      'workload\'s metric.au (MLPerf Storage\'s figure): short trials on 1, 2, 4... accelerators, then bisection. ' +
      'Each point is one trial; the dashed line is the threshold.');
    sweeps.forEach(function (sw, i) {
      var probes = sw.probes || [];
      var xs = probes.map(function (p) { return p.accelerators; });
      var answer = sw.answer == null ? 'not finished'
        : (sw.answer_is_lower_bound ? 'at least ' : '') + sw.answer + ' accelerator' + (sw.answer === 1 ? '' : 's');
      s.appendChild(el('h3', {title: sw.source, text: sw.name + ' (' + sw.workload + '): ' + answer}));
      var t = el('table', {cls: 'runs'});
      t.appendChild(el('tr', null, el('th', {text: 'accelerators'}), el('th', {text: 'AU %'}),
        el('th', {text: 'samples/s'}), el('th', {text: 'steps'}), el('th', {text: 'verdict'})));
      probes.forEach(function (p) {
        t.appendChild(el('tr', null, el('td', {text: String(p.accelerators)}), el('td', {text: fmt(p.au_percent, 2)}),
          el('td', {text: fmt(p.samples_per_second)}), el('td', {text: String(p.steps_per_accelerator)}),
          el('td', null, el('span', {cls: 'badge ' + (p.passed ? 'pass' : 'fail'), text: p.passed ? 'pass' : 'FAIL'}))));
      });
      s.appendChild(t);
      if (sw.max_accelerators_limited_by) {
        s.appendChild(el('p', {cls: 'intro', text: 'Search bound: ' + sw.max_accelerators_limited_by}));
      }
      var pass = probes.map(function (p) { return p.passed ? p.au_percent : null; });
      var fail = probes.map(function (p) { return p.passed ? null : p.au_percent; });
      var dots = function (c) { return {stroke: c, width: 0, points: {show: true, size: 9, fill: c}}; };
      var top = Math.max.apply(null, [1].concat(xs));
      var xScale = {time: false, range: [0, top + 1]};
      var grid = el('div', {cls: 'grid2'});
      s.appendChild(grid);
      plot('sweep-au-' + i, chartBox(grid), {title: 'AU % by accelerators', scales: {x: xScale, y: {range: [0, 100]}},
        plugins: [hline(sw.threshold, 'metric.au ' + fmt(sw.threshold, 1) + ' %', '#6b7280')],
        axes: [{label: 'accelerators'}, {label: 'AU %', size: 60}],
        series: [{label: 'accelerators'}, Object.assign({label: 'pass'}, dots('#16a34a')),
          Object.assign({label: 'FAIL'}, dots('#dc2626'))]}, [xs, pass, fail], 240);
      plot('sweep-sps-' + i, chartBox(grid), {title: 'samples/s by accelerators',
        scales: {x: xScale, y: {range: function (u, lo, hi) { return [0, hi * 1.15 || 1]; }}},
        axes: [{label: 'accelerators'}, {label: 'samples/s', size: 60}],
        series: [{label: 'accelerators'}, {label: 'samples/s', stroke: color(i), width: 2,
          points: {show: true, size: 8, fill: color(i)}}]},
        [xs, probes.map(function (p) { return p.samples_per_second; })], 240);
    });
  }

  // ---------- self-check for the render test ----------
  function checks() {
    var out = plots.map(function (p) {
      var c = p.u.ctx.canvas, painted = 0;
      try {
        var px = p.u.ctx.getImageData(0, 0, c.width, c.height).data;
        for (var i = 3; i < px.length; i += 16) { if (px[i] > 0) { painted++; } }
      } catch (e) {
        painted = -1;
      }
      var points = 0;
      for (var si = 1; si < p.u.data.length; si++) {
        (p.u.data[si] || []).forEach(function (v) { if (v != null) { points++; } });
      }
      return {id: p.id, title: p.title, points: points, painted: painted};
    });
    var pre = el('pre', {id: 'jdlio-checks', hidden: 'hidden'});
    pre.textContent = JSON.stringify({plots: out, errors: window.jdlioErrors});
    document.body.appendChild(pre);
  }

  // each part on its own: one that fails says so and the others still draw
  // a report of sweeps alone has no run to draw the run parts of
  (runs.length ? [headline, verdicts, epochCharts, stepCharts, latency, checkpoints, sweepCharts, extras]
    : [sweepCharts]).forEach(function (part) {
    try {
      part();
    } catch (e) {
      window.jdlioErrors.push(String(e && e.stack || e));
      app.appendChild(el('pre', {cls: 'error', text: 'This part of the report could not be drawn: ' + e}));
    }
  });
  // uPlot draws on the next frame
  setTimeout(checks, 200);
})();
