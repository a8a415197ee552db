#!/usr/bin/env node
// End-to-end test of Neo4j Browser on a synced scim2neo4j graph, in headless Chromium
// (playwright-core driving the system's /usr/bin/chromium; nothing is downloaded).
//
// It opens the Browser served by Neo4j, connects with the connect form, applies the project's
// Browser style (`:style` + docs/neo4j-browser-style.grass, pasted into the editor), runs a
// query through the editor (default: access-path.cypher) and checks what the Browser shows
// against the same query run over Neo4j's HTTP API:
//   - no error frame, not "(no changes, no records)";
//   - the graph view draws every node of the result, with the style's colour and caption
//     (property value, possibly cut short by the Browser with "…") for each styled label;
//   - the table view holds the full displayName of every Group in the result (and EXPECT_TEXT).
// With SCREENSHOT set it saves a PNG of the graph view (frame in fullscreen).
//
// Environment:
//   NEO4J_HTTP_URL  http://127.0.0.1:7474 (Browser at $NEO4J_HTTP_URL/browser/)   required
//   NEO4J_URI       bolt://127.0.0.1:7687, what the Browser connects to             required
//   NEO4J_USERNAME  neo4j
//   NEO4J_PASSWORD  scim2neo4j-dev
//   NEO4J_DATABASE  empty: the default database
//   QUERY_FILE      Cypher to run (default: access-path.cypher next to this script)
//   STYLE_FILE      GraSS to apply (default: docs/neo4j-browser-style.grass)
//   EXPECT_TEXT     text the table view must also contain (optional)
//   SCREENSHOT      PNG path for the graph view (optional)
//   E2E_TIMEOUT     seconds for the whole test (default 90)
//   CHROMIUM        browser binary (default /usr/bin/chromium)
// Exit status: 0 passed, 1 failed (the reason is the last line on stderr), 2 bad environment.

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const env = (name, dflt) => (process.env[name] ?? '').trim() || dflt;

const cfg = {
  httpUrl: env('NEO4J_HTTP_URL', '').replace(/\/+$/, ''),
  boltUri: env('NEO4J_URI', ''),
  username: env('NEO4J_USERNAME', 'neo4j'),
  password: process.env.NEO4J_PASSWORD || 'scim2neo4j-dev',
  database: env('NEO4J_DATABASE', ''),
  queryFile: resolve(env('QUERY_FILE', join(here, 'access-path.cypher'))),
  styleFile: resolve(env('STYLE_FILE', join(here, '..', '..', 'docs', 'neo4j-browser-style.grass'))),
  expectText: env('EXPECT_TEXT', ''),
  screenshot: env('SCREENSHOT', ''),
  timeoutSec: Number(env('E2E_TIMEOUT', '90')),
  chromium: env('CHROMIUM', '/usr/bin/chromium'),
};

// The Browser draws at most this many nodes of a result (its initialNodeDisplay default) and
// reads at most this many rows (maxRows).
const BROWSER_NODE_LIMIT = 300;
const BROWSER_ROW_LIMIT = 1000;
const VIEWPORT = { width: 1400, height: 900 };

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
let step = 'start';
const log = (msg) => console.log(`[${secs()}s] ${msg}`);
class Failure extends Error {}
const fail = (msg) => { throw new Failure(msg); };

function badEnv(msg) {
  console.error(`browser e2e: ${msg}`);
  process.exit(2);
}
if (!/^https?:\/\/[^/]+/.test(cfg.httpUrl)) badEnv('NEO4J_HTTP_URL must be set, e.g. http://127.0.0.1:7474');
if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^/]+/.test(cfg.boltUri)) badEnv('NEO4J_URI must be set, e.g. bolt://127.0.0.1:7687');
if (!(cfg.timeoutSec > 0)) badEnv('E2E_TIMEOUT must be a positive number of seconds');
for (const [what, file] of [['QUERY_FILE', cfg.queryFile], ['STYLE_FILE', cfg.styleFile], ['CHROMIUM', cfg.chromium]]) {
  if (!existsSync(file)) badEnv(`${what}: ${file} does not exist`);
}

// ---- inputs ---------------------------------------------------------------------------------

// The query without its comment-only lines and blank lines (the header comment would otherwise
// be the first thing in the frame title; Cypher does not need either).
const query = readFileSync(cfg.queryFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.trim().startsWith('//'))
  .join('\n')
  .trim();
if (!query) badEnv(`QUERY_FILE ${cfg.queryFile} holds no query`);
const grass = readFileSync(cfg.styleFile, 'utf8').trim();

// parseGrass reads GraSS the way Neo4j Browser does (shared/services/grassUtils.ts): rules
// `selector { key: value; ... }`, quotes delimit strings. Returns { 'node.User': {color: ...} }.
function parseGrass(text) {
  const rules = {};
  let inString = false, inProps = false, inBinding = false, keyword = '', props = '';
  for (const c of text) {
    let skip = true;
    if (c === '{') {
      if (inString) skip = false; else if (inProps) inBinding = true; else inProps = true;
    } else if (c === '}') {
      if (inString) skip = false;
      else if (inBinding) inBinding = false;
      else { inProps = false; rules[keyword] = props; keyword = ''; props = ''; }
    } else if (c === '"' || c === "'") {
      inString = !inString;
    } else skip = false;
    if (skip) continue;
    if (inProps) props += c; else if (!/\s/.test(c)) keyword += c;
  }
  for (const k of Object.keys(rules)) {
    const out = {};
    for (const p of rules[k].split(';')) {
      const kv = p.split(':');
      if (kv.length === 2) out[kv[0].trim()] = kv[1].trim();
    }
    rules[k] = out;
  }
  return rules;
}
const style = parseGrass(grass);
if (!style['node.User'] || !style['node.Group']) badEnv(`STYLE_FILE ${cfg.styleFile}: no node.User / node.Group rules`);

// The caption the style gives a node: the template with {property} replaced, or null when the
// node has no styled label or the caption is not a property template.
function expectedCaption(node) {
  const label = node.labels.find((l) => style[`node.${l}`]?.caption);
  if (!label) return null;
  const rule = style[`node.${label}`];
  if (!/\{[^{}]+\}/.test(rule.caption)) return null;
  const text = rule.caption.replace(/\{([^{}]*)\}/g, (_, key) => {
    const v = node.properties[key];
    return Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v);
  }).trim();
  return { label, color: (rule.color || '').toLowerCase(), text };
}

const normalize = (s) => s.replace(/\s+/g, ' ').trim();

// ---- the truth: the same query over the HTTP API ------------------------------------------

async function httpTruth() {
  const auth = 'Basic ' + Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64');
  const get = async (url, init) => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(20000) });
    } catch (e) {
      fail(`cannot reach Neo4j at ${url}: ${e.cause?.message || e.message}`);
    }
  };
  const disc = await get(`${cfg.httpUrl}/`, { headers: { Accept: 'application/json' } });
  if (!disc.ok) fail(`GET ${cfg.httpUrl}/ answered HTTP ${disc.status}; is NEO4J_HTTP_URL a Neo4j HTTP port?`);
  const doc = await disc.json().catch(() => fail(`GET ${cfg.httpUrl}/ is not Neo4j's discovery JSON`));
  if (!doc.transaction) fail(`GET ${cfg.httpUrl}/ has no "transaction" endpoint: ${JSON.stringify(doc)}`);
  // The discovery document names the server's own address; keep the scheme/host we were given.
  const txPath = new URL(doc.transaction.replace('{databaseName}', encodeURIComponent(cfg.database || 'neo4j'))).pathname;
  const res = await get(`${cfg.httpUrl}${txPath}/commit`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ statements: [{ statement: query, resultDataContents: ['row', 'graph'] }] }),
  });
  if (res.status === 401) fail(`Neo4j refused ${cfg.username}'s password (HTTP 401)`);
  if (!res.ok) fail(`HTTP API answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  const body = await res.json();
  if (body.errors?.length) fail(`the query failed over the HTTP API: ${body.errors[0].code}: ${body.errors[0].message}`);
  const rows = body.results[0].data;
  if (rows.length === 0) fail(`the query returned no rows (is the demo directory synced?)\n${query}`);
  const nodes = new Map(), rels = new Map();
  for (const r of rows) {
    for (const n of r.graph?.nodes ?? []) nodes.set(n.elementId ?? n.id, n);
    for (const rel of r.graph?.relationships ?? []) rels.set(rel.elementId ?? rel.id, rel);
  }
  // Scalars of the first rows, for results without nodes (a table).
  const scalars = [];
  const walk = (v) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') scalars.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  rows.slice(0, 5).forEach((r) => walk(r.row));
  return { rows: rows.length, nodes: [...nodes.values()], rels: [...rels.values()], scalars: [...new Set(scalars)].slice(0, 20) };
}

// ---- the Browser ----------------------------------------------------------------------------

let context, profileDir, closing;

// closeBrowser closes Chromium and deletes its profile; safe to call more than once.
function closeBrowser() {
  closing ??= (async () => {
    if (context) await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    try {
      if (profileDir) rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (e) {
      log(`could not delete the browser profile ${profileDir}: ${e.message}`);
    }
  })();
  return closing;
}

async function launch() {
  profileDir = mkdtempSync(join(tmpdir(), 'scim2neo4j-browser-e2e-'));
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: cfg.chromium,
      headless: true,
      // Keep Chromium off the (closed) network: no QUIC, sync, component updates, first-run work.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
      viewport: VIEWPORT,
      timeout: 30000,
    });
  } catch (e) {
    fail(`cannot start Chromium (${cfg.chromium}): ${e.message.split('\n')[0]}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  // Only the Neo4j server may be fetched: the Browser also asks for Google Fonts and usage
  // statistics, which would wait on a network that is not there. (Bolt is a WebSocket; not routed.)
  const origin = new URL(cfg.httpUrl).origin;
  await page.route((url) => url.origin !== origin, (route) => route.abort('blockedbyclient'));
  page.on('pageerror', (e) => log(`page error: ${e.message.split('\n')[0]}`));
  return page;
}

// paste puts text into the Browser's main (Monaco) editor the way a user's paste does: as one
// paste event, so the editor's auto-indent and auto-closing brackets cannot alter it (typing
// it key by key, or keyboard.insertText, does get re-indented).
async function paste(page, text) {
  const editor = page.getByTestId('activeEditor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

// run pastes a command, runs it with Ctrl+Enter and returns the locator of its result frame,
// found by its title (the command with whitespace collapsed), so frames the Browser adds on
// its own (the welcome guide after connecting) cannot be mistaken for it.
async function run(page, command) {
  await paste(page, command);
  await page.keyboard.press('Control+Enter');
  const title = normalize(command);
  const frame = page.getByTestId('frame').filter({
    has: page.getByTestId('frameCommand').filter({ hasText: title.slice(0, 200) }),
  }).first();
  await frame.waitFor({ state: 'visible', timeout: 20000 }).catch(() =>
    fail(`no result frame appeared for: ${title.slice(0, 120)}…`));
  const shown = normalize(await frame.getByTestId('frameCommand').innerText());
  if (shown !== title) fail(`the editor ran something else than what was pasted:\n  sent: ${title}\n  ran:  ${shown}`);
  return frame;
}

async function connect(page) {
  const url = `${cfg.httpUrl}/browser/`;
  const resp = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30000 })
    .catch((e) => fail(`cannot open ${url}: ${e.message.split('\n')[0]}`));
  if (!resp || !resp.ok()) fail(`${url} answered HTTP ${resp?.status()}`);
  await page.getByTestId('boltaddress').waitFor({ timeout: 30000 })
    .catch(() => fail(`no connect form at ${url} (is that Neo4j Browser?)`));
  // The form takes the whole URL: the Browser splits off the scheme into its scheme selector.
  await page.getByTestId('boltaddress').fill(cfg.boltUri);
  if (cfg.database) await page.getByTestId('database').fill(cfg.database);
  await page.getByTestId('username').fill(cfg.username);
  await page.getByTestId('password').fill(cfg.password);
  await page.getByTestId('connect').click();
  const ok = page.getByText('You are connected as user');
  // A failed attempt leaves the form and puts the error in the frame's status bar.
  const err = page.getByTestId('frameStatusbar').locator('span[title]:has(.fa-exclamation-triangle), [title*="Error"]');
  await ok.or(err).first().waitFor({ timeout: 30000 })
    .catch(() => fail(`the Browser did not connect to ${cfg.boltUri} within 30 s`));
  if (!(await ok.isVisible())) {
    fail(`the Browser could not connect to ${cfg.boltUri} as ${cfg.username}: ${await err.first().getAttribute('title')}`);
  }
}

async function applyStyle(page) {
  const frame = await run(page, `:style\n${grass}`);
  const contents = frame.getByTestId('frameContents');
  await contents.getByText('node.User').first().or(frame.getByText(/Could not parse|Error/)).first()
    .waitFor({ timeout: 15000 }).catch(() => fail(':style gave no answer'));
  const text = await contents.innerText();
  if (!text.includes('node.User') || /could not parse/i.test(text)) fail(`:style refused the style:\n${text.slice(0, 500)}`);
}

// rejectFrameErrors fails with what an error / empty-result frame says.
async function rejectFrameErrors(frame) {
  const errMsg = frame.getByTestId('cypherFrameErrorMessage');
  if (await errMsg.count()) {
    const code = await frame.locator('h4').first().innerText().catch(() => 'error');
    fail(`the Browser shows an error for the query: ${code}: ${await errMsg.first().innerText()}`);
  }
  if (await frame.getByText('(no changes, no records)').count()) fail('the Browser shows "(no changes, no records)" for the query');
}

// nodesShown reads the graph view's SVG: per node its fill colour and caption lines.
const nodesShown = (frame) => frame.locator('svg g.node').evaluateAll((gs) => gs.map((g) => ({
  fill: (g.querySelector('circle.b-outline')?.getAttribute('fill') || '').toLowerCase(),
  caption: [...g.querySelectorAll('text.caption')].map((t) => t.textContent.trim()).join(' ').trim(),
  pos: g.getAttribute('transform'),
})));

// waitStill waits until the force layout stops moving nodes (bounded), for a stable screenshot.
async function waitStill(frame, maxMs) {
  const end = Date.now() + maxMs;
  let prev = '';
  while (Date.now() < end) {
    const cur = JSON.stringify((await nodesShown(frame)).map((n) => n.pos));
    if (cur === prev) return true;
    prev = cur;
    await new Promise((r) => setTimeout(r, 400));
  }
  return false;
}

async function checkGraph(frame, truth) {
  // Whole result drawn, or a cut one (beyond the Browser's limits: then only what is drawn is
  // checked against the result).
  const whole = truth.nodes.length <= BROWSER_NODE_LIMIT && truth.rows <= BROWSER_ROW_LIMIT;
  const want = Math.min(truth.nodes.length, BROWSER_NODE_LIMIT);
  const svgNodes = frame.locator('svg g.node');
  const deadline = Date.now() + 20000;
  while ((await svgNodes.count()) < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 300)); // captions are written right after the nodes
  const shown = await nodesShown(frame);
  if (whole ? shown.length !== want : shown.length === 0) {
    fail(`the graph view draws ${shown.length} nodes, the result has ${truth.nodes.length}`);
  }
  const relsShown = await frame.locator('svg g.relationship').count();
  if (whole && relsShown < truth.rels.length) fail(`the graph view draws ${relsShown} relationships, the result has ${truth.rels.length}`);

  // A drawn caption matches an expected one if it is the same text, or its start when the
  // Browser cut it short ("…"); and the node has the colour of the label's rule.
  const matches = (s, exp) => {
    if (exp.color && s.fill !== exp.color) return false;
    const c = normalize(s.caption.replace(/…$/, ''));
    return c !== '' && (s.caption.endsWith('…') ? normalize(exp.text).startsWith(c) : normalize(exp.text) === c);
  };
  const expected = truth.nodes.map(expectedCaption).filter((e) => e && e.text);
  if (expected.length === 0) fail('no node of the result has a label the style captions; nothing shows the style');
  let missing, checked;
  if (whole) {
    // Every node of the result with a styled label is drawn with its colour and caption.
    checked = expected.length;
    missing = expected.filter((exp) => !shown.some((s) => matches(s, exp)))
      .map((exp) => `${exp.label} "${exp.text}" (${exp.color})`);
  } else {
    // Every drawn node of a styled colour is some node of the result, colour and caption.
    const styledColours = new Set(expected.map((e) => e.color));
    const drawn = shown.filter((s) => styledColours.has(s.fill));
    checked = drawn.length;
    missing = drawn.filter((s) => !expected.some((exp) => matches(s, exp))).map((s) => `drawn ${s.fill} "${s.caption}"`);
  }
  if (missing.length) {
    fail(`the graph view lacks the styled caption of ${missing.length} of ${checked} nodes, e.g. ${missing.slice(0, 3).join(', ')}; ` +
      `drawn: ${shown.slice(0, 6).map((s) => `${s.fill} "${s.caption}"`).join(', ')}`);
  }
  return { nodes: shown.length, rels: relsShown, captions: checked };
}

// graphGeometry: the free drawing area (the SVG left of the Overview panel) and the bounding
// box of the drawn graph, in page pixels.
const graphGeometry = (frame) => frame.evaluate((el) => {
  const svg = el.querySelector('svg g.node')?.ownerSVGElement;
  if (!svg) return null;
  const s = svg.getBoundingClientRect();
  const panel = el.querySelector('[data-testid="vizInspector"]')?.getBoundingClientRect();
  const right = panel && panel.left > s.left ? Math.min(s.right, panel.left) : s.right;
  let b = null;
  for (const g of el.querySelectorAll('svg g.node, svg g.relationship')) {
    const r = g.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    b = b ? { l: Math.min(b.l, r.left), t: Math.min(b.t, r.top), r: Math.max(b.r, r.right), b: Math.max(b.b, r.bottom) }
      : { l: r.left, t: r.top, r: r.right, b: r.bottom };
  }
  return b && { free: { l: s.left, t: s.top, r: right, b: s.bottom }, box: b };
});

// fitBesideOverview scales and moves the graph into the free area left of the Overview panel
// (the legend with label counts, worth keeping in the picture): the Browser's zoom-to-fit
// ignores the panel and hides nodes under it. The only handles are wheel zooms around the
// pointer (a zoom by k around P maps x to P + k (x - P)), so: zoom out around the graph's
// centre B by some k1 (measured, whatever the wheel's rate), then zoom in by k2 = k / k1
// around the point Q that takes B to the free area's centre C: Q = (k2 B - C) / (k2 - 1).
// Best effort: the picture is still usable if this does nothing.
async function fitBesideOverview(page, frame) {
  const margin = 40;
  const g0 = await graphGeometry(frame);
  if (!g0) return;
  const { free, box } = g0;
  const width = (b) => b.r - b.l;
  const k = Math.min(1, (width(free) - 2 * margin) / width(box), (free.b - free.t - 2 * margin) / (box.b - box.t));
  const C = { x: (free.l + free.r) / 2, y: (free.t + free.b) / 2 };
  const B = { x: (box.l + box.r) / 2, y: (box.t + box.b) / 2 };
  if (k <= 0.1 || (k > 0.98 && Math.abs(B.x - C.x) < margin / 2 && Math.abs(B.y - C.y) < margin / 2)) return;

  let g1 = null, wheel = 300, mod = null;
  for (const m of [null, 'Control']) { // a plain wheel zooms in a fullscreen frame; Ctrl as a fallback
    await page.mouse.move(B.x, B.y);
    if (m) await page.keyboard.down(m);
    await page.mouse.wheel(0, wheel);
    if (m) await page.keyboard.up(m);
    await page.waitForTimeout(500);
    g1 = await graphGeometry(frame);
    if (g1 && width(g1.box) < width(box) * 0.98) { mod = m; break; }
    g1 = null;
  }
  if (!g1) return;
  const k1 = width(g1.box) / width(box);
  const k2 = k / k1;
  const B1 = { x: (g1.box.l + g1.box.r) / 2, y: (g1.box.t + g1.box.b) / 2 };
  const Q = { x: (k2 * B1.x - C.x) / (k2 - 1), y: (k2 * B1.y - C.y) / (k2 - 1) };
  const inside = Q.x > free.l && Q.x < free.r && Q.y > free.t && Q.y < free.b;
  if (!(k2 > 1.02) || !inside) return;
  await page.mouse.move(Q.x, Q.y);
  if (mod) await page.keyboard.down(mod);
  await page.mouse.wheel(0, wheel * Math.log2(k2) / Math.log2(k1));
  if (mod) await page.keyboard.up(mod);
  await page.mouse.move(free.l + 5, free.b - 5); // no hover highlight in the picture
  await page.waitForTimeout(700);
}

async function screenshotGraph(page, frame) {
  // Fullscreen frame: the graph gets the whole viewport.
  await frame.locator('button[title="Fullscreen"]').first().click();
  await page.waitForTimeout(300);
  await frame.locator('svg g.node').first().waitFor({ timeout: 10000 });
  // The layout restarts after a resize: wait for it to settle, then fit the graph to the view.
  await waitStill(frame, 6000);
  await frame.locator('button[aria-label="zoom-to-fit"]').click();
  await page.waitForTimeout(600);
  await fitBesideOverview(page, frame);
  mkdirSync(dirname(resolve(cfg.screenshot)), { recursive: true });
  await page.screenshot({ path: cfg.screenshot, type: 'png' });
  await frame.locator('button[title="Close fullscreen"], button[title="Fullscreen"]').first().click().catch(() => {});
  await page.waitForTimeout(300);
}

// checkTable: the table view holds every wanted text (the Group names of a graph result, the
// first rows' values of a table result, and EXPECT_TEXT).
async function checkTable(frame, truth) {
  await frame.getByTestId('cypherFrameSidebarTable').click();
  const wants = truth.nodes.length
    ? [...new Set(truth.nodes.filter((n) => n.labels.includes('Group')).map((n) => n.properties.displayName).filter(Boolean))]
    : truth.scalars;
  if (cfg.expectText) wants.push(cfg.expectText);
  const contents = frame.getByTestId('frameContents');
  await contents.locator('table, [role="table"], td, pre').first().waitFor({ timeout: 10000 })
    .catch(() => fail('the table view shows no table'));
  const text = await contents.innerText();
  const absent = wants.filter((w) => !text.includes(w));
  if (absent.length) fail(`the table view lacks ${absent.map((a) => JSON.stringify(a)).join(', ')}`);
  if (truth.nodes.length) await frame.getByTestId('cypherFrameSidebarVisualization').click({ timeout: 5000 }).catch(() => {});
  return wants.length;
}

async function main() {
  step = 'query over the HTTP API';
  const truth = await httpTruth();
  log(`HTTP API: ${truth.rows} rows, ${truth.nodes.length} nodes, ${truth.rels.length} relationships`);

  step = 'start Chromium';
  const page = await launch();
  page.setDefaultTimeout(20000);
  log(`Chromium ${context.browser()?.version() ?? ''} started`);

  step = 'connect';
  await connect(page);
  log(`connected to ${cfg.boltUri} as ${cfg.username}`);

  step = 'apply the style';
  await applyStyle(page);
  log(`style applied (${cfg.styleFile})`);

  step = 'run the query';
  const frame = await run(page, query);
  const contents = frame.getByTestId('frameContents');
  await contents.locator('svg g.node').first()
    .or(frame.getByTestId('cypherFrameErrorMessage'))
    .or(frame.getByText('(no changes, no records)'))
    .or(contents.locator('table'))
    .first().waitFor({ timeout: 30000 }).catch(() => fail('the query frame showed no result within 30 s'));
  await rejectFrameErrors(frame);
  if (truth.nodes.length) {
    const g = await checkGraph(frame, truth);
    log(`graph view: ${g.nodes} nodes, ${g.rels} relationships, ${g.captions} styled captions as expected`);
    if (cfg.screenshot) {
      step = 'screenshot';
      await screenshotGraph(page, frame);
      log(`screenshot: ${cfg.screenshot}`);
    }
  } else {
    log('the result has no nodes: no graph view, checking the table only');
    if (cfg.screenshot) {
      step = 'screenshot';
      mkdirSync(dirname(resolve(cfg.screenshot)), { recursive: true });
      await frame.screenshot({ path: cfg.screenshot, type: 'png' });
      log(`screenshot (table, the result has no graph): ${cfg.screenshot}`);
    }
  }

  step = 'table view';
  const n = await checkTable(frame, truth);
  log(`table view: holds the ${n} expected value(s)`);
}

// finish reports the outcome once (the watchdog and main can race) and exits.
let finished = false;
async function finish(code, line) {
  if (finished) return;
  finished = true;
  (code === 0 ? console.log : console.error)(line);
  await closeBrowser();
  process.exit(code);
}

setTimeout(() => finish(1, `browser e2e: FAIL: timed out after ${cfg.timeoutSec}s (step: ${step})`), cfg.timeoutSec * 1000);

try {
  await main();
  await finish(0, `browser e2e: PASS in ${secs()}s`);
} catch (e) {
  const msg = e instanceof Failure ? e.message : (e.stack || String(e));
  await finish(1, `browser e2e: FAIL (step: ${step}): ${msg}`);
}
