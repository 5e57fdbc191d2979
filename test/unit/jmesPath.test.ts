/** JMESPath: the syntax the CSI provider rejects, and what a path finds in a secret's structure without its values. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jmesResultType, jmesSyntaxError } from '../../server/src/core/jmesPath';
import { skeletonOf } from '../../server/src/core/secretShape';

const SECRET = '{"username":"admin","db":{"host":"h","port":5432,"tls":true},"hosts":["a","b"],"db-name":"x","none":null}';

describe('JMESPath on a secret skeleton', () => {
  test('the skeleton keeps keys, lengths and kinds, no value', () => {
    const skeleton = skeletonOf(SECRET);
    assert.deepEqual(skeleton, { username: '', db: { host: '', port: 0, tls: false }, hosts: ['', ''], 'db-name': '', none: null });
    assert.equal(skeletonOf('plain text'), undefined);
    assert.equal(skeletonOf(JSON.stringify({ list: Array.from({ length: 5000 }, () => 1) })), undefined);
  });

  const skeleton = skeletonOf(SECRET);
  const cases: [string, string | undefined][] = [
    ['username', 'string'],
    ['db.host', 'string'],
    ['"db-name"', 'string'],
    ['hosts[1]', 'string'],
    ['hosts[-1]', 'string'],
    ['db', 'object'],
    ['db.port', 'number'],
    ['db.tls', 'boolean'],
    ['hosts', 'array'],
    ['hosts[*]', 'array'],
    ['db.[host, port]', 'array'],
    ['password', 'null'],
    ['db.user', 'null'],
    ['hosts[5]', 'null'],
    ['none', 'null'],
    ['username.first', 'null'],
    // Results that depend on values are not judged.
    ["hosts[?@ == 'a'] | [0]", undefined],
    ['length(username)', undefined],
    ['password || username', undefined],
    ['db.[', undefined],
  ];
  for (const [path, type] of cases) {
    test(`${path} finds ${type ?? 'an unjudged result'}`, () => assert.equal(jmesResultType(path, skeleton), type));
  }

  test('syntax errors, which go-jmespath rejects too', () => {
    assert.equal(jmesSyntaxError('db.host'), undefined);
    assert.equal(jmesSyntaxError('"db-name"'), undefined);
    assert.match(jmesSyntaxError('db.[host')!, /./);
    assert.match(jmesSyntaxError('db-name')!, /./);
    assert.match(jmesSyntaxError('db host')!, /./);
  });
});
