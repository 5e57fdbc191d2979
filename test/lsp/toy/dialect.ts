/** A made-up dialect, `secret: toy=NAME` in `*.toy.yaml` files, to show that a new dialect needs its folder and one registration. */
import type { Analysis, Problem, SecretReference } from '../../../server/src/core/model';
import type { Dialect } from '../../../server/src/dialects/dialect';

const PREFIX = 'toy=';

export const toy: Dialect = {
  id: 'toy',
  label: 'Toy',
  filePatterns: ['**/*.toy.yaml'],
  filesRule: '*.toy.yaml files.',
  claims: (_document, pathMatched) => pathMatched,
  // eslint-disable-next-line require-yield -- a small document needs no pauses
  *scan({ text, yaml }): Generator<void, Analysis> {
    const references: SecretReference[] = [];
    const problems: Problem[] = [];
    for (const value of yaml.values) {
      const raw = text.slice(value.span.start, value.span.end);
      if (value.style !== 'plain' || !raw.startsWith(PREFIX)) continue;
      const idSpan = { start: value.span.start + PREFIX.length, end: value.span.end };
      if (idSpan.start === idSpan.end)
        problems.push({ span: value.span, severity: 'error', code: 'toy-empty', message: 'A toy reference needs a name.' });
      else
        references.push({
          dialect: 'toy',
          kind: 'toy',
          secretId: raw.slice(PREFIX.length),
          idSpan,
          span: value.span,
          key: value.key,
          inComment: false,
        });
    }
    return { references, problems };
  },
  codes: { 'toy-empty': 'A toy reference names a secret' },
  wording: {
    reader: 'Toy',
    regionRule: 'Toy reads secrets in the configured region',
    keyReader: 'the key',
    missingJsonKey: 'Toy reads nothing',
    missingJsonKeyShort: 'Toy reads nothing',
    notJson: 'Toy reads nothing',
    notJsonShort: 'Toy reads nothing',
    binary: 'Toy reads no binary secret',
    dynamicId: 'Toy fills it in later',
  },
  cursorContext(text, offset) {
    const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
    const typed = /:\s+toy=([^\s]*)$/.exec(before)?.[1];
    return typed === undefined
      ? undefined
      : { kind: 'secretId', typed, replace: { start: offset - typed.length, end: offset }, closing: '' };
  },
  referenceText: (secretId) => `${PREFIX}${secretId}`,
};
