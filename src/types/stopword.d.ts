/** The part of `stopword` (no bundled types) that Parley uses: its English list. */
declare module 'stopword' {
  export const eng: string[];
}
