/** AWS partitions and their regions, and the check of a region against a partition. */

import { closestMatches, didYouMean, quote } from './similar';

export interface Partition {
  id: string;
  /** A region of the partition is `<prefix>-<direction>-<number>` with one of these prefixes. */
  regionPrefixes: readonly string[];
  /** Regions launched as of 2026, as listed by the AWS SDK's endpoint data. */
  regions: readonly string[];
}

export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    regionPrefixes: ['us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx'],
    regions: [
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
      'me-west-1',
      'mx-central-1',
      'sa-east-1',
      'sa-west-1',
    ],
  },
  { id: 'aws-cn', regionPrefixes: ['cn'], regions: ['cn-north-1', 'cn-northwest-1'] },
  { id: 'aws-us-gov', regionPrefixes: ['us-gov'], regions: ['us-gov-west-1', 'us-gov-east-1'] },
  { id: 'aws-iso', regionPrefixes: ['us-iso'], regions: ['us-iso-east-1', 'us-iso-west-1'] },
  { id: 'aws-iso-b', regionPrefixes: ['us-isob'], regions: ['us-isob-east-1', 'us-isob-west-1'] },
  { id: 'aws-iso-e', regionPrefixes: ['eu-isoe'], regions: ['eu-isoe-west-1'] },
  { id: 'aws-iso-f', regionPrefixes: ['us-isof'], regions: ['us-isof-south-1', 'us-isof-east-1'] },
  { id: 'aws-eusc', regionPrefixes: ['eusc-de'], regions: ['eusc-de-east-1'] },
];

const partitionById = new Map(PARTITIONS.map((p) => [p.id, p]));
const partitionByPrefix = new Map(PARTITIONS.flatMap((p) => p.regionPrefixes.map((prefix) => [prefix, p] as const)));
const partitionByRegion = new Map(PARTITIONS.flatMap((p) => p.regions.map((region) => [region, p] as const)));
const allRegions = PARTITIONS.flatMap((p) => p.regions);

/**
 * Every region name so far has a compass direction (or `central`) as its middle word; requiring one
 * lets `us-westt-2` be caught as a typo while `ap-southeast-9` still passes as a possible new region.
 */
const DIRECTIONS = new Set(['north', 'south', 'east', 'west', 'central', 'northeast', 'northwest', 'southeast', 'southwest']);

/** `<prefix>-<word>-<number>`, where the prefix itself may have one hyphen (`us-gov`, `eusc-de`). */
const REGION_SHAPE = /^([a-z]+(?:-[a-z]+)?)-([a-z]+)-([1-9][0-9]?)$/;

/** The partition whose region shape `region` has, known or not. */
function partitionByShape(region: string): Partition | undefined {
  const match = REGION_SHAPE.exec(region);
  if (!match || !DIRECTIONS.has(match[2])) return undefined;
  return partitionByPrefix.get(match[1]);
}

export function isPartition(id: string): boolean {
  return partitionById.has(id);
}

/** The partition a region belongs to: by the known lists, else by its shape; undefined if it is no region. */
export function partitionOfRegion(region: string): string | undefined {
  return (partitionByRegion.get(region) ?? partitionByShape(region))?.id;
}

/** The known regions of a partition; empty for an unknown partition. */
export function regionsOf(partition: string): readonly string[] {
  return partitionById.get(partition)?.regions ?? [];
}

export interface RegionCheck {
  /**
   * `known`: a listed region of the partition. `possible`: has the partition's region shape but is not
   * listed, perhaps newer than the list. `wrongPartition`: a region of another partition. `invalid`: no region.
   */
  status: 'known' | 'possible' | 'wrongPartition' | 'invalid';
  /** What to tell the user; absent when `known`. */
  message?: string;
  /** Listed regions close to the text, for "did you mean" and quick fixes. */
  suggestions: string[];
}

/** Checks `region` against `partition`, or against every partition when the partition is unknown. */
export function checkRegion(region: string, partition: string | undefined): RegionCheck {
  const expected = partition === undefined ? undefined : partitionById.get(partition);
  const candidates = expected?.regions ?? allRegions;
  if (region === '') {
    return { status: 'invalid', message: `Region is empty; expected one such as '${candidates[0]}'.`, suggestions: [] };
  }
  const owner = partitionByRegion.get(region) ?? partitionByShape(region);
  if (owner && (expected === undefined || owner === expected)) {
    if (owner.regions.includes(region)) return { status: 'known', suggestions: [] };
    return {
      status: 'possible',
      message: `Region '${region}' is not a known '${owner.id}' region; it may be newer than this extension's list.`,
      suggestions: [],
    };
  }
  if (owner && expected) {
    return {
      status: 'wrongPartition',
      message: `Region '${region}' belongs to partition '${owner.id}', not '${expected.id}'.`,
      suggestions: [],
    };
  }
  const suggestions = closestMatches(region, candidates);
  const what = expected && expected.id !== 'aws' ? `a region of partition '${expected.id}'` : 'an AWS region';
  return { status: 'invalid', message: `Region ${quote(region)} is not ${what}.${didYouMean(suggestions)}`, suggestions };
}
