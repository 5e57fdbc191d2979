/** The parts of jmespath.js (the JMESPath reference implementation for JavaScript) that the server uses. */
declare module 'jmespath' {
  export interface AstNode {
    type: string;
    children?: AstNode[];
    name?: string;
  }
  /** Parses an expression; throws an error named `LexerError` or `ParserError` when it is not JMESPath. */
  export function compile(expression: string): AstNode;
  export function search(data: unknown, expression: string): unknown;
}
