/**
 * Searches a whole PostgreSQL database for values (the cluster's no-clear-text test): every table
 * of the public schema, binary columns (Temporal's protobuf blobs) byte for byte, every other
 * column as text. Returns, per value, the `table.column`s it occurs in.
 */
import { Client } from 'pg';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function containsInTables(url: string, values: string[]): Promise<Record<string, string[]>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows: columns } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    const found: Record<string, string[]> = Object.fromEntries(values.map((v) => [v, []]));
    for (const value of values) {
      for (const c of columns) {
        const column = `${quote(c.table_name)}.${quote(c.column_name)}`;
        const binary = c.data_type === 'bytea';
        const match = binary ? `position($1::bytea IN ${column}) > 0` : `strpos(${column}::text, $1) > 0`;
        const { rows } = await db.query(`SELECT 1 FROM ${quote(c.table_name)} WHERE ${match} LIMIT 1`, [binary ? Buffer.from(value, 'utf8') : value]);
        if (rows.length > 0) found[value].push(`${c.table_name}.${c.column_name}`);
      }
    }
    return found;
  } finally {
    await db.end();
  }
}
