/**
 * The region `sam deploy` reads from a samconfig.toml (SAM CLI's TomlProvider: environment `default`, the
 * command's `parameters` over the `global` ones), and the template's region it becomes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/dialects/analyze';
import { learnSamconfig, samconfigRegion } from '../../server/src/dialects/cloudformation/samconfig';

/** Text, and the region and table expected (none: undefined). */
const CASES: [string, string, [string, string] | undefined][] = [
  [
    'as sam deploy --guided writes it',
    'version = 0.1\n[default.deploy.parameters]\nstack_name = "sam-app"\nregion = "us-west-2"\nconfirm_changeset = true\n',
    ['us-west-2', 'default.deploy.parameters'],
  ],
  ['in the global parameters', '[default.global.parameters]\nregion = "eu-west-1"\n', ['eu-west-1', 'default.global.parameters']],
  [
    "deploy's over global, whatever their order",
    '[default.deploy.parameters]\nregion = "us-west-2"\n[default.global.parameters]\nregion = "eu-west-1"\n',
    ['us-west-2', 'default.deploy.parameters'],
  ],
  [
    'a literal string, a comment, spaces',
    "[ default.deploy.parameters ] # deploy\n  region='ap-south-1'  # Mumbai\n",
    ['ap-south-1', 'default.deploy.parameters'],
  ],
  ['dotted keys under a table', '[default]\ndeploy.parameters.region = "us-east-2"\n', ['us-east-2', 'default.deploy.parameters']],
  ['quoted keys', '["default"."deploy".parameters]\n"region" = "ca-central-1"\n', ['ca-central-1', 'default.deploy.parameters']],
  ['another environment only', '[prod.deploy.parameters]\nregion = "us-west-2"\n', undefined],
  ['another command only', '[default.sync.parameters]\nregion = "us-west-2"\n', undefined],
  ['a region that is no region', '[default.deploy.parameters]\nregion = "${REGION}"\n', undefined],
  ['no region', '[default.deploy.parameters]\nstack_name = "app"\n', undefined],
  [
    'a table header inside a multi-line string is text',
    '[default.deploy.parameters]\nparameter_overrides = """\n[default.global.parameters]\nregion = "eu-west-1"\n"""\n',
    undefined,
  ],
  [
    'lines of a multi-line array are not keys',
    '[default.deploy.parameters]\ncapabilities = [\n  "CAPABILITY_IAM",\n  ["x"]\n]\nregion = "us-west-1"\n',
    ['us-west-1', 'default.deploy.parameters'],
  ],
  ['an array of tables', '[[default.deploy.parameters]]\nregion = "us-west-2"\n', undefined],
];

describe('samconfig.toml', () => {
  for (const [name, text, expected] of CASES) {
    test(name, () => {
      const found = samconfigRegion(text);
      assert.deepEqual(found && [found.region, found.table], expected);
    });
  }

  test("a template's names resolve in its samconfig.toml's region, said; without one, in the configured region, said", () => {
    const template =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  DB:\n    Properties:\n      P: '{{resolve:secretsmanager:db}}'\n      A: '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-a1b2c3}}'\n";
    learnSamconfig('/work/app/samconfig.toml', '[default.deploy.parameters]\nregion = "us-west-2"\n');
    try {
      const [name, arn] = analyze('app/template.yaml', template, undefined, '/work/app/template.yaml').references;
      assert.equal(name.region, 'us-west-2');
      assert.equal(name.assumption, 'The stack deploys to us-west-2, the region of samconfig.toml ([default.deploy.parameters]).');
      assert.equal(arn.region, undefined, 'an ARN names its own region');
      const built = analyze('app/.aws-sam/build/template.yaml', template, undefined, '/work/app/.aws-sam/build/template.yaml');
      assert.equal(built.references[0].region, 'us-west-2', "a template sam build wrote deploys with the project's samconfig.toml");
      const [other] = analyze('other/template.yaml', template, undefined, '/work/other/template.yaml').references;
      assert.equal(other.region, undefined);
      assert.match(other.assumption!, /^The stack's region was taken to be the configured region: no samconfig.toml/);
    } finally {
      learnSamconfig('/work/app/samconfig.toml', undefined);
    }
    assert.equal(analyze('app/template.yaml', template, undefined, '/work/app/template.yaml').references[0].region, undefined);
  });
});
