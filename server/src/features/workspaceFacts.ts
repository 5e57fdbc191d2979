/**
 * Facts that dialects read from other files of the workspace (External Secrets stores, a samconfig.toml): learned by a
 * bounded walk of the workspace folders, and from open documents as they change.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { matcher } from '../dialects/analyze';
import type { Dialect } from '../dialects/dialect';

/** Folders never searched, by the CLI or the server's look for other files. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** Folder entries the walk looks at, files it reads, and the size of a file it reads, at most. */
const MAX_ENTRIES = 20_000;
const MAX_FILES = 2_000;
const MAX_BYTES = 1_000_000;

/** Learns the facts of one file's text (`undefined`: it is gone) for the dialects that read other files; whether any changed. */
export function learnFile(dialects: readonly Dialect[], filePath: string, text: string | undefined): boolean {
  let changed = false;
  for (const { workspaceFacts } of dialects) {
    if (workspaceFacts && matcher(workspaceFacts.files)(filePath)) changed = workspaceFacts.learn(filePath, text) || changed;
  }
  return changed;
}

/** Learns from a file on disk, e.g. once its editor closed; unreadable counts as gone. */
export async function learnFromDisk(dialects: readonly Dialect[], filePath: string): Promise<boolean> {
  return learnFile(dialects, filePath, await readSmallFile(filePath));
}

/** Walks the folders (breadth first, within the limits) and learns every file the dialects read facts from; whether any changed. */
export async function learnWorkspace(dialects: readonly Dialect[], folders: string[]): Promise<boolean> {
  if (!dialects.some((dialect) => dialect.workspaceFacts)) return false;
  const queue = [...folders];
  let entries = 0;
  let files = 0;
  let changed = false;
  while (queue.length > 0 && entries < MAX_ENTRIES && files < MAX_FILES) {
    const folder = queue.shift()!;
    const listing = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of listing) {
      if (++entries > MAX_ENTRIES || files >= MAX_FILES) break;
      const entryPath = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) queue.push(entryPath);
      } else if (entry.isFile() && dialects.some(({ workspaceFacts }) => workspaceFacts && matcher(workspaceFacts.files)(entryPath))) {
        files++;
        const text = await readSmallFile(entryPath);
        if (text !== undefined) changed = learnFile(dialects, entryPath, text) || changed;
      }
    }
  }
  return changed;
}

async function readSmallFile(filePath: string): Promise<string | undefined> {
  try {
    const { size } = await fs.stat(filePath);
    return size <= MAX_BYTES ? await fs.readFile(filePath, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
