// The derive statement's plan depends on table statistics: on a table that was never
// analyzed (a database seeded or restored a moment ago, before autovacuum got to it)
// PostgreSQL guesses a few rows per thread, picks nested loops over the whole batch and
// a 500-thread batch runs into the 30s statement timeout instead of taking 0.3s. So the
// backfill analyzes the tables it reads when their statistics are missing or mostly out
// of date — exactly what autovacuum would do next; no table data changes.
import type pg from "pg";

const TABLES = ["Message", "AIDraft", "BackgroundJob", "ResponseTimingEvent"] as const;

type Row = { table: string; live: string; modified: string; never: boolean };

/** Tables whose statistics are missing or describe less than half of what is there now. */
export async function staleTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<Row>(
    `SELECT relname AS "table", n_live_tup::text AS live, n_mod_since_analyze::text AS modified,
            (last_analyze IS NULL AND last_autoanalyze IS NULL) AS never
       FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND relname = ANY($1::text[])`,
    [[...TABLES]],
  );
  return rows
    .filter((r) => (r.never && Number(r.live) > 0) || Number(r.modified) > Math.max(1000, Number(r.live)))
    .map((r) => r.table)
    .sort();
}

/** Analyzes stale tables; a refusal (no permission, a read-only standby) only warns. */
export async function refreshPlannerStatistics(client: pg.ClientBase, log: (line: string) => void): Promise<void> {
  const tables = await staleTables(client);
  if (tables.length === 0) return;
  log(
    `Planner statistics are missing or out of date for ${tables.join(", ")}: running ANALYZE (table data is not changed).`,
  );
  try {
    await client.query(`ANALYZE ${tables.map((t) => `"${t}"`).join(", ")}`);
  } catch (error) {
    log(
      `Warning: ANALYZE failed (${error instanceof Error ? error.message : String(error)}); batches may be slow until autovacuum analyzes these tables.`,
    );
  }
}
