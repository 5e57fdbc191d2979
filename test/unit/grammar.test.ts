import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

// The YAML grammar is the one VS Code shipped (textmate/yaml.tmbundle), as packaged by tm-grammars.
const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contribution: { scopeName: string; path: string; injectTo: string[] } = manifest.contributes.grammars[0];
const grammarFiles: Record<string, string> = {
  'source.yaml': path.join(root, 'node_modules/tm-grammars/grammars/yaml.json'),
  [contribution.scopeName]: path.join(root, contribution.path),
};

const yamlGrammar: Promise<IGrammar> = (async () => {
  await oniguruma.loadWASM(fs.readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm')));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles[scopeName];
      return file ? parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (contribution.injectTo.includes(scopeName) ? [contribution.scopeName] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, 'the YAML grammar loads');
  return grammar;
})();

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(yaml: string): Promise<Token[]> {
  const grammar = await yamlGrammar;
  const tokens: Token[] = [];
  let state = INITIAL;
  for (const line of yaml.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      tokens.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  }
  return tokens;
}

const S = {
  open: 'punctuation.section.embedded.begin.aws-secret-refs',
  close: 'punctuation.section.embedded.end.aws-secret-refs',
  awsSecretVar: 'support.function.aws-secret-var.aws-secret-refs',
  fn: 'support.function.aws-secret-refs',
  secretId: 'variable.other.constant.secret-id.aws-secret-refs',
  arn: 'variable.other.constant.secret-arn.aws-secret-refs',
  dq: 'string.quoted.double.yaml',
  sq: 'string.quoted.single.yaml',
  yamlComment: 'comment.line.number-sign.yaml',
};

// [token text, scopes it has, scopes it lacks]; tokens are looked up in order through the document.
type Expectation = [text: string, has: string[], lacks?: string[]];

const cases: Array<{ name: string; yaml: string; expect: Expectation[] }> = [
  {
    name: 'double-quoted reference',
    yaml: `POSTGRES_PASSWORD: "{{ aws_secret_var('prod/postgres/password') }}"`,
    expect: [
      ['{{', [S.open, S.dq]],
      ['aws_secret_var', [S.awsSecretVar, S.dq]],
      ['prod/postgres/password', [S.secretId, 'string.quoted.single.secret-id.aws-secret-refs', S.dq]],
      ['}}', [S.close, S.dq]],
    ],
  },
  {
    name: 'reference nested in json_value',
    yaml: `SNOWFLAKE_PASSWORD: "{{ json_value(aws_secret_var('database_config'), 'snowflake_password') }}"`,
    expect: [
      ['json_value', [S.fn]],
      ['aws_secret_var', [S.awsSecretVar]],
      ['database_config', [S.secretId]],
      ['snowflake_password', ['string.quoted.single.aws-secret-refs'], [S.secretId]],
      ['}}', [S.close]],
    ],
  },
  {
    name: 'single-quoted reference with a double-quoted id',
    yaml: `TOKEN: '{{aws_secret_var("ACCESS_TOKEN")}}'`,
    expect: [
      ['{{', [S.open, S.sq]],
      ['aws_secret_var', [S.awsSecretVar, S.sq]],
      ['ACCESS_TOKEN', [S.secretId, 'string.quoted.double.secret-id.aws-secret-refs', S.sq]],
      ['}}', [S.close, S.sq]],
    ],
  },
  {
    name: 'unquoted reference wins over the YAML flow mapping',
    yaml: `key1: {{ aws_secret_var('x') }}\nafter: 1`,
    expect: [
      ['{{', [S.open], ['meta.flow-mapping.yaml']],
      ['aws_secret_var', [S.awsSecretVar], ['meta.flow-mapping.yaml']],
      ['x', [S.secretId]],
      ['}}', [S.close], ['meta.flow-mapping.yaml']],
      ['1', ['constant.numeric.integer.yaml'], ['meta.template.expression.aws-secret-refs']],
    ],
  },
  {
    name: 'whitespace control, keyword arguments and a filter',
    yaml: `X: "{{- aws_secret_var(secret_id='a/b', cached=False) | default('x') -}}"`,
    expect: [
      ['{{-', [S.open, S.dq]],
      ['aws_secret_var', [S.awsSecretVar]],
      ['secret_id', ['variable.parameter.aws-secret-refs']],
      ['a/b', [S.secretId]],
      ['cached', ['variable.parameter.aws-secret-refs']],
      ['False', ['constant.language.aws-secret-refs']],
      ['|', ['keyword.operator.filter.aws-secret-refs']],
      ['default', ['support.function.filter.aws-secret-refs']],
      ['-}}', [S.close, S.dq]],
    ],
  },
  {
    name: 'reference inside a YAML comment (Mage renders it too)',
    yaml: `  # OLD: "{{ aws_secret_var('old') }}"`,
    expect: [
      ['{{', [S.open, S.yamlComment]],
      ['aws_secret_var', [S.awsSecretVar, S.yamlComment]],
      ['old', [S.secretId, S.yamlComment]],
      ['}}', [S.close, S.yamlComment]],
    ],
  },
  {
    name: 'dynamic id is not a literal secret id',
    yaml: `Y: "{{ aws_secret_var('prod/' ~ env_var('ENV')) }}"`,
    expect: [
      ['aws_secret_var', [S.awsSecretVar]],
      ['prod/', ['string.quoted.single.aws-secret-refs'], [S.secretId]],
      ['~', ['keyword.operator.aws-secret-refs']],
      ['env_var', [S.fn]],
    ],
  },
  {
    name: 'other Mage functions, and a misspelled one',
    yaml: `A: "{{ mage_secret_var('a') }}{{ azure_secret_var('b') }}{{ aws_secrets_var('c') }}"`,
    expect: [
      ['mage_secret_var', [S.fn]],
      ['azure_secret_var', [S.fn]],
      ['aws_secrets_var', ['meta.template.expression.aws-secret-refs'], [S.awsSecretVar, S.fn]],
    ],
  },
  {
    name: 'statement and template comment',
    yaml: `{% if env_var('ENV') == 'prod' %}\nB: 1 {# aws_secret_var('x') #}\n{% endif %}`,
    expect: [
      ['{%', [S.open, 'meta.template.statement.aws-secret-refs']],
      ['if', ['keyword.control.aws-secret-refs']],
      ['env_var', [S.fn]],
      ['%}', [S.close]],
      ['{#', ['punctuation.definition.comment.begin.aws-secret-refs', 'comment.block.aws-secret-refs']],
      ["aws_secret_var('x')", ['comment.block.aws-secret-refs'], [S.awsSecretVar]],
      ['#}', ['punctuation.definition.comment.end.aws-secret-refs']],
      ['endif', ['keyword.control.aws-secret-refs']],
    ],
  },
  {
    name: 'CloudFormation dynamic reference: the secret id and its selectors',
    yaml: "MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'",
    expect: [
      ['{{', [S.open, 'meta.dynamic-reference.aws-secret-refs'], ['meta.template.expression.aws-secret-refs']],
      ['secretsmanager', ['support.type.service.aws-secret-refs']],
      ['prod/db', [S.secretId]],
      ['SecretString', ['support.constant.aws-secret-refs']],
      ['password', ['string.unquoted.selector.aws-secret-refs']],
      ['}}', [S.close]],
    ],
  },
  {
    name: 'CloudFormation dynamic reference by ARN, inside !Sub',
    yaml: "Value: !Sub '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf::password}}'",
    expect: [['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', [S.secretId]]],
  },
  {
    name: 'bare ARN as a plain scalar',
    yaml: 'API_KEY: arn:aws:secretsmanager:us-west-2:123456789012:secret:API_KEY-a1B2c3',
    expect: [['arn:aws:secretsmanager:us-west-2:123456789012:secret:API_KEY-a1B2c3', [S.arn]]],
  },
  {
    name: 'bare ARN in a double-quoted scalar',
    yaml: 'DB: "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/db"',
    expect: [['arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/db', [S.arn, S.dq]]],
  },
  {
    name: 'bare ARN in a single-quoted scalar',
    yaml: "DB: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db'",
    expect: [['arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db', [S.arn, S.sq]]],
  },
  {
    name: 'bare ARN in a comment',
    yaml: '# API_KEY: arn:aws:secretsmanager:us-west-2:123456789012:secret:API_KEY',
    expect: [['arn:aws:secretsmanager:us-west-2:123456789012:secret:API_KEY', [S.arn, S.yamlComment]]],
  },
];

for (const c of cases) {
  test(`grammar: ${c.name}`, async () => {
    const tokens = await tokenize(c.yaml);
    let from = 0;
    for (const [text, has, lacks = []] of c.expect) {
      const index = tokens.findIndex((t, i) => i >= from && t.text.trim() === text);
      assert.notEqual(index, -1, `token ${JSON.stringify(text)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
      const { scopes } = tokens[index];
      for (const scope of has) assert.ok(scopes.includes(scope), `${text} has ${scope}: ${scopes.join(' ')}`);
      for (const scope of lacks) assert.ok(!scopes.includes(scope), `${text} lacks ${scope}: ${scopes.join(' ')}`);
      from = index + 1;
    }
  });
}

const plainYaml = [
  'name: value\nport: 5432\nenabled: true',
  'flow: {a: 1, b: [x, y]}',
  'url: "https://example.com/{id}"',
  "single: 'a {b} c'",
  'bucket: arn:aws:s3:::my-bucket',
  'note: aws_secret_var(x)',
  '# a comment with {braces}',
  'block: |\n  {not: a template}\n  second line',
  'run: echo ${{ secrets.TOKEN }} ${{ github.sha }}',
  "Value: '{{resolve:ssm:/app/param:1}}'",
];

for (const yaml of plainYaml) {
  test(`grammar: no injection scopes in ${JSON.stringify(yaml)}`, async () => {
    for (const token of await tokenize(yaml)) {
      const injected = token.scopes.filter((s) => s.endsWith('.aws-secret-refs'));
      assert.deepEqual(injected, [], `${JSON.stringify(token.text)}: ${token.scopes.join(' ')}`);
    }
  });
}
