// French typography, applied once for every text shown to people (email subjects and bodies, flash messages): a
// narrow no-break space before « ; ! ? », a no-break space before « : » and inside « », so that a sign never starts a
// line on its own. Only a space that is already there is made unbreakable before « : ; ! ? »: « 10:30 », « https:// »
// and « ?agentId= » have none and stay as they are.

/** U+202F, before « ; ! ? ». */
const NARROW_NO_BREAK_SPACE = "\u202f";
/** U+00A0, before « : » and inside « ». */
const NO_BREAK_SPACE = "\u00a0";

// Any run of ordinary or no-break spaces (never a newline: a line that starts with « : » keeps it).
const SPACES = "[ \\u00a0\\u202f]";
const BEFORE_HIGH_SIGN = new RegExp(`${SPACES}+([;!?])`, "g");
const BEFORE_COLON = new RegExp(`${SPACES}+:`, "g");
const AFTER_OPENING_QUOTE = new RegExp(`«${SPACES}*`, "g");
const BEFORE_CLOSING_QUOTE = new RegExp(`${SPACES}*»`, "g");

const ANY_SIGN = /[;!?:«»]/;

/** The text with French no-break spaces before « : ; ! ? » and inside « » (idempotent). */
export function frenchSpacing(text: string): string {
  // Most texts of a page or an email hold none of the signs: one scan instead of four replacements.
  if (!ANY_SIGN.test(text)) return text;
  return text
    .replace(BEFORE_HIGH_SIGN, `${NARROW_NO_BREAK_SPACE}$1`)
    .replace(BEFORE_COLON, `${NO_BREAK_SPACE}:`)
    .replace(AFTER_OPENING_QUOTE, `«${NO_BREAK_SPACE}`)
    .replace(BEFORE_CLOSING_QUOTE, `${NO_BREAK_SPACE}»`);
}

/**
 * The same rule on an HTML document, in its text only: tags, attributes (style="a: b", href="…?x") and comments are
 * left alone. The document is already escaped: an entity such as « &#39; » holds no space and is not changed.
 */
export function frenchSpacingInHtml(html: string): string {
  return html.replace(/(^|>)([^<]+)/g, (_match, open: string, text: string) => `${open}${frenchSpacing(text)}`);
}
