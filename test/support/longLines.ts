/**
 * Single YAML lines of a few megabytes that nest or repeat without end, and the time `yaml` takes to
 * parse a normal file of the same size: the yardstick for how long checking such a line may take.
 */
import { parseAllDocuments } from 'yaml';

export const LONG_LINE_BYTES = 5_000_000;

/** A reference at the end of some lines, which must still be found. */
export const REFERENCE = `"{{ aws_secret_var('at/the/end') }}"`;

/** Each kind of long line, about `bytes` long. */
export function longLines(bytes = LONG_LINE_BYTES): Record<string, string> {
  const times = (unit: string) => unit.repeat(Math.floor(bytes / unit.length));
  return {
    'nested keys (k: a: a: …)': `k: ${times('a: ')}${REFERENCE}\n`,
    'nested flow sequences': `k: ${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}\n`,
    'a long flow sequence': `k: [${times('a, ')}${REFERENCE}]\n`,
    'a long flow mapping': `k: {${times('a: b, ')}c: ${REFERENCE}}\n`,
    'nested block sequences (- - - …)': `${times('- ')}${REFERENCE}\n`,
    'nested explicit keys (? ? ? …)': `${times('? ')}x\n`,
    'a long word under a credential key': `API_PASSWORD: ${times('password')}!\n`,
    'a long URL-like word': `URL: ${times('a')}://${times('b')}\n`,
    'unclosed templates': `k: "${times('{{ ')}${REFERENCE.slice(1)}\n`,
    'unclosed comments and statements': `k: "${times('{% {# ')}"\n`,
  };
}

/** Milliseconds `yaml` takes to parse a normal file of `bytes`: a sequence of small mappings. */
export function yamlParseMs(bytes = LONG_LINE_BYTES): number {
  const item = (index: number) => `- name: item number ${index}\n  password: "{{ aws_secret_var('item/${index}') }}"\n`;
  const items: string[] = [];
  for (let length = 0; length < bytes; length += items[items.length - 1].length) items.push(item(items.length));
  const started = performance.now();
  parseAllDocuments(items.join(''));
  return performance.now() - started;
}

/** The time a long line may take to check: five times `yaml`'s parse of a normal file that size, plus a second. */
export function allowedMs(parseMs: number): number {
  return 5 * parseMs + 1000;
}
