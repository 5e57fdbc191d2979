/** Documents of the Kubernetes and workflow dialects, built around the lines a test is about. */

/** A SecretProviderClass of the AWS provider: `objects` go into the `objects: |` block, `spec` lines after `provider: aws`. */
export const providerClass = (objects: string[], parameters: string[] = [], spec: string[] = []) =>
  [
    'apiVersion: secrets-store.csi.x-k8s.io/v1',
    'kind: SecretProviderClass',
    'metadata:',
    '  name: app',
    'spec:',
    '  provider: aws',
    ...spec.map((line) => `  ${line}`),
    '  parameters:',
    ...parameters.map((line) => `    ${line}`),
    '    objects: |',
    ...objects.map((line) => `      ${line}`),
  ].join('\n');

/** A workflow whose get-secrets step has these `secret-ids` lines and other inputs. */
export const workflow = (ids: string[], inputs: string[] = []) =>
  [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: aws-actions/configure-aws-credentials@v4',
    '        with:',
    '          aws-region: us-east-1',
    '      - uses: aws-actions/aws-secretsmanager-get-secrets@v2',
    '        with:',
    ...inputs.map((line) => `          ${line}`),
    '          secret-ids: |',
    ...ids.map((id) => `            ${id}`),
  ].join('\n');

/** A SecretStore of the AWS provider named `name`, with these lines under `provider.aws`. */
export const secretStore = (aws: string[], name = 'aws-sm', kind = 'SecretStore') =>
  [
    'apiVersion: external-secrets.io/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  provider:',
    '    aws:',
    ...aws.map((line) => `      ${line}`),
  ].join('\n');

/** The same, a ClusterSecretStore. */
export const clusterStore = (name: string, aws: string[]) => secretStore(aws, name, 'ClusterSecretStore');

/** An ExternalSecret named `app` that uses the store `storeRef` names, with these `spec` lines after its secretStoreRef. */
export const externalSecret = (spec: string[], storeRef = ['name: aws-sm', 'kind: SecretStore']) =>
  [
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    '  name: app',
    'spec:',
    '  secretStoreRef:',
    ...storeRef.map((line) => `    ${line}`),
    ...spec.map((line) => `  ${line}`),
  ].join('\n');
