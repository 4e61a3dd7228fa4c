// The ceiling of the HTTP figures: a bare Express 5 app on the same PostgreSQL server with the same pool size as the
// app, doing the least each figure must do (insert one row, move one row, one indexed SELECT of N rows) and nothing
// else: no authentication, no validation, no history, no email. Run as its own process by bench/run.ts.
import express from "express";
import pg from "pg";

const { DATABASE_URL, PORT = "0", POOL_SIZE = "10", ORGANISATION_ID = "" } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_SIZE) });
const app = express();
app.use(express.json());

app.post("/rdvs", async (req, res) => {
  const { rows } = await pool.query(
    `INSERT INTO bench_ceiling.rdv (organisation_id, starts_at, duration_in_min) VALUES ($1, $2, $3) RETURNING *`,
    [ORGANISATION_ID, req.body.startsAt, 30],
  );
  res.status(201).json(rows[0]);
});

app.patch("/rdvs/:id", async (req, res) => {
  const { rows } = await pool.query(`UPDATE bench_ceiling.rdv SET starts_at = $2 WHERE id = $1 RETURNING *`, [
    Number(req.params.id),
    req.body.startsAt,
  ]);
  res.status(rows.length === 1 ? 200 : 404).json(rows[0] ?? null);
});

// The same number of rows as the figure shows, from the RDV table through its (organisationId, startsAt) index.
app.get("/rdvs", async (req, res) => {
  const { rows } = await pool.query(
    `SELECT "id", "startsAt", "durationInMin", "status", "motifId", "lieuId", "notes"
     FROM "Rdv" WHERE "organisationId" = $1 AND "startsAt" >= $2 ORDER BY "startsAt", "id" LIMIT $3`,
    [ORGANISATION_ID, String(req.query.from), Number(req.query.limit)],
  );
  res.json(rows);
});

const server = app.listen(Number(PORT), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`ceiling listening on ${typeof address === "object" && address ? address.port : PORT}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
