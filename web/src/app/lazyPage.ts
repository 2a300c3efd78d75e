import { lazy, type ComponentType } from 'react';

/** React.lazy for a named export, so every page stays a named export and gets its own chunk. */
export const lazyPage = <M extends Record<K, ComponentType>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
) => lazy(async () => ({ default: (await load())[name] }));
