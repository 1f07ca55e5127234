import { describe, expect, it } from 'vitest';
import { AdaptationSchema, canonicalPageUrl } from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';

// Guards the workspace wiring: this package must see the same domain model as every other one.
describe('the shared domain model from this package', () => {
  it('canonicalises page URLs the same way everywhere', () => {
    expect(canonicalPageUrl('HTTPS://Ex.org:443/a?utm_source=x&b=1#top')).toBe('https://ex.org/a?b=1');
  });

  it('parses adaptations with the shared schema', () => {
    expect(AdaptationSchema.parse(makeAdaptation()).kinds).toContain('scaffolding');
  });
});
