/**
 * Offsets in sorted lists and in texts: the binary searches and the comparison of two texts that reading a
 * document again after an edit builds on.
 */

/** The index of the first of the items, sorted by `startOf` (the item itself for offsets), that starts after `offset`. */
export function firstIndexAfter<T>(items: readonly T[], offset: number, startOf: (item: T) => number = (item) => item as number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (startOf(items[middle]) <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the last of the sorted items that starts at or before `offset`, or -1. */
export function lastIndexAtOrBefore<T>(items: readonly T[], offset: number, startOf?: (item: T) => number): number {
  return firstIndexAfter(items, offset, startOf) - 1;
}

/** The last of the sorted items that starts at or before `offset`. */
export function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number): T | undefined {
  const index = lastIndexAtOrBefore(items, offset, startOf);
  return index < 0 ? undefined : items[index];
}

/** How many characters two texts start with in common, compared a chunk at a time. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  for (let chunk = 4096; length + chunk <= limit && a.slice(length, length + chunk) === b.slice(length, length + chunk);) length += chunk;
  while (length < limit && a[length] === b[length]) length++;
  return length;
}

/** How many characters two texts end with in common, not counting into their first `prefix` characters. */
export function commonSuffixLength(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  for (
    let chunk = 4096;
    length + chunk <= limit &&
    a.slice(a.length - length - chunk, a.length - length) === b.slice(b.length - length - chunk, b.length - length);
  )
    length += chunk;
  while (length < limit && a[a.length - 1 - length] === b[b.length - 1 - length]) length++;
  return length;
}
