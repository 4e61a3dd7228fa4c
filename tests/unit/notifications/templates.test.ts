// Email templates are compiled once per process: after the first email of a kind, rendering reads no file.
import * as fs from "node:fs";
import ejs from "ejs";
import { describe, expect, it, vi } from "vitest";
import { renderTemplate } from "../../../src/notifications/templates.ts";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

const model = {
  subject: "Plage d'ouverture créée - Permanence",
  organisationName: "Mairie de Trifouilly",
  recipientName: "Camille Martin",
  headline: "Une plage d'ouverture de votre agenda a été créée.",
  rows: [{ label: "Titre", value: "Permanence <école>" }],
  link: "https://rdv.example.fr/plages/1",
  linkLabel: "Voir la plage d'ouverture",
  preferencesLink: "https://rdv.example.fr/mon-compte/preferences",
};

describe("email templates", () => {
  it("are read and compiled on first use only, partials included", () => {
    // Our templates are read with readFileSync, the partials they include by EJS's fileLoader: both are counted.
    const templateReads = vi.mocked(fs.readFileSync);
    // EJS is shared by the test files of a worker: start from an empty cache of partials.
    ejs.clearCache();
    const partialReads: string[] = [];
    const load = ejs.fileLoader;
    ejs.fileLoader = (path) => {
      partialReads.push(path);
      return load(path);
    };
    const first = renderTemplate("plage-ouverture", model);
    const reads = () => templateReads.mock.calls.length + partialReads.length;
    const readsAfterFirst = reads();
    // The partials, at least, were read again after the cache was emptied (the templates too, if this file is the
    // first to render them in this worker).
    expect(partialReads.map((path) => path.replace(/.*\/views\/emails\//, "")).sort()).toEqual([
      "partials/notification-end.html.ejs",
      "partials/notification-end.text.ejs",
      "partials/notification-start.html.ejs",
    ]);

    const second = renderTemplate("plage-ouverture", { ...model, recipientName: "Jean Dupont" });
    ejs.fileLoader = load;
    expect(reads()).toBe(readsAfterFirst);
    expect(second.html).toContain("Bonjour Jean Dupont,");
    expect(second.text).toContain("Bonjour Jean Dupont,");
    expect(first.html).toContain("Permanence &lt;école&gt;");
    expect(first.text).toContain("Titre : Permanence <école>");
    expect(first.text.startsWith("Mairie de Trifouilly\n")).toBe(true);
  });
});
