// Emails are EJS templates under views/emails/<name>.html.ejs and <name>.text.ejs, compiled once per process (with
// their partials) and then only run: rendering an email reads no file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ejs from "ejs";

const EMAILS_DIR = join(import.meta.dirname, "../../views/emails");

/** The email templates, by name under views/emails/. */
export type TemplateName = "rdv" | "plage-ouverture" | "absence" | "invitation" | "password-reset" | "usager-rdv";

type Compiled = (model: Record<string, unknown>) => string;
const compiled = new Map<string, Compiled>();

// `cache: true` with a file name makes EJS keep the compiled partials too, so `include` does not read them again.
function compile(name: TemplateName, format: "html" | "text"): Compiled {
  const key = `${name}.${format}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const filename = join(EMAILS_DIR, `${key}.ejs`);
  const template = ejs.compile(readFileSync(filename, "utf8"), {
    filename,
    cache: true,
    async: false,
    // Plain text: no HTML escaping, the template decides every character.
    ...(format === "text" && { escape: (value: unknown) => String(value) }),
  });
  compiled.set(key, template);
  return template;
}

/** The HTML and plain-text bodies of one email template, from its view model. */
export function renderTemplate(name: TemplateName, model: Record<string, unknown>): { html: string; text: string } {
  return { html: compile(name, "html")(model), text: compile(name, "text")(model) };
}
