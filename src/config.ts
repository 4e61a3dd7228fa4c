// Environment → typed, validated configuration, read once at start-up.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { z } from "zod";

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Absent: an embedded PostgreSQL (PGlite) is started in-process, data under DATA_DIR. */
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default("./var/pglite"),
    /** Public address of the app, used in links inside emails. Default: http://localhost:<PORT>. */
    APP_URL: z.string().url().optional(),
    /** Absent: emails are kept in the outbox and shown on /dev/emails (never in production). */
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().email().default("no-reply@rdv-agents.fr"),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(12),
    /**
     * Key of the HMAC that signs the anonymous forms' CSRF tokens. Required in production; elsewhere a random one is
     * drawn per process (pages then expire when the process restarts, which does not matter while developing).
     */
    SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters long (e.g. `openssl rand -base64 32`)")
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Start the email worker inside the web process (npm start); `npm run worker` runs it alone. */
    RUN_WORKER: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
  })
  .transform((env) => ({
    ...env,
    APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}`,
    SESSION_SECRET: env.SESSION_SECRET ?? randomBytes(32).toString("base64url"),
  }));

export type Config = z.output<typeof envSchema>;

/** Parse the environment, failing fast with a readable message when a variable is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
    throw new Error(
      "Invalid configuration: SESSION_SECRET is required in production (a random key of at least 32 characters, the same for every web process).",
    );
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.DATABASE_URL) {
    throw new Error(
      "Invalid configuration: DATABASE_URL is required in production (the embedded database is for development).",
    );
  }
  return parsed.data;
}

/** Entry points call this first: variables from a `.env` file, if any, for those not already set. */
export function readDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
