/** Escapes LIKE's wildcards, so a search for "50%" means those characters. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
