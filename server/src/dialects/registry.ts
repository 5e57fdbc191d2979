/**
 * Every dialect the engine knows, one line each. Order matters: a dialect reads first what it claims,
 * and those listed later skip what was already read (the bare-ARN dialect, which reads any YAML, is last).
 */
import type { Dialect } from './dialect';
import { bareArns } from './arn';
import { cloudFormation } from './cloudformation';
import { ecs } from './ecs';
import { externalSecrets } from './externalSecrets';
import { githubActions } from './githubActions';
import { mage } from './mage';
import { secretsStoreCsi } from './secretsStoreCsi';

export const DIALECTS: readonly Dialect[] = [mage, cloudFormation, ecs, externalSecrets, secretsStoreCsi, githubActions, bareArns];
