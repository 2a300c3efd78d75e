import { createHash, randomBytes } from 'node:crypto';

/** A fresh random secret for cookies, CSRF and API tokens. */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Secrets are stored only as their SHA-256, so the tables never hold a usable credential. */
export const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const API_TOKEN_PREFIX = 'zy_';
