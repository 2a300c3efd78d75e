// Input limits shared by the API schemas and the web forms, so both refuse the same things.
export const LIMITS = {
  emailMax: 254,
  nameMax: 200,
  passwordMin: 4,
  passwordMax: 200,
  tokenNameMax: 100,
  clientNameMax: 300,
  notesMax: 20_000,
  /** A client's knowledge card: a page of HTML, long enough for a client's whole story. */
  knowledgeCardMax: 200_000,
  searchMax: 200,
  pageDefault: 50,
  pageMax: 200,
} as const;
