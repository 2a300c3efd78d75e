// The statement's shape lives in common/ so the web reads the same types the documents are drawn from.
export type * from '#common/statement.ts';
