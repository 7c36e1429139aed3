// The HTML report in a real headless Chromium: elements present, the legend works, and the page
// makes no network request at all. Skips visibly when /usr/bin/chromium is absent.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../src/agents/inventory.js";
import { renderHtml } from "../../src/simulate/report-html.js";
import { simulate } from "../../src/simulate/simulate.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { largeScenario } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const example = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url), "utf8");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Opens `html` in headless Chromium and hands the page to `check`; no request may leave the file. */
async function inBrowser(html: string, check: (page: Page) => Promise<void>): Promise<void> {
  const { chromium } = await import("playwright-core");
  const dir = mkdtempSync(join(tmpdir(), "simulate-html-"));
  const file = join(dir, "report.html");
  writeFileSync(file, html);
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 1000 },
  });
  try {
    const requests: string[] = [];
    context.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href);
    await check(page);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("HTML report in a browser", () => {
  it.skipIf(!hasChromium)(
    `renders agents, unplaced rows and a working legend with no network request (needs ${CHROMIUM})`,
    async () => {
      const inv = loadInventory(example("cluster.yaml"), "cluster.yaml");
      const { apps } = loadWorkload(example("workloads/marathon-group.json"));
      const result = simulate({ agents: inv.agents, apps, masterRegion: inv.masterRegion });
      await inBrowser(renderHtml(result, { title: "marathon-group.json on cluster.yaml" }), async (page) => {
        expect(await page.locator(".agent").count()).toBe(inv.agents.length);
        expect(await page.locator(".region").count()).toBe(1);
        expect(await page.locator(".zone").count()).toBe(3);
        expect(await page.locator("tr.unplaced-row").count()).toBe(result.unplaced.length);
        expect(await page.locator("tr.unplaced-row td").first().textContent()).toBe("/shop/data/db#8");
        expect(await page.locator(".inst").count()).toBe(result.placements.length);
        expect(await page.locator(".spread svg rect").count()).toBe(
          result.spreads.reduce((n, s) => n + s.counts.length, 0),
        );
        await page.locator('.chip[data-app="/shop/api"]').click();
        expect(await page.locator(".inst.dim").count()).toBe(
          result.placements.filter((p) => p.appId === "/shop/api").length,
        );
        await page.locator('.chip[data-app="/shop/api"]').click();
        expect(await page.locator(".inst.dim").count()).toBe(0);
        await page.screenshot({ path: join(tmpdir(), "simulate-report.png"), fullPage: true });
      });
    },
    60_000,
  );

  it.skipIf(!hasChromium)(
    "shows a 500-agent cluster as rack tiles: unplaced first, search filters apps, a tile expands to its agents",
    async () => {
      const { agents, apps } = largeScenario({
        agents: 500,
        racks: 20,
        zones: 5,
        placing: 30,
        stuck: 40,
        extra: 5,
      });
      const result = simulate({ agents, apps });
      await inBrowser(renderHtml(result), async (page) => {
        const unplaced = page.locator("#unplaced");
        const box = await unplaced.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeLessThan(1000 - 60);
        expect(await page.locator("tr.unplaced-row").count()).toBe(result.unplaced.length);
        expect(await page.locator(".agent").count()).toBe(0);
        expect(await page.locator(".tile").count()).toBe(20);

        const rows = page.locator("tr.app-row:not([hidden])");
        expect(await rows.count()).toBe(apps.length);
        await page.locator("#app-search").fill("stuck-1");
        const expected = result.apps.filter((a) =>
          `${a.id} ${a.constraints.join(" ")}`.toLowerCase().includes("stuck-1"),
        ).length;
        expect(expected).toBe(11);
        expect(await rows.count()).toBe(expected);
        await page.locator("#app-search").fill("");
        await page.locator("#app-unplaced").check();
        expect(await rows.count()).toBe(result.unplaced.length);

        const tile = page.locator(".tile").first();
        await tile.click();
        expect(await page.locator(".tile-agents tr.agent-row").count()).toBe(25);
        await tile.click();
        expect(await page.locator(".tile-agents").count()).toBe(0);
        await page.mouse.wheel(0, -100_000);
        await page.screenshot({ path: join(tmpdir(), "simulate-report-large.png") });
      });
    },
    60_000,
  );
});
