// Emails are EJS templates under views/emails/<name>.html.ejs and <name>.text.ejs, rendered from a view model.
import { join } from "node:path";
import ejs from "ejs";

const EMAILS_DIR = join(import.meta.dirname, "../../views/emails");

/** Render the HTML and plain-text bodies of one email kind. */
export async function renderEmail(
  name: string,
  model: Record<string, unknown>,
): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([
    ejs.renderFile(join(EMAILS_DIR, `${name}.html.ejs`), model, { async: false }),
    // Plain text: no HTML escaping, the template decides every character.
    ejs.renderFile(join(EMAILS_DIR, `${name}.text.ejs`), model, {
      async: false,
      escape: (value: unknown) => String(value),
    }),
  ]);
  return { html, text };
}
