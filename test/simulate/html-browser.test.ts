// The HTML report in a real headless Chromium: elements present, the legend works, and the page
// makes no network request at all. Skips visibly when /usr/bin/chromium is absent.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../src/agents/inventory.js";
import { renderHtml } from "../../src/simulate/report-html.js";
import { simulate } from "../../src/simulate/simulate.js";
import { loadWorkload } from "../../src/simulate/workload.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const example = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url), "utf8");

describe("HTML report in a browser", () => {
  it.skipIf(!hasChromium)(
    `renders agents, unplaced rows and a working legend with no network request (needs ${CHROMIUM})`,
    async () => {
      const { chromium } = await import("playwright-core");
      const inv = loadInventory(example("cluster.yaml"), "cluster.yaml");
      const { apps } = loadWorkload(example("workloads/marathon-group.json"));
      const result = simulate({ agents: inv.agents, apps, masterRegion: inv.masterRegion });
      const dir = mkdtempSync(join(tmpdir(), "simulate-html-"));
      const file = join(dir, "report.html");
      writeFileSync(file, renderHtml(result, { title: "marathon-group.json on cluster.yaml" }));
      const context = await chromium.launchPersistentContext(join(dir, "profile"), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
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
        await page.goto(pathToFileURL(file).href);
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
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
