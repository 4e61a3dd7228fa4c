// A real SMTP server for tests (smtp-server on a free loopback port): it keeps every message it accepts, parsed
// with mailparser, and can be told to refuse mail for a while, as a server in trouble does (451, try again later).
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedEmail = {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The message as received, for checks on its MIME structure. */
  raw: string;
  parsed: ParsedMail;
};

export type SmtpSink = {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every accepted message, in order of arrival. */
  readonly messages: ReceivedEmail[];
  /** Messages whose envelope names this recipient. */
  messagesTo(email: string): ReceivedEmail[];
  /** From now on, refuse (true) or accept (false) every recipient. */
  refuse(refusing: boolean): void;
  /** How many recipients were refused so far. */
  readonly refusals: number;
  /** Wait until `count` messages have arrived (or fail after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  /** The first message to `email` that `matches` accepts, once it has arrived (or fail after `timeoutMs`). */
  waitForMessageTo(
    email: string,
    matches: (message: ReceivedEmail) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedEmail>;
  close(): Promise<void>;
};

/** Start an SMTP server that accepts any sender and recipient, without TLS or authentication. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = [];
  let refusing = false;
  let refusals = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refusing) return callback();
      refusals += 1;
      callback(
        Object.assign(new Error("Service temporairement indisponible, réessayez plus tard"), { responseCode: 451 }),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: raw.toString("utf8"), parsed });
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A client killed mid-session (the resilience tests SIGKILL a worker while it sends) resets its connection: nothing
  // for the sink to do. Any other error stays loud.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET") throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("SMTP sink: no TCP address");
  const { port } = address;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    messagesTo: (email) => messages.filter((message) => message.to.includes(email)),
    refuse(value) {
      refusing = value;
    },
    get refusals() {
      return refusals;
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async waitForMessageTo(email, matches, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((message) => message.to.includes(email) && matches(message));
        if (found) return found;
        if (Date.now() > deadline) {
          const subjects = messages.filter((m) => m.to.includes(email)).map((m) => m.parsed.subject);
          throw new Error(`no such message to ${email} after ${timeoutMs} ms; received: ${JSON.stringify(subjects)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
