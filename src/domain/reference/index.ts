export { getArea, isKnownArea, listAreas, type Area, type AreaKind } from './areas.js';
export { getCategory, isKnownCategory, listCategories, type Category } from './categories.js';
