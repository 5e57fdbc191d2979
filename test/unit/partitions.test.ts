import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PARTITIONS, checkRegion, isPartition, partitionOfRegion, regionsOf } from '../../server/src/core/partitions';

const EXPECTED_REGIONS: Record<string, string[]> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-south-1',
    'eu-south-2',
    'eu-north-1',
    'il-central-1',
    'me-south-1',
    'me-central-1',
    'mx-central-1',
    'sa-east-1',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-south-1', 'us-isof-east-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

test('the eight partitions, each with its known regions', () => {
  assert.deepEqual(
    PARTITIONS.map((p) => p.id),
    Object.keys(EXPECTED_REGIONS),
  );
  for (const [partition, regions] of Object.entries(EXPECTED_REGIONS)) {
    assert.ok(isPartition(partition), partition);
    for (const region of regions) {
      assert.ok(regionsOf(partition).includes(region), `${region} in ${partition}`);
      assert.equal(partitionOfRegion(region), partition, region);
      assert.deepEqual(checkRegion(region, partition), { status: 'known', suggestions: [] }, region);
      assert.deepEqual(checkRegion(region, undefined), { status: 'known', suggestions: [] }, region);
    }
  }
});

test('every listed region has its partition region prefix and no region is listed twice', () => {
  const all = PARTITIONS.flatMap((p) => p.regions);
  assert.equal(new Set(all).size, all.length);
  for (const partition of PARTITIONS) {
    for (const region of partition.regions) {
      assert.ok(
        partition.regionPrefixes.some((prefix) => region.startsWith(`${prefix}-`)),
        region,
      );
    }
  }
});

test('isPartition and regionsOf for unknown partitions', () => {
  for (const id of ['', 'AWS', 'aws-gov', 'aws-iso-g', 'aws-us', 'awscn']) {
    assert.equal(isPartition(id), false, id);
    assert.deepEqual(regionsOf(id), [], id);
  }
});

test('partitionOfRegion by shape for unlisted regions', () => {
  const rows: [string, string | undefined][] = [
    ['ap-southeast-9', 'aws'],
    ['us-central-1', 'aws'],
    ['eu-east-12', 'aws'],
    ['cn-south-1', 'aws-cn'],
    ['us-gov-north-1', 'aws-us-gov'],
    ['us-iso-north-1', 'aws-iso'],
    ['us-isob-south-1', 'aws-iso-b'],
    ['eu-isoe-north-2', 'aws-iso-e'],
    ['us-isof-west-1', 'aws-iso-f'],
    ['eusc-de-west-1', 'aws-eusc'],
    ['', undefined],
    ['us-westt-2', undefined],
    ['useast-1', undefined],
    ['us-west', undefined],
    ['us-east-01', undefined],
    ['us-east-123', undefined],
    ['US-EAST-1', undefined],
    ['xx-east-1', undefined],
    ['us-gov-1', undefined],
    ['eusc-fr-east-1', undefined],
    [' us-east-1', undefined],
    ['us-east-1 ', undefined],
  ];
  for (const [region, partition] of rows) assert.equal(partitionOfRegion(region), partition, region);
});

test('checkRegion: statuses, messages and suggestions', () => {
  const rows: [region: string, partition: string | undefined, status: string, message: string | undefined, suggestions: string[]][] = [
    ['us-east-1', 'aws', 'known', undefined, []],
    ['cn-northwest-1', 'aws-cn', 'known', undefined, []],
    [
      'ap-southeast-9',
      'aws',
      'possible',
      "Region 'ap-southeast-9' is not a known 'aws' region; it may be newer than this extension's list.",
      [],
    ],
    [
      'us-gov-north-1',
      'aws-us-gov',
      'possible',
      "Region 'us-gov-north-1' is not a known 'aws-us-gov' region; it may be newer than this extension's list.",
      [],
    ],
    [
      'us-gov-north-1',
      undefined,
      'possible',
      "Region 'us-gov-north-1' is not a known 'aws-us-gov' region; it may be newer than this extension's list.",
      [],
    ],
    ['us-westt-2', 'aws', 'invalid', "Region 'us-westt-2' is not an AWS region. Did you mean 'us-west-2'?", ['us-west-2']],
    ['useast-1', 'aws', 'invalid', "Region 'useast-1' is not an AWS region. Did you mean 'us-east-1'?", ['us-east-1']],
    [
      'us-west',
      'aws',
      'invalid',
      "Region 'us-west' is not an AWS region. Did you mean 'us-west-1' or 'us-west-2'?",
      ['us-west-1', 'us-west-2'],
    ],
    [
      'eu-west',
      'aws',
      'invalid',
      "Region 'eu-west' is not an AWS region. Did you mean 'eu-west-1', 'eu-west-2' or 'eu-west-3'?",
      ['eu-west-1', 'eu-west-2', 'eu-west-3'],
    ],
    ['US-EAST-1', 'aws', 'invalid', "Region 'US-EAST-1' is not an AWS region. Did you mean 'us-east-1'?", ['us-east-1']],
    ['us-east-1 ', 'aws', 'invalid', "Region 'us-east-1 ' is not an AWS region. Did you mean 'us-east-1'?", ['us-east-1']],
    [
      'us-east-0',
      'aws',
      'invalid',
      "Region 'us-east-0' is not an AWS region. Did you mean 'us-east-1' or 'us-east-2'?",
      ['us-east-1', 'us-east-2'],
    ],
    ['atlantis-north-1', 'aws', 'invalid', "Region 'atlantis-north-1' is not an AWS region.", []],
    [
      'us-gov-wst-1',
      'aws-us-gov',
      'invalid',
      "Region 'us-gov-wst-1' is not a region of partition 'aws-us-gov'. Did you mean 'us-gov-west-1'?",
      ['us-gov-west-1'],
    ],
    ['cn-nort-1', undefined, 'invalid', "Region 'cn-nort-1' is not an AWS region. Did you mean 'cn-north-1'?", ['cn-north-1']],
    ['cn-north-1', 'aws', 'wrongPartition', "Region 'cn-north-1' belongs to partition 'aws-cn', not 'aws'.", []],
    ['us-east-1', 'aws-cn', 'wrongPartition', "Region 'us-east-1' belongs to partition 'aws', not 'aws-cn'.", []],
    ['us-gov-west-1', 'aws', 'wrongPartition', "Region 'us-gov-west-1' belongs to partition 'aws-us-gov', not 'aws'.", []],
    ['eu-isoe-north-1', 'aws', 'wrongPartition', "Region 'eu-isoe-north-1' belongs to partition 'aws-iso-e', not 'aws'.", []],
    ['us-isob-east-1', 'aws-iso', 'wrongPartition', "Region 'us-isob-east-1' belongs to partition 'aws-iso-b', not 'aws-iso'.", []],
    ['', 'aws', 'invalid', "Region is empty; expected one such as 'us-east-1'.", []],
    ['', 'aws-cn', 'invalid', "Region is empty; expected one such as 'cn-north-1'.", []],
  ];
  for (const [region, partition, status, message, suggestions] of rows) {
    const expected = { status, ...(message !== undefined && { message }), suggestions };
    assert.deepEqual(checkRegion(region, partition), expected, `${region} in ${partition}`);
  }
});

test('checkRegion on a huge input is fast and quotes it shortened', () => {
  const region = 'us-'.repeat(100_000);
  const started = Date.now();
  const check = checkRegion(region, 'aws');
  assert.ok(Date.now() - started < 1000);
  assert.equal(check.status, 'invalid');
  assert.ok(check.message!.length < 120, check.message);
});
