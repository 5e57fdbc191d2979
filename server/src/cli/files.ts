/**
 * Which files `check` reads, and reading them: the files the dialects read by default under a folder,
 * any file a glob matches, or a file named on the command line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { picomatch } from '../core/libraries';
import { SKIPPED_FOLDERS } from '../features/workspaceFacts';

const IS_DIRECTORY = 'a directory, not a file';

export interface FoundFile {
  /** Absolute. */
  path: string;
  /** Why it cannot be read as a file, when that is known before reading (e.g. `a directory, not a file`). */
  unreadable?: string;
  /** Found in a folder only as a candidate: reported only when a dialect that looks for it by content claims it. */
  candidate?: boolean;
}

/** How a file in a folder is found by default: as a dialect's file, as a candidate to read by content, or not at all. */
export type DefaultKind = 'file' | 'candidate' | undefined;

export interface Discovery {
  /** Sorted by path, each once. */
  files: FoundFile[];
  /** The arguments that match nothing. */
  unmatched: string[];
}

/**
 * The files that the arguments name, or the default files under `cwd` when there is none. A folder is
 * searched with `defaultKind` (given the path relative to `cwd`); a glob is matched against the paths
 * under its fixed base.
 */
export function discoverFiles(args: string[], cwd: string, defaultKind: (relativePath: string) => DefaultKind): Discovery {
  const found = new Map<string, FoundFile>();
  const unmatched: string[] = [];
  for (const arg of args.length > 0 ? args : ['.']) {
    let matched = false;
    search(arg, cwd, defaultKind, (file) => {
      if (file.candidate && file.unreadable !== undefined) return;
      matched = true;
      // Found once as a file of its own, it is no longer a mere candidate.
      if (!found.has(file.path) || !file.candidate) found.set(file.path, file);
    });
    // Finding nothing by default is a result; a path or glob given that matches nothing is a mistake.
    if (!matched && args.length > 0) unmatched.push(arg);
  }
  const files = [...found.values()];
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unmatched };
}

type AddFile = (file: FoundFile) => void;

function search(arg: string, cwd: string, defaultKind: (relativePath: string) => DefaultKind, add: AddFile): void {
  const scan = picomatch().scan(arg);
  if (scan.isGlob) {
    const base = path.resolve(cwd, scan.base);
    const matches = picomatch()(scan.glob);
    walk(base, (file) => (matches(path.relative(base, file).split(path.sep).join('/')) ? 'file' : undefined), add);
    return;
  }
  const target = path.resolve(cwd, arg);
  if (isDirectory(target)) walk(target, (file) => defaultKind(path.relative(cwd, file).split(path.sep).join('/')), add);
  else if (exists(target)) add({ path: target });
}

/**
 * Adds the entries under `folder` that `kindOf` finds. Symbolic links to folders are not followed;
 * anything that is not a regular file (a folder, a broken link, a FIFO) is added as unreadable, never opened.
 */
function walk(folder: string, kindOf: (file: string) => DefaultKind, add: AddFile): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if (isDirectory(folder)) add({ path: folder, unreadable: reasonOf(error) });
    return;
  }
  for (const entry of entries) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
    const kind = kindOf(file);
    const candidate = kind === 'candidate' ? { candidate: true } : {};
    if (entry.isDirectory()) {
      if (kind) add({ path: file, unreadable: IS_DIRECTORY, ...candidate });
      walk(file, kindOf, add);
    } else if (kind) {
      add({ path: file, unreadable: entry.isFile() ? undefined : notRegularFile(file), ...candidate });
    }
  }
}

function notRegularFile(file: string): string | undefined {
  try {
    return notRegular(fs.statSync(file));
  } catch (error) {
    return reasonOf(error);
  }
}

/** Why something is not a regular file, or undefined when it is one. */
function notRegular(stats: fs.Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return IS_DIRECTORY;
  if (stats.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a regular file';
  return 'not a regular file';
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false; // a symbolic link loop: reported when the file is read
  }
}

/** Whether anything is at `file`, a broken symbolic link included. */
function exists(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
}

export type FileContent = { text: string } | { binary: true } | { unreadable: string };

/** Larger files are skipped: Mage's YAML files are small, and reading gigabytes helps nobody. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Reads a regular file of at most MAX_FILE_BYTES; anything else is unreadable, with the reason. */
export function readContent(file: string): FileContent {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO does not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { unreadable: reasonOf(error) };
  }
  try {
    const stats = fs.fstatSync(fd);
    const notFile = notRegular(stats);
    if (notFile) return { unreadable: notFile };
    if (stats.size > MAX_FILE_BYTES) return { unreadable: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    const bytes = Buffer.alloc(stats.size);
    let length = 0;
    while (length < bytes.length) {
      const read = fs.readSync(fd, bytes, length, bytes.length - length, null);
      if (read === 0) break; // the file shrank meanwhile
      length += read;
    }
    return decode(bytes.subarray(0, length));
  } catch (error) {
    return { unreadable: reasonOf(error) };
  } finally {
    fs.closeSync(fd);
  }
}

function decode(bytes: Buffer): FileContent {
  if (bytes.includes(0)) return { binary: true };
  const text = bytes.toString('utf8');
  // Editors leave a byte order mark out of the text, so positions match what they show.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Why a file cannot be read, to end "Not checked: ". */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: IS_DIRECTORY,
  ENOENT: 'a broken symbolic link (its target does not exist)',
  ELOOP: 'a symbolic link loop',
};

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && REASONS[code]) ?? message;
}
