// axe-core in the browser tests: every page state a journey checks must have no serious or critical violation.
// axe's source is evaluated in the page through the DevTools protocol, which the app's Content-Security-Policy
// (script-src 'self') does not govern, so the app's headers stay as in production.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { z } from "zod";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const violationsSchema = z.array(
  z.object({ id: z.string(), impact: z.string().nullable(), help: z.string(), targets: z.array(z.string()) }),
);
export type Violation = z.infer<typeof violationsSchema>[number];

// WCAG 2.1 A and AA rules plus axe's best practices; the result is reduced in the page to what a report needs.
const RUN_AXE = `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }, resultTypes: ["violations"] })
  .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")) })))`;

/** The serious and critical axe violations of the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = violationsSchema.parse(await page.evaluate(RUN_AXE));
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** Fail with a readable list when the page has a serious or critical violation. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const found = await seriousViolations(page);
  expect(
    found.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.slice(0, 3).join(", ")}`),
    `axe-core on ${state}`,
  ).toEqual([]);
}
