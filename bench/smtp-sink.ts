// The SMTP sink of the email figures, in its own process (forked by bench/run.ts, driven over IPC): accepts every
// message without TLS or authentication, counts them with the time of arrival of the first and the last, and can keep
// the raw messages of a round so that the nodemailer ceiling sends the same ones. It does not parse what it receives,
// so that it costs both sides the same and little.
import { writeFileSync } from "node:fs";
import { SMTPServer } from "smtp-server";

type Command = { cmd: "reset"; keep: number } | { cmd: "stats" } | { cmd: "dump"; path: string } | { cmd: "close" };

let count = 0;
let first = 0;
let last = 0;
let keep = 0;
let kept: string[] = [];

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    const keeping = kept.length < keep;
    stream.on("data", (chunk: Buffer) => {
      if (keeping) chunks.push(chunk);
    });
    stream.on("end", () => {
      const now = performance.now();
      if (count === 0) first = now;
      last = now;
      count += 1;
      if (keeping) kept.push(Buffer.concat(chunks).toString("utf8"));
      callback();
    });
  },
});

server.listen(0, "127.0.0.1", () => {
  const address = server.server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});

process.on("message", (message: Command) => {
  if (message.cmd === "reset") {
    count = 0;
    first = 0;
    last = 0;
    keep = message.keep;
    kept = [];
    process.send?.({ ok: true });
  } else if (message.cmd === "stats") {
    process.send?.({ count, spanMs: last - first, kept: kept.length });
  } else if (message.cmd === "dump") {
    writeFileSync(message.path, JSON.stringify(kept));
    process.send?.({ ok: true });
  } else {
    server.close(() => process.exit(0));
  }
});
