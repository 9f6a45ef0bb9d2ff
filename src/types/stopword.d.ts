/** The part of `stopword` (no bundled types) that Parley uses: its English list and the Latin-script languages told apart from it. */
declare module 'stopword' {
  export const eng: string[];
  export const spa: string[];
  export const fra: string[];
  export const deu: string[];
  export const ita: string[];
  export const por: string[];
  export const nld: string[];
}
