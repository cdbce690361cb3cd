// Prints, as JSON, the byte ranges a loader reads from each Parquet file to get the chosen columns, as DuckDB
// reads them from the footer (not as jdlio does): per file its size and footer length, and per row group the
// column chunk of every chosen column, from its first page (the dictionary page when there is one) for
// total_compressed_size bytes. scripts/compare-parquet-fio replays these ranges with fio.
//   node ranges.mjs COLUMNS FILE...     COLUMNS: names separated by commas; empty: every column
import { DuckDBInstance } from '@duckdb/node-api';

const [wanted, ...files] = process.argv.slice(2);
const chosen = new Set(wanted ? wanted.split(',') : []);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson();
const out = [];
for (const file of files) {
  const path = `'${file.replaceAll("'", "''")}'`;
  const [meta] = await rows(`SELECT file_size_bytes, footer_size FROM parquet_file_metadata(${path})`);
  const chunks = await rows(`SELECT row_group_id, row_group_num_rows, path_in_schema, dictionary_page_offset,
      data_page_offset, total_compressed_size FROM parquet_metadata(${path}) ORDER BY row_group_id, column_id`);
  const groups = [];
  const seen = new Set();
  for (const ch of chunks) {
    // a list column's leaf is name, list, element: the column is its first part
    const column = ch.path_in_schema.split(',')[0].trim();
    if (chosen.size && !chosen.has(column)) {
      continue;
    }
    seen.add(column);
    const g = Number(ch.row_group_id);
    groups[g] ??= { rows: Number(ch.row_group_num_rows), chunks: [] };
    const data = Number(ch.data_page_offset);
    const start = ch.dictionary_page_offset === null ? data : Math.min(Number(ch.dictionary_page_offset), data);
    groups[g].chunks.push([start, Number(ch.total_compressed_size)]);
  }
  const missing = [...chosen].filter((n) => !seen.has(n));
  if (missing.length) {
    console.error(`${file}: has no column ${missing.join(', ')}`);
    process.exit(2);
  }
  out.push({ file, size: Number(meta.file_size_bytes), footer: Number(meta.footer_size), groups });
}
console.log(JSON.stringify(out));
