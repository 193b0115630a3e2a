/** CSV for Excel (RFC 4180, UTF-8 with BOM), shared by the CSV exports. */

/**
 * One CSV cell. Text that a spreadsheet would run as a formula is prefixed with an apostrophe:
 * exported cells quote user input (CSV injection, OWASP).
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header and rows as one document; the BOM makes Excel read UTF-8 (it assumes the ANSI code page otherwise and garbles Chinese). */
export function csvDocument(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return `\uFEFF${[headers.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n')}\r\n`;
}
