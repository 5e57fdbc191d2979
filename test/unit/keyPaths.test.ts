/** A value inside a secret's JSON as each reader writes its path, and as a YAML value. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gjsonPath, jmesPathOf, jsonValuePath, PathSegment } from '../../server/src/core/keyPaths';
import { jmesResultType } from '../../server/src/core/jmesPath';
import { shapeOf, skeletonOf } from '../../server/src/core/secretShape';
import { scalarText } from '../../server/src/core/yamlNodes';

describe('key paths', () => {
  const cases: [PathSegment[], string, string, string][] = [
    // segments, json_value, gjson (External Secrets property), JMESPath (CSI jmesPath)
    [['username'], 'username', 'username', 'username'],
    [['db', 'host'], 'db.host', 'db.host', 'db.host'],
    [['friends', 1, 'first'], 'friends[1].first', 'friends.1.first', 'friends[1].first'],
    [['user-name'], 'user-name', 'user-name', '"user-name"'],
    [['db', 'host-name'], 'db.host-name', 'db.host-name', 'db."host-name"'],
    // A top-level key with dots is written as it is: External Secrets looks it up as a literal key first.
    [['foo.bar'], 'foo.bar', 'foo.bar', '"foo.bar"'],
    [['db', 'a.b'], 'db.a.b', 'db.a\\.b', 'db."a.b"'],
    [['db', 'x*y?'], 'db.x*y?', 'db.x\\*y\\?', 'db."x*y?"'],
    [['a|b'], 'a|b', 'a\\|b', '"a|b"'],
    [['2fa'], '2fa', '2fa', '"2fa"'],
    [['say "hi"'], 'say "hi"', 'say "hi"', '"say \\"hi\\""'],
    [[0, 'key'], '[0].key', '0.key', '[0].key'],
  ];
  for (const [segments, jsonValue, gjson, jmes] of cases) {
    test(`${JSON.stringify(segments)}: ${jsonValue} · ${gjson} · ${jmes}`, () => {
      assert.equal(jsonValuePath(segments), jsonValue);
      assert.equal(gjsonPath(segments), gjson);
      assert.equal(jmesPathOf(segments), jmes);
    });
  }

  test('every JMESPath written finds its string in the secret', () => {
    const secret = JSON.stringify({ 'user-name': 'u', db: { 'a.b': 'x', host: 'h' }, '2fa': 'c', list: ['v'] });
    const shape = shapeOf({ kind: 'string', text: secret });
    assert.equal(shape.kind, 'json');
    const strings = shape.kind === 'json' ? shape.fields.filter((field) => field.type === 'string') : [];
    assert.equal(strings.length, 5);
    for (const { segments } of strings)
      assert.equal(jmesResultType(jmesPathOf(segments), skeletonOf(secret)), 'string', jmesPathOf(segments));
  });

  test('as YAML values: plain when it reads back the same, else quoted; escaped inside quotes', () => {
    assert.equal(scalarText('db.host', undefined), 'db.host');
    assert.equal(scalarText('"user-name"', undefined), `'"user-name"'`);
    assert.equal(scalarText('db.a\\.b', undefined), '"db.a\\\\.b"');
    assert.equal(scalarText('"it\'s"', undefined), `'"it''s"'`);
    assert.equal(scalarText('"user-name"', "'"), '"user-name"');
    assert.equal(scalarText('"user-name"', '"'), '\\"user-name\\"');
    assert.equal(scalarText('prod/db', undefined), 'prod/db');
    assert.equal(scalarText('2fa', undefined), '"2fa"');
  });
});
