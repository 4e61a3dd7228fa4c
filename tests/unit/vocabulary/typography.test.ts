// French typography: no-break spaces before « : ; ! ? » and inside « », and the elided « de » / « que ».
import { describe, expect, it } from "vitest";
import { deName, queWord } from "../../../src/vocabulary/names.ts";
import { frenchSpacing, frenchSpacingInHtml } from "../../../src/vocabulary/typography.ts";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("frenchSpacing", () => {
  it("puts a no-break space before « : » and a narrow one before « ; ! ? »", () => {
    expect(frenchSpacing("Lieu : Mairie ; vraiment ! Pourquoi ?")).toBe(
      `Lieu${NBSP}: Mairie${NNBSP}; vraiment${NNBSP}! Pourquoi${NNBSP}?`,
    );
  });

  it("puts no-break spaces inside « », adding them when missing", () => {
    expect(frenchSpacing("Plage « Permanence »")).toBe(`Plage «${NBSP}Permanence${NBSP}»`);
    expect(frenchSpacing("«Permanence»")).toBe(`«${NBSP}Permanence${NBSP}»`);
  });

  it("leaves times, links and signs with no space before them as they are", () => {
    const text = "à 10:30, https://rdv.example.fr/plages?agentId=1 et tel:+33612345678; ok!";
    expect(frenchSpacing(text)).toBe(text);
  });

  it("never joins two lines, and is idempotent", () => {
    expect(frenchSpacing("Titre\n: suite")).toBe("Titre\n: suite");
    const once = frenchSpacing("Heure : 09:00 ; « Congés » ?");
    expect(frenchSpacing(once)).toBe(once);
  });
});

describe("frenchSpacingInHtml", () => {
  it("changes text, not tags nor attributes", () => {
    expect(frenchSpacingInHtml('<p style="color : red" title="a ?">Lieu : <a href="/x?y=1">ici</a> !</p>')).toBe(
      `<p style="color : red" title="a ?">Lieu${NBSP}: <a href="/x?y=1">ici</a>${NNBSP}!</p>`,
    );
  });

  it("does not break entities already typed by hand", () => {
    expect(frenchSpacingInHtml("<p>Heure&nbsp;: 09:00 &#39;ok&#39; &amp; Bienvenue&#8239;!</p>")).toBe(
      "<p>Heure&nbsp;: 09:00 &#39;ok&#39; &amp; Bienvenue&#8239;!</p>",
    );
  });
});

describe("elisions", () => {
  it("« de » before a name, « d' » before a vowel, accented or not", () => {
    expect(deName("Bruno")).toBe("de Bruno");
    expect(deName("Élodie")).toBe("d'Élodie");
    expect(deName("Anne Martin")).toBe("d'Anne Martin");
    expect(deName("Yves")).toBe("d'Yves");
    expect(deName("Hugo")).toBe("de Hugo");
  });

  it("« en tant qu'agent », « en tant que secrétaire »", () => {
    expect(queWord("agent")).toBe("qu'agent");
    expect(queWord("administrateur")).toBe("qu'administrateur");
    expect(queWord("secrétaire")).toBe("que secrétaire");
  });
});
