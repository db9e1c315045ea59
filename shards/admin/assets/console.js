// Sluice's web console: a small single-page app over the broker's read-only JSON API
// (/api/...). Hash routes, fetch(), hand-drawn SVG charts. Every value from the broker is put
// into the page with textContent (never parsed as HTML).
"use strict";

const REFRESH_MS = 3000;
let timer = null;
let generation = 0;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

async function api(path) {
  // The header tells the broker the console asks: a 401 then brings no Basic dialog.
  const response = await fetch("/api/" + path, { cache: "no-store", headers: { "X-Requested-With": "sluice-console" } });
  if (response.status === 401) {
    location.href = "/login";
    throw Object.assign(new Error("not logged in"), { status: 401 });
  }
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    const message = body && body.error ? body.error : response.status + " " + response.statusText;
    const err = new Error(message);
    err.status = response.status;
    throw err;
  }
  return body;
}

function bytes(n) {
  if (n === null || n === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + " " + units[i];
}

function rate(n) { return bytes(n) + "/s"; }
function num(n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"); }
function ms(n) { return n === null || n === undefined ? "–" : n.toFixed(n < 10 ? 2 : 1) + " ms"; }
function time(t) { return new Date(t).toISOString().replace("T", " ").replace("Z", ""); }

function table(headers, rows, attrs) {
  return el("table", attrs,
    el("thead", {}, el("tr", {}, headers.map(h => el("th", { class: h.num ? "num" : null }, h.label || h)))),
    el("tbody", {}, rows));
}

function cell(value, attrs) { return el("td", attrs, value); }
function numCell(value, attrs) { return el("td", Object.assign({ class: "num" }, attrs || {}), value); }

function card(label, value, field) {
  return el("div", { class: "card" }, el("div", { class: "label" }, label), el("div", { class: "value", "data-field": field }, value));
}

// A line chart of series [{name, color, points: [[x, y]]}].
function lineChart(title, series, format, width, height) {
  width = width || 460; height = height || 160;
  const pad = { l: 64, r: 8, t: 8, b: 20 };
  const all = series.flatMap(s => s.points);
  const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const y1 = Math.max(1e-9, ...ys);
  const sx = x => pad.l + (x1 === x0 ? 0 : (x - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const sy = y => height - pad.b - (y / y1) * (height - pad.t - pad.b);
  const g = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  g.appendChild(svg("line", { x1: pad.l, y1: height - pad.b, x2: width - pad.r, y2: height - pad.b, stroke: "#c7d0d9" }));
  g.appendChild(svg("text", { x: pad.l - 4, y: pad.t + 10, "text-anchor": "end", "font-size": 10, fill: "#6b7a89" }, format(y1)));
  g.appendChild(svg("text", { x: pad.l - 4, y: height - pad.b, "text-anchor": "end", "font-size": 10, fill: "#6b7a89" }, format(0)));
  if (all.length > 1 && x0 > 1e12) {
    const clock = t => new Date(t).toLocaleTimeString("en-GB");
    g.appendChild(svg("text", { x: pad.l, y: height - 4, "font-size": 10, fill: "#6b7a89" }, clock(x0)));
    g.appendChild(svg("text", { x: width - pad.r, y: height - 4, "text-anchor": "end", "font-size": 10, fill: "#6b7a89" }, clock(x1)));
  }
  if (all.length === 0) {
    g.appendChild(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", "font-size": 12, fill: "#6b7a89" }, "waiting for samples…"));
  }
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p, i) => (i ? "L" : "M") + sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1)).join(" ");
    g.appendChild(svg("path", { d, fill: "none", stroke: s.color, "stroke-width": 1.5 }));
  }
  const last = s => s.points.length ? format(s.points[s.points.length - 1][1]) : "–";
  return el("div", { class: "chart" },
    el("div", { class: "title" }, title),
    g,
    el("div", { class: "legend" }, series.map(s => el("span", {}, el("i", { style: null, "data-color": s.color }), s.name + ": " + last(s)))));
}

function sparkline(values, width, height) {
  width = width || 120; height = height || 24;
  const g = svg("svg", { width, height, class: "spark" });
  if (!values || values.length < 2) return g;
  const max = Math.max(1, ...values);
  const d = values.map((v, i) => (i ? "L" : "M") + (i / (values.length - 1) * width).toFixed(1) + "," + (height - 1 - v / max * (height - 2)).toFixed(1)).join(" ");
  g.appendChild(svg("path", { d, fill: "none", stroke: "#1f77b4", "stroke-width": 1.2 }));
  return g;
}

// The legend swatches get their colour here (the CSP allows no inline style attributes).
function paintLegends(root) {
  for (const i of root.querySelectorAll("i[data-color]")) i.style.background = i.getAttribute("data-color");
}

function setStatus(text) { document.getElementById("status").textContent = text; }

function render(nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...[nodes].flat().filter(n => n !== null && n !== undefined));
  paintLegends(main);
}

function showError(e) {
  render([el("div", { class: "error", "data-error": e.status || "" }, "Error: " + e.message)]);
}

// ---- pages ----

async function overview() {
  const [c, series] = await Promise.all([api("cluster"), api("metrics/series")]);
  return [
    el("h1", {}, "Cluster ", el("span", { class: "muted", "data-field": "cluster-id" }, c.cluster_id)),
    el("div", { class: "cards" },
      card("Active controller", c.controller_id === null ? "none" : "node " + c.controller_id, "controller"),
      card("Brokers", num(c.nodes.length), "brokers"),
      card("Topics", num(c.topics), "topics"),
      card("Partitions", num(c.partitions.total), "partitions"),
      card("Under-replicated", num(c.partitions.under_replicated), "under-replicated"),
      card("Offline", num(c.partitions.offline), "offline"),
      card("Connections here", num(c.connections), "connections")),
    el("h2", {}, "Nodes"),
    table(["Node", "Listeners", "Rack", "Shards", "Role", "State"], c.nodes.map(n => el("tr", { "data-node": n.id },
      cell(String(n.id) + (n.this ? " (this broker)" : "")),
      cell((n.listeners || []).join(", ")),
      cell(n.rack || "–"),
      numCell(num(n.shards)),
      cell(n.controller ? "active controller" : ""),
      cell(n.fenced ? "fenced" : n.in_controlled_shutdown ? "shutting down" : "serving")))),
    el("h2", {}, "Shards of node " + c.node_id),
    table(["Shard", { label: "Busy", num: true }, { label: "Partitions", num: true }, { label: "Connections", num: true }, "State"],
      c.shards.map(s => el("tr", { "data-shard": s.shard },
        cell(String(s.shard)),
        numCell(s.busy_ratio === null || s.busy_ratio === undefined ? "–" : (s.busy_ratio * 100).toFixed(1) + " %"),
        numCell(num(s.partitions)),
        numCell(num(s.connections)),
        cell(s.up ? s.step : "not answering")))),
    el("h2", {}, "Traffic"),
    liveCharts(series),
  ];
}

function liveCharts(series) {
  const p = series.points;
  const pts = f => p.map(x => [x.at_ms, f(x)]);
  const shards = series.shards;
  const busy = [];
  const colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
  for (let i = 0; i < Math.min(shards, 16); i++) {
    busy.push({ name: "shard " + i, color: colors[i % colors.length], points: p.map(x => [x.at_ms, (x.busy_ratio[i] || 0) * 100]) });
  }
  return el("div", { class: "charts" },
    lineChart("Bytes in / out", [
      { name: "in", color: "#1f77b4", points: pts(x => x.bytes_in_per_sec) },
      { name: "out", color: "#2ca02c", points: pts(x => x.bytes_out_per_sec) }], rate),
    lineChart("Request latency", [
      { name: "mean", color: "#ff7f0e", points: pts(x => x.request_ms_mean) },
      { name: "max", color: "#d62728", points: pts(x => x.request_ms_max) }], ms),
    lineChart("Requests", [{ name: "per second", color: "#9467bd", points: pts(x => x.requests_per_sec) }], n => n.toFixed(1) + "/s"),
    lineChart("Shard busy", busy, n => n.toFixed(0) + " %"));
}

async function live() {
  const series = await api("metrics/series");
  return [
    el("h1", {}, "Live charts"),
    el("p", { class: "muted" }, `Sampled every ${series.interval_ms / 1000} s on every shard (${series.shards_answered} of ${series.shards} answered); the last ${series.points.length} intervals.`),
    liveCharts(series),
  ];
}

async function topics() {
  const t = await api("topics");
  const rows = t.topics.map(x => el("tr", { "data-topic": x.name },
    cell(el("a", { href: "#/topics/" + encodeURIComponent(x.name) }, x.name), {}),
    numCell(num(x.partitions), { "data-field": "partitions" }),
    numCell(num(x.replication_factor)),
    numCell(x.under_replicated ? el("span", { class: "tag warn" }, num(x.under_replicated)) : "0"),
    numCell(bytes(x.size_bytes)),
    cell(Object.entries(x.configs).map(([k, v]) => el("span", { class: "tag" }, k + "=" + v))),
    numCell(rate(x.bytes_in_per_sec)),
    numCell(rate(x.bytes_out_per_sec)),
    cell(sparkline(x.spark))));
  return [
    el("h1", {}, "Topics"),
    table(["Topic", { label: "Partitions", num: true }, { label: "RF", num: true }, { label: "Under-replicated", num: true },
      { label: "Size", num: true }, "Retention", { label: "In", num: true }, { label: "Out", num: true }, "Traffic"], rows, { id: "topics" }),
    t.truncated ? el("p", { class: "muted" }, "More topics exist than are listed.") : null,
  ];
}

function params(query) {
  const out = {};
  for (const [k, v] of new URLSearchParams(query || "")) out[k] = v;
  return out;
}

function hexOf(field) {
  if (field.hex !== undefined) return field.hex;
  return Array.from(new TextEncoder().encode(field.text), b => b.toString(16).padStart(2, "0")).join("");
}

function showField(field, view) {
  if (field === null) return el("span", { class: "muted" }, "null");
  let text;
  if (view === "hex") text = hexOf(field);
  else if (field.text === undefined) text = hexOf(field);
  else if (view === "json" && field.json) text = JSON.stringify(JSON.parse(field.text), null, 2);
  else text = field.text;
  return el("pre", {}, text + (field.cut ? " …(" + num(field.size) + " bytes)" : ""));
}

async function topic(name, query) {
  const q = params(query);
  const t = await api("topics/" + encodeURIComponent(name));
  const partition = q.partition || "0";
  const mode = q.offset !== undefined ? "offset" : q.timestamp !== undefined ? "timestamp" : "latest";
  const from = q[mode] !== undefined ? q[mode] : "20";
  const view = q.view || "text";
  const out = [
    el("h1", {}, "Topic ", el("span", { "data-field": "topic-name" }, t.name)),
    el("div", { class: "cards" },
      card("Partitions", num(t.partition_count), "partition-count"),
      card("Bytes in", rate(t.bytes_in_per_sec), "bytes-in"),
      card("Bytes out", rate(t.bytes_out_per_sec), "bytes-out"),
      el("div", { class: "card" }, el("div", { class: "label" }, "Traffic (last minute)"), sparkline(t.spark, 200, 36))),
    el("h2", {}, "Partitions"),
    table(["Partition", "Leader", "Replicas", "ISR", { label: "High watermark", num: true }, { label: "Size here", num: true }],
      t.partitions.map(p => el("tr", { "data-partition": p.partition },
        cell(String(p.partition)), cell(p.leader === null ? "none" : String(p.leader)),
        cell(p.replicas.join(", ")), cell(p.isr.join(", ")),
        numCell(num(p.high_watermark)), numCell(bytes(p.size_bytes))))),
  ];
  const form = el("form", { class: "records", onsubmit: ev => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const p = new URLSearchParams({ partition: f.get("partition"), [f.get("mode")]: f.get("from"), limit: f.get("limit"), view: f.get("view") });
    location.hash = "#/topics/" + encodeURIComponent(name) + "?" + p.toString();
  } },
    el("label", {}, "Partition", el("select", { name: "partition" }, t.partitions.map(p => {
      const o = el("option", { value: p.partition }, String(p.partition));
      if (String(p.partition) === partition) o.selected = true;
      return o;
    }))),
    el("label", {}, "From", el("select", { name: "mode" }, ["latest", "offset", "timestamp"].map(m => {
      const o = el("option", { value: m }, m === "latest" ? "latest N" : m === "offset" ? "offset" : "timestamp (ms)");
      if (m === mode) o.selected = true;
      return o;
    }))),
    el("label", {}, "N / offset / timestamp", el("input", { name: "from", value: from, size: 14 })),
    el("label", {}, "Limit", el("input", { name: "limit", value: q.limit || "50", size: 5 })),
    el("label", {}, "Show as", el("select", { name: "view" }, ["text", "json", "hex"].map(v => {
      const o = el("option", { value: v }, v);
      if (v === view) o.selected = true;
      return o;
    }))),
    el("button", { type: "submit" }, "Read"));
  out.push(el("h2", {}, "Records"), form);
  const rq = new URLSearchParams({ [mode]: from, limit: q.limit || "50" });
  try {
    const r = await api(`topics/${encodeURIComponent(name)}/partitions/${encodeURIComponent(partition)}/records?${rq}`);
    out.push(el("p", { class: "muted" }, `Partition ${r.partition}: log ${num(r.log_start_offset)}…${num(r.high_watermark)}, from offset ${num(r.start_offset)}, ${r.records.length} records` +
      (r.limit_clamped ? ` (limit clamped to ${r.limit})` : "") + (r.truncated ? ", more follow" : "") +
      (r.undecodable_batches ? `; ${r.undecodable_batches} batches could not be decoded` : "") +
      (r.oversized_batch ? "; the batch here is larger than the console reads (1 MiB)" : "")));
    out.push(table(["Offset", "Timestamp", "Key", "Value", "Headers"], r.records.map(x => el("tr", { "data-offset": x.offset },
      numCell(String(x.offset)), cell(time(x.timestamp)),
      cell(showField(x.key, view)), cell(showField(x.value, view), { "data-field": "value" }),
      cell(x.headers.map(h => el("div", {}, el("span", { class: "tag" }, h.key), showField(h.value, view))))
    )), { id: "records" }));
  } catch (e) {
    out.push(el("div", { class: "error", "data-error": e.status || "" }, "Records: " + e.message));
  }
  out.push(el("h2", {}, "Configs"), t.configs === null
    ? el("p", { class: "muted", "data-denied": "configs" }, "Not shown: " + (t.configs_error || "not authorized") + ".")
    : configTable(t.configs));
  return out;
}

function configTable(configs) {
  return table(["Name", "Value", "Source", "Read-only"], configs.map(c => el("tr", { "data-config": c.name },
    cell(c.name), cell(c.sensitive ? "(sensitive)" : c.value === null ? "null" : c.value),
    cell(el("span", { class: "tag" }, c.source)), cell(c.read_only ? "yes" : "no"))), { id: "configs" });
}

async function groups() {
  const g = await api("groups");
  return [
    el("h1", {}, "Consumer groups"),
    table(["Group", "Type", "State", "Protocol type", { label: "Partitions", num: true }, { label: "Lag", num: true }],
      g.groups.map(x => el("tr", { "data-group": x.group },
        cell(el("a", { href: "#/groups/" + encodeURIComponent(x.group) }, x.group)),
        cell(x.type), cell(x.state), cell(x.protocol_type), numCell(num(x.partitions)), numCell(num(x.lag), { "data-field": "lag" })))),
    g.groups.length === 0 ? el("p", { class: "muted" }, "No groups coordinated by this broker.") : null,
  ];
}

async function group(id) {
  const g = await api("groups/" + encodeURIComponent(id));
  // The lag as the broker sampled it (every 10 s, the last 10 minutes), and now.
  const h = g.lag_history;
  const now = Date.now();
  const colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
  const series = [{ name: "total", color: "#14324a", points: h.at_ms.map((t, i) => [t, h.total[i]]).concat([[now, g.lag]]) }]
    .concat(h.partitions.slice(0, 8).map((p, i) => {
      const current = g.offsets.find(o => o.topic === p.topic && o.partition === p.partition);
      const points = h.at_ms.map((t, j) => [t, p.lag[j]]).filter(x => x[1] !== null);
      if (current && current.lag !== null) points.push([now, current.lag]);
      return { name: p.topic + "-" + p.partition, color: colors[i % colors.length], points };
    }));
  return [
    el("h1", {}, "Group ", el("span", { "data-field": "group-id" }, g.group)),
    el("div", { class: "cards" },
      card("State", g.state, "state"), card("Type", g.type, "type"), card("Protocol", g.protocol || "–", "protocol"),
      card("Members", num(g.members.length), "members"), card("Total lag", num(g.lag), "total-lag")),
    el("h2", {}, "Members"),
    table(["Member", "Client", "Host", "Assignment"], g.members.map(m => el("tr", {},
      cell(m.member_id + (m.instance_id ? " (" + m.instance_id + ")" : "")), cell(m.client_id), cell(m.client_host),
      cell(m.assignment === null ? "–" : m.assignment.map(a => el("div", {}, a.topic + ": " + a.partitions.join(", "))))))),
    el("h2", {}, "Committed offsets and lag"),
    table(["Topic", { label: "Partition", num: true }, { label: "Committed", num: true }, { label: "High watermark", num: true }, { label: "Lag", num: true }],
      g.offsets.map(o => el("tr", { "data-partition": o.topic + "-" + o.partition },
        cell(o.topic), numCell(String(o.partition)), numCell(num(o.committed_offset)), numCell(num(o.high_watermark)),
        numCell(num(o.lag), { "data-field": "lag" })))),
    el("h2", {}, "Lag over time"),
    lineChart("Lag (records)", series, n => num(Math.round(n)), 620, 180),
  ];
}

async function configs() {
  const c = await api("configs");
  const sources = new Map(c.configs.map(x => [x.name, x.source]));
  const apply = () => {
    const needle = document.getElementById("config-filter").value.toLowerCase();
    const hide = document.getElementById("config-set-only").checked;
    for (const row of document.querySelectorAll("#configs tbody tr")) {
      const name = row.getAttribute("data-config");
      row.hidden = !name.includes(needle) || (hide && sources.get(name) === "DEFAULT_CONFIG");
    }
  };
  return [
    el("h1", {}, "Broker configs of node " + c.node_id),
    el("p", {},
      el("input", { id: "config-filter", placeholder: "filter", oninput: apply }), " ",
      el("label", {}, el("input", { id: "config-set-only", type: "checkbox", onchange: apply }), " only those not at their default")),
    configTable(c.configs),
  ];
}

// ---- routing ----

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return ["overview", overview];
  if (parts[0] === "topics" && parts.length === 1) return ["topics", topics];
  if (parts[0] === "topics" && parts.length === 2) return ["topics", () => topic(parts[1], query)];
  if (parts[0] === "groups" && parts.length === 1) return ["groups", groups];
  if (parts[0] === "groups" && parts.length === 2) return ["groups", () => group(parts[1])];
  if (parts[0] === "configs") return ["configs", configs];
  if (parts[0] === "live") return ["live", live];
  return ["", async () => [el("div", { class: "error" }, "No such page.")]];
}

async function show(refreshing) {
  const mine = ++generation;
  const [nav, page] = route();
  for (const a of document.querySelectorAll("header nav a")) a.classList.toggle("active", a.dataset.nav === nav);
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("form, input");
  if (refreshing && focused) return; // Do not redraw under a user's typing.
  try {
    const nodes = await page();
    if (mine !== generation) return;
    render(nodes);
    setStatus("updated " + new Date().toLocaleTimeString());
  } catch (e) {
    if (mine !== generation) return;
    showError(e);
    setStatus("");
  }
}

function schedule() {
  if (timer) clearInterval(timer);
  // The records view and the configs stay as read (a filter stays applied); the others refresh.
  const hash = location.hash;
  const still = /^#\/(topics\/[^?]+|configs)/.test(hash);
  if (!still) timer = setInterval(() => show(true), REFRESH_MS);
}

// Who is logged in, and the way out.
async function whoami() {
  try {
    const w = await api("whoami");
    const who = document.getElementById("who");
    who.replaceChildren(el("span", { "data-field": "principal" }, w.principal));
    if (w.login_required) {
      who.appendChild(el("form", { method: "post", action: "/logout", id: "logout" }, el("button", { type: "submit" }, "Log out")));
    }
  } catch (e) { /* the page shows the error */ }
}

window.addEventListener("hashchange", () => { show(false); schedule(); });
whoami();
show(false);
schedule();
