import { describe, expect, it } from 'vitest';
import { checkPrivacy, checkPrivacyOf, type RemoteCheck } from '../src/background/privacy-guard.js';

/** The district's answer for a roster with Thandiwe in it (positions only, as the tool gives them). */
const district: RemoteCheck = async (fields) =>
  Object.entries(fields).flatMap(([field, text]) => {
    const index = text.toLowerCase().indexOf('thandiwe');
    return index < 0 ? [] : [{ field, index, length: 8 }];
  });
const offline: RemoteCheck = () => Promise.reject(new Error('offline'));

describe('the background privacy guard (issue 16)', () => {
  it('refuses bare student names the detector finds, without cue words, and lets cited authors through', async () => {
    await expect(
      checkPrivacy({ body: 'Helped Maria Lopez and her classmates write their first argument.' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'privacy.body', message: expect.stringContaining('“Maria Lopez”') }],
    });
    await expect(
      checkPrivacy({ body: 'Sentence frames after Vygotsky.', rationale: 'A Maya Angelou poem as the opener.' }),
    ).resolves.toBeUndefined();
  });

  it('never flags the writer\u2019s own name', async () => {
    const writerName = () => Promise.resolve('Ana Lima');
    await expect(checkPrivacy({ body: "Ana's own words." }, { writerName })).resolves.toBeUndefined();
    await expect(checkPrivacy({ body: "Ana's own words, for Tyler." }, { writerName })).rejects.toMatchObject({
      issues: [{ path: 'privacy.body', message: expect.not.stringContaining('“Ana”') }],
    });
  });

  it('adds what only the connected district knows (its rosters), and still checks locally when it cannot answer', async () => {
    const note = 'worked really well for thandiwe and her table group';
    await expect(checkPrivacyOf('note', note)).resolves.toBeUndefined();
    await expect(checkPrivacyOf('note', note, { remote: district })).rejects.toMatchObject({
      issues: [{ path: 'privacy.note', message: expect.stringContaining('“thandiwe”') }],
    });
    await expect(checkPrivacyOf('note', note, { remote: offline })).resolves.toBeUndefined();
    await expect(checkPrivacyOf('text', 'Tyler loved it.', { remote: offline })).rejects.toMatchObject({
      issues: [{ path: 'privacy.text', message: expect.stringContaining('“Tyler”') }],
    });
  });
});
