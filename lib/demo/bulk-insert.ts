// Multi-row inserts through unnest(): one statement per few thousand rows, each column
// sent as one typed array, so the cost per row is a few array elements rather than a
// round trip.
import type pg from "pg";
import type { TableSpec } from "./rows";

export const INSERT_CHUNK_ROWS = 5000;

const statements = new Map<string, string>();

function insertSql<R>(spec: TableSpec<R>): string {
  let sql = statements.get(spec.table);
  if (!sql) {
    const names = spec.columns.map(([name]) => `"${name}"`).join(", ");
    const arrays = spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
    sql = `INSERT INTO "${spec.table}" (${names}) SELECT * FROM unnest(${arrays})`;
    statements.set(spec.table, sql);
  }
  return sql;
}

export async function insertRows<R>(client: pg.ClientBase, spec: TableSpec<R>, rows: readonly R[]): Promise<void> {
  const sql = insertSql(spec);
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    const slice = rows.slice(start, start + INSERT_CHUNK_ROWS);
    const params = spec.columns.map(([name]) => slice.map((row) => row[name]));
    await client.query(sql, params);
  }
}
