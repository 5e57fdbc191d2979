/**
 * The region a SAM project deploys to, from the `samconfig.toml` in the template's folder (SAM CLI reads
 * it there: `samconfig_dir` is the original template's folder), learned from every such file of the
 * workspace (or of the CLI's run).
 */
import { partitionOfRegion } from '../../core/partitions';

export const SAMCONFIG = 'samconfig.toml';

/** A region named by a samconfig.toml, and the table it was read from. */
export interface SamconfigRegion {
  region: string;
  table: string;
}

/** SAM CLI's environment when none is given (`--config-env`), and the tables of `sam deploy`, the later overriding the earlier. */
const TABLES = ['default.global.parameters', 'default.deploy.parameters'];
const MAX_LINES = 10_000;
const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*')`;
const TABLE_HEADER = new RegExp(String.raw`^\s*\[\s*(${KEY_PART}(?:\s*\.\s*${KEY_PART})*)\s*\]\s*(?:#.*)?$`);
const KEY_VALUE = new RegExp(String.raw`^\s*(${KEY_PART}(?:\s*\.\s*${KEY_PART})*)\s*=\s*(.*)$`);
const STRING_VALUE = /^(?:"([^"\\]*)"|'([^']*)')\s*(?:#.*)?$/;

/**
 * The `region` that `sam deploy` takes from a samconfig.toml: of `[default.deploy.parameters]`, else of
 * `[default.global.parameters]`. Reads the TOML that holds it (tables, dotted keys, strings) and steps
 * over multi-line strings and arrays; undefined when no known region is named there.
 */
export function samconfigRegion(text: string): SamconfigRegion | undefined {
  const found = new Map<string, string>();
  let table: string[] = [];
  const lines = text.split(/\r?\n/, MAX_LINES);
  for (let i = 0; i < lines.length; i++) {
    const header = TABLE_HEADER.exec(lines[i]);
    if (header) {
      table = keyParts(header[1]);
      continue;
    }
    // An array of tables (`[[x]]`) holds nothing SAM reads.
    if (/^\s*\[\[/.test(lines[i])) {
      table = ['[['];
      continue;
    }
    const pair = KEY_VALUE.exec(lines[i]);
    if (!pair) continue;
    i = lastLineOfValue(lines, i, pair[2]);
    const key = [...table, ...keyParts(pair[1])];
    const value = STRING_VALUE.exec(pair[2].trim());
    if (key.at(-1) === 'region' && value) found.set(key.slice(0, -1).join('.'), value[1] ?? value[2]);
  }
  for (const table of [...TABLES].reverse()) {
    const region = found.get(table);
    if (region !== undefined) return partitionOfRegion(region) ? { region, table } : undefined;
  }
  return undefined;
}

/** The parts of a dotted key, unquoted. */
function keyParts(key: string): string[] {
  return [...key.matchAll(new RegExp(KEY_PART, 'g'))].map(([part]) => (/^["']/.test(part) ? part.slice(1, -1) : part));
}

/** The line where a value that starts on line `first` ends: later for a multi-line string or array. */
function lastLineOfValue(lines: string[], first: number, value: string): number {
  const delimiter = /^("""|''')/.exec(value)?.[1];
  if (delimiter) {
    if (value.indexOf(delimiter, 3) >= 0) return first;
    let line = first + 1;
    while (line < lines.length && !lines[line].includes(delimiter)) line++;
    return line;
  }
  let depth = 0;
  for (let line = first; line < lines.length; line++) {
    depth += bracketDepth(line === first ? value : lines[line]);
    if (depth <= 0) return line;
  }
  return lines.length;
}

/** `[` and `{` opened minus closed on a line, outside strings and comments. */
function bracketDepth(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '#') break;
    if (char === '"' || char === "'") {
      let end = i + 1;
      while (end < line.length && line[end] !== char) end += char === '"' && line[end] === '\\' ? 2 : 1;
      i = end;
    } else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
  }
  return depth;
}

/** The regions of the workspace's samconfig.toml files, by the folder that holds each. */
const regions = new Map<string, SamconfigRegion>();

/** `/` separators, and the folder of a path. */
function folderOf(path: string): string {
  const normal = path.replace(/\\/g, '/');
  return normal.slice(0, Math.max(0, normal.lastIndexOf('/')));
}

/** Learns one samconfig.toml (`undefined`: it is gone); whether what is known changed. */
export function learnSamconfig(path: string, text: string | undefined): boolean {
  const folder = folderOf(path);
  const region = text === undefined ? undefined : samconfigRegion(text);
  const before = JSON.stringify(regions.get(folder));
  if (region) regions.set(folder, region);
  else regions.delete(folder);
  return JSON.stringify(region) !== before;
}

export function knownSamconfigs(): [string, SamconfigRegion][] {
  return [...regions];
}
export function restoreSamconfigs(known: unknown): void {
  regions.clear();
  for (const [folder, region] of known as [string, SamconfigRegion][]) regions.set(folder, region);
}

/** The folder whose samconfig.toml applies to a template: its own, or the project's for a template `sam build` wrote. */
function projectFolder(file: string): string {
  return folderOf(file).replace(/\/\.aws-sam\/build$/, '');
}

/** The samconfig.toml a template at `file` (an absolute path) deploys with. */
export function samconfigFor(file: string): string {
  return `${projectFolder(file)}/${SAMCONFIG}`;
}

/** The region the samconfig.toml of a template's project names, if any. */
export function stackRegion(file: string): SamconfigRegion | undefined {
  return regions.get(projectFolder(file));
}
