import { pino } from "pino";

/** The process-wide logger; secrets are redacted by path so that no token or password is ever written. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: {
    paths: ["password", "*.password", "req.headers.cookie", "req.headers.authorization", "token", "*.token"],
    censor: "[redacted]",
  },
});
