export { CompareService, type CompareServiceOptions } from './compare-service.js';
export { ASPECTS, findAspect, type Aspect } from './aspects.js';
export { documentTitles, type TitleOf } from './doc-titles.js';
export type * from './types.js';
