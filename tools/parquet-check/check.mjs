// Prints, as JSON, what DuckDB sees in a Parquet file: the schema, the row groups with each column chunk's
// codec and sizes, and per column a figure that needs every value decoded (so a page DuckDB cannot decode
// fails here, not only a footer it cannot parse).
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson();
const path = `'${file.replaceAll("'", "''")}'`;

const columns = await rows(`DESCRIBE SELECT * FROM read_parquet(${path})`);
const chunks = await rows(`SELECT row_group_id, row_group_num_rows, path_in_schema, type, compression,
    num_values, data_page_offset, total_compressed_size, total_uncompressed_size FROM parquet_metadata(${path})
    ORDER BY row_group_id, column_id`);
const figures = {};
for (const col of columns) {
  const q = `"${col.column_name.replaceAll('"', '""')}"`;
  const t = col.column_type;
  const expr = t.endsWith('[]') ? `sum(len(${q}))`
    : t === 'BLOB' ? `sum(octet_length(${q}))`
    : t === 'VARCHAR' ? `sum(length(${q}))`
    : `count(${q})`;
  const r = await rows(`SELECT ${expr} AS v, count(*) AS n FROM read_parquet(${path})`);
  figures[col.column_name] = { decoded: Number(r[0].v), rows: Number(r[0].n) };
}
console.log(JSON.stringify({ columns, chunks, figures }));
