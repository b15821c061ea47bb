// Texts of the language server (src/lsp): the size guard, rename refusals and hover headings.

export const documentTooLarge = (chars: number, limit: number): string =>
  `this document has ${chars.toLocaleString('en-US')} characters, above the ${limit.toLocaleString('en-US')} the editor checks as you type`;
export const documentTooLargeHint = (): string => 'run `lazylab check` on the file to see its problems';
export const renameNotBinding = (): string => 'only a `let` binding or a swept variable can be renamed';
export const renameBadName = (name: string): string => `\`${name}\` is not a valid name: use letters, digits and _, not starting with a digit`;
export const renameKeyword = (name: string): string => `\`${name}\` is a keyword of the language`;
export const renameTaken = (name: string): string => `\`${name}\` is already bound in this spec`;
export const hoverCost = (profile: string | null, cost: string): string => `${profile ? `profile \`${profile}\`` : 'the default plan'}: ${cost}`;
export const hoverNoPlan = (): string => 'no plan yet: the spec has errors';
