// The ceiling of the email drain: nodemailer alone, pooled as the app's transport is (3 connections), sending the
// messages the worker sent in the same round (parsed back before the clock starts) to the same SMTP sink.
//   node bench/nodemailer-ceiling.ts <smtp url> <messages.json> <count>
import { readFileSync } from "node:fs";
import { type AddressObject, simpleParser } from "mailparser";
import { createTransport } from "nodemailer";

const [url, path, countArg] = process.argv.slice(2);
if (!url || !path || !countArg) throw new Error("usage: nodemailer-ceiling.ts <smtp url> <messages.json> <count>");
const raws: unknown = JSON.parse(readFileSync(path, "utf8"));
if (!Array.isArray(raws) || raws.length === 0) throw new Error("no messages to send");

function addressOf(value: AddressObject | AddressObject[] | undefined) {
  const first = (Array.isArray(value) ? value[0] : value)?.value[0];
  return { name: first?.name ?? "", address: first?.address ?? "" };
}

const templates = await Promise.all(
  raws.map(async (raw: unknown) => {
    const parsed = await simpleParser(String(raw));
    const calendar = parsed.attachments.find((a) => a.contentType.startsWith("text/calendar"));
    const ics = calendar?.content.toString("utf8");
    return {
      from: addressOf(parsed.from),
      to: addressOf(parsed.to).address,
      subject: parsed.subject ?? "",
      html: parsed.html || undefined,
      text: parsed.text ?? "",
      ics,
      method: /^METHOD:(\w+)/m.exec(ics ?? "")?.[1] ?? "REQUEST",
    };
  }),
);

const transporter = createTransport({ url, pool: true, maxConnections: 3 });
const count = Number(countArg);
const started = performance.now();
await Promise.all(
  Array.from({ length: count }, (_, i) => {
    const t = templates[i % templates.length];
    if (!t) throw new Error("no template");
    return transporter.sendMail({
      messageId: `<ceiling-${i}-${started}@bench.rdv-agents.fr>`,
      from: t.from,
      to: t.to,
      subject: t.subject,
      html: t.html,
      text: t.text,
      textEncoding: "base64",
      ...(t.ics ? { icalEvent: { method: t.method, content: t.ics, filename: "rdv.ics" } } : {}),
    });
  }),
);
transporter.close();
process.stdout.write(`${JSON.stringify({ sent: count, ms: performance.now() - started })}\n`);
