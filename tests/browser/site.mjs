// The generated schedule page in headless Chromium, driven by playwright-core: run by
// tests/site.rs with one argument, a JSON file saying what to open and what to expect:
//
//   { "chromium": "/usr/bin/chromium", "page": "file:///.../site/index.html",
//     "browser_timezone": "America/New_York", "days": 90, "from": "2026-12-01",
//     "moments": [ { "at": "2026-12-07T15:00:00Z", "who": <`oncall who --at` JSON> } ],
//     "filter": { "person": "alice", "entries": { "on-call": 9, ... } },
//     "screenshot": "target/site/x.png", "pdf": "target/site/x.pdf" }
//
// It prints what it checked and exits 1 listing every failure.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = require.resolve("axe-core/axe.min.js");
const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const failures = [];
const checked = [];
const fail = (what) => failures.push(what);

// These machines have no network: Chromium must not try to reach Google's hosts.
const browser = await chromium.launch({
  executablePath: spec.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"],
});

// A fresh context (a new profile) per page: the browser in another time zone than the
// policy's, its clock fixed at `at`; every console error, page error and request that is
// not for a file:// URL is a failure.
async function open(at, hash = "") {
  const context = await browser.newContext({ timezoneId: spec.browser_timezone, locale: "en-US", viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") fail(`console error at ${at}: ${m.text()}`); });
  page.on("pageerror", (e) => fail(`page error at ${at}: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file://")) fail(`request left file://: ${r.url()}`); });
  await page.clock.setFixedTime(new Date(at));
  await page.goto(spec.page + hash);
  return { context, page };
}

for (const moment of spec.moments) {
  const { context, page } = await open(moment.at);
  for (const r of moment.who.rotations) {
    const card = page.locator(`#now [data-rotation="${r.rotation}"]`);
    const now = card.locator("[data-role=now]");
    const next = card.locator("[data-role=next]");
    const person = await now.getAttribute("data-person");
    const text = await now.textContent();
    if (person !== r.person) fail(`${moment.at} ${r.rotation}: the page says ${person ?? "nobody"} (${text}), who --at says ${r.person ?? "nobody"}`);
    if (r.person && !text.includes(r.name)) fail(`${moment.at} ${r.rotation}: "${text}" does not name ${r.name}`);
    if (r.shadow && !text.includes("shadowed by")) fail(`${moment.at} ${r.rotation}: "${text}" does not name the shadow`);
    const nextPerson = await next.getAttribute("data-person");
    const expected = r.next ? r.next.person : null;
    if (nextPerson !== expected) fail(`${moment.at} ${r.rotation}: next is ${nextPerson ?? "nobody"} on the page, ${expected ?? "nobody"} by who --at`);
    checked.push(`${moment.at} ${r.rotation}: ${person ?? "nobody"}, next ${nextPerson ?? "nobody"}`);
  }
  const clock = await page.locator("#clock").textContent();
  if (!clock.includes("your time")) fail(`${moment.at}: the clock "${clock}" does not give the viewer's time`);
  await context.close();
}

// The month grids, the filter, the keyboard, axe-core, the screenshot and print.
{
  const { context, page } = await open(spec.moments[0].at);
  for (const r of spec.moments[0].who.rotations) {
    const dates = await page.locator(`table.month[data-rotation="${r.rotation}"] td[data-date]`).evaluateAll((cells) => cells.map((c) => c.dataset.date));
    if (dates.length !== spec.days) fail(`${r.rotation}: ${dates.length} day cells, the window has ${spec.days} days`);
    const want = [];
    for (let d = new Date(spec.from + "T00:00:00Z"); want.length < spec.days; d.setUTCDate(d.getUTCDate() + 1)) want.push(d.toISOString().slice(0, 10));
    if (JSON.stringify(dates) !== JSON.stringify(want)) fail(`${r.rotation}: the day cells are not the window's days in order`);
    checked.push(`${r.rotation}: ${dates.length} day cells`);
  }

  // Months on record folded away are opened first, so that every entry can be seen.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  const visible = () => page.locator("td [data-person]").evaluateAll((entries) =>
    entries.filter((e) => e.checkVisibility()).map((e) => [e.closest("table").dataset.rotation, e.dataset.person]));
  const expectFiltered = async (how) => {
    const shown = await visible();
    const others = shown.filter(([, p]) => p !== spec.filter.person);
    if (others.length) fail(`${how}: ${others.length} entries of others still shown, e.g. ${others[0][1]}`);
    for (const [rotation, n] of Object.entries(spec.filter.entries)) {
      const mine = shown.filter(([r]) => r === rotation).length;
      if (mine !== n) fail(`${how}: ${mine} ${rotation} entries of ${spec.filter.person} shown, the schedule has ${n}`);
    }
    checked.push(`${how}: only ${spec.filter.person}'s ${shown.length} entries`);
  };
  // Reached with the keyboard, chosen like a user does.
  let focused = null;
  for (let i = 0; i < 20 && focused !== "person"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  if (focused !== "person") fail("the person filter cannot be reached with Tab");
  await page.selectOption("#person", spec.filter.person);
  await page.waitForFunction((id) => location.hash === `#person=${id}`, spec.filter.person);
  await expectFiltered("filtered with the select");
  const note = await page.locator("#filter-note").textContent();
  if (!note.includes(`(${spec.filter.person})`)) fail(`filtered, the page does not say whose shifts it shows: "${note}"`);
  const calendar = page.locator("#person-calendar");
  if (spec.filter.calendar && !(await calendar.isVisible())) fail("the filtered person's calendar link is not shown");
  if (spec.filter.calendar) {
    const href = await calendar.locator("a").getAttribute("href");
    if (href !== `../calendars/${spec.filter.person}.ics`) fail(`the calendar link is ${href}`);
  }
  await page.selectOption("#person", "");
  const all = await visible();
  const total = await page.locator("td [data-person]").count();
  if (all.length !== total) fail(`choosing everyone again shows ${all.length} of ${total} entries`);

  await page.addScriptTag({ path: axeSource });
  const axe = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"], preload: false }));
  for (const v of axe.violations) fail(`axe-core ${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  checked.push(`axe-core: ${axe.violations.length} violations, ${axe.passes ? axe.passes.length : "?"} rules passed`);

  await page.screenshot({ path: spec.screenshot, fullPage: true });
  // A phone's width: nothing but the scrollable table region may be wider than the screen.
  await page.setViewportSize({ width: 375, height: 800 });
  const narrow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (narrow > 1) fail(`at 375 px the page is ${narrow} px too wide`);
  await page.emulateMedia({ media: "print" });
  // A4 less the page margins at 96 px per inch: nothing may be wider.
  await page.setViewportSize({ width: 703, height: 1000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 1) fail(`printed on A4 the page is ${overflow} px too wide`);
  await page.pdf({ path: spec.pdf, format: "A4" });
  checked.push("printed on A4");
  await context.close();
}

// A malformed address is no person: the page still works it all out.
{
  const { context, page } = await open(spec.moments[0].at, "#person=%E0");
  const first = spec.moments[0].who.rotations[0];
  const now = await page.locator(`#now [data-rotation="${first.rotation}"] [data-role=now]`).getAttribute("data-person");
  if (now !== first.person) fail(`opened with #person=%E0, the now box says ${now ?? "nobody"}`);
  if ((await page.locator("#person").inputValue()) !== "") fail("opened with #person=%E0, a person is chosen");
  checked.push("#person=%E0: everyone, now box filled");
  await context.close();
}

// Opened with #person=ID in the URL.
{
  const { context, page } = await open(spec.moments[0].at, `#person=${spec.filter.person}`);
  const value = await page.locator("#person").inputValue();
  if (value !== spec.filter.person) fail(`opened with #person=${spec.filter.person}, the filter shows ${value || "everyone"}`);
  const shown = await page.locator("td [data-person]").evaluateAll((entries) => entries.filter((e) => e.checkVisibility()).map((e) => e.dataset.person));
  if (shown.some((p) => p !== spec.filter.person) || shown.length === 0) fail(`opened with #person=${spec.filter.person}, ${shown.length} entries shown, not only theirs`);
  checked.push(`#person=${spec.filter.person}: ${shown.length} entries`);
  await context.close();
}

await browser.close();
for (const line of checked) console.log(`ok: ${line}`);
for (const line of failures) console.log(`FAIL: ${line}`);
process.exit(failures.length ? 1 : 0);
