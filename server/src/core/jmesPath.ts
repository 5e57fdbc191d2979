/**
 * JMESPath expressions as the CSI driver's AWS provider evaluates them (go-jmespath, the same grammar as
 * jmespath.js): whether one parses, and what it finds in a secret's JSON structure without its values.
 */
import type { AstNode } from 'jmespath';
import { jmespath } from './libraries';
import { JsonType } from './secretShape';

/** Why an expression is not JMESPath, or undefined when it parses. */
export function jmesSyntaxError(expression: string): string | undefined {
  try {
    jmespath().compile(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Nodes whose result depends only on the structure of the document (keys, array lengths, kinds of value),
 * never on the values: filters, comparisons, functions and `||`/`&&` would read values, which a skeleton lacks.
 */
const STRUCTURAL = new Set([
  'Field',
  'Subexpression',
  'IndexExpression',
  'Index',
  'Slice',
  'Projection',
  'ValueProjection',
  'Flatten',
  'Identity',
  'Current',
  'MultiSelectList',
  'MultiSelectHash',
  'KeyValuePair',
  'Pipe',
]);

function structural(node: AstNode): boolean {
  return STRUCTURAL.has(node.type) && (node.children ?? []).every((child) => !child || structural(child));
}

/**
 * The kind of what `expression` finds in a document of `skeleton`'s structure (see `skeletonOf`), or
 * undefined when that depends on the values or the expression does not parse.
 */
export function jmesResultType(expression: string, skeleton: unknown): JsonType | undefined {
  let ast: AstNode;
  try {
    ast = jmespath().compile(expression);
  } catch {
    return undefined;
  }
  if (!structural(ast)) return undefined;
  const found = jmespath().search(skeleton, expression);
  if (found === null) return 'null';
  return Array.isArray(found) ? 'array' : (typeof found as JsonType);
}
