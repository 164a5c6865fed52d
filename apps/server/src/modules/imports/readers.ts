// Streaming readers for uploaded files: CSV (UTF-8 or GBK, detected from the bytes) and XLSX (the
// first worksheet, read row by row), never holding the whole file in memory. Every reader counts
// the bytes it has consumed so progress can be shown for any format.
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';

export type FileFormat = 'csv' | 'xlsx';
export type Encoding = 'utf-8' | 'gbk';

export interface SourceRow {
  rowNo: number; // 1 = first data row after the header
  values: Record<string, string>;
}

export interface RowStream {
  columns: Promise<string[]>;
  rows: AsyncGenerator<SourceRow>;
  bytesRead(): number;
  close(): void;
}

/** XLSX files are ZIP archives ("PK\x03\x04"); everything else is read as CSV. */
export async function detectFormat(file: string, name: string): Promise<FileFormat> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await fd.read(head, 0, 4, 0);
    if (head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  } finally {
    await fd.close();
  }
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  return 'csv';
}

/**
 * UTF-8 when the first 64 KiB decode as UTF-8 (a character cut at the end of the sample is allowed);
 * otherwise GBK, which is what Chinese Excel writes when it saves "CSV".
 */
export async function detectEncoding(file: string): Promise<Encoding> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const sample = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(sample, 0, sample.length, 0);
    const b = sample.subarray(0, bytesRead);
    for (let cut = 0; cut <= Math.min(3, b.length); cut++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, b.length - cut));
        return 'utf-8';
      } catch {
        if (bytesRead < sample.length) break; // the whole file was read: no cut character to excuse
      }
    }
    return 'gbk';
  } finally {
    await fd.close();
  }
}

function counter() {
  let n = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      cb(null, chunk);
    },
  });
  return { t, read: () => n };
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[]; hyperlink?: string; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return '';
    return '';
  }
  return String(v).trim();
}

/** Columns named by the header row; blank or repeated names get a position suffix so none is lost. */
function headerNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = c.trim() || `column${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n) name = `${name}_${n + 1}`;
    return name;
  });
}

export function openRows(file: string, format: FileFormat, encoding: Encoding | null): RowStream {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const count = counter();
  let resolveColumns!: (c: string[]) => void;
  let rejectColumns!: (e: unknown) => void;
  const columns = new Promise<string[]>((res, rej) => {
    resolveColumns = res;
    rejectColumns = rej;
  });
  columns.catch(() => {});
  let closed = false;

  async function* csvRows(): AsyncGenerator<SourceRow> {
    const decoded = encoding === 'gbk' ? input.pipe(count.t).pipe(iconv.decodeStream('gbk')) : input.pipe(count.t);
    const parser = decoded.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, relax_quotes: true }));
    let names: string[] | null = null;
    let rowNo = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (!names) {
          names = headerNames(record);
          resolveColumns(names);
          continue;
        }
        rowNo++;
        const values: Record<string, string> = {};
        names.forEach((n, i) => (values[n] = record[i] ?? ''));
        if (record.length > names.length) values.__extra = record.slice(names.length).join(',');
        yield { rowNo, values };
      }
      if (!names) resolveColumns([]);
    } catch (err) {
      rejectColumns(err);
      throw err;
    }
  }

  async function* xlsxRows(): AsyncGenerator<SourceRow> {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input.pipe(count.t), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
    let names: string[] | null = null;
    let rowNo = 0;
    try {
      for await (const sheet of reader) {
        for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
          const cells = (row.values as unknown[]).slice(1).map(cellText);
          if (!names) {
            if (cells.every((c) => !c)) continue;
            names = headerNames(cells);
            resolveColumns(names);
            continue;
          }
          if (cells.every((c) => !c)) continue;
          rowNo++;
          const values: Record<string, string> = {};
          names.forEach((n, i) => (values[n] = cells[i] ?? ''));
          yield { rowNo, values };
        }
        break; // the first worksheet only
      }
      if (!names) resolveColumns([]);
    } catch (err) {
      rejectColumns(err);
      throw err;
    }
  }

  const rows = format === 'xlsx' ? xlsxRows() : csvRows();
  return {
    columns,
    rows,
    bytesRead: count.read,
    close() {
      if (closed) return;
      closed = true;
      input.destroy();
    },
  };
}

/** The header and the first few rows, for the mapping screen. */
export async function preview(file: string, format: FileFormat, encoding: Encoding | null, n = 5): Promise<{ columns: string[]; rows: Record<string, string>[] }> {
  const s = openRows(file, format, encoding);
  const rows: Record<string, string>[] = [];
  try {
    for await (const r of s.rows) {
      rows.push(r.values);
      if (rows.length >= n) break;
    }
    return { columns: await s.columns, rows };
  } finally {
    s.close();
  }
}
