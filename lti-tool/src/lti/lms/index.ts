import { canvasAdapter } from './canvas.js';
import { genericAdapter, moodleAdapter } from './moodle.js';
import type { LmsAdapter, Product } from './types.js';

export * from './types.js';
export { canvasDeveloperKeyJson } from './canvas.js';

/** The product named by a platform's product_family_code (openid configuration or tool_platform claim). */
export function productOf(productFamilyCode: unknown): Product {
  const code = typeof productFamilyCode === 'string' ? productFamilyCode.toLowerCase() : '';
  if (code.includes('canvas')) return 'canvas';
  if (code.includes('moodle')) return 'moodle';
  return 'other';
}

/** The adapter for a product. */
export function adapterFor(product: Product): LmsAdapter {
  return product === 'canvas' ? canvasAdapter : product === 'moodle' ? moodleAdapter : genericAdapter;
}
